"""Emoji reactions: one of each emoji per person, counted per message with the
caller's own marked, in a constant number of queries per page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.plugins.chat.chat_api import (
    BASE,
    add_member,
    browser_of,
    create_channel,
    history,
    post_ok,
)


def reactions_url(message: dict[str, Any], emoji: str) -> str:
    return f"{BASE}/channels/{message['channel_id']}/messages/{message['id']}/reactions/{emoji}"


async def test_each_emoji_counts_once_per_person_and_marks_the_callers_own(
    lasuite_client, alice, make_member
):
    bob = await make_member()
    channel = await create_channel(lasuite_client, "général")
    await add_member(lasuite_client, channel["id"], bob.user_id)
    bob_browser = await browser_of(lasuite_client, bob)
    message = await post_ok(lasuite_client, channel["id"], "bonne nouvelle")

    await lasuite_client.put(reactions_url(message, "👍"))
    twice = await lasuite_client.put(reactions_url(message, "👍"))
    await bob_browser.put(reactions_url(message, "👍"))
    await bob_browser.put(reactions_url(message, ":tada:"))

    as_alice = (await history(lasuite_client, channel["id"]))[0]["reactions"]
    as_bob = (await history(bob_browser, channel["id"]))[0]["reactions"]
    removed = await bob_browser.delete(reactions_url(message, "👍"))

    assert twice.status_code == 200
    assert as_alice == [
        {"emoji": "👍", "count": 2, "me": True},
        {"emoji": ":tada:", "count": 1, "me": False},
    ]
    assert as_bob == [
        {"emoji": "👍", "count": 2, "me": True},
        {"emoji": ":tada:", "count": 1, "me": True},
    ]
    assert removed.json() == [
        {"emoji": "👍", "count": 1, "me": False},
        {"emoji": ":tada:", "count": 1, "me": True},
    ]


@pytest.mark.parametrize("emoji", ["👍", "👨‍👩‍👧", "🇫🇷", "❤️", "👋🏽", ":+1:", ":white_check_mark:"])
async def test_emoji_and_shortcodes_are_accepted(lasuite_client, alice, emoji):
    channel = await create_channel(lasuite_client, "général")
    message = await post_ok(lasuite_client, channel["id"], "ok")

    response = await lasuite_client.put(reactions_url(message, emoji))

    assert response.status_code == 200, response.text
    assert response.json() == [{"emoji": emoji, "count": 1, "me": True}]


@pytest.mark.parametrize("text", ["abc", "<b>", ":Bad Code:", "👍" * 13, "a👍", "::"])
async def test_anything_else_is_refused(lasuite_client, alice, text):
    channel = await create_channel(lasuite_client, "général")
    message = await post_ok(lasuite_client, channel["id"], "ok")

    response = await lasuite_client.put(reactions_url(message, text))

    assert response.status_code == 400
    assert response.json()["error"] == "chat.invalid_reaction"


async def test_only_members_react(lasuite_client, alice, make_member):
    reader = await make_member()
    channel = await create_channel(lasuite_client, "public")
    message = await post_ok(lasuite_client, channel["id"], "ok")
    reader_browser = await browser_of(lasuite_client, reader)

    response = await reader_browser.put(reactions_url(message, "👍"))

    assert response.status_code == 403


async def test_a_page_of_messages_costs_the_same_queries_however_long(
    lasuite_client, alice, make_member, lasuite_statements
):
    channel = await create_channel(lasuite_client, "général")
    for i in range(12):
        message = await post_ok(lasuite_client, channel["id"], f"m{i}")
        await lasuite_client.put(reactions_url(message, "👍"))
        await lasuite_client.put(reactions_url(message, ":eyes:"))
        await lasuite_client.put(f"{BASE}/channels/{channel['id']}/messages/{message['id']}/pin")
    lasuite_statements.clear()
    short = await history(lasuite_client, channel["id"], limit=2)
    short_cost = len(lasuite_statements)
    lasuite_statements.clear()
    long = await history(lasuite_client, channel["id"], limit=12)
    long_cost = len(lasuite_statements)

    assert (len(short), len(long)) == (2, 12)
    assert all(len(m["reactions"]) == 2 and m["pinned"] for m in long)
    assert long_cost == short_cost
