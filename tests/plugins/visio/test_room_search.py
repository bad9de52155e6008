"""Meeting rooms found by the workspace's unified search."""

from __future__ import annotations

import pytest

ROOMS = "/api/v1/visio/rooms"


async def rooms_found(client, q: str) -> list[dict]:
    response = await client.get("/api/v1/search", params={"q": q, "plugins": "visio"})
    assert response.status_code == 200, response.text
    return response.json()["results"]


@pytest.fixture
async def alice(lasuite_client, make_member):
    member = await make_member(role="member")
    await member.sign_in(lasuite_client)
    return member


async def test_a_room_is_found_by_its_name_and_links_to_it(lasuite_client, alice):
    room = (await lasuite_client.post(ROOMS, json={"name": "Point hebdo"})).json()

    [hit] = await rooms_found(lasuite_client, "HEBDO")

    assert (hit["title"], hit["kind"], hit["url"]) == (
        "Point hebdo",
        "room",
        f"/visio/{room['slug']}",
    )
    assert hit["excerpt"] == room["slug"]


async def test_a_room_is_found_by_its_slug(lasuite_client, alice):
    room = (await lasuite_client.post(ROOMS, json={"name": "Point hebdo"})).json()
    await lasuite_client.post(ROOMS, json={"name": "Autre salle"})

    found = await rooms_found(lasuite_client, room["slug"])

    assert [(r["title"], r["score"]) for r in found] == [("Point hebdo", 3.0)]


async def test_like_wildcards_in_the_query_are_literal(lasuite_client, alice):
    for name in ("Équipe 50%", "Équipe 500", "salle_1", "salle-1"):
        await lasuite_client.post(ROOMS, json={"name": name})

    assert [r["title"] for r in await rooms_found(lasuite_client, "50%")] == ["Équipe 50%"]
    assert [r["title"] for r in await rooms_found(lasuite_client, "salle_")] == ["salle_1"]


async def test_rooms_of_another_organization_are_not_found(lasuite_client, make_member):
    bob = await make_member(organization="org-b")
    await bob.sign_in(lasuite_client)
    await lasuite_client.post(ROOMS, json={"name": "Cellule de crise"})

    alice = await make_member(organization="org-a")
    await alice.sign_in(lasuite_client)

    assert await rooms_found(lasuite_client, "crise") == []
