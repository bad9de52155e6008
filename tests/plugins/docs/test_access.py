"""Who may use a document: roles granted to users and teams, the document's link, both
inherited by the pages under it — and open editors cut off live when theirs change."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import httpx
import pytest
import websockets

from lasuite.tls import client_tls
from tests.plugins.docs.sync_clients import (
    WITHIN,
    close_code,
    create_document,
    editing,
    grant,
    open_to_organization,
    signed_in,
    sync_url,
)

DOCUMENTS = "/api/v1/docs/documents"
TEAMS = "/api/v1/orgs/current/teams"
MEMBERS = "/api/v1/orgs/current/members"


async def _new(client, title: str = "Note", parent: str | None = None) -> str:
    response = await client.post(DOCUMENTS, json={"title": title, "parent_id": parent})
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def test_a_new_document_is_its_authors_alone(lasuite_client, make_member):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    document = await _new(lasuite_client, "Brouillon confidentiel")
    mine = (await lasuite_client.get(f"{DOCUMENTS}/{document}")).json()

    await bob.sign_in(lasuite_client)
    read = await lasuite_client.get(f"{DOCUMENTS}/{document}")
    listed = (await lasuite_client.get(DOCUMENTS)).json()
    tree = (await lasuite_client.get("/api/v1/docs/tree")).json()
    found = (await lasuite_client.get("/api/v1/search", params={"q": "confidentiel"})).json()

    assert (mine["my_role"], mine["link_reach"]) == ("owner", "restricted")
    assert read.status_code == 404
    assert (listed, tree) == ([], [])
    assert not [hit for hit in found["results"] if hit["plugin"] == "docs"]


async def test_a_reader_reads_but_neither_renames_nor_shares(lasuite_client, make_member):
    alice, bob, carol = await make_member(), await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    document = await _new(lasuite_client)
    await grant(lasuite_client, document, "reader", user_id=bob.user_id)

    await bob.sign_in(lasuite_client)
    read = await lasuite_client.get(f"{DOCUMENTS}/{document}")
    renamed = await lasuite_client.patch(f"{DOCUMENTS}/{document}", json={"title": "x"})
    shared = await lasuite_client.put(
        f"{DOCUMENTS}/{document}/accesses", json={"role": "reader", "user_id": str(carol.user_id)}
    )
    trashed = await lasuite_client.delete(f"{DOCUMENTS}/{document}")

    assert (read.status_code, read.json()["my_role"]) == (200, "reader")
    assert (renamed.status_code, shared.status_code, trashed.status_code) == (403, 403, 403)


async def test_a_role_on_a_page_holds_for_the_pages_under_it(lasuite_client, make_member):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    parent = await _new(lasuite_client, "Dossier")
    child = await _new(lasuite_client, "Sous-page", parent)
    other = await _new(lasuite_client, "Autre")
    await grant(lasuite_client, parent, "editor", user_id=bob.user_id)

    await bob.sign_in(lasuite_client)
    read = (await lasuite_client.get(f"{DOCUMENTS}/{child}")).json()
    renamed = await lasuite_client.patch(f"{DOCUMENTS}/{child}", json={"title": "Renommée"})
    top = [n["document"]["id"] for n in (await lasuite_client.get("/api/v1/docs/tree")).json()]
    hidden = await lasuite_client.get(f"{DOCUMENTS}/{other}")

    assert read["my_role"] == "editor"
    assert renamed.status_code == 200
    assert top == [parent]
    assert hidden.status_code == 404


async def test_a_page_shared_alone_shows_at_the_top_of_its_readers_tree(
    lasuite_client, make_member
):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    parent = await _new(lasuite_client, "Dossier")
    child = await _new(lasuite_client, "Sous-page", parent)
    await grant(lasuite_client, child, "reader", user_id=bob.user_id)

    await bob.sign_in(lasuite_client)
    top = [n["document"]["id"] for n in (await lasuite_client.get("/api/v1/docs/tree")).json()]
    parent_read = await lasuite_client.get(f"{DOCUMENTS}/{parent}")

    assert top == [child]
    assert parent_read.status_code == 404


async def _roles(client, document: str, **people) -> dict[str, object]:
    """Each person's role on the document as they open it (else the status)."""
    roles: dict[str, object] = {}
    for name, who in people.items():
        await who.sign_in(client)
        answer = await client.get(f"{DOCUMENTS}/{document}")
        roles[name] = answer.json()["my_role"] if answer.status_code == 200 else answer.status_code
    return roles


