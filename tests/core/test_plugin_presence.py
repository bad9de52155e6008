"""Presence through the plugin API: ``presence: Presence`` tells a plugin who is online
(connected and not away) in the organization, or in one of its topics."""

from __future__ import annotations

from lasuite.testing import AppSocket, Member, another_client, open_socket
from tests.core.board_plugin import room_topic
from tests.core.realtime import (  # noqa: F401  (fixtures)
    lasuite_registry,
    lasuite_settings,
    realtime_backend,
    settings_overrides,
    signed_in,
)

PRESENCE = "core.presence.changed"


async def statuses(socket: AppSocket, topic: str, *members: Member) -> dict[str, str]:
    """The next status announced on ``topic`` of each of ``members``, in any order."""
    wanted = {str(member.user_id) for member in members}
    seen: dict[str, str] = {}
    while set(seen) != wanted:
        event = await socket.next_event(topic, name=PRESENCE)
        if event["data"]["user_id"] in wanted:
            seen.setdefault(event["data"]["user_id"], event["data"]["status"])
    return seen


async def online(client, room: str | None = None) -> set[str]:
    response = await client.get("/api/v1/board/online", params={"room": room} if room else {})
    assert response.status_code == 200, response.text
    return set(response.json())


async def test_a_plugin_sees_who_is_online_in_the_organization_and_in_a_topic(
    lasuite_client, make_member
):
    owner = await signed_in(lasuite_client, make_member, "owner")
    in_the_org, away, never_connected = [await make_member(role="member") for _ in range(3)]
    org = f"core:org:{owner.organization_id}"
    room = room_topic(owner.organization_id, "general")
    browsers = [another_client(lasuite_client) for _ in range(2)]
    await in_the_org.sign_in(browsers[0])
    await away.sign_in(browsers[1])
    async with open_socket(lasuite_client) as watching:
        await watching.subscribe(org)
        await watching.subscribe(room)
        async with open_socket(browsers[0]), open_socket(browsers[1]) as aways:
            # Each connection comes online in the organization as it opens.
            opened = await statuses(watching, org, in_the_org, away)
            await aways.subscribe(room)
            entered = await statuses(watching, room, away)
            await aways.action("core.set_presence", {"status": "away"})
            in_org = await online(lasuite_client)
            in_room = await online(lasuite_client, "general")

    assert set(opened.values()) == set(entered.values()) == {"online"}
    assert in_org == {str(owner.user_id), str(in_the_org.user_id)}
    assert in_room == {str(owner.user_id)}
    assert str(never_connected.user_id) not in in_org | in_room
