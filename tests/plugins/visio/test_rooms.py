"""Meeting rooms through the HTTP API."""

from __future__ import annotations

import re

ROOMS = "/api/v1/visio/rooms"
SLUG = re.compile(r"^[a-z]{3}-[a-z]{4}-[a-z]{3}$")


async def test_member_creates_and_lists_rooms(lasuite_client, make_member):
    alice = await make_member(role="member")
    await alice.sign_in(lasuite_client)

    created = await lasuite_client.post(ROOMS, json={"name": "Point hebdo"})
    listed = await lasuite_client.get(ROOMS)

    assert created.status_code == 201, created.text
    assert [r["name"] for r in listed.json()] == ["Point hebdo"]


async def test_new_room_gets_a_readable_slug(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)

    room = (await lasuite_client.post(ROOMS, json={"name": "Point hebdo"})).json()

    assert SLUG.match(room["slug"]), room["slug"]


async def test_new_room_is_trusted_unless_told_otherwise(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)

    trusted = (await lasuite_client.post(ROOMS, json={"name": "a"})).json()
    public = (await lasuite_client.post(ROOMS, json={"name": "b", "access_level": "public"})).json()

    assert (trusted["access_level"], public["access_level"]) == ("trusted", "public")


async def test_member_reads_a_room_by_slug(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    created = (await lasuite_client.post(ROOMS, json={"name": "Point hebdo"})).json()

    response = await lasuite_client.get(f"{ROOMS}/{created['slug']}")

    assert response.status_code == 200
    assert response.json() == created


async def test_guest_cannot_create_rooms(lasuite_client, make_member):
    guest = await make_member(role="guest")
    await guest.sign_in(lasuite_client)

    response = await lasuite_client.post(ROOMS, json={"name": "x"})

    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"


async def test_rooms_of_another_organization_are_not_listed(lasuite_client, make_member):
    alice = await make_member(organization="org-a")
    bob = await make_member(organization="org-b")
    await alice.sign_in(lasuite_client)
    await lasuite_client.post(ROOMS, json={"name": "secret"})

    await bob.sign_in(lasuite_client)
    response = await lasuite_client.get(ROOMS)

    assert response.json() == []


async def test_room_of_another_organization_is_not_found(lasuite_client, make_member):
    alice = await make_member(organization="org-a")
    bob = await make_member(organization="org-b")
    await alice.sign_in(lasuite_client)
    secret = (await lasuite_client.post(ROOMS, json={"name": "secret"})).json()

    await bob.sign_in(lasuite_client)
    response = await lasuite_client.get(f"{ROOMS}/{secret['slug']}")

    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "detail": "No such room."}


async def test_unknown_room_is_not_found(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)

    response = await lasuite_client.get(f"{ROOMS}/abc-defg-hij")

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


async def test_unknown_access_level_is_invalid_input(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)

    response = await lasuite_client.post(ROOMS, json={"name": "x", "access_level": "secret"})

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"


async def test_empty_room_name_is_invalid_input(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)

    response = await lasuite_client.post(ROOMS, json={"name": ""})

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"


async def test_unknown_field_is_invalid_input(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)

    response = await lasuite_client.post(ROOMS, json={"name": "x", "slug": "my-own-slug"})

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"
