"""HTML made into a document's content, in the shape the editor keeps it (see
:mod:`lasuite_docs.content`): what an import gives once pandoc has read the file.

Only what the editor's schema holds is kept: headings, paragraphs, lists (task lists
too), quotes, code blocks, tables, rules, line breaks and the marks bold, italic,
underline, strike, code and link. Other containers (``div``, ``section``…) give their
content (a table row out of a table is a paragraph); scripts, styles and images are
left out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pycrdt
from pycrdt import XmlElement, XmlFragment, XmlText

from lasuite_docs.content import fragment_of
from lasuite_docs.html_of import SAFE_SCHEMES

HEADINGS = {f"h{level}": level for level in range(1, 7)}
MARKS = {
    "strong": "bold",
    "b": "bold",
    "em": "italic",
    "i": "italic",
    "u": "underline",
    "s": "strike",
    "del": "strike",
    "strike": "strike",
    "code": "code",
}
VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "col", "wbr", "source"})
SKIPPED = frozenset({"script", "style", "head", "title", "template", "svg", "math"})
BLOCKS = frozenset({"p", "pre", "blockquote", "ul", "ol", "li", "hr", "table", "tr", *HEADINGS})
"""Elements that end the paragraph running before them."""
WHITESPACE = re.compile(r"\s+")
CELL_SEPARATOR = " | "
"""Between a table row's cells, once the row is a paragraph."""


@dataclass
class Element:
    """An HTML element as the parser read it."""

    tag: str
    attributes: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    """A tolerant HTML reader: unclosed elements are closed by their parent's end."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("body")
        self._open = [self.root]
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skipping or tag in SKIPPED:
            self._skipping += tag not in VOID
            return
        element = Element(tag, {name: value or "" for name, value in attrs})
        self._open[-1].children.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        if self._skipping:
            self._skipping -= tag in SKIPPED
            return
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._open[-1].children.append(data)


def parse(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def content_update(html: str) -> bytes:
    """A document's content made from ``html``, as one update of an empty document."""
    doc: pycrdt.Doc[Any] = pycrdt.Doc()
    fragment = fragment_of(doc)
    with doc.transaction():
        _blocks(parse(html).children, fragment)
    return doc.get_update()


Parent = XmlFragment | XmlElement


def schema_node(tag: str, **attributes: str | int | bool | None) -> XmlElement:
    """A node of the editor's schema; attributes left None are its defaults."""
    given = {name: value for name, value in attributes.items() if value is not None}
    # pycrdt types attributes as strings, but Yjs keeps any JSON value, and the editor
    # compares a heading's level or a task's box as a number or a boolean.
    return XmlElement(tag, given)  # type: ignore[arg-type]


def _blocks(nodes: list[Element | str], parent: Parent) -> None:
    """Block content: runs of inline nodes between blocks become paragraphs."""
    inline: list[Element | str] = []
    for node in [*nodes, Element("p")]:
        if isinstance(node, Element) and (node.tag in BLOCKS or _holds_blocks(node)):
            _paragraph(inline, parent)
            inline = []
            if node.children or node.tag == "hr":
                _block(node, parent)
        else:
            inline.append(node)


def _holds_blocks(element: Element) -> bool:
    return any(
        isinstance(c, Element) and (c.tag in BLOCKS or _holds_blocks(c)) for c in element.children
    )


def _paragraph(inline: list[Element | str], parent: Parent, tag: str = "paragraph") -> None:
    if not "".join(_texts(inline)).strip() and not any(_has_break(n) for n in inline):
        return
    _inline(inline, parent.children.append(schema_node(tag)))


def _block(element: Element, parent: Parent) -> None:
    tag = element.tag
    if tag in HEADINGS:
        # A float: Yjs keeps it as a JavaScript number, which the editor compares.
        heading = parent.children.append(schema_node("heading", level=HEADINGS[tag]))
        _inline(element.children, heading)
    elif tag == "p":
        _paragraph(element.children, parent)
    elif tag == "hr":
        parent.children.append(schema_node("horizontalRule"))
    elif tag == "pre":
        _code_block(element, parent)
    elif tag == "blockquote":
        _blocks(element.children, parent.children.append(schema_node("blockquote")))
    elif tag in ("ul", "ol"):
        _list(element, parent)
    elif tag == "table":
        _table(element, parent)
    elif tag == "tr":  # a row out of a table: a paragraph
        cells = [c for c in element.children if isinstance(c, Element)]
        row = [" ".join("".join(_texts(c.children)).split()) for c in cells]
        _paragraph([CELL_SEPARATOR.join(row)], parent)
    else:  # li out of a list, table, div…: their content
        _blocks(element.children, parent)


def _rows(element: Element) -> list[Element]:
    """The table's rows, in its head, bodies and foot or right in it (not a nested
    table's)."""
    rows: list[Element] = []
    for child in element.children:
        if isinstance(child, Element) and child.tag == "tr":
            rows.append(child)
        elif isinstance(child, Element) and child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(_rows(child))
    return rows