async def test_the_link_opens_a_document_to_the_organization_but_not_to_its_guests(
    lasuite_client, make_member
):
    alice, bob = await make_member(), await make_member()
    guest = await make_member(role="guest")
    outsider = await make_member(organization="org-b")
    await alice.sign_in(lasuite_client)
    document = await _new(lasuite_client)
    await open_to_organization(lasuite_client, document, "editor")

    roles = await _roles(lasuite_client, document, bob=bob, guest=guest, outsider=outsider)

    assert roles == {"bob": "editor", "guest": 404, "outsider": 404}


async def test_a_guest_reads_a_public_page_by_its_link_and_lists_only_what_was_shared(
    lasuite_client, make_member
):
    alice, guest = await make_member(), await make_member(role="guest")
    await alice.sign_in(lasuite_client)
    public = await _new(lasuite_client, "Publique")
    await lasuite_client.patch(
        f"{DOCUMENTS}/{public}/link", json={"link_reach": "public", "link_role": "editor"}
    )
    shared = await _new(lasuite_client, "Partagée")
    await grant(lasuite_client, shared, "commenter", user_id=guest.user_id)

    roles = await _roles(lasuite_client, public, guest=guest)
    listed = [d["title"] for d in (await lasuite_client.get(DOCUMENTS)).json()]

    assert roles == {"guest": "reader"}
    assert listed == ["Partagée"]


async def test_guests_given_the_right_reach_the_pages_open_to_the_organization(
    lasuite_client, make_member
):
    owner, guest = await make_member(role="owner"), await make_member(role="guest")
    await owner.sign_in(lasuite_client)
    document = await _new(lasuite_client)
    await open_to_organization(lasuite_client, document, "editor")
    changed = await lasuite_client.put(
        "/api/v1/orgs/current/roles/guest/permissions/docs.document.browse",
        json={"granted": True},
    )

    roles = await _roles(lasuite_client, document, guest=guest)

    assert changed.status_code == 200, changed.text
    assert roles == {"guest": "reader"}  # guests still do not edit through the link


async def test_a_guest_granted_editor_edits(lasuite_client, make_member):
    alice, guest = await make_member(), await make_member(role="guest")
    await alice.sign_in(lasuite_client)
    document = await _new(lasuite_client)
    await grant(lasuite_client, document, "editor", user_id=guest.user_id)

    await guest.sign_in(lasuite_client)
    renamed = await lasuite_client.patch(f"{DOCUMENTS}/{document}", json={"title": "Revu"})

    assert renamed.status_code == 200, renamed.text


async def test_a_team_holds_a_role_for_its_members(lasuite_client, make_member):
    admin, bob = await make_member(role="admin"), await make_member()
    await admin.sign_in(lasuite_client)
    team = (await lasuite_client.post(TEAMS, json={"name": "Cabinet"})).json()
    await lasuite_client.put(f"{TEAMS}/{team['id']}/members/{bob.user_id}")
    document = await _new(lasuite_client)
    granted = await grant(lasuite_client, document, "commenter", team_id=team["id"])

    await bob.sign_in(lasuite_client)
    read = (await lasuite_client.get(f"{DOCUMENTS}/{document}")).json()
    listed = (await lasuite_client.get(f"{DOCUMENTS}/{document}/accesses")).json()

    assert read["my_role"] == "commenter"
    assert granted["name"] == "Cabinet"
    assert {(a["name"], a["role"]) for a in listed} >= {("Cabinet", "commenter")}


async def test_only_owners_give_the_owner_role_and_a_document_keeps_one(
    lasuite_client, make_member
):
    alice, bob, carol = await make_member(), await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    document = await _new(lasuite_client)
    await grant(lasuite_client, document, "administrator", user_id=bob.user_id)
    [own] = [
        a
        for a in (await lasuite_client.get(f"{DOCUMENTS}/{document}/accesses")).json()
        if a["role"] == "owner"
    ]
    last = await lasuite_client.delete(f"{DOCUMENTS}/{document}/accesses/{own['id']}")

    await bob.sign_in(lasuite_client)
    crowned = await lasuite_client.put(
        f"{DOCUMENTS}/{document}/accesses", json={"role": "owner", "user_id": str(carol.user_id)}
    )
    deposed = await lasuite_client.delete(f"{DOCUMENTS}/{document}/accesses/{own['id']}")
    shared = await lasuite_client.put(
        f"{DOCUMENTS}/{document}/accesses", json={"role": "editor", "user_id": str(carol.user_id)}
    )

    assert (last.status_code, last.json()["error"]) == (409, "docs.last_owner")
    assert (crowned.status_code, crowned.json()["error"]) == (403, "docs.owners_only")
    assert (deposed.status_code, deposed.json()["error"]) == (403, "docs.owners_only")
    assert shared.status_code == 200


