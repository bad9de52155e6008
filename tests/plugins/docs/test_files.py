"""A page's images and attachments: uploaded by its editors into the core's file storage,
downloaded by whoever may read the page (a visitor of a public page too), gone with the
page once purged, kept by its copies."""

from __future__ import annotations

import io
import uuid
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

import docx
import pycrdt
import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from lasuite.plugins import StoredFile
from lasuite.testing import another_client, run_periodic_job, wait_for_job
from lasuite_docs import store
from lasuite_docs.content import fragment_of, text_of
from lasuite_docs.html_content import schema_node
from lasuite_docs.models import Document
from lasuite_docs.pages import paragraphs_update
from tests.plugins.docs.images import png
from tests.plugins.docs.people import browser_of

DOCUMENTS = "/api/v1/docs/documents"
LIMIT = 64 * 1024
"""The upload limit of these tests (``LASUITE_MAX_UPLOAD_BYTES``)."""

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def lasuite_settings(lasuite_settings: Any) -> Any:
    return lasuite_settings.model_copy(update={"max_upload_bytes": LIMIT})


async def page(client: Any, title: str = "Rapport") -> str:
    response = await client.post(DOCUMENTS, json={"title": title})
    assert response.status_code == 201, response.text
    document_id: str = response.json()["id"]
    return document_id


async def upload(
    client: Any, document: str, content: bytes, filename: str = "logo.png", kind: str = "image"
) -> Any:
    return await client.post(
        f"{DOCUMENTS}/{document}/files",
        params={"filename": filename, "kind": kind},
        content=content,
    )


async def uploaded(client: Any, document: str, **kwargs: Any) -> dict[str, Any]:
    response = await upload(client, document, kwargs.pop("content", png()), **kwargs)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def grant(client: Any, document: str, member: Any, role: str) -> None:
    response = await client.put(
        f"{DOCUMENTS}/{document}/accesses", json={"role": role, "user_id": str(member.user_id)}
    )
    assert response.status_code == 200, response.text


async def test_an_editor_uploads_an_image_its_readers_see_inline(lasuite_client, make_member):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    document = await page(lasuite_client)
    await grant(lasuite_client, document, bob, "reader")

    image = await uploaded(lasuite_client, document, filename="Logo de la DINUM.png")
    bob_browser = await browser_of(lasuite_client, bob)
    shown = await bob_browser.get(image["url"])

    assert image["kind"] == "image"
    assert (image["filename"], image["content_type"], image["size"]) == (
        "Logo de la DINUM.png",
        "image/png",
        len(png()),
    )
    assert image["url"] == f"{DOCUMENTS}/{document}/files/{image['id']}"
    assert shown.status_code == 200, shown.text
    assert shown.content == png()
    assert shown.headers["content-type"] == "image/png"
    assert shown.headers["content-disposition"].startswith("inline;")
    assert shown.headers["x-content-type-options"] == "nosniff"


async def test_an_attachment_downloads_with_its_name(lasuite_client, make_member):
    await (await make_member()).sign_in(lasuite_client)
    document = await page(lasuite_client)

    attached = await uploaded(
        lasuite_client, document, content=PDF, filename="Compte rendu.pdf", kind="attachment"
    )
    downloaded = await lasuite_client.get(attached["url"])

    assert attached["content_type"] == "application/pdf"
    assert downloaded.content == PDF
    assert downloaded.headers["content-disposition"] == (
        "attachment; filename=\"Compte rendu.pdf\"; filename*=UTF-8''Compte%20rendu.pdf"
    )


async def test_an_image_sent_as_an_attachment_still_downloads(lasuite_client, make_member):
    await (await make_member()).sign_in(lasuite_client)
    document = await page(lasuite_client)

    attached = await uploaded(lasuite_client, document, kind="attachment")
    downloaded = await lasuite_client.get(attached["url"])

    assert downloaded.headers["content-disposition"].startswith("attachment;")


