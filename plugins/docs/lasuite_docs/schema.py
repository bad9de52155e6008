"""What a document's Yjs content holds, shared by the editor in the browser and the server.

The workspace's editor (``plugins/docs/web``, TipTap on y-prosemirror) keeps the
ProseMirror document in the ``Y.XmlFragment`` named :data:`CONTENT_FRAGMENT` of the
document's ``Y.Doc``; whatever reads a document's text on the server (search,
exports) reads that same field.

Besides TipTap's StarterKit, task list and table nodes, the editor has two nodes naming
a file of the page (:mod:`lasuite_docs.document_files`) by its id, never by URL (a copy
of the page serves the same file at its own address):

- ``image`` (TipTap's Image, extended): ``fileId``, ``alt``, ``title``;
- ``attachment`` (the workspace's own): ``fileId``, ``name``, ``size`` (bytes),
  ``contentType``, drawn as a card with a download link.
"""

from __future__ import annotations

CONTENT_FRAGMENT = "content"
"""The name of the ``Y.XmlFragment`` holding the document's rich text."""

IMAGE = "image"
ATTACHMENT = "attachment"
FILE_ID = "fileId"
"""The attribute of the ``image`` and ``attachment`` nodes naming the page's file."""
