"""A document's rich text as HTML: the editor's nodes and marks (see
:mod:`lasuite_docs.content`) written as the HTML elements TipTap itself renders them to.

Exports go through this HTML, the one shape every converter reads (pandoc for Markdown,
DOCX and ODT, fpdf2 for PDF), so each format shows the same document."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

import pycrdt
from pycrdt import XmlElement, XmlFragment, XmlText

from lasuite_docs.content import Node, fragment_of

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


def html_of(doc: pycrdt.Doc[Any]) -> str:
    """The body of the document's HTML (no ``<html>`` around it)."""
    return "".join(_html(node) for node in fragment_of(doc).children)


def page_html(title: str, body: str) -> str:
    """A whole HTML page: the document's title as its ``<title>`` and first heading."""
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head>\n<body>\n{body}\n</body></html>\n"
    )


def attributes_of(element: XmlElement) -> dict[str, Any]:
    # pycrdt types the attributes view's iterator as an Iterable: read it as one.
    return dict(list(element.attributes))  # type: ignore[call-overload]


def _html(node: Node) -> str:
    if isinstance(node, XmlText):
        runs = node.diff()
        return "".join(_run(piece, marks or {}) for piece, marks in runs if isinstance(piece, str))
    if isinstance(node, XmlFragment):
        return "".join(_html(child) for child in node.children)
    inner = "".join(_html(child) for child in node.children)
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
        return _item(node, "" if tag == "listItem" else TICKS[bool(attributes.get("checked"))])
    if tag == "codeBlock":
        language = attributes.get("language")
        kind = f' class="language-{escape(str(language))}"' if language else ""
        return f"<pre><code{kind}>{inner}</code></pre>\n"
    if tag == "horizontalRule":
        return "<hr>\n"
    if tag == "hardBreak":
        return "<br>"
    if tag == "image":
        src = str(attributes.get("src") or "")
        if not src.startswith(SAFE_SCHEMES):
            return ""
        return f'<img src="{escape(src)}" alt="{escape(str(attributes.get("alt") or ""))}">'
    return inner


def _item(item: XmlElement, tick: str) -> str:
    """A list item, its first paragraph unwrapped so that a list of one-line items stays
    a tight list in Markdown; a task's box is a ballot-box character before its text,
    which pandoc's Markdown writer turns into ``[ ]`` or ``[x]``."""
    children = list(item.children)
    first = ""
    lead = children[0] if children else None
    if isinstance(lead, XmlElement) and lead.tag == "paragraph":
        first = "".join(_html(child) for child in lead.children)
        children.pop(0)
    rest = "".join(_html(child) for child in children)
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
