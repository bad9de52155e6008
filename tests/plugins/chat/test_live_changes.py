"""Threads, reactions and pins on the app websocket, and a member taken out of a
channel no longer following it."""

from __future__ import annotations

from typing import Any

from lasuite.testing import AppSocket, open_socket
from tests.core.realtime import lasuite_settings, realtime_backend, settings_overrides  # noqa: F401
from tests.plugins.chat.chat_api import (
    BASE,
    add_member,
    browser_of,
    channel_topic,
    create_channel,
    post_ok,
)


async def next_chat_event(socket: AppSocket, topic: str | None) -> dict[str, Any]:
    """The next event of chat on ``topic`` (None: any; presence changes are skipped)."""
    while True:
        event = await socket.next_event(topic)
        if event["name"].startswith("chat."):
            return event


async def test_replies_reactions_and_pins_are_announced(lasuite_client, alice, make_member):
    bob = await make_member()
    channel = await create_channel(lasuite_client, "général")
    await add_member(lasuite_client, channel["id"], bob.user_id)
    bob_browser = await browser_of(lasuite_client, bob)
    topic = channel_topic(channel["id"])
    root = await post_ok(lasuite_client, channel["id"], "question")
    url = f"{BASE}/channels/{channel['id']}/messages/{root['id']}"
    async with open_socket(bob_browser) as bobs:
        await bobs.subscribe(topic)
        reply = await post_ok(lasuite_client, channel["id"], "réponse", thread_root_id=root["id"])
        await lasuite_client.put(f"{url}/reactions/👍")
        await lasuite_client.delete(f"{url}/reactions/👍")
        await lasuite_client.put(f"{url}/pin")
        await lasuite_client.delete(f"{url}/pin")
        events = [await next_chat_event(bobs, topic) for _ in range(6)]

    assert [e["name"] for e in events] == [
        "chat.message.posted",
        "chat.thread.replied",
        "chat.reaction.added",
        "chat.reaction.removed",
        "chat.message.pinned",
        "chat.message.unpinned",
    ]
    replied = events[1]["data"]
    assert (replied["root_id"], replied["reply_count"]) == (root["id"], 1)
    assert replied["message"]["id"] == reply["id"]
    assert events[0]["data"]["message"]["thread_root_id"] == root["id"]
    reaction = events[2]["data"]
    assert (reaction["message_id"], reaction["emoji"]) == (root["id"], "👍")
    assert reaction["user_id"] == str(alice.user_id)
    assert events[4]["data"]["pinned_by"] == str(alice.user_id)


async def test_a_member_taken_out_of_a_private_channel_stops_following_it(
    lasuite_client, alice, make_member
):
    bob = await make_member()
    private = await create_channel(lasuite_client, "privé", kind="private")
    still = await create_channel(lasuite_client, "général")
    for channel in (private, still):
        await add_member(lasuite_client, channel["id"], bob.user_id)
    bob_browser = await browser_of(lasuite_client, bob)
    topic, other = channel_topic(private["id"]), channel_topic(still["id"])
    async with open_socket(bob_browser) as bobs:
        await bobs.subscribe(topic)
        await bobs.subscribe(other)
        await lasuite_client.delete(f"{BASE}/channels/{private['id']}/members/{bob.user_id}")
        while (ended := await bobs.next_frame())["op"] != "unsubscribed":
            pass
        await post_ok(lasuite_client, private["id"], "secret")
        await post_ok(lasuite_client, still["id"], "public")
        # The post in the other channel comes after the secret one: had the secret
        # reached Bob, it would be here first.
        received = await next_chat_event(bobs, None)

    assert (ended["topic"], ended["reason"]) == (topic, "forbidden")
    assert (received["topic"], received["data"]["message"]["text"]) == (other, "public")


async def test_a_member_leaving_a_public_channel_may_still_follow_it(
    lasuite_client, alice, make_member
):
    bob = await make_member()
    channel = await create_channel(lasuite_client, "général")
    await add_member(lasuite_client, channel["id"], bob.user_id)
    bob_browser = await browser_of(lasuite_client, bob)
    topic = channel_topic(channel["id"])
    async with open_socket(bob_browser) as bobs:
        await bobs.subscribe(topic)
        await bob_browser.post(f"{BASE}/channels/{channel['id']}/leave")
        await post_ok(lasuite_client, channel["id"], "toujours lisible")
        received = await bobs.next_event(topic, name="chat.message.posted")

    assert received["data"]["message"]["text"] == "toujours lisible"
