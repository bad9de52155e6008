"""Exporting a page to Markdown, HTML, PDF, DOCX and ODT, and importing Markdown and DOCX
as a new page: as jobs followed through the core's job status, for whom the page's
role allows, with bad input refused by its code."""

from __future__ import annotations

import io
import uuid
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

import docx
import pycrdt
import pytest
from lxml import etree
from pycrdt import XmlText
from pypdf import PdfReader

from lasuite.plugins import StoredFile
from lasuite.testing import run_periodic_job, wait_for_job
from lasuite_docs import store
from lasuite_docs.content import fragment_of, text_of
from lasuite_docs.exports import KEPT
from lasuite_docs.html_content import schema_node
from lasuite_docs.models import DocumentExport

DOCUMENTS = "/api/v1/docs/documents"
IMPORTS = "/api/v1/docs/imports"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _text(parent: Any, *runs: tuple[str, dict[str, Any] | None]) -> None:
    text = parent.children.append(XmlText())
    at = 0
    for piece, marks in runs:
        text.insert(at, piece, marks)
        at += len(piece)


def _item(listed: Any, text: str, kind: str = "listItem", **attributes: Any) -> None:
    paragraph = listed.children.append(schema_node(kind, **attributes)).children.append(
        schema_node("paragraph")
    )
    _text(paragraph, (text, None))


def edited_page() -> bytes:
    """A page as the editor keeps it (y-prosemirror: nodes as elements, marks as text
    attributes): headings, marked text and a link, lists, a task list, a quote, code."""
    doc: pycrdt.Doc[Any] = pycrdt.Doc()
    content = fragment_of(doc)
    with doc.transaction():
        _text(content.children.append(schema_node("heading", level=1)), ("Rapport annuel", None))
        _text(
            content.children.append(schema_node("paragraph")),
            ("Un texte en ", None),
            ("gras", {"bold": {}}),
            (", en ", None),
            ("italique", {"italic": {}}),
            (" et un ", None),
            ("lien", {"link": {"href": "https://example.org/rapport"}}),
            (".", None),
        )
        _text(content.children.append(schema_node("heading", level=2)), ("Les étapes", None))
        bullets = content.children.append(schema_node("bulletList"))
        _item(bullets, "Préparer")
        _item(bullets, "Relire")
        numbered = content.children.append(schema_node("orderedList", start=1))
        _item(numbered, "Premier point")
        _item(numbered, "Second point")
        tasks = content.children.append(schema_node("taskList"))
        _item(tasks, "Signer", "taskItem", checked=True)
        _item(tasks, "Publier", "taskItem", checked=False)
        quote = content.children.append(schema_node("blockquote"))
        _text(quote.children.append(schema_node("paragraph")), ("Une citation", None))
        code = content.children.append(schema_node("codeBlock", language="python"))
        code.children.append(XmlText("total = 1 + 2\nprint(total)"))
    return doc.get_update()


async def _page(client, database, title: str = "Rapport", update: bytes | None = None) -> str:
    response = await client.post(DOCUMENTS, json={"title": title})
    assert response.status_code == 201, response.text
    document = response.json()["id"]
    async with database.transaction() as db:
        await store.append(db, uuid.UUID(document), [update or edited_page()])
    return document


async def _export(client, document: str, format: str) -> bytes:
    started = await client.post(f"{DOCUMENTS}/{document}/exports", json={"format": format})
    assert started.status_code == 202, started.text
    job = await wait_for_job(client, started.json()["job_id"], until="succeeded")
    export = (await client.get(f"/api/v1/docs/exports/{started.json()['id']}")).json()
    assert export["ready"]
    assert job["progress"] == 100
    assert job["result_url"] == export["download_url"]
    downloaded = await client.get(job["result_url"])
    assert downloaded.status_code == 200, downloaded.text
    return downloaded.content


async def _import(client, content: bytes, filename: str, format: str, **params: str) -> str:
    """Import a file; the new page's id."""
    started = await client.post(
        IMPORTS, params={"format": format, "filename": filename, **params}, content=content
    )
    assert started.status_code == 202, started.text
    job = await wait_for_job(client, started.json()["job_id"], until="succeeded")
    return str(job["result_url"]).removeprefix("/docs/")


async def _content(database, document: str) -> pycrdt.Doc[Any]:
    async with database.transaction() as db:
        doc, _ = await store.load(db, uuid.UUID(document))
    return doc


