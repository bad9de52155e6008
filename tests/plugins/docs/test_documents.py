"""Documents through the HTTP API."""

from __future__ import annotations

import uuid

from lasuite_docs import store
from tests.plugins.docs.sync_clients import grant, open_to_organization, typed_updates

DOCUMENTS = "/api/v1/docs/documents"


async def test_member_creates_and_lists_documents_newest_first(lasuite_client, make_member):
    alice = await make_member(role="member")
    await alice.sign_in(lasuite_client)

    first = await lasuite_client.post(DOCUMENTS, json={"title": "Compte rendu"})
    second = await lasuite_client.post(DOCUMENTS, json={"title": "Ordre du jour"})
    listed = await lasuite_client.get(DOCUMENTS)

    assert first.status_code == 201, first.text
    assert second.status_code == 201, second.text
    assert [d["title"] for d in listed.json()] == ["Ordre du jour", "Compte rendu"]


async def test_member_reads_a_document_by_id(lasuite_client, make_member):
    alice = await make_member(role="member")
    await alice.sign_in(lasuite_client)
    created = (await lasuite_client.post(DOCUMENTS, json={"title": "Note"})).json()

    response = await lasuite_client.get(f"{DOCUMENTS}/{created['id']}")

    assert response.status_code == 200
    assert response.json() == created


async def test_guest_cannot_create_documents(lasuite_client, make_member):
    guest = await make_member(role="guest")
    await guest.sign_in(lasuite_client)

    response = await lasuite_client.post(DOCUMENTS, json={"title": "x"})

    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"


async def test_documents_of_another_organization_are_not_listed(lasuite_client, make_member):
    alice = await make_member(organization="org-a")
    bob = await make_member(organization="org-b")
    await alice.sign_in(lasuite_client)
    await lasuite_client.post(DOCUMENTS, json={"title": "secret"})

    await bob.sign_in(lasuite_client)
    response = await lasuite_client.get(DOCUMENTS)

    assert response.json() == []


async def test_document_of_another_organization_is_not_found(lasuite_client, make_member):
    alice = await make_member(organization="org-a")
    bob = await make_member(organization="org-b")
    await alice.sign_in(lasuite_client)
    secret = (await lasuite_client.post(DOCUMENTS, json={"title": "secret"})).json()

    await bob.sign_in(lasuite_client)
    response = await lasuite_client.get(f"{DOCUMENTS}/{secret['id']}")

    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "detail": "No such document."}


async def test_unknown_document_is_not_found(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)

    response = await lasuite_client.get(f"{DOCUMENTS}/{uuid.uuid4()}")

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


async def test_empty_title_is_invalid_input(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)

    response = await lasuite_client.post(DOCUMENTS, json={"title": ""})

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"


async def test_title_longer_than_200_characters_is_invalid_input(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)

    response = await lasuite_client.post(DOCUMENTS, json={"title": "x" * 201})

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"


async def test_unknown_field_is_invalid_input(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)

    response = await lasuite_client.post(DOCUMENTS, json={"title": "x", "owner": "me"})

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"


async def test_member_renames_a_document(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    created = (await lasuite_client.post(DOCUMENTS, json={"title": "Brouillon"})).json()

    response = await lasuite_client.patch(
        f"{DOCUMENTS}/{created['id']}", json={"title": "Compte rendu du 3 mars"}
    )
    read = await lasuite_client.get(f"{DOCUMENTS}/{created['id']}")

    assert response.status_code == 200, response.text
    assert read.json()["title"] == "Compte rendu du 3 mars"


async def test_guest_cannot_rename_a_document(lasuite_client, make_member):
    alice = await make_member(organization="org-a")
    guest = await make_member(organization="org-a", role="guest")
    await alice.sign_in(lasuite_client)
    created = (await lasuite_client.post(DOCUMENTS, json={"title": "Note"})).json()
    await open_to_organization(lasuite_client, created["id"])
    await grant(lasuite_client, created["id"], "reader", user_id=guest.user_id)

    await guest.sign_in(lasuite_client)
    response = await lasuite_client.patch(f"{DOCUMENTS}/{created['id']}", json={"title": "x"})

    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"


async def test_renaming_to_an_empty_title_is_invalid_input(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    created = (await lasuite_client.post(DOCUMENTS, json={"title": "Note"})).json()

    response = await lasuite_client.patch(f"{DOCUMENTS}/{created['id']}", json={"title": ""})

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"


async def test_a_trashed_document_cannot_be_renamed(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    created = (await lasuite_client.post(DOCUMENTS, json={"title": "Note"})).json()
    await lasuite_client.delete(f"{DOCUMENTS}/{created['id']}")

    response = await lasuite_client.patch(f"{DOCUMENTS}/{created['id']}", json={"title": "x"})

    assert response.status_code == 404


async def test_recent_documents_come_last_edited_first_and_only_those_one_may_read(
    lasuite_client, make_member, lasuite_database
):
    alice, bob = await make_member(), await make_member()
    await bob.sign_in(lasuite_client)
    hidden = (await lasuite_client.post(DOCUMENTS, json={"title": "Brouillon de Bob"})).json()
    await alice.sign_in(lasuite_client)
    edited, newer, newest = [
        (await lasuite_client.post(DOCUMENTS, json={"title": title})).json()
        for title in ("Compte rendu", "Ordre du jour", "Note")
    ]
    async with lasuite_database.transaction() as db:
        await store.append(db, uuid.UUID(edited["id"]), typed_updates("Décisions"))

    recent = (await lasuite_client.get(f"{DOCUMENTS}/recent", params={"limit": 2})).json()
    everything = (await lasuite_client.get(f"{DOCUMENTS}/recent")).json()
    too_many = await lasuite_client.get(f"{DOCUMENTS}/recent", params={"limit": 51})

    assert [d["title"] for d in recent] == ["Compte rendu", "Note"]
    assert recent[0]["edited_at"] is not None
    assert recent[1]["edited_at"] is None
    assert [d["id"] for d in everything] == [edited["id"], newest["id"], newer["id"]]
    assert hidden["id"] not in {d["id"] for d in everything}
    assert too_many.status_code == 400
