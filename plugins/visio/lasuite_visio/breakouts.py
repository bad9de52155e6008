"""Breakout rooms: a host splits the meeting into groups for a while (by hand or at
random), moves people between them, and everyone comes back to the main room when the
time is up or a host brings them back early.

The database holds the truth (the room's running :class:`Breakout`, each participant's
``breakout_group``); every change is said to the meeting as one ``breakouts`` message
carrying the whole state, which also tells each socket its group, so that signalling
is relayed only between participants of the same group. The end is timed on the instance
that started the breakouts, and checked again on every participant's ping: an instance
that stopped meanwhile delays the return by at most one ping.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta

import msgspec
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite_visio import participants
from lasuite_visio.meetings import Meetings
from lasuite_visio.models import Breakout, Participant, Room
from lasuite_visio.problems import BreakoutsRunning, NoBreakouts, NoSuchGroup, NotInMeeting
from lasuite_visio.roles import HOSTS


class BreakoutOut(msgspec.Struct):
    id: uuid.UUID
    groups: list[str]
    """The breakout rooms' names, in order: a group is an index in this list."""
    ends_at: datetime
    members: dict[str, int]
    """Participant id → group, for everyone in a breakout room; others are in the main room."""


async def running(db: AsyncSession, room_id: uuid.UUID) -> Breakout | None:
    """The room's breakouts going on, if any."""
    found: Breakout | None = await db.scalar(
        select(Breakout)
        .where(Breakout.room_id == room_id, Breakout.ended_at.is_(None))
        .order_by(Breakout.created_at.desc())
        .limit(1)
    )
    return found


async def shown(db: AsyncSession, breakout: Breakout) -> BreakoutOut:
    rows = await db.execute(
        select(Participant.id, Participant.breakout_group).where(
            Participant.room_id == breakout.room_id,
            Participant.breakout_group.is_not(None),
            Participant.state == "admitted",
            Participant.left_at.is_(None),
        )
    )
    members = {str(pid): group for pid, group in rows if group is not None}
    return BreakoutOut(breakout.id, list(breakout.groups), breakout.ends_at, members)


async def start(
    db: AsyncSession,
    room: Room,
    *,
    groups: list[str],
    minutes: int,
    assignment: dict[uuid.UUID, int] | None,
    started_by: uuid.UUID,
) -> Breakout:
    """Split the meeting: ``assignment`` (participant → group) or, without one, everyone
    but the hosts spread at random over the groups; hosts stay in the main room."""
    if await running(db, room.id) is not None:
        raise BreakoutsRunning()
    present = await participants.present(db, room.id)
    if assignment is None:
        spread = [p for p in present if p.role not in HOSTS]
        random.shuffle(spread)
        assignment = {p.id: index % len(groups) for index, p in enumerate(spread)}
    in_meeting = {p.id for p in present}
    for participant_id, group in assignment.items():
        if participant_id not in in_meeting:
            raise NotInMeeting()
        _check_group(group, groups)
    for participant in present:
        participant.breakout_group = assignment.get(participant.id)
    breakout = Breakout(
        room_id=room.id,
        groups=groups,
        started_by=started_by,
        ends_at=participants.now() + timedelta(minutes=minutes),
    )
    db.add(breakout)
    await db.flush()
    return breakout


async def move(
    db: AsyncSession, room: Room, participant_id: uuid.UUID, group: int | None
) -> Breakout:
    """Put someone in the meeting into a group (None: the main room)."""
    breakout = await running(db, room.id)
    if breakout is None:
        raise NoBreakouts()
    if group is not None:
        _check_group(group, breakout.groups)
    participant = await db.get(Participant, participant_id)
    if participant is None or participant.room_id != room.id or participant.state != "admitted":
        raise NotInMeeting()
    participant.breakout_group = group
    await db.flush()
    return breakout


async def end(db: AsyncSession, breakout: Breakout) -> None:
    """Everyone back to the main room."""
    breakout.ended_at = participants.now()
    await db.execute(
        update(Participant)
        .where(Participant.room_id == breakout.room_id, Participant.breakout_group.is_not(None))
        .values(breakout_group=None)
    )
    await db.flush()


def _check_group(group: int, groups: list[str]) -> None:
    if not 0 <= group < len(groups):
        raise NoSuchGroup(fields={"group": "names no breakout room"}, groups=len(groups))


async def announce(meetings: Meetings, room_id: uuid.UUID, state: BreakoutOut | None) -> None:
    """Tell the meeting the breakouts' state (None: everyone is back), and each socket
    its group."""
    members = state.members if state is not None else {}
    await meetings.publish(room_id, {"type": "breakouts", "breakout": state}, groups=members)


async def end_if_due(meetings: Meetings, room_id: uuid.UUID) -> None:
    """End the room's breakouts if their time is up (and tell the meeting)."""
    async with meetings.database.transaction() as db:
        breakout = await running(db, room_id)
        if breakout is None or breakout.ends_at > participants.now():
            return
        await end(db, breakout)
    await announce(meetings, room_id, None)


def time_the_end(meetings: Meetings, room_id: uuid.UUID, breakout: Breakout) -> None:
    """Bring everyone back at the breakouts' end, from this instance."""
    meetings.at(breakout.ends_at, f"breakouts:{room_id}", lambda: end_if_due(meetings, room_id))