@pytest.mark.parametrize("role", ["reader", "commenter"])
async def test_readers_and_commenters_may_not_upload(lasuite_client, make_member, role):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    document = await page(lasuite_client)
    await grant(lasuite_client, document, bob, role)

    await bob.sign_in(lasuite_client)
    refused = await upload(lasuite_client, document, png())

    assert refused.status_code == 403
    assert refused.json()["error"] == "docs.files_editors_only"


async def test_an_editor_by_grant_uploads(lasuite_client, make_member):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    document = await page(lasuite_client)
    await grant(lasuite_client, document, bob, "editor")

    await bob.sign_in(lasuite_client)
    response = await upload(lasuite_client, document, png())

    assert response.status_code == 201, response.text


async def test_another_organization_finds_neither_the_page_nor_its_files(
    lasuite_client, make_member
):
    alice, outsider = await make_member(), await make_member(organization="org-b")
    await alice.sign_in(lasuite_client)
    document = await page(lasuite_client)
    image = await uploaded(lasuite_client, document)

    await outsider.sign_in(lasuite_client)
    sent = await upload(lasuite_client, document, png())
    read = await lasuite_client.get(image["url"])

    assert (sent.status_code, read.status_code) == (404, 404)


async def test_an_svg_is_refused_as_an_image_and_as_an_attachment(lasuite_client, make_member):
    await (await make_member()).sign_in(lasuite_client)
    document = await page(lasuite_client)

    as_image = await upload(lasuite_client, document, SVG, filename="logo.svg")
    as_attachment = await upload(lasuite_client, document, SVG, "logo.svg", kind="attachment")

    assert (as_image.status_code, as_attachment.status_code) == (415, 415)


async def test_a_pdf_is_not_an_image(lasuite_client, make_member):
    await (await make_member()).sign_in(lasuite_client)
    document = await page(lasuite_client)

    response = await upload(lasuite_client, document, PDF, filename="faux.png")

    assert response.status_code == 415


async def test_a_file_past_the_upload_limit_is_refused_and_not_kept(
    lasuite_client, make_member, lasuite_database
):
    await (await make_member()).sign_in(lasuite_client)
    document = await page(lasuite_client)

    response = await upload(
        lasuite_client, document, b"a" * (LIMIT + 1), filename="long.txt", kind="attachment"
    )

    assert response.status_code == 413
    async with lasuite_database.transaction() as db:
        assert list(await db.scalars(select(StoredFile.id))) == []


async def test_a_visitor_of_a_public_page_sees_its_images(lasuite_client, make_member):
    await (await make_member()).sign_in(lasuite_client)
    document = await page(lasuite_client)
    image = await uploaded(lasuite_client, document)
    visitor = another_client(lasuite_client)

    before = await visitor.get(image["url"])
    opened = await lasuite_client.patch(
        f"{DOCUMENTS}/{document}/link", json={"link_reach": "public", "link_role": "reader"}
    )
    after = await visitor.get(image["url"])
    sent = await upload(visitor, document, png())

    assert opened.status_code == 200, opened.text
    assert before.status_code == 404
    assert (after.status_code, after.content) == (200, png())
    assert sent.status_code in (401, 403)


async def test_a_page_in_the_trash_serves_its_files_to_its_administrators_only(
    lasuite_client, make_member
):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    document = await page(lasuite_client)
    await grant(lasuite_client, document, bob, "reader")
    await lasuite_client.patch(
        f"{DOCUMENTS}/{document}/link", json={"link_reach": "public", "link_role": "reader"}
    )
    image = await uploaded(lasuite_client, document)
    visitor = another_client(lasuite_client)
    bob_browser = await browser_of(lasuite_client, bob)

    trashed = await lasuite_client.delete(f"{DOCUMENTS}/{document}")
    owner_reads = await lasuite_client.get(image["url"])
    reader_reads = await bob_browser.get(image["url"])
    visitor_reads = await visitor.get(image["url"])

    assert trashed.status_code == 204, trashed.text
    assert owner_reads.status_code == 200
    assert (reader_reads.status_code, visitor_reads.status_code) == (404, 404)


