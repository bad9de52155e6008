"""The events chat publishes on a channel's topic ``chat:channel:<id>`` and on a
person's topic ``chat:user:<user id>``, the topics' subscribe rules and the typing action."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import ActionContext, Actor, Event
from lasuite_chat.access import TAKE_PART, can_read_channel, channel_access
from lasuite_chat.shapes import ChannelOut, MessageOut

TOPIC_PREFIX = "chat:channel"
USER_TOPIC_PREFIX = "chat:user"


def channel_topic(channel_id: uuid.UUID) -> str:
    return f"{TOPIC_PREFIX}:{channel_id}"


def user_topic(user_id: uuid.UUID) -> str:
    return f"{USER_TOPIC_PREFIX}:{user_id}"


class MessagePosted(Event, frozen=True):
    name: ClassVar[str] = "chat.message.posted"
    message: MessageOut


class MessageEdited(Event, frozen=True):
    name: ClassVar[str] = "chat.message.edited"
    message: MessageOut


class MessageDeleted(Event, frozen=True):
    name: ClassVar[str] = "chat.message.deleted"
    channel_id: uuid.UUID
    message_id: uuid.UUID
    seq: int


class ThreadReplied(Event, frozen=True):
    """A reply in a thread (also published as ``chat.message.posted``), with its
    root's new counts."""

    name: ClassVar[str] = "chat.thread.replied"
    channel_id: uuid.UUID
    root_id: uuid.UUID
    reply_count: int
    last_reply_at: datetime
    message: MessageOut


class ReactionAdded(Event, frozen=True):
    name: ClassVar[str] = "chat.reaction.added"
    channel_id: uuid.UUID
    message_id: uuid.UUID
    user_id: uuid.UUID
    emoji: str


class ReactionRemoved(Event, frozen=True):
    name: ClassVar[str] = "chat.reaction.removed"
    channel_id: uuid.UUID
    message_id: uuid.UUID
    user_id: uuid.UUID
    emoji: str


class MessagePinned(Event, frozen=True):
    name: ClassVar[str] = "chat.message.pinned"
    channel_id: uuid.UUID
    message_id: uuid.UUID
    pinned_by: uuid.UUID


class MessageUnpinned(Event, frozen=True):
    name: ClassVar[str] = "chat.message.unpinned"
    channel_id: uuid.UUID
    message_id: uuid.UUID
    unpinned_by: uuid.UUID


class ChannelUpdated(Event, frozen=True):
    name: ClassVar[str] = "chat.channel.updated"
    channel: ChannelOut


class MemberJoined(Event, frozen=True):
    name: ClassVar[str] = "chat.member.joined"
    channel_id: uuid.UUID
    user_id: uuid.UUID
    role: str


class MemberUpdated(Event, frozen=True):
    """Someone's role in the channel changed."""

    name: ClassVar[str] = "chat.member.updated"
    channel_id: uuid.UUID
    user_id: uuid.UUID
    role: str


class MemberLeft(Event, frozen=True):
    name: ClassVar[str] = "chat.member.left"
    channel_id: uuid.UUID
    user_id: uuid.UUID


class MemberTyping(Event, frozen=True):
    """Someone is writing in the channel; nothing of it is stored."""

    name: ClassVar[str] = "chat.member.typing"
    channel_id: uuid.UUID
    user_id: uuid.UUID
    display_name: str


class SidebarChanged(Event, frozen=True):
    """Someone was put in a channel or conversation (``added``) or taken out of one,
    published on their own topic: they are not following the channel's yet, or no longer."""

    name: ClassVar[str] = "chat.sidebar.changed"
    channel_id: uuid.UUID
    added: bool


EVENTS = (
    MessagePosted,
    MessageEdited,
    MessageDeleted,
    ThreadReplied,
    ReactionAdded,
    ReactionRemoved,
    MessagePinned,
    MessageUnpinned,
    ChannelUpdated,
    MemberJoined,
    MemberUpdated,
    MemberLeft,
    MemberTyping,
    SidebarChanged,
)


async def can_subscribe(actor: Actor, topic: str, db: AsyncSession) -> bool:
    """Readers of the channel may follow its topic."""
    try:
        channel_id = uuid.UUID(topic.removeprefix(f"{TOPIC_PREFIX}:"))
    except ValueError:
        return False
    return await can_read_channel(actor, channel_id, db)


async def can_subscribe_user(actor: Actor, topic: str, db: AsyncSession) -> bool:
    """Only the person themselves follows their chat topic."""
    return topic == user_topic(actor.user_id)


class TypingIn(msgspec.Struct, forbid_unknown_fields=True):
    channel_id: uuid.UUID


async def typing(data: TypingIn, context: ActionContext) -> None:
    """Tell the channel's readers that the actor is writing (members only)."""
    access = await channel_access(context.db, context.actor, data.channel_id, TAKE_PART)
    access.require_writable()
    actor = context.actor
    await context.events.publish(
        context.db,
        MemberTyping(
            channel_id=data.channel_id, user_id=actor.user_id, display_name=actor.display_name
        ),
        organization_id=actor.organization_id,
        topics=[channel_topic(data.channel_id)],
    )
