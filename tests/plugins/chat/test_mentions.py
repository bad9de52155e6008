"""@mentions: by e-mail local part, only of the channel's members; @channel names
every member, @here those online; each counts in the sidebar until read, and is notified."""

from __future__ import annotations

from typing import Any

from lasuite.testing import AppSocket, Member, open_socket
from tests.plugins.chat.chat_api import BASE, add_member, browser_of, create_channel, post_ok


def handle(member) -> str:
    return member.email.split("@")[0]


async def mentions_of(client) -> list[dict[str, Any]]:
    response = await client.get("/api/v1/notifications")
    assert response.status_code == 200, response.text
    return [n for n in response.json()["items"] if n["kind"] == "chat.mention"]


async def mention_count(client, channel_id: str) -> int:
    sidebar = (await client.get(f"{BASE}/sidebar")).json()
    return next(entry["mention_count"] for entry in sidebar if entry["id"] == channel_id)


async def test_a_mentioned_member_is_notified_counted_and_shown(lasuite_client, alice, make_member):
    bob = await make_member()
    channel = await create_channel(lasuite_client, "général")
    await add_member(lasuite_client, channel["id"], bob.user_id)
    bob_browser = await browser_of(lasuite_client, bob)

    message = await post_ok(lasuite_client, channel["id"], f"@{handle(bob).upper()}, tu viens ?")
    await post_ok(lasuite_client, channel["id"], f"`@{handle(bob)}` en code ne compte pas")
    counted = await mention_count(bob_browser, channel["id"])
    notified = await mentions_of(bob_browser)
    read = await bob_browser.post(f"{BASE}/channels/{channel['id']}/read", json={"seq": 2})
    after_reading = await mention_count(bob_browser, channel["id"])

    assert message["html"] == (
        f'<p><span class="mention" data-mention="{bob.user_id}">@{handle(bob).upper()}</span>'
        ", tu viens ?</p>"
    )
    assert counted == 1
    assert [(n["body"], n["data"]["message_id"]) for n in notified] == [
        (message["text"], message["id"])
    ]
    assert read.status_code == 204
    assert after_reading == 0
    assert await mentions_of(lasuite_client) == []


async def test_people_outside_the_channel_cannot_be_mentioned(lasuite_client, alice, make_member):
    eve = await make_member()
    channel = await create_channel(lasuite_client, "privé", kind="private")
    eve_browser = await browser_of(lasuite_client, eve)

    message = await post_ok(lasuite_client, channel["id"], f"bonjour @{handle(eve)}")

    assert message["html"] == f"<p>bonjour @{handle(eve)}</p>"
    assert await mentions_of(eve_browser) == []


async def test_everyone_in_the_channel_is_named_by_channel(lasuite_client, alice, make_member):
    bob, carol, outsider = await make_member(), await make_member(), await make_member()
    channel = await create_channel(lasuite_client, "général")
    for member in (bob, carol):
        await add_member(lasuite_client, channel["id"], member.user_id)
    browsers = [await browser_of(lasuite_client, m) for m in (bob, carol, outsider)]

    message = await post_ok(lasuite_client, channel["id"], "@channel réunion à 14h")
    counts = [await mention_count(b, channel["id"]) for b in browsers[:2]]
    notified = [len(await mentions_of(b)) for b in browsers]

    assert '<span class="mention" data-mention="channel">@channel</span>' in message["html"]
    assert counts == [1, 1]
    assert notified == [1, 1, 0]
    assert await mention_count(lasuite_client, channel["id"]) == 0  # not the author


async def came_online(socket: AppSocket, topic: str, *members: Member) -> None:
    """Wait until ``topic`` announced each of ``members`` online, in any order."""
    waiting = {str(member.user_id) for member in members}
    while waiting:
        event = await socket.next_event(topic, name="core.presence.changed")
        if event["data"]["status"] == "online":
            waiting.discard(event["data"]["user_id"])


async def test_here_names_the_members_online_only(lasuite_client, alice, make_member):
    online, offline, outsider = await make_member(), await make_member(), await make_member()
    channel = await create_channel(lasuite_client, "général")
    for member in (online, offline):
        await add_member(lasuite_client, channel["id"], member.user_id)
    browsers = [await browser_of(lasuite_client, m) for m in (online, offline, outsider)]
    org = f"core:org:{alice.organization_id}"

    async with open_socket(lasuite_client) as watching:
        await watching.subscribe(org)
        async with open_socket(browsers[0]), open_socket(browsers[2]):
            await came_online(watching, org, online, outsider)
            message = await post_ok(lasuite_client, channel["id"], "@here qui est là ?")
    counts = [await mention_count(b, channel["id"]) for b in browsers[:2]]
    notified = [len(await mentions_of(b)) for b in browsers]

    assert '<span class="mention" data-mention="here">@here</span>' in message["html"]
    assert counts == [1, 0]
    assert notified == [1, 0, 0]
    assert await mention_count(lasuite_client, channel["id"]) == 0  # not the author