async def test_another_pages_file_is_not_served_through_this_page(lasuite_client, make_member):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    secret, shared = await page(lasuite_client, "Secret"), await page(lasuite_client, "Partagé")
    await grant(lasuite_client, shared, bob, "reader")
    image = await uploaded(lasuite_client, secret)

    await bob.sign_in(lasuite_client)
    through_shared = await lasuite_client.get(f"{DOCUMENTS}/{shared}/files/{image['id']}")
    direct = await lasuite_client.get(image["url"])

    assert through_shared.status_code == 404
    assert through_shared.json()["error"] == "docs.no_such_file"
    assert direct.status_code == 404


async def test_a_duplicated_page_keeps_its_images(lasuite_client, make_member):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    document = await page(lasuite_client)
    image = await uploaded(lasuite_client, document)

    copy = (await lasuite_client.post(f"{DOCUMENTS}/{document}/duplicate", json={})).json()
    await grant(lasuite_client, copy["id"], bob, "reader")
    await bob.sign_in(lasuite_client)
    through_copy = await lasuite_client.get(f"{DOCUMENTS}/{copy['id']}/files/{image['id']}")
    through_original = await lasuite_client.get(image["url"])

    assert (through_copy.status_code, through_copy.content) == (200, png())
    assert through_original.status_code == 404


async def test_a_page_started_from_a_template_keeps_its_images(lasuite_client, make_member):
    await (await make_member()).sign_in(lasuite_client)
    template = await page(lasuite_client, "Modèle")
    image = await uploaded(lasuite_client, template)
    made = await lasuite_client.put(f"{DOCUMENTS}/{template}/template", json={"is_template": True})
    assert made.status_code == 200, made.text

    started = await lasuite_client.post(
        DOCUMENTS, json={"title": "Nouveau", "template_id": template}
    )
    shown = await lasuite_client.get(f"{DOCUMENTS}/{started.json()['id']}/files/{image['id']}")

    assert shown.status_code == 200


async def test_purging_a_page_deletes_the_files_no_other_page_holds(
    lasuite_app, lasuite_client, make_member, lasuite_database
):
    await (await make_member()).sign_in(lasuite_client)
    document = await page(lasuite_client)
    kept = await uploaded(lasuite_client, document, filename="kept.png")
    copy = (await lasuite_client.post(f"{DOCUMENTS}/{document}/duplicate", json={})).json()
    gone = await uploaded(lasuite_client, document, content=png(5, 5), filename="gone.png")
    await lasuite_client.delete(f"{DOCUMENTS}/{document}")
    async with lasuite_database.transaction() as db:
        await db.execute(
            update(Document)
            .where(Document.id == uuid.UUID(document))
            .values(deleted_at=datetime.now(UTC) - timedelta(days=31))
        )

    await run_periodic_job(lasuite_app, lasuite_client, "docs.purge_trash")

    async with lasuite_database.transaction() as db:
        left = set(await db.scalars(select(StoredFile.id)))
    assert left == {uuid.UUID(kept["id"])}
    assert gone["id"] not in {str(file_id) for file_id in left}
    shown = await lasuite_client.get(f"{DOCUMENTS}/{copy['id']}/files/{kept['id']}")
    assert shown.status_code == 200


def with_files(image_id: str, attachment_id: str) -> bytes:
    """A page as the editor keeps it: a paragraph, an image, an attachment's card."""
    doc: pycrdt.Doc[Any] = pycrdt.Doc()
    doc.apply_update(paragraphs_update(["Voici le logo et le rapport."]))
    content = fragment_of(doc)
    with doc.transaction():
        content.children.append(
            schema_node("image", fileId=image_id, alt="Logo de la préfecture", src=None)
        )
        content.children.append(
            schema_node(
                "attachment",
                fileId=attachment_id,
                name="Bilan-2026.pdf",
                size=len(PDF),
                contentType="application/pdf",
            )
        )
    return doc.get_update()