def _plain(node: Any) -> str:
    if isinstance(node, XmlText):
        return "".join(piece for piece, _ in node.diff() if isinstance(piece, str))
    return "".join(_plain(child) for child in node.children)


async def test_a_page_exports_to_markdown_with_its_structure(
    lasuite_client, make_member, lasuite_database
):
    await (await make_member()).sign_in(lasuite_client)
    document = await _page(lasuite_client, lasuite_database)

    markdown = (await _export(lasuite_client, document, "markdown")).decode()

    assert markdown.startswith("# Rapport\n")
    for expected in (
        "# Rapport annuel",
        "## Les étapes",
        "Un texte en **gras**, en *italique* et un [lien](https://example.org/rapport).",
        "- Préparer\n- Relire",
        "1.  Premier point\n2.  Second point",
        "- [x] Signer\n- [ ] Publier",
        "> Une citation",
        "``` python\ntotal = 1 + 2\nprint(total)\n```",
    ):
        assert expected in markdown


async def test_a_page_exports_to_html(lasuite_client, make_member, lasuite_database):
    await (await make_member()).sign_in(lasuite_client)
    document = await _page(lasuite_client, lasuite_database)

    html = (await _export(lasuite_client, document, "html")).decode()

    assert "<title>Rapport</title>" in html
    assert "<h2>Les étapes</h2>" in html
    assert '<a href="https://example.org/rapport">lien</a>' in html
    assert '<pre><code class="language-python">total = 1 + 2' in html


async def test_a_docx_export_has_the_text_and_its_heading_styles(
    lasuite_client, make_member, lasuite_database
):
    await (await make_member()).sign_in(lasuite_client)
    document = await _page(lasuite_client, lasuite_database)

    word = docx.Document(io.BytesIO(await _export(lasuite_client, document, "docx")))

    styled = [(p.style.name, p.text) for p in word.paragraphs if p.text]
    assert ("Heading 1", "Rapport annuel") in styled
    assert ("Heading 2", "Les étapes") in styled
    paragraph = next(p for p in word.paragraphs if p.text.startswith("Un texte en"))
    assert [r.text for r in paragraph.runs if r.bold] == ["gras"]
    assert [r.text for r in paragraph.runs if r.italic] == ["italique"]
    assert any(text == "Préparer" for _, text in styled)


async def test_an_odt_export_has_the_text_and_its_headings(
    lasuite_client, make_member, lasuite_database
):
    await (await make_member()).sign_in(lasuite_client)
    document = await _page(lasuite_client, lasuite_database)

    odt = await _export(lasuite_client, document, "odt")

    with zipfile.ZipFile(io.BytesIO(odt)) as archive:
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        tree = etree.fromstring(archive.read("content.xml"))
    headings = {
        "".join(h.itertext()): h.get(f"{{{TEXT_NS}}}outline-level")
        for h in tree.iter(f"{{{TEXT_NS}}}h")
    }
    text = "".join(tree.itertext())
    assert headings["Rapport annuel"] == "1"
    assert headings["Les étapes"] == "2"
    assert "Un texte en gras, en italique et un lien." in text
    assert "Premier point" in text


async def test_a_pdf_export_has_the_text(lasuite_client, make_member, lasuite_database):
    await (await make_member()).sign_in(lasuite_client)
    document = await _page(lasuite_client, lasuite_database)

    pdf = PdfReader(io.BytesIO(await _export(lasuite_client, document, "pdf")))

    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert pdf.metadata is not None
    assert pdf.metadata.title == "Rapport"
    for expected in ("Rapport annuel", "Les étapes", "gras", "Premier point", "print(total)"):
        assert expected in text


async def test_a_markdown_round_trip_keeps_the_structure(
    lasuite_client, make_member, lasuite_database
):
    await (await make_member()).sign_in(lasuite_client)
    first = await _page(lasuite_client, lasuite_database)
    markdown = await _export(lasuite_client, first, "markdown")

    imported = await _import(lasuite_client, markdown, "copie.md", "markdown")
    page = (await lasuite_client.get(f"{DOCUMENTS}/{imported}")).json()
    again = await _export(lasuite_client, imported, "markdown")

    assert page["title"] == "Rapport"
    assert page["my_role"] == "owner"
    assert again == markdown
    assert text_of(await _content(lasuite_database, imported)) == text_of(
        await _content(lasuite_database, first)
    )


