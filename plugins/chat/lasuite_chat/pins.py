"""Pinned messages: like Mattermost, any member who may post in the channel pins and
unpins; the pins are listed newest first."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor, EventBus
from lasuite_chat.access import TAKE_PART, channel_access
from lasuite_chat.events import MessagePinned, MessageUnpinned, channel_topic
from lasuite_chat.messages import live_message
from lasuite_chat.models import Message, Pin

MAX_PINS = 200
"""Pins listed at most; a channel rarely has more that anyone reads."""


async def set_pinned(
    db: AsyncSession,
    actor: Actor,
    events: EventBus,
    channel_id: uuid.UUID,
    message_id: uuid.UUID,
    *,
    pinned: bool,
) -> Message:
    """Pin or unpin a message; doing it twice is doing it once."""
    access = await channel_access(db, actor, channel_id, TAKE_PART)
    access.require_writable()
    message = await live_message(db, channel_id, message_id)
    if pinned:
        changed = await _pin(db, message, actor.user_id)
    else:
        removed = await db.execute(
            delete(Pin).where(Pin.message_id == message.id).returning(Pin.id)
        )
        changed = removed.first() is not None
    if changed:
        event: MessagePinned | MessageUnpinned = (
            MessagePinned(channel_id=channel_id, message_id=message.id, pinned_by=actor.user_id)
            if pinned
            else MessageUnpinned(
                channel_id=channel_id, message_id=message.id, unpinned_by=actor.user_id
            )
        )
        await events.publish(
            db, event, organization_id=actor.organization_id, topics=[channel_topic(channel_id)]
        )
    return message


async def pinned_messages(db: AsyncSession, actor: Actor, channel_id: uuid.UUID) -> list[Message]:
    """The channel's pinned messages, the latest pinned first."""
    await channel_access(db, actor, channel_id)
    found = await db.scalars(
        select(Message)
        .join(Pin, Pin.message_id == Message.id)
        .where(Pin.channel_id == channel_id, Message.deleted_at.is_(None))
        .order_by(Pin.created_at.desc(), Pin.id)
        .limit(MAX_PINS)
    )
    return list(found)


async def _pin(db: AsyncSession, message: Message, user_id: uuid.UUID) -> bool:
    if await db.scalar(select(Pin.id).where(Pin.message_id == message.id)) is not None:
        return False
    try:
        async with db.begin_nested():
            db.add(Pin(channel_id=message.channel_id, message_id=message.id, pinned_by=user_id))
    except IntegrityError:
        return False
    return True
