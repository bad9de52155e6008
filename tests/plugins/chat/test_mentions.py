"""@mentions: by e-mail local part, only of the channel's members; @channel and
@here name every member; each counts in the sidebar until read, and is notified."""

from __future__ import annotations

from typing import Any

import pytest

from lasuite.testing import another_client
from tests.plugins.chat.chat_api import BASE, add_member, create_channel, post_ok


@pytest.fixture
async def alice(lasuite_client, make_member):
    member = await make_member()
    await member.sign_in(lasuite_client)
    return member


async def browser_of(lasuite_client, member):
    client = another_client(lasuite_client)
    await member.sign_in(client)
    return client


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


@pytest.mark.parametrize("word", ["channel", "here"])
async def test_everyone_in_the_channel_is_named_by_channel_and_here(
    lasuite_client, alice, make_member, word
):
    bob, carol, outsider = await make_member(), await make_member(), await make_member()
    channel = await create_channel(lasuite_client, "général")
    for member in (bob, carol):
        await add_member(lasuite_client, channel["id"], member.user_id)
    browsers = [await browser_of(lasuite_client, m) for m in (bob, carol, outsider)]

    message = await post_ok(lasuite_client, channel["id"], f"@{word} réunion à 14h")
    counts = [await mention_count(b, channel["id"]) for b in browsers[:2]]
    notified = [len(await mentions_of(b)) for b in browsers]

    assert f'<span class="mention" data-mention="{word}">@{word}</span>' in message["html"]
    assert counts == [1, 1]
    assert notified == [1, 1, 0]
    assert await mention_count(lasuite_client, channel["id"]) == 0  # not the author
