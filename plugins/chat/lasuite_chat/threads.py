"""Threads: replies to a message, kept out of the channel's main history.

A reply carries its root's id and takes the next number of the channel like any
message; its root counts the replies (``reply_count``, ``last_reply_at``). The root's
author and everyone who replies follow the thread — they are notified of new replies
while they are members of the channel — and anyone who reads the channel may follow
or unfollow it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from litestar.exceptions import NotFoundException
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from lasuite.plugins import Actor, EventBus
from lasuite_chat.access import channel_access
from lasuite_chat.events import ThreadReplied, channel_topic
from lasuite_chat.links import message_link
from lasuite_chat.models import ChannelMember, Message, ThreadFollower
from lasuite_chat.problems import MessageGone
from lasuite_chat.shapes import MessageOut

THREAD_REPLY = "chat.thread_reply"


@dataclass(slots=True)
class Thread:
    root: Message
    replies: list[Message]
    following: bool


async def root_of(db: AsyncSession, channel_id: uuid.UUID, message_id: uuid.UUID) -> Message:
    """The thread root to reply to: the message, or the root of the thread it is in."""
    message = await db.scalar(
        select(Message).where(Message.id == message_id, Message.channel_id == channel_id)
    )
    if message is not None and message.thread_root_id is not None:
        message = await db.get(Message, message.thread_root_id)
    if message is None:
        raise NotFoundException("No such message.")
    if message.deleted_at is not None:
        raise MessageGone()
    return message


async def count_reply(db: AsyncSession, root: Message, reply: Message) -> None:
    """Count ``reply`` on its root (one statement: concurrent replies all count), and
    make its author follow the thread, as the root's author does."""
    count, last = (
        await db.execute(
            update(Message)
            .where(Message.id == root.id)
            .values(reply_count=Message.reply_count + 1, last_reply_at=reply.created_at)
            .returning(Message.reply_count, Message.last_reply_at)
            .execution_options(synchronize_session=False)
        )
    ).one()
    set_committed_value(root, "reply_count", count)
    set_committed_value(root, "last_reply_at", last)
    if root.author_id is not None:
        await _set_following(db, root.id, root.author_id, following=True, keep=True)
    if reply.author_id is not None:
        await _set_following(db, root.id, reply.author_id, following=True, keep=False)


async def announce_reply(
    db: AsyncSession,
    actor: Actor,
    events: EventBus,
    root: Message,
    reply: MessageOut,
    *,
    notified: set[uuid.UUID],
) -> None:
    """Publish ``chat.thread.replied`` and notify the thread's followers who are in the
    channel, except the replier and those ``notified`` already (by a mention)."""
    await events.publish(
        db,
        ThreadReplied(
            channel_id=root.channel_id,
            root_id=root.id,
            reply_count=root.reply_count,
            last_reply_at=_required(root.last_reply_at),
            message=reply,
        ),
        organization_id=actor.organization_id,
        topics=[channel_topic(root.channel_id)],
    )
    followers = (
        set(
            await db.scalars(
                select(ThreadFollower.user_id)
                .join(
                    ChannelMember,
                    (ChannelMember.user_id == ThreadFollower.user_id)
                    & (ChannelMember.channel_id == root.channel_id),
                )
                .where(ThreadFollower.root_id == root.id, ThreadFollower.following)
            )
        )
        - notified
        - {actor.user_id}
    )
    if followers:
        await events.notifier.notify(
            db,
            followers,
            kind=THREAD_REPLY,
            # French, as for mentions (see ``notify_mentioned``).
            title=f"{actor.display_name} a répondu dans un fil que vous suivez",
            body=reply.text[:280],
            link=message_link(root.channel_id, root.seq),
            data={
                "channel_id": str(root.channel_id),
                "root_id": str(root.id),
                "author_name": actor.display_name,
            },
            organization_id=actor.organization_id,
        )


async def thread(
    db: AsyncSession,
    actor: Actor,
    channel_id: uuid.UUID,
    root_id: uuid.UUID,
    *,
    after: int | None,
    limit: int,
) -> Thread:
    """A thread's root and up to ``limit`` of its replies by ascending ``seq``, from
    the first (or those after ``after``)."""
    await channel_access(db, actor, channel_id)
    root = await db.scalar(
        select(Message).where(
            Message.id == root_id,
            Message.channel_id == channel_id,
            Message.thread_root_id.is_(None),
        )
    )
    if root is None:
        raise NotFoundException("No such thread.")
    replies = select(Message).where(Message.thread_root_id == root.id)
    if after is not None:
        replies = replies.where(Message.seq > after)
    found = list(await db.scalars(replies.order_by(Message.seq).limit(limit)))
    following = await db.scalar(
        select(ThreadFollower.following).where(
            ThreadFollower.root_id == root.id, ThreadFollower.user_id == actor.user_id
        )
    )
    return Thread(root, found, bool(following))


async def follow(
    db: AsyncSession, actor: Actor, channel_id: uuid.UUID, root_id: uuid.UUID, *, following: bool
) -> None:
    """Follow or unfollow a thread of a channel the actor may read."""
    await channel_access(db, actor, channel_id)
    root = await root_of(db, channel_id, root_id)
    await _set_following(db, root.id, actor.user_id, following=following, keep=False)


async def _set_following(
    db: AsyncSession, root_id: uuid.UUID, user_id: uuid.UUID, *, following: bool, keep: bool
) -> None:
    """Record whether ``user_id`` follows; with ``keep``, a choice they made stays."""
    row = await db.scalar(
        select(ThreadFollower).where(
            ThreadFollower.root_id == root_id, ThreadFollower.user_id == user_id
        )
    )
    if row is not None:
        if not keep:
            row.following = following
        return
    try:
        async with db.begin_nested():
            db.add(ThreadFollower(root_id=root_id, user_id=user_id, following=following))
    except IntegrityError:
        # A concurrent reply recorded them first; its row says the same.
        return


def _required(value: datetime | None) -> datetime:
    if value is None:
        raise RuntimeError("a thread with a reply has a last reply time")
    return value
