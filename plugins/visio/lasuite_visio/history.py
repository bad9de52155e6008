"""The history of a room's meetings: when each started and ended, and who attended when.

A meeting on LiveKit is written from its webhooks (see :mod:`lasuite_visio.webhooks`); a
meeting without a video server from its sockets, from the first arrival to the last
departure. Both write the same rows, so the history reads them one way."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite_visio import participants
from lasuite_visio.models import Attendance, Meeting, Participant, Room

GUEST = "guest-"


@dataclass(frozen=True, slots=True)
class Attendee:
    """One person's time in one meeting, all their stays together."""

    identity: str
    name: str
    user_id: uuid.UUID | None
    joined_at: datetime
    left_at: datetime | None
    seconds: int


@dataclass(frozen=True, slots=True)
class PastMeeting:
    meeting: Meeting
    seconds: int
    attendees: list[Attendee]


async def livekit_meeting(db: AsyncSession, room: Room, *, sid: str, at: datetime) -> Meeting:
    """The meeting LiveKit calls ``sid``, started at ``at`` if not known yet (its events
    may come in any order)."""
    meeting = await db.scalar(select(Meeting).where(Meeting.livekit_sid == sid))
    if meeting is None:
        meeting = Meeting(room_id=room.id, mode="livekit", livekit_sid=sid, started_at=at)
        db.add(meeting)
        await db.flush()
    return meeting


async def open_livekit_meeting(db: AsyncSession, room: Room) -> Meeting | None:
    """The room's meeting on LiveKit going on now (its latest not ended), if any."""
    meeting: Meeting | None = await db.scalar(
        select(Meeting)
        .where(Meeting.room_id == room.id, Meeting.mode == "livekit", Meeting.ended_at.is_(None))
        .order_by(Meeting.started_at.desc())
        .limit(1)
    )
    return meeting


async def end(db: AsyncSession, meeting: Meeting, *, at: datetime) -> None:
    """The meeting is over: so is every stay still open in it."""
    meeting.ended_at = meeting.ended_at or at
    await db.execute(
        update(Attendance)
        .where(Attendance.meeting_id == meeting.id, Attendance.left_at.is_(None))
        .values(left_at=meeting.ended_at)
        .execution_options(synchronize_session=False)
    )
    await db.flush()


async def arrived(
    db: AsyncSession,
    meeting: Meeting,
    *,
    identity: str,
    name: str,
    at: datetime,
    session_sid: str | None = None,
) -> Attendance:
    """Someone entered the meeting (once per LiveKit session: a repeat is the same stay)."""
    if session_sid is not None:
        known = await db.scalar(
            select(Attendance).where(
                Attendance.meeting_id == meeting.id, Attendance.session_sid == session_sid
            )
        )
        if known is not None:
            return known
    joined = await participant_of(db, meeting.room_id, identity)
    stay = Attendance(
        meeting_id=meeting.id,
        participant_id=joined.id if joined else None,
        user_id=joined.user_id if joined else None,
        identity=identity,
        name=name or (joined.name if joined else identity),
        session_sid=session_sid,
        joined_at=at,
    )
    db.add(stay)
    await db.flush()
    return stay


async def departed(
    db: AsyncSession,
    meeting: Meeting,
    *,
    at: datetime,
    session_sid: str | None = None,
    participant_id: uuid.UUID | None = None,
) -> None:
    """A LiveKit session, or every open stay of one participant, left the meeting."""
    which = (
        Attendance.session_sid == session_sid
        if session_sid is not None
        else Attendance.participant_id == participant_id
    )
    await db.execute(
        update(Attendance)
        .where(Attendance.meeting_id == meeting.id, which, Attendance.left_at.is_(None))
        .values(left_at=at)
        .execution_options(synchronize_session=False)
    )


async def participant_of(db: AsyncSession, room_id: uuid.UUID, identity: str) -> Participant | None:
    """The join an identity came from: ``guest-<participant id>`` names it; a user's id
    names their latest admitted join of the room."""
    if identity.startswith(GUEST):
        try:
            participant_id = uuid.UUID(identity.removeprefix(GUEST))
        except ValueError:
            return None
        return await participants.in_room(db, room_id, participant_id)
    return await db.scalar(
        select(Participant)
        .where(
            Participant.room_id == room_id,
            Participant.identity == identity,
            Participant.joined_at.is_not(None) | (Participant.state == "admitted"),
        )
        .order_by(Participant.created_at.desc())
        .limit(1)
    )


