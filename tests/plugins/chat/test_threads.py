"""Threads: replies kept out of the channel's history, counted on their root, listed
page by page, and notified to the thread's followers."""

from __future__ import annotations

from typing import Any

from tests.plugins.chat.chat_api import (
    BASE,
    add_member,
    browser_of,
    create_channel,
    history,
    post,
    post_ok,
)


async def thread(client, channel_id: str, root_id: str, **params: Any) -> dict[str, Any]:
    url = f"{BASE}/channels/{channel_id}/messages/{root_id}/thread"
    response = await client.get(url, params=params)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


async def notifications(client, kind: str) -> list[dict[str, Any]]:
    response = await client.get("/api/v1/notifications")
    assert response.status_code == 200, response.text
    return [n for n in response.json()["items"] if n["kind"] == kind]


async def test_replies_stay_out_of_the_history_and_are_counted_on_their_root(lasuite_client, alice):
    channel = await create_channel(lasuite_client, "général")
    root = await post_ok(lasuite_client, channel["id"], "question")
    first = await post_ok(lasuite_client, channel["id"], "r1", thread_root_id=root["id"])
    # Replying to a reply answers in the same thread.
    second = await post_ok(lasuite_client, channel["id"], "r2", thread_root_id=first["id"])
    after = await post_ok(lasuite_client, channel["id"], "suite")

    main = await history(lasuite_client, channel["id"])
    whole = await thread(lasuite_client, channel["id"], root["id"])

    assert [m["text"] for m in main] == ["question", "suite"]
    assert main[0]["reply_count"] == 2
    assert main[0]["last_reply_at"] == second["created_at"]
    assert (first["thread_root_id"], second["thread_root_id"]) == (root["id"], root["id"])
    assert whole["root"]["id"] == root["id"]
    assert [m["text"] for m in whole["replies"]] == ["r1", "r2"]
    assert whole["following"] is True
    assert after["seq"] == 4


async def test_a_thread_is_read_page_by_page(lasuite_client, alice):
    channel = await create_channel(lasuite_client, "général")
    root = await post_ok(lasuite_client, channel["id"], "question")
    for i in range(5):
        await post_ok(lasuite_client, channel["id"], f"r{i}", thread_root_id=root["id"])

    first = await thread(lasuite_client, channel["id"], root["id"], limit=2)
    then = await thread(
        lasuite_client, channel["id"], root["id"], limit=2, after=first["replies"][-1]["seq"]
    )
    last = await thread(
        lasuite_client, channel["id"], root["id"], limit=2, after=then["replies"][-1]["seq"]
    )

    pages = [[m["text"] for m in page["replies"]] for page in (first, then, last)]
    assert pages == [["r0", "r1"], ["r2", "r3"], ["r4"]]


async def test_replies_do_not_count_as_unread_in_the_sidebar(lasuite_client, alice, make_member):
    bob = await make_member()
    channel = await create_channel(lasuite_client, "général")
    await add_member(lasuite_client, channel["id"], bob.user_id)
    root = await post_ok(lasuite_client, channel["id"], "question")
    await post_ok(lasuite_client, channel["id"], "réponse", thread_root_id=root["id"])

    bob_browser = await browser_of(lasuite_client, bob)
    sidebar = (await bob_browser.get(f"{BASE}/sidebar")).json()

    assert [entry["unread_count"] for entry in sidebar] == [1]


async def test_a_reply_needs_a_live_root_of_the_same_channel(lasuite_client, alice):
    channel = await create_channel(lasuite_client, "général")
    other = await create_channel(lasuite_client, "autre")
    elsewhere = await post_ok(lasuite_client, other["id"], "ailleurs")
    gone = await post_ok(lasuite_client, channel["id"], "effacé")
    await lasuite_client.delete(f"{BASE}/channels/{channel['id']}/messages/{gone['id']}")

    across = await post(lasuite_client, channel["id"], "r", thread_root_id=elsewhere["id"])
    on_deleted = await post(lasuite_client, channel["id"], "r", thread_root_id=gone["id"])

    assert (across.status_code, on_deleted.status_code) == (404, 409)


async def test_followers_are_notified_of_replies_until_they_unfollow(
    lasuite_client, alice, make_member
):
    bob, carol, dan = await make_member(), await make_member(), await make_member()
    channel = await create_channel(lasuite_client, "général")
    for member in (bob, carol, dan):
        await add_member(lasuite_client, channel["id"], member.user_id)
    bob_browser, carol_browser, dan_browser = [
        await browser_of(lasuite_client, m) for m in (bob, carol, dan)
    ]
    root = await post_ok(lasuite_client, channel["id"], "question")
    follow = f"{BASE}/channels/{channel['id']}/messages/{root['id']}/follow"

    await post_ok(bob_browser, channel["id"], "réponse de Bob", thread_root_id=root["id"])
    followed = await carol_browser.put(follow)
    await post_ok(lasuite_client, channel["id"], "merci", thread_root_id=root["id"])
    unfollowed = await lasuite_client.delete(follow)
    await post_ok(bob_browser, channel["id"], "de rien", thread_root_id=root["id"])

    kind = "chat.thread_reply"
    to_alice = [n["body"] for n in await notifications(lasuite_client, kind)]
    to_bob = [n["body"] for n in await notifications(bob_browser, kind)]
    to_carol = [n["body"] for n in await notifications(carol_browser, kind)]
    to_dan = await notifications(dan_browser, kind)

    assert (followed.status_code, unfollowed.status_code) == (204, 204)
    assert to_alice == ["réponse de Bob"]  # not her own reply, nothing once unfollowed
    assert to_bob == ["merci"]  # a replier follows; not told of his own replies
    assert to_carol == ["de rien", "merci"]  # newest first
    assert to_dan == []
    assert (await thread(lasuite_client, channel["id"], root["id"]))["following"] is False