async def test_a_public_link_lets_visitors_read_without_an_account(served, make_member):
    alice = await make_member()
    stranger = await make_member(organization="org-b")
    async with signed_in(served, alice) as alice_http, visiting(served) as visitor_http:
        document = await _new(alice_http, "Ordre du jour")
        async with editing(served, document, alice_http) as alice_editor:
            alice_editor.type("Point 1")
            await alice_editor.roundtrip()
            opened = await alice_http.patch(
                f"{DOCUMENTS}/{document}/link", json={"link_reach": "public"}
            )
            shown = await visitor_http.get(f"/api/v1/docs/shared/{document}")
            async with editing(served, document, visitor_http) as visitor:
                read = visitor.content
                visitor.type(" pirate")
                await visitor.roundtrip()
            await alice_editor.roundtrip()
            kept = alice_editor.content
        async with signed_in(served, stranger) as stranger_http:
            theirs = await stranger_http.get(f"/api/v1/docs/shared/{document}")
            listed = (await stranger_http.get(DOCUMENTS)).json()

    assert opened.status_code == 200
    assert (shown.status_code, shown.json()["title"], shown.json()["my_role"]) == (
        200,
        "Ordre du jour",
        "reader",
    )
    assert (read, kept) == ("Point 1", "Point 1")
    assert (theirs.status_code, theirs.json()["my_role"]) == (200, "reader")
    assert listed == []


@pytest.mark.parametrize("reach", ["restricted", "authenticated", "trashed"])
async def test_visitors_find_nothing_without_a_public_link(served, make_member, reach):
    alice = await make_member()
    async with signed_in(served, alice) as alice_http, visiting(served) as visitor_http:
        document = await _new(alice_http)
        if reach == "trashed":
            await alice_http.patch(f"{DOCUMENTS}/{document}/link", json={"link_reach": "public"})
            await alice_http.delete(f"{DOCUMENTS}/{document}")
        else:
            await alice_http.patch(f"{DOCUMENTS}/{document}/link", json={"link_reach": reach})
        shown = await visitor_http.get(f"/api/v1/docs/shared/{document}")
        async with websockets.connect(sync_url(served, document)) as socket:
            code = await close_code(socket)

    assert shown.status_code == 404
    assert code == 4404


async def test_a_public_link_reaches_the_pages_under_it(served, make_member):
    alice = await make_member()
    async with signed_in(served, alice) as alice_http, visiting(served) as visitor_http:
        parent = await _new(alice_http, "Dossier")
        child = await _new(alice_http, "Annexe", parent)
        await alice_http.patch(f"{DOCUMENTS}/{parent}/link", json={"link_reach": "public"})
        shown = await visitor_http.get(f"/api/v1/docs/shared/{child}")

    assert (shown.status_code, shown.json()["title"]) == (200, "Annexe")


async def test_a_visitor_is_cut_off_when_the_public_link_closes(served, make_member):
    alice = await make_member()
    async with signed_in(served, alice) as alice_http, visiting(served) as visitor_http:
        document = await _new(alice_http)
        await alice_http.patch(f"{DOCUMENTS}/{document}/link", json={"link_reach": "public"})
        async with editing(served, document, visitor_http) as visitor:
            await alice_http.patch(
                f"{DOCUMENTS}/{document}/link", json={"link_reach": "authenticated"}
            )

            assert await _closed_with(visitor) == 4403


