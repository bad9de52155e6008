"""Breakout rooms on LiveKit: each breakout room is a LiveKit room of its own
(``<slug>.breakout-<n>``). A participant's join gives a token for the room they are in
now, and opens it; hosts remove and mute people where they are; the breakout rooms'
webhooks count in the meeting going on, not as meetings of their own."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

from livekit.api import TokenVerifier
from livekit.protocol.models import TrackSource

from tests.plugins.visio.conftest import KEY, SECRET
from tests.plugins.visio.fake_livekit import participant_event, room_event
from tests.plugins.visio.meeting_clients import ROOMS, create_room, in_meeting, join, signed_in

HOOK = "/api/v1/visio/livekit/webhook"
MIC = TrackSource.MICROPHONE


@contextlib.asynccontextmanager
async def _meeting(served: str, make_member: Any) -> AsyncIterator[tuple[str, dict[str, Any]]]:
    """Ana, Ben and the room's owner in a meeting on LiveKit (their sockets open), split
    into breakout rooms: Ana in the first, Ben in the second, the owner in the main room.
    Each person's HTTP client and join, by name."""
    people = {name: await make_member() for name in ("owner", "ana", "ben")}
    async with contextlib.AsyncExitStack() as stack:
        clients = {
            name: await stack.enter_async_context(signed_in(served, member))
            for name, member in people.items()
        }
        slug = await create_room(clients["owner"], access_level="public")
        joined: dict[str, Any] = {}
        for name, client in clients.items():
            joined[name] = await join(client, slug)
            joined[name].update(client=client, member=people[name])
            socket = await stack.enter_async_context(
                in_meeting(served, slug, joined[name]["ticket"])
            )
            await socket.first("welcome")
        opened = await clients["owner"].post(
            f"{ROOMS}/{slug}/breakouts",
            json={
                "groups": ["Budget", "Planning"],
                "minutes": 15,
                "assignment": {joined["ana"]["you"]["id"]: 0, joined["ben"]["you"]["id"]: 1},
            },
        )
        assert opened.status_code == 201, opened.text
        yield slug, joined


async def _livekit_room_of_next_join(slug: str, joined: dict[str, Any]) -> str:
    """The LiveKit room the token of ``joined``'s next join (with its ticket) opens."""
    again = await join(joined["client"], slug, ticket=joined["ticket"])
    room: str = TokenVerifier(KEY, SECRET).verify(again["livekit"]["token"]).video.room
    return room


async def test_in_a_breakout_room_a_join_opens_that_rooms_livekit_room_and_its_token_only(
    fake_livekit, served, make_member
):
    async with _meeting(served, make_member) as (slug, joined):
        rooms = {name: await _livekit_room_of_next_join(slug, joined[name]) for name in joined}
        await joined["owner"]["client"].post(f"{ROOMS}/{slug}/breakouts/end")
        back = await _livekit_room_of_next_join(slug, joined["ana"])

    assert rooms == {"owner": slug, "ana": f"{slug}.breakout-1", "ben": f"{slug}.breakout-2"}
    assert set(fake_livekit.rooms) == {slug, f"{slug}.breakout-1", f"{slug}.breakout-2"}
    assert back == slug


async def test_opening_breakouts_opens_their_livekit_rooms_before_anyone_moves(
    fake_livekit, served, make_member
):
    async with _meeting(served, make_member) as (slug, _joined):
        opened = [c.name for c in fake_livekit.calls_to("CreateRoom")]

    assert opened == [slug, f"{slug}.breakout-1", f"{slug}.breakout-2"]


async def test_hosts_remove_and_mute_people_in_the_breakout_room_they_are_in(
    fake_livekit, served, make_member
):
    async with _meeting(served, make_member) as (slug, joined):
        ana, ben = [
            fake_livekit.connect(
                await _livekit_room_of_next_join(slug, joined[name]),  # as their page does
                str(joined[name]["member"].user_id),
                sources=(MIC,),
            )
            for name in ("ana", "ben")
        ]
        host = joined["owner"]["client"]
        everyone = await host.post(f"{ROOMS}/{slug}/mute")
        removed = await host.post(
            f"{ROOMS}/{slug}/participants/{joined['ben']['you']['id']}/remove"
        )

    assert everyone.json() == {"tracks": 2}
    assert {(c.room, c.identity) for c in fake_livekit.calls_to("MutePublishedTrack")} == {
        (f"{slug}.breakout-1", ana.identity),
        (f"{slug}.breakout-2", ben.identity),
    }
    assert removed.status_code == 200, removed.text
    [removal] = fake_livekit.calls_to("RemoveParticipant")
    assert (removal.room, removal.identity) == (f"{slug}.breakout-2", ben.identity)


async def test_stays_in_a_breakout_room_count_in_the_meeting_going_on(
    fake_livekit, lasuite_client, make_member
):
    owner = await make_member()
    await owner.sign_in(lasuite_client)
    slug = (await lasuite_client.post(ROOMS, json={"name": "Atelier"})).json()["slug"]
    at = (datetime.now(UTC) - timedelta(minutes=30)).replace(microsecond=0)
    breakout = f"{slug}.breakout-1"
    me = str(owner.user_id)
    events = [
        room_event("room_started", slug, sid="RM_main", at=at),
        participant_event(
            "participant_joined", slug, sid="RM_main", identity=me, session="PA_1", at=at
        ),
        participant_event(
            "participant_left",
            slug,
            sid="RM_main",
            identity=me,
            session="PA_1",
            at=at + timedelta(minutes=5),
        ),
        room_event("room_started", breakout, sid="RM_b1", at=at + timedelta(minutes=5)),
        participant_event(
            "participant_joined",
            breakout,
            sid="RM_b1",
            identity=me,
            session="PA_2",
            at=at + timedelta(minutes=5),
        ),
        participant_event(
            "participant_left",
            breakout,
            sid="RM_b1",
            identity=me,
            session="PA_2",
            at=at + timedelta(minutes=15),
        ),
        room_event("room_finished", breakout, sid="RM_b1", at=at + timedelta(minutes=16)),
    ]

    answers = [
        await lasuite_client.post(HOOK, content=body, headers=headers)
        for body, headers in (fake_livekit.webhook(event) for event in events)
    ]

    assert [a.status_code for a in answers] == [204] * len(events)
    [meeting] = (await lasuite_client.get(f"{ROOMS}/{slug}/meetings")).json()
    assert meeting["ended_at"] is None  # a breakout room's end is not the meeting's
    [attendee] = meeting["attendees"]
    # One person (named by their identity: they never joined through lasuite here), 5 min
    # in the main room and 10 in the breakout room.
    assert (attendee["name"], attendee["seconds"]) == (me, 15 * 60)
