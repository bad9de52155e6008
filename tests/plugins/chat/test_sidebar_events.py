"""A person's own chat topic tells them live that a channel entered or left their list."""

from __future__ import annotations

from lasuite.testing import open_socket
from tests.core.realtime import lasuite_settings, realtime_backend, settings_overrides  # noqa: F401
from tests.plugins.chat.chat_api import BASE, add_member, browser_of, create_channel

CHANGED = "chat.sidebar.changed"


def user_topic(user_id: object) -> str:
    return f"chat:user:{user_id}"


async def test_being_added_or_removed_reaches_only_the_person(lasuite_client, alice, make_member):
    bob = await make_member()
    carol = await make_member()
    topic = user_topic(bob.user_id)
    bob_browser = await browser_of(lasuite_client, bob)
    carol_browser = await browser_of(lasuite_client, carol)
    async with open_socket(bob_browser) as bobs, open_socket(carol_browser) as carols:
        own = await bobs.subscribe(topic)
        spying = await carols.subscribe(topic)
        channel = await create_channel(lasuite_client, "projets", kind="private")
        assert (await add_member(lasuite_client, channel["id"], bob.user_id)).status_code == 200
        added = await bobs.next_event(topic, name=CHANGED)
        removed_response = await lasuite_client.delete(
            f"{BASE}/channels/{channel['id']}/members/{bob.user_id}"
        )
        removed = await bobs.next_event(topic, name=CHANGED)

    assert own["op"] == "ack"
    assert spying["op"] == "error"
    assert removed_response.status_code in (200, 204), removed_response.text
    assert added["data"] == {"channel_id": channel["id"], "added": True}
    assert removed["data"] == {"channel_id": channel["id"], "added": False}


async def test_opening_a_conversation_or_creating_a_channel_tells_the_others(
    lasuite_client, alice, make_member
):
    bob = await make_member()
    carol = await make_member()
    bob_browser = await browser_of(lasuite_client, bob)
    async with open_socket(bob_browser) as bobs:
        await bobs.subscribe(user_topic(bob.user_id))
        direct = await lasuite_client.post(
            f"{BASE}/conversations", json={"user_ids": [str(bob.user_id)]}
        )
        told_direct = await bobs.next_event(user_topic(bob.user_id), name=CHANGED)
        group = await lasuite_client.post(
            f"{BASE}/conversations", json={"user_ids": [str(bob.user_id), str(carol.user_id)]}
        )
        told_group = await bobs.next_event(user_topic(bob.user_id), name=CHANGED)
        channel = await create_channel(lasuite_client, "équipe", member_ids=[str(bob.user_id)])
        told_channel = await bobs.next_event(user_topic(bob.user_id), name=CHANGED)

    assert told_direct["data"]["channel_id"] == direct.json()["id"]
    assert told_group["data"]["channel_id"] == group.json()["id"]
    assert told_channel["data"]["channel_id"] == channel["id"]