async def mesh_arrived(db: AsyncSession, room: Room, participant: Participant) -> None:
    """A participant's socket opened in a meeting without a video server: the room's open
    meeting goes on, or a new one starts."""
    meeting = await _open_mesh_meeting(db, room.id)
    at = participants.now()
    if meeting is None:
        meeting = Meeting(room_id=room.id, mode="mesh", started_at=at)
        db.add(meeting)
        await db.flush()
    await arrived(db, meeting, identity=participant.identity, name=participant.name, at=at)


async def mesh_departed(db: AsyncSession, room: Room, participant_id: uuid.UUID) -> None:
    """A participant's socket closed; the meeting ends with the last one present."""
    meeting = await _open_mesh_meeting(db, room.id)
    if meeting is None:
        return
    at = participants.now()
    await departed(db, meeting, at=at, participant_id=participant_id)
    still = await db.scalar(
        select(Attendance.id)
        .where(Attendance.meeting_id == meeting.id, Attendance.left_at.is_(None))
        .limit(1)
    )
    if still is None:
        await end(db, meeting, at=at)


async def open_meeting(db: AsyncSession, room_id: uuid.UUID) -> Meeting | None:
    """The room's meeting going on now (the latest started), if any."""
    return await db.scalar(
        select(Meeting)
        .where(Meeting.room_id == room_id, Meeting.ended_at.is_(None))
        .order_by(Meeting.started_at.desc())
        .limit(1)
    )


async def _open_mesh_meeting(db: AsyncSession, room_id: uuid.UUID) -> Meeting | None:
    return await db.scalar(
        select(Meeting)
        .where(Meeting.room_id == room_id, Meeting.mode == "mesh", Meeting.ended_at.is_(None))
        .order_by(Meeting.started_at.desc())
        .limit(1)
    )


async def past_meetings(db: AsyncSession, room: Room, *, limit: int) -> list[PastMeeting]:
    """The room's meetings, latest first, each with its attendees and how long they
    stayed (a meeting or stay still going counts until now)."""
    meetings = list(
        await db.scalars(
            select(Meeting)
            .where(Meeting.room_id == room.id)
            .order_by(Meeting.started_at.desc(), Meeting.id)
            .limit(limit)
        )
    )
    stays = await db.scalars(
        select(Attendance)
        .where(Attendance.meeting_id.in_([m.id for m in meetings]))
        .order_by(Attendance.joined_at, Attendance.id)
    )
    by_meeting: dict[uuid.UUID, list[Attendance]] = {}
    for stay in stays:
        by_meeting.setdefault(stay.meeting_id, []).append(stay)
    now = participants.now()
    return [
        PastMeeting(
            meeting=m,
            seconds=_seconds(m.started_at, m.ended_at or now),
            attendees=_attendees(by_meeting.get(m.id, []), m.ended_at or now),
        )
        for m in meetings
    ]


def _attendees(stays: list[Attendance], until: datetime) -> list[Attendee]:
    people: dict[str, list[Attendance]] = {}
    for stay in stays:
        people.setdefault(stay.identity, []).append(stay)
    attendees = []
    for identity, own in people.items():
        still = any(s.left_at is None for s in own)
        attendees.append(
            Attendee(
                identity=identity,
                name=own[-1].name,
                user_id=next((s.user_id for s in own if s.user_id), None),
                joined_at=own[0].joined_at,
                left_at=None if still else max(s.left_at or until for s in own),
                seconds=sum(_seconds(s.joined_at, s.left_at or until) for s in own),
            )
        )
    return attendees


def _seconds(start: datetime, end: datetime) -> int:
    return max(0, round((end - start).total_seconds()))


@dataclass(frozen=True, slots=True)
class LiveMeeting:
    """A meeting going on now in a room of the organization, and how many are in it."""

    room: Room
    meeting: Meeting
    people: int


async def live_meetings(
    db: AsyncSession, organization_id: uuid.UUID, *, limit: int
) -> list[LiveMeeting]:
    """The organization's meetings going on now, the latest started first, ``limit`` at
    most."""
    inside = (
        select(func.count(Attendance.id))
        .where(Attendance.meeting_id == Meeting.id, Attendance.left_at.is_(None))
        .scalar_subquery()
    )
    rows = await db.execute(
        select(Room, Meeting, inside)
        .join(Meeting, Meeting.room_id == Room.id)
        .where(Room.organization_id == organization_id, Meeting.ended_at.is_(None))
        .order_by(Meeting.started_at.desc(), Meeting.id)
        .limit(limit)
    )
    return [LiveMeeting(room, meeting, people) for room, meeting, people in rows]