@contextlib.asynccontextmanager
async def visiting(base_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client of someone not signed in."""
    async with httpx.AsyncClient(base_url=base_url, verify=client_tls()) as client:
        yield client


async def _closed_with(editor) -> int:
    async with asyncio.timeout(WITHIN):
        await editor.ended.wait()
    code: int = editor.close_code
    return code


@pytest.mark.parametrize(
    ("change", "code"),
    [("downgrade", 4409), ("revoke", 4403), ("trash", 4404)],
)
async def test_an_open_editor_is_cut_off_as_soon_as_their_access_changes(
    served, make_member, change, code
):
    alice, bob = await make_member(), await make_member()
    async with signed_in(served, alice) as alice_http, signed_in(served, bob) as bob_http:
        document = await _new(alice_http)
        granted = await grant(alice_http, document, "editor", user_id=bob.user_id)
        async with editing(served, document, bob_http) as bob_editor:
            bob_editor.type("avant")
            await bob_editor.roundtrip()
            if change == "downgrade":
                await grant(alice_http, document, "reader", user_id=bob.user_id)
            elif change == "revoke":
                await alice_http.delete(f"{DOCUMENTS}/{document}/accesses/{granted['id']}")
            else:
                await alice_http.delete(f"{DOCUMENTS}/{document}")

            assert await _closed_with(bob_editor) == code

        if change == "downgrade":
            async with editing(served, document, bob_http) as reader:
                reader.type(" après")
                await reader.roundtrip()
            async with editing(served, document, alice_http) as alice_editor:
                assert alice_editor.content == "avant"


@pytest.mark.parametrize("change", ["left the team", "team deleted", "left the organization"])
async def test_an_editor_through_a_team_is_cut_off_when_their_place_in_the_organization_changes(
    served, make_member, change
):
    admin, bob = await make_member(role="admin"), await make_member()
    async with signed_in(served, admin) as admin_http, signed_in(served, bob) as bob_http:
        team = (await admin_http.post(TEAMS, json={"name": "Cabinet"})).json()
        await admin_http.put(f"{TEAMS}/{team['id']}/members/{bob.user_id}")
        document = await _new(admin_http)
        await grant(admin_http, document, "editor", team_id=team["id"])
        async with editing(served, document, bob_http) as bob_editor:
            bob_editor.type("avant")
            await bob_editor.roundtrip()
            if change == "left the team":
                answer = await admin_http.delete(f"{TEAMS}/{team['id']}/members/{bob.user_id}")
            elif change == "team deleted":
                answer = await admin_http.delete(f"{TEAMS}/{team['id']}")
            else:
                answer = await admin_http.delete(f"{MEMBERS}/{bob.user_id}")
            assert answer.status_code < 300, answer.text

            assert await _closed_with(bob_editor) == 4403


async def test_a_reader_put_in_an_editors_team_reopens_the_page_and_edits(served, make_member):
    admin, bob = await make_member(role="admin"), await make_member()
    async with signed_in(served, admin) as admin_http, signed_in(served, bob) as bob_http:
        team = (await admin_http.post(TEAMS, json={"name": "Cabinet"})).json()
        document = await _new(admin_http)
        await grant(admin_http, document, "reader", user_id=bob.user_id)
        await grant(admin_http, document, "editor", team_id=team["id"])
        async with editing(served, document, bob_http) as bob_reader:
            await admin_http.put(f"{TEAMS}/{team['id']}/members/{bob.user_id}")

            # A reader who became an editor reopens the document to edit.
            assert await _closed_with(bob_reader) == 4409
        async with editing(served, document, bob_http) as bob_editor:
            bob_editor.type("après")
            await bob_editor.roundtrip()
        async with editing(served, document, admin_http) as admin_editor:
            assert admin_editor.content == "après"


async def test_an_editor_of_a_parent_is_cut_off_on_the_sub_page_too(served, make_member):
    alice, bob = await make_member(), await make_member()
    async with signed_in(served, alice) as alice_http, signed_in(served, bob) as bob_http:
        parent = await create_document(alice_http, "Dossier")
        child = await _new(alice_http, "Sous-page", parent)
        async with editing(served, child, bob_http) as bob_editor:
            await alice_http.patch(f"{DOCUMENTS}/{parent}/link", json={"link_role": "reader"})

            assert await _closed_with(bob_editor) == 4409


async def test_opening_a_link_and_trashing_are_in_the_organizations_audit_log(
    lasuite_client, make_member
):
    owner = await make_member(role="owner")
    await owner.sign_in(lasuite_client)
    document = await _new(lasuite_client, "Budget 2027")

    opened = await lasuite_client.patch(
        f"{DOCUMENTS}/{document}/link", json={"link_reach": "public", "link_role": "reader"}
    )
    trashed = await lasuite_client.delete(f"{DOCUMENTS}/{document}")
    restored = await lasuite_client.post(f"{DOCUMENTS}/{document}/restore")
    log = await lasuite_client.get("/api/v1/orgs/current/audit", params={"action": "docs.*"})

    assert [opened.status_code, trashed.status_code, restored.status_code] == [200, 204, 200]
    entries = [(e["action"], e["actor_id"], e["target"], e["data"]) for e in log.json()]
    named = {"name": "Budget 2027"}
    assert entries == [
        ("docs.document.restored", str(owner.user_id), document, named),
        ("docs.document.trashed", str(owner.user_id), document, named),
        (
            "docs.link.changed",
            str(owner.user_id),
            document,
            named | {"reach": "public", "link_role": "reader"},
        ),
    ]


async def test_a_refused_link_change_leaves_no_audit_entry(lasuite_client, make_member):
    owner = await make_member(role="owner")
    reader = await make_member(role="member")
    await owner.sign_in(lasuite_client)
    document = await _new(lasuite_client)
    await grant(lasuite_client, document, "reader", user_id=reader.user_id)
    await reader.sign_in(lasuite_client)

    refused = await lasuite_client.patch(
        f"{DOCUMENTS}/{document}/link", json={"link_reach": "public"}
    )
    await owner.sign_in(lasuite_client)
    log = await lasuite_client.get("/api/v1/orgs/current/audit", params={"action": "docs.*"})

    assert refused.status_code in {403, 404}
    assert log.json() == []
