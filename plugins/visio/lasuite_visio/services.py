"""Visio logic, independent of HTTP: rooms, their roles, and what hosts do in a meeting."""

from __future__ import annotations

import secrets
import string
import uuid
from functools import cache

from sqlalchemy import Select, String, bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor, member_roles, team_names
from lasuite_visio import participants
from lasuite_visio.models import Participant, Room, RoomGrant
from lasuite_visio.problems import NoFreeSlug, NotInMeeting, NotWaiting, OwnerStays

SLUG_GROUPS = (3, 4, 3)
SLUG_ATTEMPTS = 5


def room_slug() -> str:
    """A random slug that is easy to read out, like ``abc-defg-hij``."""
    letters = string.ascii_lowercase
    return "-".join("".join(secrets.choice(letters) for _ in range(size)) for size in SLUG_GROUPS)


async def list_rooms(db: AsyncSession, organization_id: uuid.UUID) -> list[Room]:
    """The organization's rooms, newest first; one-off rooms whose meeting ended are gone."""
    result = await db.scalars(
        select(Room)
        .where(
            Room.organization_id == organization_id,
            (Room.kind == "permanent") | Room.ended_at.is_(None),
        )
        .order_by(Room.created_at.desc(), Room.id)
    )
    return list(result)


async def get_room(db: AsyncSession, organization_id: uuid.UUID, slug: str) -> Room | None:
    """The room, or None when no room of this organization has this slug."""
    return await db.scalar(
        select(Room).where(Room.organization_id == organization_id, Room.slug == slug)
    )


async def room_by_slug(db: AsyncSession, slug: str) -> Room | None:
    """The room a link names, whatever its organization (for joining by link)."""
    return await db.scalar(_room_by_slug(), {"room_slug": slug})


@cache
def _room_by_slug() -> Select[Room]:
    """Built once: a join reads it on every call."""
    return select(Room).where(Room.slug == bindparam("room_slug", type_=String))


async def create_room(db: AsyncSession, actor: Actor, **fields: str) -> Room:
    """A room of the actor's organization with a free slug; the actor owns it."""
    room = Room(
        organization_id=actor.organization_id,
        slug=await _free_slug(db),
        created_by=actor.user_id,
        **fields,
    )
    db.add(room)
    await db.flush()
    db.add(RoomGrant(room_id=room.id, user_id=actor.user_id, role="owner"))
    await db.flush()
    return room


async def _free_slug(db: AsyncSession) -> str:
    for _ in range(SLUG_ATTEMPTS):
        slug = room_slug()
        if await room_by_slug(db, slug) is None:
            return slug
    raise NoFreeSlug()


async def grants(db: AsyncSession, room: Room) -> list[RoomGrant]:
    rows = await db.scalars(
        select(RoomGrant).where(RoomGrant.room_id == room.id).order_by(RoomGrant.created_at)
    )
    return list(rows)


async def grant(
    db: AsyncSession,
    room: Room,
    *,
    role: str,
    user_id: uuid.UUID | None = None,
    team_id: uuid.UUID | None = None,
) -> RoomGrant | None:
    """Give a user or a team of the room's organization a room role (replacing theirs);
    None when they are not of the organization."""
    if user_id is not None:
        roles = await member_roles(db, [user_id], organization_id=room.organization_id)
        if user_id not in roles:
            return None
    elif team_id is not None and not await _team_of(db, room.organization_id, team_id):
        return None
    holder = RoomGrant.user_id == user_id if user_id else RoomGrant.team_id == team_id
    existing = await db.scalar(select(RoomGrant).where(RoomGrant.room_id == room.id, holder))
    if existing is not None:
        if existing.role == "owner" and role != "owner":
            await _keep_an_owner(db, room, existing)
        existing.role = role
        await db.flush()
        return existing
    added = RoomGrant(room_id=room.id, user_id=user_id, team_id=team_id, role=role)
    db.add(added)
    await db.flush()
    return added


async def revoke(db: AsyncSession, room: Room, grant_id: uuid.UUID) -> bool:
    existing = await db.scalar(
        select(RoomGrant).where(RoomGrant.room_id == room.id, RoomGrant.id == grant_id)
    )
    if existing is None:
        return False
    if existing.role == "owner":
        await _keep_an_owner(db, room, existing)
    await db.delete(existing)
    await db.flush()
    return True


async def _keep_an_owner(db: AsyncSession, room: Room, leaving: RoomGrant) -> None:
    owners = await db.scalar(
        select(func.count())
        .select_from(RoomGrant)
        .where(RoomGrant.room_id == room.id, RoomGrant.role == "owner", RoomGrant.id != leaving.id)
    )
    if not owners:
        raise OwnerStays()


async def _team_of(db: AsyncSession, organization_id: uuid.UUID, team_id: uuid.UUID) -> bool:
    return team_id in await team_names(db, [team_id], organization_id=organization_id)


async def admit(db: AsyncSession, room: Room, participant_id: uuid.UUID) -> Participant:
    entry = await _waiting(db, room, participant_id)
    entry.state = "admitted"
    entry.expires_at = participants.now() + participants.TICKET_TTL
    await db.flush()
    return entry


async def deny(db: AsyncSession, room: Room, participant_id: uuid.UUID) -> Participant:
    entry = await _waiting(db, room, participant_id)
    entry.state = "denied"
    await db.flush()
    return entry


async def _waiting(db: AsyncSession, room: Room, participant_id: uuid.UUID) -> Participant:
    entry = await participants.in_room(db, room.id, participant_id)
    if entry is None or entry.state != "waiting" or entry.expires_at < participants.now():
        raise NotWaiting()
    return entry


async def in_meeting(db: AsyncSession, room: Room, participant_id: uuid.UUID) -> Participant:
    """Someone let into the room's meeting (not waiting, not turned away)."""
    entry = await participants.in_room(db, room.id, participant_id)
    if entry is None or entry.state != "admitted":
        raise NotInMeeting()
    return entry


async def remove(db: AsyncSession, room: Room, participant_id: uuid.UUID) -> Participant:
    """Put someone out of the meeting; their ticket opens nothing any more."""
    entry = await in_meeting(db, room, participant_id)
    entry.state = "denied"
    entry.left_at = entry.left_at or participants.now()
    entry.hand_raised_at = None
    await db.flush()
    return entry


async def raise_hand(db: AsyncSession, participant_id: uuid.UUID, *, raised: bool) -> None:
    await db.execute(
        update(Participant)
        .where(Participant.id == participant_id)
        .values(hand_raised_at=participants.now() if raised else None)
        .execution_options(synchronize_session=False)
    )


async def lower_all_hands(db: AsyncSession, room: Room) -> None:
    await db.execute(
        update(Participant)
        .where(Participant.room_id == room.id, Participant.hand_raised_at.is_not(None))
        .values(hand_raised_at=None)
        .execution_options(synchronize_session=False)
    )


async def left(db: AsyncSession, room: Room, participant_id: uuid.UUID) -> None:
    """A participant's socket closed; a one-off room's meeting ends with its last one."""
    at = participants.now()
    await db.execute(
        update(Participant)
        .where(Participant.id == participant_id, Participant.left_at.is_(None))
        .values(left_at=at, hand_raised_at=None)
        .execution_options(synchronize_session=False)
    )
    if room.kind == "one_off" and not await participants.present(db, room.id):
        await db.execute(
            update(Room)
            .where(Room.id == room.id, Room.ended_at.is_(None))
            .values(ended_at=at)
            .execution_options(synchronize_session=False)
        )