async def page_with_files(client: Any, database: Any) -> tuple[str, str, str]:
    """A page holding an uploaded image and attachment: its id and theirs."""
    document = await page(client, "Rapport illustré")
    image = await uploaded(client, document)
    attached = await uploaded(
        client, document, content=PDF, filename="Bilan-2026.pdf", kind="attachment"
    )
    async with database.transaction() as db:
        await store.append(db, uuid.UUID(document), [with_files(image["id"], attached["id"])])
    return document, image["id"], attached["id"]


def test_an_images_description_and_an_attachments_name_are_the_pages_text():
    doc: pycrdt.Doc[Any] = pycrdt.Doc()
    doc.apply_update(with_files(str(uuid.uuid4()), str(uuid.uuid4())))

    assert text_of(doc).splitlines() == [
        "Voici le logo et le rapport.",
        "Logo de la préfecture",
        "Bilan-2026.pdf",
    ]


async def test_search_finds_a_page_by_its_attachments_name(
    lasuite_app, lasuite_client, make_member, lasuite_database
):
    await (await make_member()).sign_in(lasuite_client)
    await page_with_files(lasuite_client, lasuite_database)

    await run_periodic_job(lasuite_app, lasuite_client, "docs.index_documents")
    found = await lasuite_client.get(
        "/api/v1/search", params={"q": "bilan-2026", "plugins": "docs"}
    )

    assert [hit["title"] for hit in found.json()["results"]] == ["Rapport illustré"]


async def export(client: Any, document: str, format: str) -> bytes:
    started = await client.post(f"{DOCUMENTS}/{document}/exports", json={"format": format})
    assert started.status_code == 202, started.text
    job = await wait_for_job(client, started.json()["job_id"], until="succeeded")
    downloaded = await client.get(job["result_url"])
    assert downloaded.status_code == 200, downloaded.text
    content: bytes = downloaded.content
    return content


async def test_an_html_export_embeds_the_image_and_links_the_attachment(
    lasuite_client, make_member, lasuite_database
):
    await (await make_member()).sign_in(lasuite_client)
    document, _, attachment = await page_with_files(lasuite_client, lasuite_database)

    html = (await export(lasuite_client, document, "html")).decode()

    assert '<img src="data:image/png;base64,' in html
    assert 'alt="Logo de la préfecture"' in html
    assert f'<a href="{DOCUMENTS}/{document}/files/{attachment}">Bilan-2026.pdf</a>' in html


async def test_a_docx_export_carries_the_image(lasuite_client, make_member, lasuite_database):
    await (await make_member()).sign_in(lasuite_client)
    document, _, _ = await page_with_files(lasuite_client, lasuite_database)

    content = await export(lasuite_client, document, "docx")

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        media = [name for name in archive.namelist() if name.startswith("word/media/")]
        assert [archive.read(name) for name in media] == [png()]
    word = docx.Document(io.BytesIO(content))
    assert any("Bilan-2026.pdf" in paragraph.text for paragraph in word.paragraphs)


async def test_odt_and_pdf_exports_carry_the_image(lasuite_client, make_member, lasuite_database):
    await (await make_member()).sign_in(lasuite_client)
    document, _, _ = await page_with_files(lasuite_client, lasuite_database)

    odt = await export(lasuite_client, document, "odt")
    pdf = PdfReader(io.BytesIO(await export(lasuite_client, document, "pdf")))

    with zipfile.ZipFile(io.BytesIO(odt)) as archive:
        pictures = [name for name in archive.namelist() if name.startswith("Pictures/")]
        assert [archive.read(name) for name in pictures] == [png()]
    assert [len(page.images) for page in pdf.pages] == [1]
    assert "Bilan-2026.pdf" in pdf.pages[0].extract_text()


async def test_a_markdown_export_links_the_image(lasuite_client, make_member, lasuite_database):
    await (await make_member()).sign_in(lasuite_client)
    document, image, _ = await page_with_files(lasuite_client, lasuite_database)

    markdown = (await export(lasuite_client, document, "markdown")).decode()

    assert f"![Logo de la préfecture]({DOCUMENTS}/{document}/files/{image})" in markdown
