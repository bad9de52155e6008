"""Posting, editing, deleting and reading a channel's messages, independent of HTTP."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from litestar.exceptions import NotFoundException
from sqlalchemy import Select, and_, delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor, EventBus, MetricCounter, OnlineUsers
from lasuite_chat import attachments, mentions, threads
from lasuite_chat.access import MANAGERS, TAKE_PART, ChannelAccess, channel_access
from lasuite_chat.details import describe_one
from lasuite_chat.events import MessageDeleted, MessageEdited, MessagePosted, channel_topic
from lasuite_chat.models import Channel, ChannelMember, Message, MessageEdit
from lasuite_chat.problems import (
    EmptyMessage,
    MessageGone,
    NoPageAnchor,
    NotAuthorNorModerator,
    NotTheAuthor,
)
from lasuite_chat.rendering import render_markdown
from lasuite_chat.sequence import allocate_seq, give_back_seq
from lasuite_chat.shapes import SidebarEntry

POSTED = MetricCounter(
    "messages_posted", description="Messages posted, in channels or threads", labels=("to",)
)


async def post_message(
    db: AsyncSession,
    actor: Actor,
    events: EventBus,
    presence: OnlineUsers,
    channel_id: uuid.UUID,
    *,
    text: str,
    client_id: uuid.UUID | None = None,
    thread_root_id: uuid.UUID | None = None,
    attachment_ids: Sequence[uuid.UUID] = (),
) -> tuple[Message, bool]:
    """The message posted, and whether it is new: a retry with the same ``client_id``
    returns the message the first attempt posted; ``presence`` tells who ``@here`` names.

    With ``thread_root_id`` it is a reply in that message's thread; ``attachment_ids``
    are files the actor uploaded to the channel (see :mod:`lasuite_chat.attachments`).
    """
    access = await channel_access(db, actor, channel_id, TAKE_PART)
    member = access.require_member()
    access.require_writable()
    if client_id is not None:
        sent = await _sent_before(db, channel_id, actor.user_id, client_id)
        if sent is not None:
            return sent, False
    if not text and not attachment_ids:
        raise EmptyMessage()
    root = await threads.root_of(db, channel_id, thread_root_id) if thread_root_id else None
    files = await attachments.unposted(db, actor, channel_id, attachment_ids)
    mentioned = await mentions.resolve(db, channel_id, text)
    await mentions.reach_everyone(db, presence, actor.organization_id, channel_id, mentioned)
    seq = await allocate_seq(db, access.channel)
    message = Message(
        organization_id=actor.organization_id,
        channel_id=channel_id,
        seq=seq,
        author_id=actor.user_id,
        client_id=client_id,
        text=text,
        html=render_markdown(text, mentioned.markup),
        thread_root_id=root.id if root else None,
    )
    try:
        async with db.begin_nested():
            db.add(message)
    except IntegrityError:
        # The same client id raced past the check above; the first one won.
        if client_id is None:
            raise
        sent = await _sent_before(db, channel_id, actor.user_id, client_id)
        if sent is None:
            raise
        await give_back_seq(db, access.channel, seq)
        return sent, False
    member.last_read_seq = seq
    for attachment in files:
        attachment.message_id = message.id
    await db.flush()
    out = await describe_one(db, None, message)
    await events.publish(
        db,
        MessagePosted(message=out),
        organization_id=actor.organization_id,
        topics=[channel_topic(channel_id)],
    )
    notified = await mentions.notify_mentioned(db, actor, events, message, mentioned)
    if root is not None:
        await threads.count_reply(db, root, message)
        await threads.announce_reply(db, actor, events, root, out, notified=notified)
    POSTED.inc(to="thread" if root is not None else "channel")
    return message, True


async def edit_message(
    db: AsyncSession,
    actor: Actor,
    events: EventBus,
    channel_id: uuid.UUID,
    message_id: uuid.UUID,
    *,
    text: str,
) -> Message:
    """Change the text of one's own message, keeping the previous version."""
    access = await _writable(db, actor, channel_id)
    message = await _message(db, channel_id, message_id)
    if message.author_id != actor.user_id:
        raise NotTheAuthor()
    if message.text != text:
        db.add(
            MessageEdit(
                message_id=message.id, text=message.text, html=message.html, edited_by=actor.user_id
            )
        )
        message.text = text
        message.html = render_markdown(text, (await mentions.resolve(db, channel_id, text)).markup)
        message.edited_at = datetime.now(UTC)
        await db.flush()
        await events.publish(
            db,
            MessageEdited(message=await describe_one(db, None, message)),
            organization_id=actor.organization_id,
            topics=[channel_topic(access.channel.id)],
        )
    return message


async def delete_message(
    db: AsyncSession, actor: Actor, events: EventBus, channel_id: uuid.UUID, message_id: uuid.UUID
) -> Message:
    """Leave a tombstone: the text and its earlier versions go, the number stays."""
    access = await _writable(db, actor, channel_id)
    message = await _message(db, channel_id, message_id)
    if message.author_id != actor.user_id and access.role not in MANAGERS:
        raise NotAuthorNorModerator()
    message.text = ""
    message.html = ""
    message.deleted_at = datetime.now(UTC)
    await db.execute(delete(MessageEdit).where(MessageEdit.message_id == message.id))
    await db.flush()
    await events.publish(
        db,
        MessageDeleted(channel_id=channel_id, message_id=message.id, seq=message.seq),
        organization_id=actor.organization_id,
        topics=[channel_topic(channel_id)],
    )
    return message


