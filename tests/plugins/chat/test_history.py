"""Reading a channel's history page by page, by ``seq`` cursors."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lasuite.db.engine import Database
from lasuite_chat.models import Channel, ChannelMember, Message
from tests.plugins.chat.chat_api import BASE, create_channel, history, post_ok


async def channel_with_history(lasuite_database: Database, member, size: int) -> str:
    """A channel of ``member``'s with ``size`` messages, every third one deleted."""
    async with lasuite_database.transaction() as db:
        channel = Channel(
            organization_id=member.organization_id,
            kind="public",
            name=f"h-{uuid.uuid4().hex[:12]}",
            created_by=member.user_id,
            last_seq=size,
        )
        db.add(channel)
        await db.flush()
        db.add(ChannelMember(channel_id=channel.id, user_id=member.user_id, role="owner"))
        db.add_all(
            Message(
                organization_id=member.organization_id,
                channel_id=channel.id,
                seq=seq,
                author_id=member.user_id,
                text=f"m{seq}",
                html=f"<p>m{seq}</p>",
                deleted_at=datetime.now(UTC) if seq % 3 == 0 else None,
            )
            for seq in range(1, size + 1)
        )
    return str(channel.id)


async def walk_back(client, channel_id: str, page: int) -> list[int]:
    seen: list[int] = []
    batch = await history(client, channel_id, limit=page)
    while batch:
        assert len(batch) <= page
        seen = [m["seq"] for m in batch] + seen
        batch = await history(client, channel_id, before=batch[0]["seq"], limit=page)
    return seen


async def walk_forward(client, channel_id: str, page: int) -> list[int]:
    seen: list[int] = []
    batch = await history(client, channel_id, after=0, limit=page)
    while batch:
        assert len(batch) <= page
        seen += [m["seq"] for m in batch]
        batch = await history(client, channel_id, after=batch[-1]["seq"], limit=page)
    return seen


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(size=st.integers(min_value=0, max_value=30), page=st.integers(min_value=1, max_value=12))
async def test_walking_pages_either_way_covers_the_history_once(
    lasuite_client, make_member, lasuite_database, size, page
):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    channel_id = await channel_with_history(lasuite_database, alice, size)

    backward = await walk_back(lasuite_client, channel_id, page)
    forward = await walk_forward(lasuite_client, channel_id, page)

    assert backward == list(range(1, size + 1))
    assert forward == list(range(1, size + 1))


async def test_a_page_around_a_message_holds_it_and_its_neighbours(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")
    for i in range(1, 11):
        await post_ok(lasuite_client, channel["id"], f"m{i}")

    middle = await history(lasuite_client, channel["id"], around=5, limit=4)
    start = await history(lasuite_client, channel["id"], around=1, limit=4)
    latest = await history(lasuite_client, channel["id"], limit=3)

    assert [m["seq"] for m in middle] == [3, 4, 5, 6]
    assert [m["seq"] for m in start] == [1, 2, 3, 4]
    assert [m["seq"] for m in latest] == [8, 9, 10]


async def test_two_cursors_at_once_are_refused(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")

    response = await lasuite_client.get(
        f"{BASE}/channels/{channel['id']}/messages", params={"before": 3, "after": 1}
    )

    assert response.status_code == 400


async def test_out_of_bounds_cursors_and_limits_are_refused(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")
    url = f"{BASE}/channels/{channel['id']}/messages"

    statuses = [
        (await lasuite_client.get(url, params=params)).status_code
        for params in ({"limit": 0}, {"limit": 201}, {"before": -1}, {"after": "x"})
    ]

    assert statuses == [400, 400, 400, 400]
