"""Templates: a page's administrators offer it as the start of new pages; whoever may read
it starts a page of their own with its content."""

from __future__ import annotations

import uuid

from lasuite_docs import store
from lasuite_docs.content import text_of
from lasuite_docs.pages import paragraphs_update as paragraphs
from tests.plugins.docs.people import browser_of
from tests.plugins.docs.sync_clients import open_to_organization

DOCUMENTS = "/api/v1/docs/documents"
TEMPLATES = "/api/v1/docs/templates"


async def _page(client, database, title: str, *lines: str) -> str:
    response = await client.post(DOCUMENTS, json={"title": title})
    assert response.status_code == 201, response.text
    document = response.json()["id"]
    if lines:
        async with database.transaction() as db:
            await store.append(db, uuid.UUID(document), [paragraphs(lines)])
    return document


async def _make_template(client, document: str, is_template: bool = True):
    return await client.put(f"{DOCUMENTS}/{document}/template", json={"is_template": is_template})


async def test_a_page_started_from_a_template_holds_its_content_and_is_its_authors(
    lasuite_client, lasuite_database, make_member
):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    template = await _page(
        lasuite_client, lasuite_database, "Compte rendu type", "Présents :", "Décisions :"
    )
    made = await _make_template(lasuite_client, template)
    await open_to_organization(lasuite_client, template, role="reader")
    bobs = await browser_of(lasuite_client, bob)

    offered = (await bobs.get(TEMPLATES)).json()
    started = await bobs.post(DOCUMENTS, json={"title": "CR du 5 mars", "template_id": template})
    page = started.json()
    async with lasuite_database.transaction() as db:
        doc, _ = await store.load(db, uuid.UUID(page["id"]))
    seen_by_alice = await lasuite_client.get(f"{DOCUMENTS}/{page['id']}")

    assert (made.status_code, made.json()["is_template"]) == (200, True)
    assert [t["title"] for t in offered] == ["Compte rendu type"]
    assert started.status_code == 201, started.text
    assert (page["my_role"], page["is_template"], page["link_reach"]) == (
        "owner",
        False,
        "restricted",
    )
    assert text_of(doc) == "Présents :\nDécisions :"
    assert seen_by_alice.status_code == 404  # the new page is Bob's alone


async def test_only_a_pages_administrators_make_it_a_template(
    lasuite_client, lasuite_database, make_member
):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    document = await _page(lasuite_client, lasuite_database, "Note")
    await open_to_organization(lasuite_client, document, role="editor")
    bobs = await browser_of(lasuite_client, bob)

    by_editor = await _make_template(bobs, document)
    made = await _make_template(lasuite_client, document)
    unmade = await _make_template(lasuite_client, document, is_template=False)

    assert by_editor.status_code == 403
    assert made.json()["is_template"] is True
    assert unmade.json()["is_template"] is False
    assert (await bobs.get(TEMPLATES)).json() == []


async def test_only_templates_one_may_read_start_pages(
    lasuite_client, lasuite_database, make_member
):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    private = await _page(lasuite_client, lasuite_database, "Modèle privé", "secret")
    await _make_template(lasuite_client, private)
    plain = await _page(lasuite_client, lasuite_database, "Page ordinaire")
    await open_to_organization(lasuite_client, plain, role="reader")
    trashed = await _page(lasuite_client, lasuite_database, "Ancien modèle")
    await _make_template(lasuite_client, trashed)
    await lasuite_client.delete(f"{DOCUMENTS}/{trashed}")
    bobs = await browser_of(lasuite_client, bob)

    hidden = await bobs.post(DOCUMENTS, json={"title": "x", "template_id": private})
    not_one = await bobs.post(DOCUMENTS, json={"title": "x", "template_id": plain})

    assert hidden.status_code == 404
    assert (not_one.status_code, not_one.json()["error"]) == (409, "docs.not_a_template")
    assert (await bobs.get(TEMPLATES)).json() == []
    assert [t["title"] for t in (await lasuite_client.get(TEMPLATES)).json()] == ["Modèle privé"]
    # The refused starts made no page.
    assert [d["title"] for d in (await bobs.get(DOCUMENTS)).json()] == ["Page ordinaire"]