async def edits_of(
    db: AsyncSession, actor: Actor, channel_id: uuid.UUID, message_id: uuid.UUID
) -> list[MessageEdit]:
    """Earlier versions of a message, oldest first."""
    await channel_access(db, actor, channel_id)
    message = await _message(db, channel_id, message_id)
    found = await db.scalars(
        select(MessageEdit)
        .where(MessageEdit.message_id == message.id)
        .order_by(MessageEdit.created_at, MessageEdit.id)
    )
    return list(found)


async def history(
    db: AsyncSession,
    actor: Actor,
    channel_id: uuid.UUID,
    *,
    before: int | None = None,
    after: int | None = None,
    around: int | None = None,
    limit: int = 50,
) -> list[Message]:
    """Up to ``limit`` messages by ascending ``seq``: the latest ones, those before or
    after a number, or those around it (half before, the rest from it on). Replies in
    threads are not part of it (see :func:`lasuite_chat.threads.thread`)."""
    if sum(cursor is not None for cursor in (before, after, around)) > 1:
        raise NoPageAnchor()
    await channel_access(db, actor, channel_id)
    in_channel = select(Message).where(
        Message.channel_id == channel_id, Message.thread_root_id.is_(None)
    )
    if after is not None:
        return await _page(db, in_channel.where(Message.seq > after), limit, newer=True)
    if around is not None:
        older = await _page(db, in_channel.where(Message.seq < around), limit // 2, newer=False)
        newer = await _page(
            db, in_channel.where(Message.seq >= around), limit - len(older), newer=True
        )
        return older + newer
    if before is not None:
        in_channel = in_channel.where(Message.seq < before)
    return await _page(db, in_channel, limit, newer=False)


async def mark_read(
    db: AsyncSession, actor: Actor, channel_id: uuid.UUID, *, seq: int
) -> ChannelMember:
    """Move the actor's read marker forward to ``seq`` (never back, never past the end)."""
    access = await channel_access(db, actor, channel_id, TAKE_PART)
    member = access.require_member()
    upto = min(seq, access.channel.last_seq)
    if upto > member.last_read_seq:
        member.last_read_seq = upto
        if upto == access.channel.last_seq:
            member.mention_count = 0
        await db.flush()
    return member


async def sidebar(db: AsyncSession, actor: Actor) -> list[SidebarEntry]:
    """The actor's channels with their unread and mention counts, in one query."""
    unread = and_(
        Message.channel_id == Channel.id,
        Message.seq > ChannelMember.last_read_seq,
        Message.deleted_at.is_(None),
        Message.thread_root_id.is_(None),
        or_(Message.author_id.is_(None), Message.author_id != actor.user_id),
    )
    rows = await db.execute(
        select(Channel, ChannelMember, func.count(Message.id))
        .join(
            ChannelMember,
            and_(ChannelMember.channel_id == Channel.id, ChannelMember.user_id == actor.user_id),
        )
        .outerjoin(Message, unread)
        .where(Channel.organization_id == actor.organization_id)
        .group_by(Channel.id, ChannelMember.id)
        .order_by(Channel.kind, Channel.name, Channel.created_at)
    )
    return [
        SidebarEntry(
            id=channel.id,
            kind=channel.kind,
            name=channel.name,
            topic=channel.topic,
            archived=channel.archived_at is not None,
            role=member.role,
            last_seq=channel.last_seq,
            last_read_seq=member.last_read_seq,
            unread_count=count,
            mention_count=member.mention_count,
        )
        for channel, member, count in rows
    ]


async def _writable(db: AsyncSession, actor: Actor, channel_id: uuid.UUID) -> ChannelAccess:
    access = await channel_access(db, actor, channel_id, TAKE_PART)
    access.require_writable()
    return access


async def live_message(db: AsyncSession, channel_id: uuid.UUID, message_id: uuid.UUID) -> Message:
    """A message of the channel that is not deleted: 404 when absent, 409 when deleted."""
    return await _message(db, channel_id, message_id)


async def _message(db: AsyncSession, channel_id: uuid.UUID, message_id: uuid.UUID) -> Message:
    message = await db.scalar(
        select(Message).where(Message.id == message_id, Message.channel_id == channel_id)
    )
    if message is None:
        raise NotFoundException("No such message.")
    if message.deleted_at is not None:
        raise MessageGone()
    return message


async def _page(
    db: AsyncSession, query: Select[Message], limit: int, *, newer: bool
) -> list[Message]:
    if limit <= 0:
        return []
    order = Message.seq.asc() if newer else Message.seq.desc()
    found = list(await db.scalars(query.order_by(order).limit(limit)))
    return found if newer else found[::-1]


async def _sent_before(
    db: AsyncSession, channel_id: uuid.UUID, author_id: uuid.UUID, client_id: uuid.UUID
) -> Message | None:
    message: Message | None = await db.scalar(
        select(Message).where(
            Message.channel_id == channel_id,
            Message.author_id == author_id,
            Message.client_id == client_id,
        )
    )
    return message
