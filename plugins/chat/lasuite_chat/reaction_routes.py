"""Chat HTTP routes for emoji reactions and pinned messages."""

from __future__ import annotations

import uuid

from litestar import delete, get, put
from litestar.params import FromPath

from lasuite.plugins import CurrentActor, DbSession, Events
from lasuite_chat import pins, reactions
from lasuite_chat.details import describe, describe_one
from lasuite_chat.shapes import MessageOut, ReactionOut

READ = "chat.channel.read"
WRITE = "chat.message.create"

MESSAGE = "/channels/{channel_id:uuid}/messages/{message_id:uuid}"


@put(f"{MESSAGE}/reactions/{{emoji:str}}", permission=WRITE)
async def add_reaction(
    channel_id: FromPath[uuid.UUID],
    message_id: FromPath[uuid.UUID],
    emoji: FromPath[str],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
) -> list[ReactionOut]:
    """Put ``emoji`` (one emoji, or a ``:shortcode:``) on a message; the message's
    reactions."""
    return await reactions.react(db, actor, events, channel_id, message_id, emoji, add=True)


@delete(f"{MESSAGE}/reactions/{{emoji:str}}", permission=WRITE, status_code=200)
async def remove_reaction(
    channel_id: FromPath[uuid.UUID],
    message_id: FromPath[uuid.UUID],
    emoji: FromPath[str],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
) -> list[ReactionOut]:
    """Take one's ``emoji`` off a message; the message's reactions."""
    return await reactions.react(db, actor, events, channel_id, message_id, emoji, add=False)


@put(f"{MESSAGE}/pin", permission=WRITE)
async def pin_message(
    channel_id: FromPath[uuid.UUID],
    message_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
) -> MessageOut:
    """Pin a message to the channel (any member who may post there)."""
    message = await pins.set_pinned(db, actor, events, channel_id, message_id, pinned=True)
    return await describe_one(db, actor.user_id, message)


@delete(f"{MESSAGE}/pin", permission=WRITE, status_code=200)
async def unpin_message(
    channel_id: FromPath[uuid.UUID],
    message_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
) -> MessageOut:
    """Unpin a message (any member who may post there)."""
    message = await pins.set_pinned(db, actor, events, channel_id, message_id, pinned=False)
    return await describe_one(db, actor.user_id, message)


@get("/channels/{channel_id:uuid}/pins", permission=READ)
async def list_pins(
    channel_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor
) -> list[MessageOut]:
    """The channel's pinned messages, the latest pinned first."""
    return await describe(db, actor.user_id, await pins.pinned_messages(db, actor, channel_id))


REACTION_ROUTES = (add_reaction, remove_reaction, pin_message, unpin_message, list_pins)
