"""A meeting's chat: messages written through the meeting's socket, kept with the room
and the meeting going on; someone arriving reads what was said in that meeting."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite_visio import history, participants
from lasuite_visio.models import MeetingMessage, Participant

SHOWN = 200
"""Messages someone arriving reads, the latest ones."""
WITHOUT_MEETING = timedelta(hours=12)
"""Without a meeting on record, the messages of this past span are the meeting's."""


class MessageOut(msgspec.Struct):
    id: uuid.UUID
    participant_id: uuid.UUID | None
    name: str
    text: str
    at: datetime


def shown(message: MeetingMessage) -> MessageOut:
    return MessageOut(
        message.id, message.participant_id, message.name, message.text, message.created_at
    )


async def say(
    db: AsyncSession, room_id: uuid.UUID, participant: Participant, text: str
) -> MeetingMessage:
    meeting = await history.open_meeting(db, room_id)
    message = MeetingMessage(
        room_id=room_id,
        meeting_id=meeting.id if meeting else None,
        participant_id=participant.id,
        name=participant.name,
        text=text,
    )
    db.add(message)
    await db.flush()
    return message


async def so_far(db: AsyncSession, room_id: uuid.UUID) -> list[MeetingMessage]:
    """What was said in the meeting going on, oldest first (its last :data:`SHOWN`)."""
    meeting = await history.open_meeting(db, room_id)
    since = meeting.started_at if meeting else participants.now() - WITHOUT_MEETING
    rows = await db.scalars(
        select(MeetingMessage)
        .where(MeetingMessage.room_id == room_id, MeetingMessage.created_at >= since)
        .order_by(MeetingMessage.created_at.desc(), MeetingMessage.id.desc())
        .limit(SHOWN)
    )
    return list(reversed(list(rows)))


async def of_meeting(db: AsyncSession, meeting_id: uuid.UUID) -> list[MeetingMessage]:
    """Everything said in one past meeting, oldest first."""
    rows = await db.scalars(
        select(MeetingMessage)
        .where(MeetingMessage.meeting_id == meeting_id)
        .order_by(MeetingMessage.created_at, MeetingMessage.id)
    )
    return list(rows)
