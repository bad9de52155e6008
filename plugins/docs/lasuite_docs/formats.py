"""Files made from a document's HTML, and HTML read from files, through maintained
converters: pandoc (shipped inside the ``pypandoc-binary`` wheel, so nothing is installed
beside Python packages) for Markdown, DOCX and ODT both ways, fpdf2 (pure Python) for PDF.

These calls are slow and blocking: they run in the docs jobs, off the event loop."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Literal, get_args

import pypandoc

from lasuite_docs.html_of import page_html

ExportFormat = Literal["markdown", "html", "pdf", "docx", "odt"]
ImportFormat = Literal["markdown", "docx"]
EXPORT_FORMATS: tuple[str, ...] = get_args(ExportFormat)
IMPORT_FORMATS: tuple[str, ...] = get_args(ImportFormat)

PANDOC_OPTIONS = ["--sandbox", "--syntax-highlighting=none", "--wrap=none"]
"""``--sandbox``: a file read or written never reaches beyond its input and output (no
includes, no fetched images); no highlighting markup in the HTML read back."""

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
PDF_FONTS = {
    "": "DejaVuSans.ttf",
    "B": "DejaVuSans-Bold.ttf",
    "I": "DejaVuSans-Oblique.ttf",
    "BI": "DejaVuSans-BoldOblique.ttf",
}
"""The PDF's font by style, from Debian's ``fonts-dejavu-core`` when installed: it
writes most scripts; without it, the PDF's built-in Helvetica writes Latin-1 only."""


@dataclass(frozen=True, slots=True)
class FileKind:
    pandoc: str
    extension: str
    content_type: str


KINDS: dict[str, FileKind] = {
    "markdown": FileKind("gfm", "md", "text/markdown"),
    "html": FileKind("html", "html", "text/html"),
    "pdf": FileKind("pdf", "pdf", "application/pdf"),
    "docx": FileKind(
        "docx",
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "odt": FileKind("odt", "odt", "application/vnd.oasis.opendocument.text"),
}


def exported(title: str, body: str, format: str) -> bytes:
    """The document (its title and its HTML body) as a file of ``format``."""
    if format == "pdf":
        return _pdf(title, body)
    # The title as the first heading (a DOCX or ODT ``Title`` would be one more style
    # for readers and for the import to know).
    html = f"<h1>{escape(title)}</h1>\n{body}"
    if format == "html":
        return page_html(title, html).encode()
    kind = KINDS[format]
    if format == "markdown":
        text: str = pypandoc.convert_text(
            html, kind.pandoc, format="html", extra_args=PANDOC_OPTIONS
        )
        return text.encode()
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / f"export.{kind.extension}"
        pypandoc.convert_text(
            html,
            kind.pandoc,
            format="html",
            outputfile=str(output),
            extra_args=PANDOC_OPTIONS,
        )
        return output.read_bytes()


def html_of_file(content: bytes, format: str) -> str:
    """The HTML of an imported file."""
    if format == "markdown":
        html: str = pypandoc.convert_text(
            content.decode("utf-8", errors="replace"),
            "html",
            format="gfm",
            extra_args=PANDOC_OPTIONS,
        )
        return html
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "import.docx"
        source.write_bytes(content)
        return str(
            pypandoc.convert_file(str(source), "html", format="docx", extra_args=PANDOC_OPTIONS)
        )


def _pdf(title: str, body: str) -> bytes:
    """fpdf2 writes the HTML it reads (headings, paragraphs, marks, links, lists, quotes,
    preformatted code) with its own layout: no browser engine nor system library."""
    # Imported here: fpdf2 takes a third of a second to import, and only exports need it.
    from fpdf import FPDF

    html = f"<h1>{escape(title)}</h1>\n{body}"
    pdf = FPDF()
    pdf.set_title(title)
    if all((DEJAVU / name).exists() for name in PDF_FONTS.values()):
        for style, name in PDF_FONTS.items():
            pdf.add_font("body", style=style, fname=str(DEJAVU / name))
        family = "body"
    else:
        family = "helvetica"
        html = html.encode("latin-1", errors="replace").decode("latin-1")
    pdf.add_page()
    pdf.write_html(html, font_family=family)
    return bytes(pdf.output())
