"""Presence: who is online or away in an organization and present in a topic, on every
instance, and how entries nobody refreshes expire."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from redis.asyncio import Redis

from lasuite.realtime.presence import MemoryPresenceStore, Status
from lasuite.realtime.redis_presence import RedisPresenceStore
from lasuite.state import runtime_of
from lasuite.testing import AppSocket, Member, another_client, open_socket, require_service
from tests.core.board_plugin import room_topic
from tests.core.realtime import (  # noqa: F401  (fixtures)
    REDIS_ENV,
    lasuite_registry,
    lasuite_settings,
    other_instance,
    realtime_backend,
    settings_overrides,
    signed_in,
)

PRESENCE = "core.presence.changed"


@pytest.fixture
async def alice(lasuite_client, make_member) -> Member:
    return await signed_in(lasuite_client, make_member, "member")


@pytest.fixture
async def bob(make_member) -> Member:
    return await make_member(role="member")


def org_topic(member: Member) -> str:
    return f"core:org:{member.organization_id}"


async def status_change(socket: AppSocket, topic: str, member: Member) -> str:
    """The next status of ``member`` announced on ``topic``."""
    while True:
        event = await socket.next_event(topic, name=PRESENCE)
        if event["data"]["user_id"] == str(member.user_id):
            return str(event["data"]["status"])


async def present(client, topic: str | None = None) -> dict[str, str]:
    response = await client.get("/api/v1/presence", params={"topic": topic} if topic else {})
    assert response.status_code == 200, response.text
    return {user["user_id"]: user["status"] for user in response.json()}


async def test_a_member_connecting_is_online_for_the_organization_until_they_leave(
    lasuite_client, alice, bob
):
    bobs_browser = another_client(lasuite_client)
    await bob.sign_in(bobs_browser)
    async with open_socket(lasuite_client) as watching:
        await watching.subscribe(org_topic(alice))
        async with open_socket(bobs_browser):
            online = await status_change(watching, org_topic(alice), bob)
            while_connected = await present(lasuite_client)
        offline = await status_change(watching, org_topic(alice), bob)
        after = await present(lasuite_client)

    assert online == "online"
    assert while_connected == {str(alice.user_id): "online", str(bob.user_id): "online"}
    assert offline == "offline"
    assert after == {str(alice.user_id): "online"}


async def test_a_member_sets_themselves_away(lasuite_client, alice, bob):
    bobs_browser = another_client(lasuite_client)
    await bob.sign_in(bobs_browser)
    async with open_socket(lasuite_client) as watching, open_socket(bobs_browser) as bobs:
        await watching.subscribe(org_topic(alice))
        reply = await bobs.action("core.set_presence", {"status": "away"})
        # Bob's own arrival ("online") may be announced after the subscription, or not.
        seen = [await status_change(watching, org_topic(alice), bob)]
        if seen == ["online"]:
            seen.append(await status_change(watching, org_topic(alice), bob))
        listed = await present(lasuite_client)
        refused = await bobs.action("core.set_presence", {"status": "asleep"})

    assert reply == {"op": "ack", "id": 1, "ok": True, "data": {"status": "away"}}
    assert seen[-1] == "away"
    assert listed[str(bob.user_id)] == "away"
    assert refused["error"] == "invalid_input"


@pytest.mark.parametrize("realtime_backend", ["memory"])
async def test_a_status_set_while_the_connection_joins_is_the_one_kept(
    lasuite_client, alice, bob, monkeypatch
):
    # The connection's join of the organization is held until the "away" it was sent
    # meanwhile has been written: the join then writes "online", which must not stay.
    store = runtime_of(lasuite_client.app.state).realtime.presence.store
    enter = store.enter
    away_written, joined, away_again = asyncio.Event(), asyncio.Event(), asyncio.Event()

    async def entering(topic: str, user_id: str, connection_id: str, status: Status):
        if user_id == str(bob.user_id) and status == "online" and not joined.is_set():
            await away_written.wait()
            entered = await enter(topic, user_id, connection_id, status)
            joined.set()
            return entered
        entered = await enter(topic, user_id, connection_id, status)
        if user_id == str(bob.user_id) and status == "away":
            (away_again if joined.is_set() else away_written).set()
        return entered

    monkeypatch.setattr(store, "enter", entering)
    bobs_browser = another_client(lasuite_client)
    await bob.sign_in(bobs_browser)
    async with open_socket(bobs_browser) as bobs:
        await bobs.action("core.set_presence", {"status": "away"})
        await asyncio.wait_for(away_again.wait(), timeout=5)
        listed = await present(lasuite_client)

    assert listed[str(bob.user_id)] == "away"


async def test_the_subscribers_of_a_topic_with_presence_are_present_in_it(
    lasuite_client, alice, bob
):
    room = room_topic(alice.organization_id, "general")
    bobs_browser = another_client(lasuite_client)
    await bob.sign_in(bobs_browser)
    async with open_socket(lasuite_client) as watching, open_socket(bobs_browser) as bobs:
        await watching.subscribe(room)
        before = await present(lasuite_client, room)
        await bobs.subscribe(room)
        entered = await status_change(watching, room, bob)
        inside = await present(lasuite_client, room)
        await bobs.request("unsubscribe", topic=room)
        left = await status_change(watching, room, bob)

    assert before == {str(alice.user_id): "online"}
    assert entered == "online"
    assert inside == {str(alice.user_id): "online", str(bob.user_id): "online"}
    assert left == "offline"


@pytest.mark.parametrize("realtime_backend", ["memory"])
async def test_nobody_sees_who_is_in_a_topic_they_may_not_subscribe_to(
    lasuite_client, alice, make_member
):
    stranger = await make_member(role="owner", organization="org-b")

    responses = [
        await lasuite_client.get("/api/v1/presence", params={"topic": topic})
        for topic in (org_topic(stranger), room_topic(stranger.organization_id, "x"), "no:such")
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]


@pytest.mark.parametrize("realtime_backend", ["redis"])
async def test_presence_on_one_instance_shows_on_another(lasuite_app, lasuite_client, alice, bob):
    async with other_instance(lasuite_app) as instance_b:
        await bob.sign_in(instance_b)
        async with open_socket(lasuite_client) as watching:
            await watching.subscribe(org_topic(alice))
            async with open_socket(instance_b):
                online = await status_change(watching, org_topic(alice), bob)
                seen_from_a = await present(lasuite_client)
            offline = await status_change(watching, org_topic(alice), bob)
            after = await present(lasuite_client)

    assert online == "online"
    assert seen_from_a[str(bob.user_id)] == "online"
    assert offline == "offline"
    assert str(bob.user_id) not in after


@pytest.mark.parametrize("realtime_backend", ["redis"])
@pytest.mark.parametrize(
    "settings_overrides", [{"ws_heartbeat_seconds": 0.05, "presence_ttl_seconds": 1.0}]
)
async def test_the_users_of_an_instance_that_stopped_expire_on_the_others(
    lasuite_client, alice, bob
):
    # What a crashed instance leaves behind: an entry it will never refresh nor remove.
    redis = Redis.from_url(require_service("Redis", REDIS_ENV))
    crashed = RedisPresenceStore(redis, ttl=2.0)
    async with open_socket(lasuite_client) as watching:
        await watching.subscribe(org_topic(alice))
        await crashed.enter(org_topic(alice), str(bob.user_id), uuid.uuid4().hex, "online")
        while_fresh = await present(lasuite_client)
        expired = await status_change(watching, org_topic(alice), bob)
        after = await present(lasuite_client)
    await redis.aclose()

    assert while_fresh[str(bob.user_id)] == "online"
    assert expired == "offline"
    assert after == {str(alice.user_id): "online"}


@pytest.mark.parametrize("realtime_backend", ["memory", "redis"])
@pytest.mark.parametrize(
    "settings_overrides", [{"ws_heartbeat_seconds": 0.05, "presence_ttl_seconds": 0.3}]
)
async def test_a_connected_members_heartbeat_keeps_them_present_beyond_the_ttl(
    lasuite_client, alice, bob
):
    bobs_browser = another_client(lasuite_client)
    await bob.sign_in(bobs_browser)
    async with open_socket(bobs_browser, answer_pings=False) as bobs:
        for _ in range(12):  # 12 heartbeats last twice the presence TTL
            assert await bobs.next_frame() == {"op": "ping"}
            await bobs.send(op="pong")
        listed = await present(lasuite_client)

    assert listed[str(bob.user_id)] == "online"


async def test_an_entry_nobody_refreshes_expires_after_the_ttl():
    now = [100.0]
    store = MemoryPresenceStore(ttl=10.0, clock=lambda: now[0])
    await store.enter("core:org:x", "bob", "tab-1", "away")
    await store.enter("core:org:x", "bob", "tab-2", "online")
    await store.enter("core:org:x", "carol", "tab-3", "online")

    fresh = await store.statuses("core:org:x")
    now[0] += 5
    await store.enter("core:org:x", "carol", "tab-3", "online")
    now[0] += 6
    expired = await store.expire("core:org:x")
    left = await store.statuses("core:org:x")

    assert fresh == {"bob": "online", "carol": "online"}
    assert expired == ["bob"]
    assert left == {"carol": "online"}
