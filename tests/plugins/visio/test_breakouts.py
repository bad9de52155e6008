"""Breakout rooms: a host splits the meeting, signalling stays within each group, people
are moved, and everyone comes back when a host says so or the time is up."""

from __future__ import annotations

import contextlib
from typing import Any

from tests.plugins.visio.meeting_clients import (
    ROOMS,
    MeetingSocket,
    create_room,
    in_meeting,
    join,
    signed_in,
)
from tests.plugins.visio.saved_meetings import let_breakouts_time_run_out


@contextlib.asynccontextmanager
async def meeting_of(served: str, make_member: Any, count: int = 4):
    """A host and colleagues, ``count`` in all, in one meeting: (host's HTTP client, slug,
    sockets)."""
    people = [await make_member() for _ in range(count)]
    async with contextlib.AsyncExitStack() as stack:
        clients = [await stack.enter_async_context(signed_in(served, p)) for p in people]
        slug = await create_room(clients[0])
        sockets: list[MeetingSocket] = []
        for client in clients:
            socket = await stack.enter_async_context(
                in_meeting(served, slug, (await join(client, slug))["ticket"])
            )
            await socket.first("welcome")
            sockets.append(socket)
        await sockets[0].until(lambda: len(sockets[0].joined()) == count - 1)
        yield clients[0], slug, sockets


async def signalled(sender: MeetingSocket, receiver: MeetingSocket, mark: str) -> bool:
    """Whether a signal from ``sender`` reaches ``receiver``: a reaction sent right after
    it reaches everyone, so once it came the signal would have come before it."""
    await sender.send({"type": "signal", "to": receiver.my_id(), "data": {"mark": mark}})
    await sender.send({"type": "reaction", "emoji": "👍"})
    count = sum(1 for m in receiver.received if m["type"] == "reaction")
    await receiver.until(lambda: sum(m["type"] == "reaction" for m in receiver.received) > count)
    return any(m["type"] == "signal" and m["data"] == {"mark": mark} for m in receiver.received)


async def breakouts_said(socket: MeetingSocket, count: int) -> dict[str, Any] | None:
    """The ``count``-th ``breakouts`` message ``socket`` received, once it came."""
    await socket.until(lambda: sum(m["type"] == "breakouts" for m in socket.received) >= count)
    said = [m for m in socket.received if m["type"] == "breakouts"]
    breakout: dict[str, Any] | None = said[count - 1]["breakout"]
    return breakout


async def test_breakout_rooms_keep_signalling_within_each_group(served, make_member):
    async with meeting_of(served, make_member) as (host_http, slug, sockets):
        _, bob, carol, dan = sockets
        opened = await host_http.post(
            f"{ROOMS}/{slug}/breakouts",
            json={
                "groups": ["Budget", "Recrutement"],
                "minutes": 15,
                "assignment": {bob.my_id(): 0, carol.my_id(): 0, dan.my_id(): 1},
            },
        )
        told = await breakouts_said(dan, 1)
        same_group = await signalled(bob, carol, "b→c")
        other_group = await signalled(bob, dan, "b→d")
        moved = await host_http.post(
            f"{ROOMS}/{slug}/breakouts/move", json={"participant_id": dan.my_id(), "group": 0}
        )
        await breakouts_said(bob, 2)
        after_move = await signalled(bob, dan, "b→d again")

    assert opened.status_code == 201, opened.text
    assert told is not None
    assert told["groups"] == ["Budget", "Recrutement"]
    assert told["members"] == {bob.my_id(): 0, carol.my_id(): 0, dan.my_id(): 1}
    assert (same_group, other_group, after_move) == (True, False, True)
    assert moved.json()["members"][dan.my_id()] == 0


