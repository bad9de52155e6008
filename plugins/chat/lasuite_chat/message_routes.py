"""Chat HTTP routes for messages, read markers and the sidebar."""

from __future__ import annotations

import uuid
from typing import Annotated

import msgspec
from litestar import Response, delete, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter

from lasuite.plugins import CurrentActor, DbSession, Events, Presence
from lasuite_chat import messages
from lasuite_chat.details import describe, describe_one
from lasuite_chat.shapes import MessageChange, MessageIn, MessageOut, ReadIn, SidebarEntry

READ = "chat.channel.read"
WRITE = "chat.message.create"

Limit = Annotated[int, QueryParameter(ge=1, le=200)]
Seq = Annotated[int | None, QueryParameter(ge=0)]


class EditOut(msgspec.Struct):
    text: str
    html: str
    edited_by: uuid.UUID | None
    replaced_at: str


@get("/sidebar", permission=READ)
async def sidebar(db: DbSession, actor: CurrentActor) -> list[SidebarEntry]:
    """The caller's channels with their unread and mention counts."""
    return await messages.sidebar(db, actor)


@get("/channels/{channel_id:uuid}/messages", permission=READ)
async def list_messages(
    channel_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
    before: Seq = None,
    after: Seq = None,
    around: Seq = None,
    limit: Limit = 50,
) -> list[MessageOut]:
    """Messages by ascending ``seq``: the latest, or those ``before`` / ``after`` a
    number, or ``around`` it; deleted ones are there as tombstones (``deleted``).
    Thread replies are not listed: their root counts them (``reply_count``)."""
    found = await messages.history(
        db, actor, channel_id, before=before, after=after, around=around, limit=limit
    )
    return await describe(db, actor.user_id, found)


@post("/channels/{channel_id:uuid}/messages", permission=WRITE)
async def post_message(
    channel_id: FromPath[uuid.UUID],
    data: JSONBody[MessageIn],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
    presence: Presence,
) -> Response[MessageOut]:
    """Post a message (201); sent again with the same ``client_id``, the first one (200)."""
    message, created = await messages.post_message(
        db,
        actor,
        events,
        presence,
        channel_id,
        text=data.text,
        client_id=data.client_id,
        thread_root_id=data.thread_root_id,
        attachment_ids=data.attachment_ids,
    )
    out = await describe_one(db, actor.user_id, message)
    return Response(out, status_code=201 if created else 200)


@patch("/channels/{channel_id:uuid}/messages/{message_id:uuid}", permission=WRITE)
async def edit_message(
    channel_id: FromPath[uuid.UUID],
    message_id: FromPath[uuid.UUID],
    data: JSONBody[MessageChange],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
) -> MessageOut:
    """Change one's own message; the earlier text is kept in its edit history."""
    message = await messages.edit_message(db, actor, events, channel_id, message_id, text=data.text)
    return await describe_one(db, actor.user_id, message)


@delete("/channels/{channel_id:uuid}/messages/{message_id:uuid}", permission=WRITE, status_code=200)
async def delete_message(
    channel_id: FromPath[uuid.UUID],
    message_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
) -> MessageOut:
    """Delete a message (its author, or a channel owner or moderator): a tombstone stays."""
    return MessageOut.of(await messages.delete_message(db, actor, events, channel_id, message_id))


@get("/channels/{channel_id:uuid}/messages/{message_id:uuid}/edits", permission=READ)
async def list_edits(
    channel_id: FromPath[uuid.UUID],
    message_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
) -> list[EditOut]:
    """Earlier versions of a message, oldest first."""
    return [
        EditOut(
            text=e.text, html=e.html, edited_by=e.edited_by, replaced_at=e.created_at.isoformat()
        )
        for e in await messages.edits_of(db, actor, channel_id, message_id)
    ]


@post("/channels/{channel_id:uuid}/read", permission=READ, status_code=204)
async def mark_read(
    channel_id: FromPath[uuid.UUID], data: JSONBody[ReadIn], db: DbSession, actor: CurrentActor
) -> None:
    """Move the caller's read marker forward to ``seq``."""
    await messages.mark_read(db, actor, channel_id, seq=data.seq)


MESSAGE_ROUTES = (
    sidebar,
    list_messages,
    post_message,
    edit_message,
    delete_message,
    list_edits,
    mark_read,
)
