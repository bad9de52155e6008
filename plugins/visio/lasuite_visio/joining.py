"""Who enters a meeting at once, who waits in the lobby and who is refused: the room's
access level, the caller's room role and whether they are signed in to its organization."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor, MetricCounter, colour_of
from lasuite_visio import participants
from lasuite_visio.config import MESH_CAPACITY, MeetingConfig
from lasuite_visio.models import Participant, Room
from lasuite_visio.problems import (
    EntryDenied,
    NameNeeded,
    RoomFull,
    RoomRestricted,
    SignInToJoin,
)
from lasuite_visio.roles import room_role


@dataclass(frozen=True, slots=True)
class Entry:
    """A participant row and the ticket its holder keeps (the table has only its hash)."""

    participant: Participant
    ticket: str
    new: bool


@dataclass(frozen=True, slots=True)
class Caller:
    """Who asks to join: a signed-in person (of any organization) or someone with a name."""

    actor: Actor | None
    name: str | None
    guests_allowed: bool

    def member_of(self, room: Room) -> bool:
        return self.actor is not None and self.actor.organization_id == room.organization_id


ENTERED = MetricCounter(
    "entries",
    description="People entering a meeting, or its lobby to wait",
    labels=("state",),
)


async def join(
    db: AsyncSession,
    room: Room,
    caller: Caller,
    *,
    ticket: str | None,
    config: MeetingConfig,
) -> Entry:
    """Enter ``room``, or wait in its lobby; with the ticket of an earlier call, resume it
    (a wait goes on, an admission becomes an entry). Raises a visio ``Problem`` when the
    caller may not come in."""
    if ticket is not None:
        earlier = await participants.by_ticket(db, room.id, ticket)
        if earlier is not None and _same_person(earlier, caller):
            return await _resume(db, room, Entry(earlier, ticket, new=False), config)
    role = await room_role(db, room, caller.actor)
    state = _state_for(room, caller, role)
    name = _name_of(caller)
    ticket, hashed = participants.new_ticket()
    entry_id = uuid.uuid4()
    identity = str(caller.actor.user_id) if caller.actor else f"guest-{entry_id}"
    participant = Participant(
        id=entry_id,
        room_id=room.id,
        user_id=caller.actor.user_id if caller.member_of(room) and caller.actor else None,
        identity=identity,
        colour=colour_of(identity, caller.actor.colour if caller.actor else None),
        name=name,
        role=role or ("member" if caller.member_of(room) else "guest"),
        state=state,
        ticket_hash=hashed,
        expires_at=participants.now()
        + (participants.WAITING_TTL if state == "waiting" else participants.TICKET_TTL),
    )
    if state == "admitted":
        await _check_room_for(db, room, participant, config)
    db.add(participant)
    await db.flush()
    ENTERED.inc(state=state)
    return Entry(participant, ticket, new=True)


def _same_person(participant: Participant, caller: Caller) -> bool:
    if caller.actor is None:
        return participant.identity.startswith("guest-")
    return participant.identity == str(caller.actor.user_id)


def _state_for(room: Room, caller: Caller, role: str | None) -> str:
    if role is not None:
        return "admitted"
    if room.access_level == "restricted":
        if caller.actor is None:
            raise SignInToJoin()
        raise RoomRestricted()
    if caller.actor is None and not caller.guests_allowed:
        raise SignInToJoin()
    if room.access_level == "public" or caller.member_of(room):
        return "admitted"
    return "waiting"


def _name_of(caller: Caller) -> str:
    if caller.actor is not None:
        return caller.actor.display_name
    name = (caller.name or "").strip()
    if not name:
        raise NameNeeded()
    return name


async def _resume(db: AsyncSession, room: Room, entry: Entry, config: MeetingConfig) -> Entry:
    participant = entry.participant
    if participant.state == "denied":
        raise EntryDenied()
    if participant.state == "waiting":
        participant.expires_at = participants.now() + participants.WAITING_TTL
    else:
        await _check_room_for(db, room, participant, config)
        participant.expires_at = participants.now() + participants.TICKET_TTL
        participant.left_at = None
    await db.flush()
    return entry


async def _check_room_for(
    db: AsyncSession, room: Room, participant: Participant, config: MeetingConfig
) -> None:
    """A meeting without a video server holds :data:`MESH_CAPACITY` people."""
    if config.livekit is not None:
        return
    inside = await participants.present(db, room.id)
    if len([p for p in inside if p.id != participant.id]) >= MESH_CAPACITY:
        raise RoomFull()
