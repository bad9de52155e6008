"""Chat channels through the HTTP API."""

from __future__ import annotations


async def test_member_creates_and_lists_channels(lasuite_client, make_member):
    alice = await make_member(role="member")
    await alice.sign_in(lasuite_client)

    created = await lasuite_client.post("/api/v1/chat/channels", json={"name": "général"})
    listed = await lasuite_client.get("/api/v1/chat/channels")

    assert created.status_code == 201, created.text
    assert [c["name"] for c in listed.json()] == ["général"]


async def test_guest_cannot_create_channels(lasuite_client, make_member):
    guest = await make_member(role="guest")
    await guest.sign_in(lasuite_client)

    response = await lasuite_client.post("/api/v1/chat/channels", json={"name": "x"})

    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"


async def test_channels_of_another_organization_are_invisible(lasuite_client, make_member):
    alice = await make_member(organization="org-a")
    bob = await make_member(organization="org-b")
    await alice.sign_in(lasuite_client)
    await lasuite_client.post("/api/v1/chat/channels", json={"name": "secret"})

    await bob.sign_in(lasuite_client)
    response = await lasuite_client.get("/api/v1/chat/channels")

    assert response.json() == []


async def test_duplicate_channel_name_is_a_conflict(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    await lasuite_client.post("/api/v1/chat/channels", json={"name": "dup"})

    response = await lasuite_client.post("/api/v1/chat/channels", json={"name": "dup"})

    assert response.status_code == 409
    assert response.json() == {"error": "conflict", "detail": "A channel named dup already exists."}
