"""Breakout rooms over HTTP (hosts): open them, move someone, bring everyone back, and
see how the meeting is split."""

from __future__ import annotations

import uuid
from typing import Annotated

import msgspec
from litestar import get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from lasuite.plugins import CurrentActor
from lasuite_visio import breakouts
from lasuite_visio.breakouts import BreakoutOut
from lasuite_visio.meetings import Meetings
from lasuite_visio.problems import NoBreakouts
from lasuite_visio.routes import hosted

READ = "visio.room.read"
MAX_GROUPS = 20
GroupName = Annotated[str, msgspec.Meta(min_length=1, max_length=60)]


class BreakoutIn(msgspec.Struct, forbid_unknown_fields=True):
    groups: Annotated[list[GroupName], msgspec.Meta(min_length=1, max_length=MAX_GROUPS)]
    """The breakout rooms' names."""
    minutes: Annotated[int, msgspec.Meta(ge=1, le=240)]
    """How long until everyone comes back to the main room."""
    assignment: dict[uuid.UUID, int] | None = None
    """Participant id → group; without it everyone but the hosts is spread at random."""


class MoveIn(msgspec.Struct, forbid_unknown_fields=True):
    participant_id: uuid.UUID
    group: int | None
    """The breakout room's index; None: the main room."""


@post("/rooms/{slug:str}/breakouts", permission=READ, status_code=201)
async def open_breakouts(
    slug: FromPath[str],
    data: JSONBody[BreakoutIn],
    actor: CurrentActor,
    meetings: NamedDependency[Meetings],
) -> BreakoutOut:
    """Split the meeting into breakout rooms for ``minutes`` (hosts); on LiveKit each
    breakout room's LiveKit room is opened at once."""
    async with meetings.database.transaction() as db:
        found = await hosted(db, actor, slug)
        breakout = await breakouts.start(
            db,
            found.room,
            groups=[name.strip() or name for name in data.groups],
            minutes=data.minutes,
            assignment=data.assignment,
            started_by=actor.user_id,
        )
        state = await breakouts.shown(db, breakout)
        if meetings.livekit is not None:
            # Before the commit: if LiveKit cannot open them, the breakouts are not kept
            # either, and the host can try again. Their people join them next.
            for group in range(len(breakout.groups)):
                await meetings.livekit.open(found.room, group)
    breakouts.time_the_end(meetings, found.room.id, breakout)
    await breakouts.announce(meetings, found.room.id, state)
    return state


@post("/rooms/{slug:str}/breakouts/move", permission=READ, status_code=200)
async def move_to_breakout(
    slug: FromPath[str],
    data: JSONBody[MoveIn],
    actor: CurrentActor,
    meetings: NamedDependency[Meetings],
) -> BreakoutOut:
    """Put someone in the meeting into another breakout room, or back in the main room
    (hosts; a host may move themselves to visit a group)."""
    async with meetings.database.transaction() as db:
        found = await hosted(db, actor, slug)
        breakout = await breakouts.move(db, found.room, data.participant_id, data.group)
        state = await breakouts.shown(db, breakout)
    await breakouts.announce(meetings, found.room.id, state)
    return state


@post("/rooms/{slug:str}/breakouts/end", permission=READ, status_code=204)
async def end_breakouts(
    slug: FromPath[str], actor: CurrentActor, meetings: NamedDependency[Meetings]
) -> None:
    """Bring everyone back to the main room now (hosts)."""
    async with meetings.database.transaction() as db:
        found = await hosted(db, actor, slug)
        breakout = await breakouts.running(db, found.room.id)
        if breakout is None:
            raise NoBreakouts()
        await breakouts.end(db, breakout)
    await breakouts.announce(meetings, found.room.id, None)


@get("/rooms/{slug:str}/breakouts", permission=READ)
async def show_breakouts(
    slug: FromPath[str], actor: CurrentActor, meetings: NamedDependency[Meetings]
) -> BreakoutOut:
    """The breakout rooms open now and who is in each (hosts)."""
    async with meetings.database.reading() as db:
        found = await hosted(db, actor, slug)
        breakout = await breakouts.running(db, found.room.id)
        if breakout is None:
            raise NoBreakouts()
        return await breakouts.shown(db, breakout)


BREAKOUT_ROUTES = (open_breakouts, move_to_breakout, end_breakouts, show_breakouts)
