"""Read markers and the sidebar: unread counts per channel, in one query."""

from __future__ import annotations

from typing import Any

import pytest

from lasuite.testing import another_client
from tests.plugins.chat.chat_api import BASE, add_member, create_channel, post_ok


@pytest.fixture
def statements(lasuite_statements: list[str]) -> list[str]:
    return lasuite_statements


async def sidebar(client) -> dict[str, dict[str, Any]]:
    response = await client.get(f"{BASE}/sidebar")
    assert response.status_code == 200, response.text
    return {entry["name"] or entry["id"]: entry for entry in response.json()}


async def test_unread_counts_leave_out_ones_own_and_deleted_messages(lasuite_client, make_member):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    busy = await create_channel(lasuite_client, "busy")
    quiet = await create_channel(lasuite_client, "quiet")
    await add_member(lasuite_client, busy["id"], bob.user_id)
    await post_ok(lasuite_client, busy["id"], "from alice")
    bob_client = another_client(lasuite_client)
    await bob.sign_in(bob_client)
    posted = [await post_ok(bob_client, busy["id"], f"from bob {i}") for i in range(3)]
    await bob_client.delete(f"{BASE}/channels/{busy['id']}/messages/{posted[0]['id']}")

    before = await sidebar(lasuite_client)
    marked = await lasuite_client.post(
        f"{BASE}/channels/{busy['id']}/read", json={"seq": posted[1]["seq"]}
    )
    after = await sidebar(lasuite_client)
    bob_view = await sidebar(bob_client)

    assert {name: e["unread_count"] for name, e in before.items()} == {"busy": 2, "quiet": 0}
    assert before["busy"]["mention_count"] == 0
    assert marked.status_code == 204
    assert after["busy"]["unread_count"] == 1
    assert after["busy"]["last_read_seq"] == posted[1]["seq"]
    assert set(bob_view) == {"busy"}
    assert bob_view["busy"]["unread_count"] == 0
    assert quiet["id"] not in bob_view


async def test_a_read_marker_never_moves_back_nor_past_the_end(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")
    for i in range(3):
        await post_ok(lasuite_client, channel["id"], f"m{i}")
    url = f"{BASE}/channels/{channel['id']}/read"

    await lasuite_client.post(url, json={"seq": 99})
    past_end = (await sidebar(lasuite_client))["général"]["last_read_seq"]
    await lasuite_client.post(url, json={"seq": 1})
    back = (await sidebar(lasuite_client))["général"]["last_read_seq"]

    assert (past_end, back) == (3, 3)


async def test_the_sidebar_costs_the_same_statements_for_any_number_of_channels(
    lasuite_client, make_member, statements
):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    bob_client = another_client(lasuite_client)
    await bob.sign_in(bob_client)

    async def add_channels(count: int, start: int) -> None:
        for i in range(start, start + count):
            channel = await create_channel(lasuite_client, f"c{i}")
            await add_member(lasuite_client, channel["id"], bob.user_id)
            await post_ok(bob_client, channel["id"], "hello")

    await add_channels(2, 0)
    statements.clear()
    few = await sidebar(lasuite_client)
    with_few = len(statements)
    await add_channels(5, 2)
    statements.clear()
    many = await sidebar(lasuite_client)
    with_many = len(statements)

    assert (len(few), len(many)) == (2, 7)
    assert all(entry["unread_count"] == 1 for entry in many.values())
    assert with_many == with_few, "\n\n".join(statements)
    assert sum("chat_" in s for s in statements) == 1, "\n\n".join(statements)
