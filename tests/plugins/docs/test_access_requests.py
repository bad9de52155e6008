"""Access requests: someone with a page's link asks for a role, its administrators are
notified and accept (with the role asked or another) or refuse; the requester is told and
their open page follows."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.plugins.docs.people import browser_of, notified
from tests.plugins.docs.sync_clients import (
    WITHIN,
    create_document,
    editing,
    open_to_organization,
    signed_in,
)

DOCUMENTS = "/api/v1/docs/documents"


async def _document(client: Any, title: str = "Budget 2027") -> str:
    response = await client.post(DOCUMENTS, json={"title": title})
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def test_a_request_is_accepted_with_the_role_asked_and_the_requester_is_told(
    lasuite_client, make_member
):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    document = await _document(lasuite_client)
    bobs = await browser_of(lasuite_client, bob)
    url = f"{DOCUMENTS}/{document}/access-requests"

    before = await bobs.get(f"{DOCUMENTS}/{document}")
    asked = await bobs.post(url, json={"role": "reader"})
    asked_again = await bobs.post(url, json={"role": "editor"})
    asked_once_more = await bobs.post(url, json={"role": "editor"})
    to_alice = await notified(lasuite_client, "docs.access_requested")
    listed = (await lasuite_client.get(url)).json()
    accepted = await lasuite_client.post(f"{url}/{listed[0]['id']}/accept", json={})
    after = await bobs.get(f"{DOCUMENTS}/{document}")
    to_bob = await notified(bobs, "docs.access_granted")

    assert before.status_code == 404
    assert asked.status_code == 201, asked.text
    assert asked_again.json()["id"] == asked.json()["id"]
    assert asked_once_more.json()["id"] == asked.json()["id"]
    assert [(r["user_id"], r["role"]) for r in listed] == [(str(bob.user_id), "editor")]
    # Newest first; asking the same role again told nobody.
    assert [n["data"]["role"] for n in to_alice] == ["editor", "reader"]
    assert (accepted.status_code, accepted.json()["role"]) == (200, "editor"), accepted.text
    assert after.json()["my_role"] == "editor"
    assert [n["link"] for n in to_bob] == [f"/docs/{document}"]
    assert (await lasuite_client.get(url)).json() == []


async def test_an_administrator_gives_another_role_or_refuses(lasuite_client, make_member):
    alice, bob, carol = await make_member(), await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    document = await _document(lasuite_client)
    bobs, carols = await browser_of(lasuite_client, bob), await browser_of(lasuite_client, carol)
    url = f"{DOCUMENTS}/{document}/access-requests"
    bobs_request = (await bobs.post(url, json={"role": "editor"})).json()
    carols_request = (await carols.post(url, json={"role": "reader"})).json()

    given = await lasuite_client.post(
        f"{url}/{bobs_request['id']}/accept", json={"role": "commenter"}
    )
    refused = await lasuite_client.delete(f"{url}/{carols_request['id']}")

    assert given.json()["role"] == "commenter"
    assert (await bobs.get(f"{DOCUMENTS}/{document}")).json()["my_role"] == "commenter"
    assert refused.status_code == 204
    assert (await carols.get(f"{DOCUMENTS}/{document}")).status_code == 404
    assert (await lasuite_client.get(url)).json() == []


async def test_only_administrators_see_and_settle_requests(lasuite_client, make_member):
    alice, bob, carol = await make_member(), await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    document = await _document(lasuite_client)
    await lasuite_client.put(
        f"{DOCUMENTS}/{document}/accesses", json={"role": "editor", "user_id": str(carol.user_id)}
    )
    bobs, carols = await browser_of(lasuite_client, bob), await browser_of(lasuite_client, carol)
    url = f"{DOCUMENTS}/{document}/access-requests"
    request = (await bobs.post(url, json={"role": "reader"})).json()

    editor_lists = await carols.get(url)
    editor_accepts = await carols.post(f"{url}/{request['id']}/accept", json={})
    requester_accepts = await bobs.post(f"{url}/{request['id']}/accept", json={})
    editor_refuses = await carols.delete(f"{url}/{request['id']}")
    taken_back = await bobs.delete(f"{url}/{request['id']}")

    assert [editor_lists.status_code, editor_accepts.status_code] == [403, 403]
    assert requester_accepts.status_code == 404
    assert editor_refuses.status_code == 403
    assert taken_back.status_code == 204
    assert (await lasuite_client.get(url)).json() == []


async def test_a_request_for_a_role_already_held_or_of_another_organization_is_refused(
    lasuite_client, make_member
):
    alice, bob = await make_member(), await make_member()
    outsider = await make_member(organization="org-b")
    await alice.sign_in(lasuite_client)
    document = await _document(lasuite_client)
    await lasuite_client.put(
        f"{DOCUMENTS}/{document}/accesses", json={"role": "editor", "user_id": str(bob.user_id)}
    )
    bobs = await browser_of(lasuite_client, bob)
    outsiders = await browser_of(lasuite_client, outsider)
    url = f"{DOCUMENTS}/{document}/access-requests"

    held = await bobs.post(url, json={"role": "commenter"})
    foreign = await outsiders.post(url, json={"role": "reader"})
    owner_asked = await bobs.post(url, json={"role": "owner"})

    assert (held.status_code, held.json()["error"]) == (409, "docs.role_already_held")
    assert foreign.status_code == 404
    assert owner_asked.status_code == 400
    assert (await lasuite_client.get(url)).json() == []


async def test_an_accepted_request_reaches_the_requesters_open_page_live(served, make_member):
    """Someone reading a page through its link asks to edit it; once accepted, their open
    session is told to open the page again, with the new role."""
    alice, bob = await make_member(), await make_member()
    async with signed_in(served, alice) as alice_http, signed_in(served, bob) as bob_http:
        document = await create_document(alice_http)
        await open_to_organization(alice_http, document, role="reader")
        url = f"{DOCUMENTS}/{document}/access-requests"
        request = (await bob_http.post(url, json={"role": "editor"})).json()
        async with editing(served, document, bob_http) as bob_reader:
            await alice_http.post(f"{url}/{request['id']}/accept", json={})
            async with asyncio.timeout(WITHIN):
                await bob_reader.ended.wait()

        assert bob_reader.close_code == 4409
