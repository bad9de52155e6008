"""Chat on the app websocket: delivery, resuming, who may follow a channel, typing."""

from __future__ import annotations

import uuid
from typing import Any

from lasuite.testing import open_socket
from tests.core.realtime import lasuite_settings, realtime_backend, settings_overrides  # noqa: F401
from tests.plugins.chat.chat_api import (
    BASE,
    add_member,
    browser_of,
    channel_topic,
    create_channel,
    history,
    post_ok,
)

POSTED = "chat.message.posted"


async def next_chat_event(socket, topic: str) -> dict[str, Any]:
    """The next event of chat on ``topic`` (presence changes are skipped)."""
    while True:
        event = await socket.next_event(topic)
        if event["name"].startswith("chat."):
            return event


def texts(events: list[dict[str, Any]]) -> list[str]:
    return [event["data"]["message"]["text"] for event in events]


async def test_a_message_reaches_the_other_member_once_and_in_order(
    lasuite_client, alice, make_member
):
    bob = await make_member()
    channel = await create_channel(lasuite_client, "général")
    await add_member(lasuite_client, channel["id"], bob.user_id)
    topic = channel_topic(channel["id"])
    bob_browser = await browser_of(lasuite_client, bob)
    async with open_socket(lasuite_client) as alices, open_socket(bob_browser) as bobs:
        acks = [await alices.subscribe(topic), await bobs.subscribe(topic)]
        for i in range(5):
            await post_ok(lasuite_client, channel["id"], f"m{i}")
        await post_ok(bob_browser, channel["id"], "fin")
        received = await bobs.events(6, topic, name=POSTED)
        own = await alices.events(6, topic, name=POSTED)

    assert [ack["op"] for ack in acks] == ["ack", "ack"]
    assert texts(received) == [f"m{i}" for i in range(5)] + ["fin"]
    assert [e["data"]["message"]["seq"] for e in received] == [1, 2, 3, 4, 5, 6]
    assert received[0]["data"]["message"]["html"] == "<p>m0</p>"
    assert texts(own) == texts(received)


async def test_a_reconnecting_member_gets_what_they_missed(lasuite_client, alice, make_member):
    bob = await make_member()
    channel = await create_channel(lasuite_client, "général")
    await add_member(lasuite_client, channel["id"], bob.user_id)
    topic = channel_topic(channel["id"])
    bob_browser = await browser_of(lasuite_client, bob)
    async with open_socket(bob_browser) as bobs:
        await bobs.subscribe(topic)
        await post_ok(lasuite_client, channel["id"], "vu")
        seen = await bobs.next_event(topic, name=POSTED)
    await post_ok(lasuite_client, channel["id"], "manqué 1")
    await post_ok(lasuite_client, channel["id"], "manqué 2")

    async with open_socket(bob_browser) as again:
        resumed = await again.subscribe(topic, since=seen["event_id"])
        await post_ok(lasuite_client, channel["id"], "en direct")
        caught_up = await again.events(3, topic, name=POSTED)
    over_http = await history(bob_browser, channel["id"], after=seen["data"]["message"]["seq"])

    assert resumed["op"] == "ack"
    assert texts(caught_up) == ["manqué 1", "manqué 2", "en direct"]
    assert [m["text"] for m in over_http] == ["manqué 1", "manqué 2", "en direct"]


async def test_only_readers_may_follow_a_channel(lasuite_client, alice, make_member):
    bob, guest = await make_member(), await make_member(role="guest")
    stranger = await make_member(organization="org-b")
    public = await create_channel(lasuite_client, "public")
    private = await create_channel(lasuite_client, "privé", kind="private")
    direct = (
        await lasuite_client.post(f"{BASE}/conversations", json={"user_ids": [str(guest.user_id)]})
    ).json()
    bob_browser = await browser_of(lasuite_client, bob)
    guest_browser = await browser_of(lasuite_client, guest)
    stranger_browser = await browser_of(lasuite_client, stranger)

    async def answers(client, *channels) -> list[str]:
        async with open_socket(client) as socket:
            return [(await socket.subscribe(channel_topic(c["id"])))["op"] for c in channels]

    by_bob = await answers(bob_browser, public, private, direct)
    by_guest = await answers(guest_browser, public, private, direct)
    by_stranger = await answers(stranger_browser, public)
    unknown = await answers(bob_browser, {"id": str(uuid.uuid4())}, {"id": "not-a-uuid"})

    assert by_bob == ["ack", "error", "error"]
    assert by_guest == ["error", "error", "ack"]
    assert by_stranger == ["error"]
    assert unknown == ["error", "error"]


