"""A document's rich text as HTML: the editor's nodes and marks (see
:mod:`lasuite_docs.content`) written as the HTML elements TipTap itself renders them to.

Exports go through this HTML, the one shape every converter reads (pandoc for Markdown,
DOCX and ODT, fpdf2 for PDF), so each format shows the same document."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from typing import Any

import pycrdt
from pycrdt import XmlElement, XmlFragment, XmlText

from lasuite_docs.content import Node, fragment_of
from lasuite_docs.schema import ATTACHMENT, FILE_ID, IMAGE

BLOCK_TAGS: Mapping[str, str] = {
    "paragraph": "p",
    "blockquote": "blockquote",
    "bulletList": "ul",
    "taskList": "ul",
    "table": "table",
    "tableRow": "tr",
    "tableHeader": "th",
    "tableCell": "td",
}
"""Nodes written as one HTML element around their children, attributes aside."""

MARK_TAGS: Mapping[str, str] = {
    "bold": "strong",
    "italic": "em",
    "underline": "u",
    "strike": "s",
    "code": "code",
    "subscript": "sub",
    "superscript": "sup",
}
"""Marks written as one HTML element around their text (links aside)."""

TICKS = ("\u2610 ", "\u2612 ")
"""A task's box, unticked and ticked."""

SAFE_SCHEMES = ("http://", "https://", "mailto:", "#", "/")
"""Link targets kept in an export; any other (``javascript:``…) is dropped."""


@dataclass(frozen=True, slots=True)
class FileLinks:
    """How the HTML names the page's files: their download address, or for the images
    to embed, their content as a ``data:`` URI."""

    document_id: uuid.UUID
    embedded: Mapping[str, str] = field(default_factory=dict)
    """File id → ``data:`` URI of an image put in the file itself."""

    def url(self, file_id: str) -> str:
        return f"/api/v1/docs/documents/{self.document_id}/files/{escape(file_id)}"

    def image(self, file_id: str) -> str:
        return self.embedded.get(file_id) or self.url(file_id)


def html_of(doc: pycrdt.Doc[Any], links: FileLinks | None = None) -> str:
    """The body of the document's HTML (no ``<html>`` around it); its images and
    attachments as ``links`` name them (without: their description or name only)."""
    return "".join(_html(node, links) for node in fragment_of(doc).children)


def page_html(title: str, body: str) -> str:
    """A whole HTML page: the document's title as its ``<title>`` and first heading."""
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head>\n<body>\n{body}\n</body></html>\n"
    )


def attributes_of(element: XmlElement) -> dict[str, Any]:
    # pycrdt types the attributes view's iterator as an Iterable: read it as one.
    return dict(list(element.attributes))  # type: ignore[call-overload]


def _html(node: Node, links: FileLinks | None) -> str:
    if isinstance(node, XmlText):
        runs = node.diff()
        return "".join(_run(piece, marks or {}) for piece, marks in runs if isinstance(piece, str))
    if isinstance(node, XmlFragment):
        return "".join(_html(child, links) for child in node.children)
    inner = "".join(_html(child, links) for child in node.children)
    attributes = attributes_of(node)
    tag = node.tag or ""
    if tag in BLOCK_TAGS:
        return f"<{BLOCK_TAGS[tag]}>{inner}</{BLOCK_TAGS[tag]}>\n"
    if tag == "heading":
        level = min(max(int(attributes.get("level") or 1), 1), 6)
        return f"<h{level}>{inner}</h{level}>\n"
    if tag == "orderedList":
        start = int(attributes.get("start") or 1)
        first = f' start="{start}"' if start != 1 else ""
        return f"<ol{first}>{inner}</ol>\n"
    if tag in ("listItem", "taskItem"):
        tick = "" if tag == "listItem" else TICKS[bool(attributes.get("checked"))]
        return _item(node, tick, links)
    if tag == "codeBlock":
        language = attributes.get("language")
        kind = f' class="language-{escape(str(language))}"' if language else ""
        return f"<pre><code{kind}>{inner}</code></pre>\n"
    if tag == "horizontalRule":
        return "<hr>\n"
    if tag == "hardBreak":
        return "<br>"
    if tag in (IMAGE, ATTACHMENT):
        return _file(attributes, tag, links)
    return inner


def _file(attributes: Mapping[str, Any], tag: str, links: FileLinks | None) -> str:
    """An image (embedded, or linked) or an attachment (a link with its name) in a
    paragraph of its own; an image from elsewhere keeps its address when it is safe."""
    file_id = attributes.get(FILE_ID)
    alt = escape(str(attributes.get("alt") or ""))
    if tag == ATTACHMENT:
        name = escape(str(attributes.get("name") or "")) or "\U0001f4ce"
        if not isinstance(file_id, str) or links is None:
            return f"<p>{name}</p>\n"
        return f'<p><a href="{links.url(file_id)}">{name}</a></p>\n'
    if isinstance(file_id, str) and links is not None:
        src = links.image(file_id)
    else:
        src = str(attributes.get("src") or "")
        if not src.startswith(SAFE_SCHEMES):
            return f"<p>{alt}</p>\n" if alt else ""
    return f'<p><img src="{escape(src)}" alt="{alt}"></p>\n'


def _item(item: XmlElement, tick: str, links: FileLinks | None) -> str:
    """A list item, its first paragraph unwrapped so that a list of one-line items stays
    a tight list in Markdown; a task's box is a ballot-box character before its text,
    which pandoc's Markdown writer turns into ``[ ]`` or ``[x]``."""
    children = list(item.children)
    first = ""
    lead = children[0] if children else None
    if isinstance(lead, XmlElement) and lead.tag == "paragraph":
        first = "".join(_html(child, links) for child in lead.children)
        children.pop(0)
    rest = "".join(_html(child, links) for child in children)
    return f"<li>{tick}{first}{rest}</li>\n"


def _run(text: str, marks: Mapping[str, Any]) -> str:
    """A run of text with its marks, the link outermost."""
    # y-prosemirror names a mark that may overlap itself ``<mark>--<hash>``.
    marks = {name.split("--", 1)[0]: value for name, value in marks.items()}
    html = escape(text, quote=False)
    for mark, tag in MARK_TAGS.items():
        if mark in marks:
            html = f"<{tag}>{html}</{tag}>"
    link = marks.get("link")
    href = str(link.get("href") or "") if isinstance(link, Mapping) else ""
    if href.startswith(SAFE_SCHEMES):
        html = f'<a href="{escape(href)}">{html}</a>'
    return html
