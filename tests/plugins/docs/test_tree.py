"""Documents as a tree: sub-pages in order, moving them, the trash and favourites."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pycrdt
from sqlalchemy import update

from lasuite.testing import run_periodic_job
from lasuite_docs import store
from lasuite_docs.models import Document
from tests.plugins.docs.sync_clients import grant, open_to_organization, typed_updates

BASE = "/api/v1/docs"


async def page(client: Any, title: str, parent: str | None = None) -> str:
    response = await client.post(f"{BASE}/documents", json={"title": title, "parent_id": parent})
    assert response.status_code == 201, response.text
    document_id: str = response.json()["id"]
    return document_id


async def titles_under(client: Any, parent: str | None = None) -> list[str]:
    params = {"parent": parent} if parent else {}
    response = await client.get(f"{BASE}/tree", params=params)
    assert response.status_code == 200, response.text
    return [node["document"]["title"] for node in response.json()]


async def test_sub_pages_list_in_order_under_their_parent(lasuite_client, make_member):
    member = await make_member(role="member")
    await member.sign_in(lasuite_client)
    plan = await page(lasuite_client, "Plan")
    await page(lasuite_client, "Contexte", plan)
    await page(lasuite_client, "Objectifs", plan)

    top = (await lasuite_client.get(f"{BASE}/tree")).json()

    assert [(n["document"]["title"], n["has_children"]) for n in top] == [("Plan", True)]
    assert await titles_under(lasuite_client, plan) == ["Contexte", "Objectifs"]


async def test_a_page_moves_under_another_at_the_place_asked(lasuite_client, make_member):
    member = await make_member(role="member")
    await member.sign_in(lasuite_client)
    first, second = await page(lasuite_client, "Un"), await page(lasuite_client, "Deux")
    await page(lasuite_client, "A", second)
    await page(lasuite_client, "B", second)

    moved = await lasuite_client.post(
        f"{BASE}/documents/{first}/move", json={"parent_id": second, "position": 1}
    )

    assert moved.status_code == 200, moved.text
    assert await titles_under(lasuite_client, second) == ["A", "Un", "B"]
    assert await titles_under(lasuite_client) == ["Deux"]


async def test_a_page_cannot_move_under_its_own_sub_page(lasuite_client, make_member):
    member = await make_member(role="member")
    await member.sign_in(lasuite_client)
    parent = await page(lasuite_client, "Parent")
    child = await page(lasuite_client, "Enfant", parent)

    response = await lasuite_client.post(
        f"{BASE}/documents/{parent}/move", json={"parent_id": child, "position": 0}
    )

    assert response.status_code == 409
    assert response.json()["error"] == "docs.move_into_itself"
    assert await titles_under(lasuite_client, parent) == ["Enfant"]


async def test_a_trashed_page_goes_with_its_sub_pages_and_comes_back_with_them(
    lasuite_client, make_member
):
    member = await make_member(role="member")
    await member.sign_in(lasuite_client)
    parent = await page(lasuite_client, "Projet")
    child = await page(lasuite_client, "Annexe", parent)

    trashed = await lasuite_client.delete(f"{BASE}/documents/{parent}")
    hidden = await lasuite_client.get(f"{BASE}/documents/{child}")
    trash = (await lasuite_client.get(f"{BASE}/trash")).json()
    listed = (await lasuite_client.get(f"{BASE}/documents")).json()
    restored = await lasuite_client.post(f"{BASE}/documents/{parent}/restore")

    assert trashed.status_code == 204
    assert hidden.status_code == 404
    assert [d["title"] for d in trash] == ["Projet"]
    assert listed == []
    assert restored.status_code == 200, restored.text
    assert await titles_under(lasuite_client) == ["Projet"]
    assert await titles_under(lasuite_client, parent) == ["Annexe"]


async def test_the_trash_is_purged_after_thirty_days(
    lasuite_app, lasuite_client, make_member, lasuite_database
):
    member = await make_member(role="member")
    await member.sign_in(lasuite_client)
    old, recent = await page(lasuite_client, "Ancien"), await page(lasuite_client, "Récent")
    await page(lasuite_client, "Sous-page", old)
    await lasuite_client.delete(f"{BASE}/documents/{old}")
    await lasuite_client.delete(f"{BASE}/documents/{recent}")
    async with lasuite_database.transaction() as db:
        await db.execute(
            update(Document)
            .where(Document.title.in_(["Ancien", "Sous-page"]))
            .values(deleted_at=datetime.now(UTC) - timedelta(days=31))
        )

    job = await run_periodic_job(lasuite_app, lasuite_client, "docs.purge_trash")

    assert job["state"] == "succeeded"
    assert [d["title"] for d in (await lasuite_client.get(f"{BASE}/trash")).json()] == ["Récent"]


async def test_favourites_are_each_members_own(lasuite_client, make_member):
    alice = await make_member(role="member", organization="org-a")
    bob = await make_member(role="member", organization="org-a")
    await alice.sign_in(lasuite_client)
    kept = await page(lasuite_client, "Procédure")
    await page(lasuite_client, "Brouillon")

    added = await lasuite_client.put(f"{BASE}/documents/{kept}/favorite")
    again = await lasuite_client.put(f"{BASE}/documents/{kept}/favorite")
    mine = (await lasuite_client.get(f"{BASE}/favorites")).json()
    await bob.sign_in(lasuite_client)
    bobs = (await lasuite_client.get(f"{BASE}/favorites")).json()

    assert (added.status_code, again.status_code) == (204, 204)
    assert [d["title"] for d in mine] == ["Procédure"]
    assert bobs == []


async def test_another_organizations_page_can_be_neither_moved_nor_trashed(
    lasuite_client, make_member
):
    alice = await make_member(role="member", organization="org-a")
    bob = await make_member(role="member", organization="org-b")
    await alice.sign_in(lasuite_client)
    hers = await page(lasuite_client, "Confidentiel")
    await bob.sign_in(lasuite_client)

    moved = await lasuite_client.post(
        f"{BASE}/documents/{hers}/move", json={"parent_id": None, "position": 0}
    )
    trashed = await lasuite_client.delete(f"{BASE}/documents/{hers}")
    favored = await lasuite_client.put(f"{BASE}/documents/{hers}/favorite")

    assert (moved.status_code, trashed.status_code, favored.status_code) == (404, 404, 404)


async def test_a_guest_can_neither_move_nor_trash(lasuite_client, make_member):
    member = await make_member(role="member", organization="org-a")
    guest = await make_member(role="guest", organization="org-a")
    await member.sign_in(lasuite_client)
    document = await page(lasuite_client, "Note")
    await open_to_organization(lasuite_client, document)
    await grant(lasuite_client, document, "reader", user_id=guest.user_id)
    await guest.sign_in(lasuite_client)

    trashed = await lasuite_client.delete(f"{BASE}/documents/{document}")

    assert trashed.status_code == 403


async def test_a_duplicate_has_the_pages_content_and_comes_right_after_it(
    lasuite_client, make_member, lasuite_database
):
    member = await make_member(role="member")
    await member.sign_in(lasuite_client)
    original = await page(lasuite_client, "Modèle")
    await page(lasuite_client, "Suite")
    async with lasuite_database.transaction() as db:
        await store.append(db, uuid.UUID(original), typed_updates("texte"))

    response = await lasuite_client.post(
        f"{BASE}/documents/{original}/duplicate", json={"title": "Copie de Modèle"}
    )

    assert response.status_code == 201, response.text
    copy = response.json()
    assert await titles_under(lasuite_client) == ["Modèle", "Copie de Modèle", "Suite"]
    async with lasuite_database.transaction() as db:
        doc, _ = await store.load(db, uuid.UUID(copy["id"]))
    assert str(doc.get("text", type=pycrdt.Text)) == "texte"


async def test_a_page_of_another_organization_cannot_be_duplicated(lasuite_client, make_member):
    alice = await make_member(role="member", organization="org-a")
    bob = await make_member(role="member", organization="org-b")
    await alice.sign_in(lasuite_client)
    hers = await page(lasuite_client, "Confidentiel")
    await bob.sign_in(lasuite_client)

    response = await lasuite_client.post(f"{BASE}/documents/{hers}/duplicate")

    assert response.status_code == 404