async def test_an_imported_markdown_file_is_in_the_editors_schema(
    lasuite_client, make_member, lasuite_database
):
    await (await make_member()).sign_in(lasuite_client)
    markdown = "Intro avec **gras** et [un lien](https://example.org).\n\n## Suite\n\n- a\n- b\n"

    imported = await _import(lasuite_client, markdown.encode(), "Notes de réunion.md", "markdown")

    page = (await lasuite_client.get(f"{DOCUMENTS}/{imported}")).json()
    nodes = list(fragment_of(await _content(lasuite_database, imported)).children)
    assert page["title"] == "Notes de réunion"
    assert [node.tag for node in nodes] == ["paragraph", "heading", "bulletList"]
    assert dict(list(nodes[1].attributes)) == {"level": 2}  # type: ignore[call-overload]
    runs = list(nodes[0].children[0].diff())
    assert ("gras", {"bold": {}}) in runs
    assert ("un lien", {"link": {"href": "https://example.org"}}) in runs
    assert [node.tag for node in nodes[2].children] == ["listItem", "listItem"]


async def test_a_docx_import_gives_headings_and_paragraphs(
    lasuite_client, make_member, lasuite_database
):
    await (await make_member()).sign_in(lasuite_client)
    word = docx.Document()
    word.add_heading("Compte rendu", level=1)
    word.add_paragraph("Présents : Alice et Bob.")
    word.add_heading("Décisions", level=2)
    decided = word.add_paragraph("Le budget est ")
    decided.add_run("adopté").bold = True
    upload = io.BytesIO()
    word.save(upload)

    imported = await _import(lasuite_client, upload.getvalue(), "cr.docx", "docx")

    page = (await lasuite_client.get(f"{DOCUMENTS}/{imported}")).json()
    nodes = list(fragment_of(await _content(lasuite_database, imported)).children)
    assert page["title"] == "Compte rendu"
    assert [(node.tag, _plain(node)) for node in nodes] == [
        ("paragraph", "Présents : Alice et Bob."),
        ("heading", "Décisions"),
        ("paragraph", "Le budget est adopté"),
    ]
    assert ("adopté", {"bold": {}}) in list(nodes[2].children[0].diff())


async def test_an_import_goes_under_a_page_its_importer_edits(lasuite_client, make_member):
    await (await make_member()).sign_in(lasuite_client)
    parent = (await lasuite_client.post(DOCUMENTS, json={"title": "Dossier"})).json()["id"]

    imported = await _import(
        lasuite_client, b"# Annexe\n\nTexte.\n", "annexe.md", "markdown", parent_id=parent
    )

    page = (await lasuite_client.get(f"{DOCUMENTS}/{imported}")).json()
    assert page["parent_id"] == parent


async def test_a_reader_exports_but_does_not_import_under_the_page(
    lasuite_client, make_member, lasuite_database
):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    document = await _page(lasuite_client, lasuite_database)
    granted = await lasuite_client.put(
        f"{DOCUMENTS}/{document}/accesses", json={"role": "reader", "user_id": str(bob.user_id)}
    )
    assert granted.status_code == 200, granted.text

    await bob.sign_in(lasuite_client)
    markdown = await _export(lasuite_client, document, "markdown")
    refused = await lasuite_client.post(
        IMPORTS,
        params={"format": "markdown", "filename": "x.md", "parent_id": document},
        content=b"# Non\n",
    )

    assert b"## Les \xc3\xa9tapes" in markdown
    assert refused.status_code == 403


async def test_another_organization_finds_neither_the_page_nor_its_export(
    lasuite_client, make_member, lasuite_database
):
    alice, outsider = await make_member(), await make_member(organization="org-b")
    await alice.sign_in(lasuite_client)
    document = await _page(lasuite_client, lasuite_database)
    started = (
        await lasuite_client.post(f"{DOCUMENTS}/{document}/exports", json={"format": "html"})
    ).json()
    await wait_for_job(lasuite_client, started["job_id"], until="succeeded")

    await outsider.sign_in(lasuite_client)
    export = await lasuite_client.post(f"{DOCUMENTS}/{document}/exports", json={"format": "pdf"})
    seen = await lasuite_client.get(f"/api/v1/docs/exports/{started['id']}")
    downloaded = await lasuite_client.get(started["download_url"])

    assert (export.status_code, seen.status_code, downloaded.status_code) == (404, 404, 404)
    assert seen.json()["error"] == "docs.no_such_export"