async def test_without_an_assignment_everyone_but_the_hosts_is_spread(served, make_member):
    async with meeting_of(served, make_member, 3) as (host_http, slug, sockets):
        opened = await host_http.post(
            f"{ROOMS}/{slug}/breakouts", json={"groups": ["A", "B"], "minutes": 5}
        )
        late = await join(host_http, slug)
        async with in_meeting(served, slug, late["ticket"]) as late_socket:
            welcome = await late_socket.first("welcome")

    members = opened.json()["members"]
    assert sorted(members) == sorted(s.my_id() for s in sockets[1:])
    assert sorted(members.values()) == [0, 1]
    assert welcome["breakout"]["members"] == members


async def test_a_host_brings_everyone_back(served, make_member):
    async with meeting_of(served, make_member) as (host_http, slug, sockets):
        _, bob, _, dan = sockets
        await host_http.post(
            f"{ROOMS}/{slug}/breakouts",
            json={"groups": ["A", "B"], "minutes": 5, "assignment": {bob.my_id(): 0}},
        )
        await breakouts_said(dan, 1)
        ended = await host_http.post(f"{ROOMS}/{slug}/breakouts/end")
        back = await breakouts_said(dan, 2)
        reunited = await signalled(bob, dan, "together")
        shown = await host_http.get(f"{ROOMS}/{slug}/breakouts")

    assert ended.status_code == 204
    assert back is None
    assert reunited
    assert (shown.status_code, shown.json()["error"]) == (404, "visio.no_breakouts")


async def test_everyone_comes_back_when_the_time_is_up(served, make_member, lasuite_settings):
    async with meeting_of(served, make_member) as (host_http, slug, sockets):
        _, bob, carol, _ = sockets
        await host_http.post(
            f"{ROOMS}/{slug}/breakouts",
            json={"groups": ["A", "B"], "minutes": 5, "assignment": {bob.my_id(): 0}},
        )
        await breakouts_said(carol, 1)
        await let_breakouts_time_run_out(lasuite_settings, slug)
        await carol.send({"type": "ping"})
        back = await breakouts_said(carol, 2)
        reunited = await signalled(bob, carol, "together")

    assert back is None
    assert reunited


async def test_breakouts_refused_say_why(served, make_member):
    async with meeting_of(served, make_member) as (host_http, slug, sockets):
        bob = sockets[1]
        bad_group = await host_http.post(
            f"{ROOMS}/{slug}/breakouts",
            json={"groups": ["A"], "minutes": 5, "assignment": {bob.my_id(): 3}},
        )
        stranger = await host_http.post(
            f"{ROOMS}/{slug}/breakouts",
            json={
                "groups": ["A"],
                "minutes": 5,
                "assignment": {"00000000-0000-4000-8000-000000000000": 0},
            },
        )
        first = await host_http.post(
            f"{ROOMS}/{slug}/breakouts", json={"groups": ["A"], "minutes": 5}
        )
        second = await host_http.post(
            f"{ROOMS}/{slug}/breakouts", json={"groups": ["A"], "minutes": 5}
        )
        too_long = await host_http.post(
            f"{ROOMS}/{slug}/breakouts/move", json={"participant_id": bob.my_id(), "group": 9}
        )

    assert (bad_group.status_code, bad_group.json()["error"]) == (400, "visio.no_such_group")
    assert (stranger.status_code, stranger.json()["error"]) == (404, "visio.not_in_meeting")
    assert first.status_code == 201
    assert (second.status_code, second.json()["error"]) == (409, "visio.breakouts_running")
    assert (too_long.status_code, too_long.json()["error"]) == (400, "visio.no_such_group")


async def test_only_hosts_open_breakout_rooms(served, make_member):
    host, bob = await make_member(), await make_member()
    async with signed_in(served, host) as host_http, signed_in(served, bob) as bob_http:
        slug = await create_room(host_http)
        await join(bob_http, slug)
        refused = await bob_http.post(
            f"{ROOMS}/{slug}/breakouts", json={"groups": ["A"], "minutes": 5}
        )

    assert refused.status_code == 403
