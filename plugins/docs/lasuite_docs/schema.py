"""What a document's Yjs content holds, shared by the editor in the browser and the server.

The workspace's editor (``plugins/docs/web``, TipTap on y-prosemirror) keeps the
ProseMirror document in the ``Y.XmlFragment`` named :data:`CONTENT_FRAGMENT` of the
document's ``Y.Doc``; whatever reads a document's text on the server (search,
exports) reads that same field.
"""

from __future__ import annotations

CONTENT_FRAGMENT = "content"
"""The name of the ``Y.XmlFragment`` holding the document's rich text."""