def _table(element: Element, parent: Parent) -> None:
    """A table of the editor's schema: rows of header and data cells, each holding
    blocks (at least a paragraph)."""
    rows = [
        [c for c in row.children if isinstance(c, Element) and c.tag in ("td", "th")]
        for row in _rows(element)
    ]
    rows = [cells for cells in rows if cells]
    if not rows:
        return
    table = parent.children.append(schema_node("table"))
    for cells in rows:
        row = table.children.append(schema_node("tableRow"))
        for cell in cells:
            kind = "tableHeader" if cell.tag == "th" else "tableCell"
            node = row.children.append(schema_node(kind))
            _blocks(cell.children, node)
            if not len(node.children):
                node.children.append(schema_node("paragraph"))


def _code_block(element: Element, parent: Parent) -> None:
    code = next((c for c in element.children if isinstance(c, Element) and c.tag == "code"), None)
    classes = " ".join(e.attributes.get("class", "") for e in (code or element, element)).split()
    languages = [c.removeprefix("language-") for c in classes if c != "sourceCode"]
    block = parent.children.append(
        schema_node("codeBlock", language=languages[0] if languages else None)
    )
    text = "".join(_texts(element.children)).removesuffix("\n")
    if text:
        block.children.append(XmlText(text))


def _list(html_list: Element, parent: Parent) -> None:
    items = [c for c in html_list.children if isinstance(c, Element) and c.tag == "li"]
    tasks = bool(items) and all(_checkbox(item) is not None for item in items)
    start = html_list.attributes.get("start", "1")
    if tasks:
        listed = parent.children.append(schema_node("taskList"))
    elif html_list.tag == "ol":
        listed = parent.children.append(
            schema_node("orderedList", start=int(start) if start.isdigit() else 1)
        )
    else:
        listed = parent.children.append(schema_node("bulletList"))
    for item in items:
        if tasks:
            entry = listed.children.append(schema_node("taskItem", checked=bool(_checkbox(item))))
        else:
            entry = listed.children.append(schema_node("listItem"))
        _blocks(item.children, entry)
        if not len(entry.children):  # an item holds at least a paragraph
            entry.children.append(schema_node("paragraph"))


def _checkbox(item: Element) -> bool | None:
    """Whether the item's checkbox is ticked; None when it has none."""
    for child in item.children:
        if isinstance(child, str):
            if child.strip():
                return None
            continue
        if child.tag == "input" and child.attributes.get("type") == "checkbox":
            return "checked" in child.attributes
        return _checkbox(child) if child.tag in ("label", "p") else None
    return None


def _inline(nodes: list[Element | str], block: XmlElement) -> None:
    """Text with its marks into ``block``; a line break is a node between two texts."""
    runs: list[tuple[str, dict[str, Any]]] = []
    _runs(nodes, {}, runs, block)
    if runs:
        runs[-1] = (runs[-1][0].rstrip(), runs[-1][1])
    _flush(runs, block)


def _runs(
    nodes: list[Element | str],
    marks: dict[str, Any],
    runs: list[tuple[str, dict[str, Any]]],
    block: XmlElement,
) -> None:
    for node in nodes:
        if isinstance(node, str):
            text = WHITESPACE.sub(" ", node)
            if text:
                runs.append((text, dict(marks)))
            continue
        if node.tag == "br":
            _flush(runs, block)
            block.children.append(schema_node("hardBreak"))
            continue
        inner = dict(marks)
        if node.tag in MARKS:
            inner[MARKS[node.tag]] = {}
        elif node.tag == "a" and node.attributes.get("href", "").startswith(SAFE_SCHEMES):
            inner["link"] = {"href": node.attributes["href"]}
        _runs(node.children, inner, runs, block)


def _flush(runs: list[tuple[str, dict[str, Any]]], block: XmlElement) -> None:
    """The runs gathered so far, as one text of ``block``."""
    if not runs:
        return
    if len(block.children) == 0:
        runs[0] = (runs[0][0].lstrip(), runs[0][1])
    text = block.children.append(XmlText())
    at = 0
    for piece, marks in runs:
        if piece:
            text.insert(at, piece, marks or None)
            at += len(piece)
    runs.clear()


def _texts(nodes: list[Element | str]) -> list[str]:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        else:
            out += ["\n"] if node.tag == "br" else _texts(node.children)
    return out


def _has_break(node: Element | str) -> bool:
    return isinstance(node, Element) and (
        node.tag == "br" or any(_has_break(c) for c in node.children)
    )


LEADING_H1 = re.compile(r"^\s*<h1[^>]*>(.*?)</h1>", re.DOTALL)


def leading_title(html: str) -> tuple[str | None, str]:
    """The text of the heading ``html`` starts with, if a first-level one, and the rest:
    an exported page starts with its title, which an import makes the page's title
    again."""
    found = LEADING_H1.match(html)
    if found is None:
        return None, html
    title = " ".join("".join(_texts(parse(found.group(1)).children)).split())[:200]
    return (title or None), html[found.end() :]