async def test_someone_elses_export_is_not_theirs_to_download(
    lasuite_client, make_member, lasuite_database
):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    document = await _page(lasuite_client, lasuite_database)
    await lasuite_client.patch(
        f"{DOCUMENTS}/{document}/link", json={"link_reach": "authenticated", "link_role": "reader"}
    )
    started = (
        await lasuite_client.post(f"{DOCUMENTS}/{document}/exports", json={"format": "html"})
    ).json()
    await wait_for_job(lasuite_client, started["job_id"], until="succeeded")

    await bob.sign_in(lasuite_client)
    downloaded = await lasuite_client.get(started["download_url"])

    assert downloaded.status_code == 404
    assert downloaded.json()["error"] == "docs.no_such_export"


async def test_an_unknown_export_format_is_refused(lasuite_client, make_member, lasuite_database):
    await (await make_member()).sign_in(lasuite_client)
    document = await _page(lasuite_client, lasuite_database)

    response = await lasuite_client.post(f"{DOCUMENTS}/{document}/exports", json={"format": "rtf"})

    assert response.status_code == 422
    assert response.json()["error"] == "docs.unknown_export_format"


@pytest.mark.parametrize(
    ("format", "content", "status", "code"),
    [
        ("rtf", b"{\\rtf1}", 422, "docs.unknown_import_format"),
        ("docx", b"# Pas un docx\n", 415, "docs.not_docx"),
        ("docx", b"PK\x03\x04 not a zip at all", 415, "docs.not_docx"),
        ("markdown", b"\xff\xfe\x00binary", 415, "docs.not_markdown"),
        ("markdown", b"#" * (5 * 1024 * 1024 + 1), 413, "docs.import_too_large"),
    ],
)
async def test_a_bad_import_is_refused_by_its_code(
    lasuite_client, make_member, format, content, status, code
):
    await (await make_member()).sign_in(lasuite_client)

    response = await lasuite_client.post(
        IMPORTS, params={"format": format, "filename": "f"}, content=content
    )

    assert response.status_code == status, response.text
    assert response.json()["error"] == code
    assert (await lasuite_client.get(DOCUMENTS)).json() == []


async def test_a_guest_may_not_import(lasuite_client, make_member):
    await (await make_member(role="guest")).sign_in(lasuite_client)

    response = await lasuite_client.post(
        IMPORTS, params={"format": "markdown", "filename": "x.md"}, content=b"# x\n"
    )

    assert response.status_code == 403


async def test_an_export_goes_with_its_file_a_day_later(
    lasuite_app, lasuite_client, make_member, lasuite_database
):
    await (await make_member()).sign_in(lasuite_client)
    document = await _page(lasuite_client, lasuite_database)
    started = (
        await lasuite_client.post(f"{DOCUMENTS}/{document}/exports", json={"format": "odt"})
    ).json()
    await wait_for_job(lasuite_client, started["job_id"], until="succeeded")
    async with lasuite_database.transaction() as db:
        export = await db.get_one(DocumentExport, uuid.UUID(started["id"]))
        file_id = export.file_id
        export.created_at = datetime.now(UTC) - KEPT - timedelta(minutes=1)

    await run_periodic_job(lasuite_app, lasuite_client, "docs.purge_exports")

    downloaded = await lasuite_client.get(started["download_url"])
    async with lasuite_database.transaction() as db:
        assert await db.get(StoredFile, file_id) is None
    assert downloaded.status_code == 404


async def test_a_table_is_imported_as_the_editors_table_and_exported_back(
    lasuite_client, make_member, lasuite_database
):
    await (await make_member()).sign_in(lasuite_client)
    markdown = "| Service | Effectif |\n|---|---|\n| Accueil | 4 |\n| Courrier | **2** |\n"

    imported = await _import(lasuite_client, markdown.encode(), "Effectifs.md", "markdown")
    (table,) = list(fragment_of(await _content(lasuite_database, imported)).children)
    rows = list(table.children)
    exported = (await _export(lasuite_client, imported, "markdown")).decode()

    assert (table.tag, [row.tag for row in rows]) == ("table", ["tableRow"] * 3)
    assert [cell.tag for cell in rows[0].children] == ["tableHeader", "tableHeader"]
    assert [cell.tag for cell in rows[2].children] == ["tableCell", "tableCell"]
    assert [[str(cell.children[0].tag) for cell in row.children] for row in rows] == [
        ["paragraph", "paragraph"]
    ] * 3
    assert ("2", {"bold": {}}) in list(rows[2].children[1].children[0].children[0].diff())
    assert text_of(await _content(lasuite_database, imported)) == (
        "Service\nEffectif\nAccueil\n4\nCourrier\n2"
    )
    assert "| Accueil" in exported
    assert "**2**" in exported
