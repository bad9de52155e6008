"""The people of a meeting as rows: who waits in the lobby, who was let in, who is in the
meeting now (their socket is open and was heard from lately) and who has left."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import UTC, datetime, timedelta

import msgspec
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite_visio.media import colour_in_meeting
from lasuite_visio.models import Participant

WAITING_TTL = timedelta(seconds=60)
"""A lobby entry lapses this long after its holder was last heard from."""
TICKET_TTL = timedelta(hours=12)
"""An admitted ticket opens the meeting's socket until then."""
STALE = timedelta(seconds=45)
"""Someone whose socket has said nothing for this long is no longer counted in."""


class Person(msgspec.Struct):
    """A participant as the other participants see them."""

    id: uuid.UUID
    name: str
    role: str
    colour: str
    hand_raised: bool = False


def person(participant: Participant) -> Person:
    return Person(
        id=participant.id,
        name=participant.name,
        role=participant.role,
        colour=colour_in_meeting(participant),
        hand_raised=participant.hand_raised_at is not None,
    )


def now() -> datetime:
    return datetime.now(UTC)


def new_ticket() -> tuple[str, str]:
    """A ticket for its holder, and the hash the table keeps of it."""
    ticket = secrets.token_urlsafe(32)
    return ticket, ticket_hash(ticket)


def ticket_hash(ticket: str) -> str:
    return hashlib.sha256(ticket.encode()).hexdigest()


async def by_ticket(db: AsyncSession, room_id: uuid.UUID, ticket: str) -> Participant | None:
    return await db.scalar(
        select(Participant).where(
            Participant.room_id == room_id, Participant.ticket_hash == ticket_hash(ticket)
        )
    )


async def in_room(
    db: AsyncSession, room_id: uuid.UUID, participant_id: uuid.UUID
) -> Participant | None:
    return await db.scalar(
        select(Participant).where(Participant.room_id == room_id, Participant.id == participant_id)
    )


async def waiting(db: AsyncSession, room_id: uuid.UUID) -> list[Participant]:
    """The lobby: entries still waiting and not lapsed, first come first."""
    rows = await db.scalars(
        select(Participant)
        .where(
            Participant.room_id == room_id,
            Participant.state == "waiting",
            Participant.expires_at > now(),
        )
        .order_by(Participant.created_at, Participant.id)
    )
    return list(rows)


async def present(db: AsyncSession, room_id: uuid.UUID) -> list[Participant]:
    """Who is in the meeting now: admitted, joined, not gone, heard from lately."""
    rows = await db.scalars(
        select(Participant)
        .where(
            Participant.room_id == room_id,
            Participant.state == "admitted",
            Participant.joined_at.is_not(None),
            Participant.left_at.is_(None),
            Participant.seen_at > now() - STALE,
        )
        .order_by(Participant.joined_at, Participant.id)
    )
    return list(rows)


async def heard_from(db: AsyncSession, participant_id: uuid.UUID) -> None:
    """The participant's socket spoke: they are still there (a wait is extended)."""
    at = now()
    await db.execute(
        update(Participant)
        .where(Participant.id == participant_id, Participant.state == "waiting")
        .values(seen_at=at, expires_at=at + WAITING_TTL)
        .execution_options(synchronize_session=False)
    )
    await db.execute(
        update(Participant)
        .where(Participant.id == participant_id, Participant.state == "admitted")
        .values(seen_at=at)
        .execution_options(synchronize_session=False)
    )
