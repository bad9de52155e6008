"""Chat's notifications: French titles (the workspace's language; the core knows no
one's own), the author's name for the UI to title them in the reader's language, and
a link that opens the channel at the message (``?message=<seq>``, as search results)."""

from __future__ import annotations

from typing import Any

from tests.plugins.chat.chat_api import BASE, add_member, browser_of, create_channel, post_ok


async def notifications(client, kind: str) -> list[dict[str, Any]]:
    response = await client.get("/api/v1/notifications")
    assert response.status_code == 200, response.text
    return [n for n in response.json()["items"] if n["kind"] == kind]


async def name_of(client, channel_id: str, user_id: object) -> str:
    members = (await client.get(f"{BASE}/channels/{channel_id}/members")).json()
    return next(m["display_name"] for m in members if m["user_id"] == str(user_id))


async def test_a_mention_is_titled_in_french_and_links_to_the_message(
    lasuite_client, alice, make_member
):
    bob = await make_member()
    channel = await create_channel(lasuite_client, "général")
    await add_member(lasuite_client, channel["id"], bob.user_id)
    bob_browser = await browser_of(lasuite_client, bob)
    await post_ok(lasuite_client, channel["id"], "avant")
    message = await post_ok(lasuite_client, channel["id"], f"@{bob.email.split('@')[0]} tu viens ?")
    author = await name_of(lasuite_client, channel["id"], alice.user_id)

    [mention] = await notifications(bob_browser, "chat.mention")

    assert author
    assert mention["title"] == f"{author} vous a mentionné"
    assert mention["data"]["author_name"] == author
    assert mention["link"] == f"/chat/{channel['id']}?message={message['seq']}"
    assert message["seq"] == 2


async def test_a_thread_reply_is_titled_in_french_and_links_to_the_thread_root(
    lasuite_client, alice, make_member
):
    bob = await make_member()
    channel = await create_channel(lasuite_client, "général")
    await add_member(lasuite_client, channel["id"], bob.user_id)
    bob_browser = await browser_of(lasuite_client, bob)
    await post_ok(lasuite_client, channel["id"], "avant")
    root = await post_ok(lasuite_client, channel["id"], "question")
    await post_ok(bob_browser, channel["id"], "réponse", thread_root_id=root["id"])
    replier = await name_of(lasuite_client, channel["id"], bob.user_id)

    [reply] = await notifications(lasuite_client, "chat.thread_reply")

    assert reply["title"] == f"{replier} a répondu dans un fil que vous suivez"
    assert reply["data"]["author_name"] == replier
    assert reply["link"] == f"/chat/{channel['id']}?message={root['seq']}"
