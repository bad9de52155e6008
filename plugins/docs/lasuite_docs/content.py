"""Reading and rewriting a document's rich text on the server, in the shape the editor
keeps it (:data:`~lasuite_docs.schema.CONTENT_FRAGMENT`): ProseMirror nodes as Yjs XML
elements (``paragraph``, ``heading``, ``bulletList`` > ``listItem`` …) around Yjs texts
whose formatting (bold, links…) rides as text attributes. Files are leaf elements naming
a file of the page: ``image`` (``fileId``, ``alt``) and ``attachment`` (``fileId``,
``name``, ``size``)."""

from __future__ import annotations

from typing import Any

import pycrdt
from pycrdt import XmlElement, XmlFragment, XmlText

from lasuite_docs.schema import CONTENT_FRAGMENT

BLOCKS = frozenset(
    {"paragraph", "heading", "codeBlock", "blockquote", "listItem", "taskItem", "horizontalRule"}
)
"""Nodes that start a line of their own in the document's text."""

FILE_TEXT: dict[str, str] = {"image": "alt", "attachment": "name"}
"""Nodes without text whose attribute is their line of text: an image's description, an
attachment's file name (both found by search)."""


Node = XmlElement | XmlText | XmlFragment


def fragment_of(doc: pycrdt.Doc[Any]) -> XmlFragment:
    fragment: XmlFragment = doc.get(CONTENT_FRAGMENT, type=XmlFragment)
    return fragment


def text_of(doc: pycrdt.Doc[Any]) -> str:
    """The document's text, a line per paragraph, heading or list item (for search,
    previews and comparing versions)."""
    lines: list[str] = []
    for node in fragment_of(doc).children:
        _lines_of(node, lines)
    return "\n".join(line for line in lines if line.strip())


def _lines_of(node: Node, lines: list[str]) -> None:
    if isinstance(node, XmlText):
        if not lines:
            lines.append("")
        lines[-1] += "".join(text for text, _ in node.diff() if isinstance(text, str))
        return
    if isinstance(node, XmlElement) and node.tag in FILE_TEXT:
        said = node.attributes.get(FILE_TEXT[node.tag])
        lines.append(said if isinstance(said, str) else "")
        return
    if isinstance(node, XmlElement) and node.tag in BLOCKS:
        lines.append("")
    for child in node.children:
        _lines_of(child, lines)


def replace_content(doc: pycrdt.Doc[Any], source: pycrdt.Doc[Any]) -> bytes:
    """Make ``doc``'s content what ``source``'s is, as one edit of ``doc``; the edit's
    update (what every copy of ``doc`` applies to follow)."""
    updates: list[bytes] = []
    doc.observe(lambda event: updates.append(event.update))
    target = fragment_of(doc)
    with doc.transaction():
        while len(target.children):
            del target.children[0]
        for node in fragment_of(source).children:
            _copy(node, target)
    return pycrdt.merge_updates(*updates) if updates else b"\x00\x00"


def _copy(node: Node, parent: XmlFragment | XmlElement) -> None:
    if isinstance(node, XmlText):
        text = parent.children.append(XmlText())
        at = 0
        for piece, attributes in node.diff():
            if isinstance(piece, str):
                text.insert(at, piece, attributes or None)
                at += len(piece)
        return
    if isinstance(node, XmlFragment):
        for child in node.children:
            _copy(child, parent)
        return
    # pycrdt types the attributes view's iterator as an Iterable: read it as one.
    attributes = dict(list(node.attributes))  # type: ignore[call-overload]
    element = parent.children.append(XmlElement(node.tag, attributes))
    for child in node.children:
        _copy(child, element)
