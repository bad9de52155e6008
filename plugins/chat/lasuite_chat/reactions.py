"""Emoji reactions on messages: each member may put each emoji once on a message."""

from __future__ import annotations

import re
import unicodedata
import uuid

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor, EventBus
from lasuite_chat.access import TAKE_PART, channel_access
from lasuite_chat.details import describe_one
from lasuite_chat.events import ReactionAdded, ReactionRemoved, channel_topic
from lasuite_chat.messages import live_message
from lasuite_chat.models import Message, Reaction
from lasuite_chat.problems import InvalidReaction
from lasuite_chat.shapes import ReactionOut

_SHORTCODE = re.compile(r"^:[a-z0-9_+\-]{1,40}:$")
MAX_EMOJI_CHARS = 12
"""Enough for a family, a flag or a skin tone sequence."""
_JOINERS = {0x200D, 0xFE0F, 0xFE0E, 0x20E3}
"""Zero-width joiner, variation selectors and the keycap combining mark."""


def valid_emoji(emoji: str) -> bool:
    """A ``:shortcode:`` or a short sequence of emoji characters."""
    if _SHORTCODE.match(emoji):
        return True
    if not 0 < len(emoji) <= MAX_EMOJI_CHARS:
        return False
    has_symbol = False
    for char in emoji:
        point = ord(char)
        if point in _JOINERS or 0x1F3FB <= point <= 0x1F3FF or 0xE0020 <= point <= 0xE007F:
            continue  # joiners, skin tones, tag characters of subdivision flags
        if unicodedata.category(char) == "So" or 0x1F1E6 <= point <= 0x1F1FF:
            has_symbol = True
            continue
        if char in "#*0123456789" and emoji.endswith("\u20e3"):
            continue  # keycaps: 1️⃣
        return False
    return has_symbol


def check_emoji(emoji: str) -> str:
    if not valid_emoji(emoji):
        raise InvalidReaction()
    return emoji


async def react(
    db: AsyncSession,
    actor: Actor,
    events: EventBus,
    channel_id: uuid.UUID,
    message_id: uuid.UUID,
    emoji: str,
    *,
    add: bool,
) -> list[ReactionOut]:
    """Add or remove the actor's ``emoji`` on a message (members of a writable channel);
    doing it twice is doing it once. Returns the message's reactions."""
    check_emoji(emoji)
    access = await channel_access(db, actor, channel_id, TAKE_PART)
    access.require_writable()
    message = await live_message(db, channel_id, message_id)
    changed = await (_add if add else _remove)(db, message, actor.user_id, emoji)
    if changed:
        event = (ReactionAdded if add else ReactionRemoved)(
            channel_id=channel_id, message_id=message.id, user_id=actor.user_id, emoji=emoji
        )
        await events.publish(
            db, event, organization_id=actor.organization_id, topics=[channel_topic(channel_id)]
        )
    return (await describe_one(db, actor.user_id, message)).reactions


async def _add(db: AsyncSession, message: Message, user_id: uuid.UUID, emoji: str) -> bool:
    existing = await db.scalar(
        select(Reaction.id).where(
            Reaction.message_id == message.id, Reaction.user_id == user_id, Reaction.emoji == emoji
        )
    )
    if existing is not None:
        return False
    try:
        async with db.begin_nested():
            db.add(Reaction(message_id=message.id, user_id=user_id, emoji=emoji))
    except IntegrityError:
        return False  # the same reaction, sent twice at once
    return True


async def _remove(db: AsyncSession, message: Message, user_id: uuid.UUID, emoji: str) -> bool:
    result = await db.execute(
        delete(Reaction)
        .where(
            Reaction.message_id == message.id, Reaction.user_id == user_id, Reaction.emoji == emoji
        )
        .returning(Reaction.id)
    )
    return result.first() is not None