async def test_edits_deletions_and_membership_changes_are_announced(
    lasuite_client, alice, make_member
):
    bob = await make_member()
    channel = await create_channel(lasuite_client, "général")
    topic = channel_topic(channel["id"])
    url = f"{BASE}/channels/{channel['id']}"
    async with open_socket(lasuite_client) as socket:
        await socket.subscribe(topic)
        message = await post_ok(lasuite_client, channel["id"], "brouillon")
        await lasuite_client.patch(f"{url}/messages/{message['id']}", json={"text": "propre"})
        await lasuite_client.delete(f"{url}/messages/{message['id']}")
        await lasuite_client.patch(url, json={"topic": "Nouveau sujet"})
        await add_member(lasuite_client, channel["id"], bob.user_id)
        await lasuite_client.delete(f"{url}/members/{bob.user_id}")
        events = [await next_chat_event(socket, topic) for _ in range(6)]

    assert [e["name"] for e in events] == [
        POSTED,
        "chat.message.edited",
        "chat.message.deleted",
        "chat.channel.updated",
        "chat.member.joined",
        "chat.member.left",
    ]
    assert events[1]["data"]["message"]["text"] == "propre"
    assert events[2]["data"]["seq"] == message["seq"]
    assert events[3]["data"]["channel"]["topic"] == "Nouveau sujet"
    assert events[4]["data"]["user_id"] == events[5]["data"]["user_id"] == str(bob.user_id)


async def test_typing_is_shown_to_the_channel_and_refused_to_outsiders(
    lasuite_client, alice, make_member
):
    bob, eve = await make_member(), await make_member()
    channel = await create_channel(lasuite_client, "général", kind="private")
    await add_member(lasuite_client, channel["id"], bob.user_id)
    topic = channel_topic(channel["id"])
    bob_browser = await browser_of(lasuite_client, bob)
    eve_browser = await browser_of(lasuite_client, eve)
    async with (
        open_socket(lasuite_client) as alices,
        open_socket(bob_browser) as bobs,
        open_socket(eve_browser) as eves,
    ):
        await alices.subscribe(topic)
        reply = await bobs.action("chat.typing", {"channel_id": channel["id"]})
        typing = await alices.next_event(topic, name="chat.member.typing")
        refused = await eves.action("chat.typing", {"channel_id": channel["id"]})

    assert reply["op"] == "ack"
    assert typing["data"]["user_id"] == str(bob.user_id)
    assert refused["op"] == "error"
    assert refused["error"] == "not_found"


async def test_subscribers_of_a_channel_are_present_in_it(lasuite_client, alice, make_member):
    bob = await make_member()
    channel = await create_channel(lasuite_client, "général")
    await add_member(lasuite_client, channel["id"], bob.user_id)
    topic = channel_topic(channel["id"])
    bob_browser = await browser_of(lasuite_client, bob)
    async with open_socket(lasuite_client) as alices, open_socket(bob_browser) as bobs:
        await alices.subscribe(topic)
        await bobs.subscribe(topic)
        while True:
            event = await alices.next_event(topic, name="core.presence.changed")
            if event["data"]["user_id"] == str(bob.user_id):
                break
        present = await lasuite_client.get("/api/v1/presence", params={"topic": topic})

    assert {u["user_id"] for u in present.json()} == {str(alice.user_id), str(bob.user_id)}
