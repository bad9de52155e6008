"""Pinned messages: any member who may post pins and unpins; readers list them."""

from __future__ import annotations

from tests.plugins.chat.chat_api import (
    BASE,
    add_member,
    browser_of,
    create_channel,
    history,
    post_ok,
)


async def test_a_member_pins_and_unpins_messages(lasuite_client, alice, make_member):
    bob = await make_member()
    channel = await create_channel(lasuite_client, "général")
    await add_member(lasuite_client, channel["id"], bob.user_id)
    bob_browser = await browser_of(lasuite_client, bob)
    first = await post_ok(lasuite_client, channel["id"], "ordre du jour")
    second = await post_ok(lasuite_client, channel["id"], "compte rendu")
    url = f"{BASE}/channels/{channel['id']}"

    pinned = await bob_browser.put(f"{url}/messages/{first['id']}/pin")
    again = await bob_browser.put(f"{url}/messages/{first['id']}/pin")
    await lasuite_client.put(f"{url}/messages/{second['id']}/pin")
    both = (await lasuite_client.get(f"{url}/pins")).json()
    flags = [m["pinned"] for m in await history(lasuite_client, channel["id"])]
    unpinned = await lasuite_client.delete(f"{url}/messages/{second['id']}/pin")
    left = (await bob_browser.get(f"{url}/pins")).json()

    assert (pinned.status_code, again.status_code) == (200, 200)
    assert pinned.json()["pinned"] is True
    assert [m["text"] for m in both] == ["compte rendu", "ordre du jour"]
    assert flags == [True, True]
    assert unpinned.json()["pinned"] is False
    assert [m["id"] for m in left] == [first["id"]]


async def test_readers_who_are_not_members_see_pins_but_do_not_pin(
    lasuite_client, alice, make_member
):
    reader = await make_member()
    channel = await create_channel(lasuite_client, "public")
    message = await post_ok(lasuite_client, channel["id"], "à lire")
    url = f"{BASE}/channels/{channel['id']}"
    await lasuite_client.put(f"{url}/messages/{message['id']}/pin")
    reader_browser = await browser_of(lasuite_client, reader)

    seen = await reader_browser.get(f"{url}/pins")
    refused = await reader_browser.delete(f"{url}/messages/{message['id']}/pin")

    assert [m["id"] for m in seen.json()] == [message["id"]]
    assert refused.status_code == 403


async def test_a_deleted_message_leaves_the_pins(lasuite_client, alice):
    channel = await create_channel(lasuite_client, "général")
    message = await post_ok(lasuite_client, channel["id"], "erreur")
    url = f"{BASE}/channels/{channel['id']}"
    await lasuite_client.put(f"{url}/messages/{message['id']}/pin")
    await lasuite_client.delete(f"{url}/messages/{message['id']}")

    assert (await lasuite_client.get(f"{url}/pins")).json() == []
