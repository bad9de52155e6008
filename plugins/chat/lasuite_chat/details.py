"""Messages as the API shows them, with their reactions, attachments and pin: one
query for each of these per page of messages, however long the page."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import case, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import StoredFile
from lasuite_chat.models import Attachment, Message, Pin, Reaction
from lasuite_chat.shapes import AttachmentOut, MessageOut, ReactionOut


def file_url(channel_id: uuid.UUID, file_id: uuid.UUID) -> str:
    return f"/api/v1/chat/channels/{channel_id}/files/{file_id}"


def attachment_out(
    channel_id: uuid.UUID, stored: StoredFile, *, thumbnail_id: uuid.UUID | None = None
) -> AttachmentOut:
    url = file_url(channel_id, stored.id)
    return AttachmentOut(
        id=stored.id,
        name=stored.filename,
        size=stored.size,
        content_type=stored.content_type,
        url=url,
        thumbnail_url=f"{url}/thumbnail" if thumbnail_id else None,
    )


async def describe(
    db: AsyncSession, viewer_id: uuid.UUID | None, messages: Sequence[Message]
) -> list[MessageOut]:
    """``messages`` with what hangs off them; ``viewer_id``'s own reactions are ``me``
    (None: nobody's, as in events every reader receives)."""
    shown = [m for m in messages if m.deleted_at is None]
    ids = [m.id for m in shown]
    reactions = await _reactions(db, viewer_id, ids)
    attachments = await _attachments(db, ids)
    pinned = await _pinned(db, ids)
    out = []
    for message in messages:
        item = MessageOut.of(message)
        item.reactions = reactions.get(message.id, [])
        item.attachments = attachments.get(message.id, [])
        item.pinned = message.id in pinned
        out.append(item)
    return out


async def describe_one(
    db: AsyncSession, viewer_id: uuid.UUID | None, message: Message
) -> MessageOut:
    return (await describe(db, viewer_id, [message]))[0]


async def _reactions(
    db: AsyncSession, viewer_id: uuid.UUID | None, ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[ReactionOut]]:
    if not ids:
        return {}
    mine = func.max(case((Reaction.user_id == viewer_id, 1), else_=0)) if viewer_id else literal(0)
    rows = await db.execute(
        select(Reaction.message_id, Reaction.emoji, func.count(), mine)
        .where(Reaction.message_id.in_(ids))
        .group_by(Reaction.message_id, Reaction.emoji)
        .order_by(func.min(Reaction.created_at), Reaction.emoji)
    )
    found: dict[uuid.UUID, list[ReactionOut]] = {}
    for message_id, emoji, count, me in rows:
        found.setdefault(message_id, []).append(ReactionOut(emoji=emoji, count=count, me=bool(me)))
    return found


async def _attachments(
    db: AsyncSession, ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[AttachmentOut]]:
    if not ids:
        return {}
    rows = await db.execute(
        select(Attachment.message_id, Attachment.channel_id, Attachment.thumbnail_id, StoredFile)
        .join(StoredFile, StoredFile.id == Attachment.file_id)
        .where(Attachment.message_id.in_(ids))
        .order_by(Attachment.created_at, Attachment.id)
    )
    found: dict[uuid.UUID, list[AttachmentOut]] = {}
    for message_id, channel_id, thumbnail_id, stored in rows:
        if message_id is None:  # narrowed away by the query; for the type checker
            continue
        found.setdefault(message_id, []).append(
            attachment_out(channel_id, stored, thumbnail_id=thumbnail_id)
        )
    return found


async def _pinned(db: AsyncSession, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    if not ids:
        return set()
    return set(await db.scalars(select(Pin.message_id).where(Pin.message_id.in_(ids))))
