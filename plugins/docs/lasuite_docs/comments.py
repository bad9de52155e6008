"""Comments on a document: threads anchored to a passage, replies, resolving and reopening,
reactions, and ``@mentions`` that notify.

Readers see the comments; commenters and up write them. A comment's author edits it; its
author or the document's administrators delete it, and a thread goes with its last
comment. A mention is a handle, the local part of a member's e-mail address
(``@marie.dupont``), as in chat: it notifies the named member only when they may read
the document, so that a comment never reaches someone the page is not shared with. The
people in a thread hear of its replies.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import ClassVar, Literal, get_args

import msgspec
from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import (
    Actor,
    Event,
    EventBus,
    MemberDirectory,
    Notifier,
    Problem,
    TopicAccessChanged,
    display_names,
    member_roles,
    user_profiles,
)
from lasuite_docs.access import READ, SHARE, Access, role_of
from lasuite_docs.models import Comment, CommentReaction, CommentThread, Document

TOPIC_PREFIX = "docs:document"
MENTION = "docs.mention"
REPLY = "docs.comment_reply"
MAX_THREADS = 1000
"""Open threads one document holds."""
MAX_HANDLES = 20
"""Handles of one comment looked up; more are left as text."""
MAX_NOTIFIED = 100
"""People of a thread told of a reply."""

Reaction = Literal["👍", "❤️", "😄", "🎉", "👀", "✅"]
REACTIONS: tuple[str, ...] = get_args(Reaction)

_HANDLE = re.compile(r"(?<![\w.@])@([a-z0-9][a-z0-9._+-]{0,63})", re.IGNORECASE)


def document_topic(document_id: uuid.UUID) -> str:
    return f"{TOPIC_PREFIX}:{document_id}"


async def can_subscribe(actor: Actor, topic: str, db: AsyncSession) -> bool:
    """The document's readers follow its topic."""
    try:
        document_id = uuid.UUID(topic.removeprefix(f"{TOPIC_PREFIX}:"))
    except ValueError:
        return False
    document = await db.get(Document, document_id)
    return (
        document is not None
        and document.deleted_at is None
        and document.organization_id == actor.organization_id
        and await may_read(db, actor, document)
    )


class CommentsChanged(Event, frozen=True):
    """A thread of the document was opened, answered, edited, resolved, reopened or
    removed; published on the document's topic."""

    name: ClassVar[str] = "docs.comments.changed"
    document_id: uuid.UUID
    thread_id: uuid.UUID


class NotFound(Problem):
    code = "docs.comment_not_found"
    status = 404
    message = "No such comment."


class TooManyThreads(Problem):
    code = "docs.too_many_threads"
    status = 409
    message = "This document has too many open comment threads: resolve some first."


class NotTheAuthor(Problem):
    code = "docs.not_comment_author"
    status = 403
    message = "Only its author changes a comment."


PROBLEMS: tuple[type[Problem], ...] = (NotFound, TooManyThreads, NotTheAuthor)


class ReactionOut(msgspec.Struct):
    emoji: str
    user_ids: list[uuid.UUID]


class CommentOut(msgspec.Struct):
    id: uuid.UUID
    thread_id: uuid.UUID
    author_id: uuid.UUID
    author_name: str
    body: str
    mentions: dict[str, uuid.UUID]
    """Each handle of the body that names a member who may read the document."""
    created_at: datetime
    edited_at: datetime | None
    reactions: list[ReactionOut]


class ThreadOut(msgspec.Struct):
    id: uuid.UUID
    document_id: uuid.UUID
    anchor: str | None
    quote: str
    created_by: uuid.UUID
    created_at: datetime
    resolved_at: datetime | None
    resolved_by: uuid.UUID | None
    comments: list[CommentOut]


def handles_in(body: str) -> list[str]:
    """The ``@handles`` written in ``body``, lower-cased, first ones first."""
    found = (m.group(1).rstrip(".").lower() for m in _HANDLE.finditer(body))
    return list(dict.fromkeys(h for h in found if h))[:MAX_HANDLES]


async def may_read(db: AsyncSession, actor: Actor, document: Document) -> bool:
    return actor.can(READ) and await role_of(db, actor, document) is not None


async def named_readers(
    db: AsyncSession, members: MemberDirectory, document: Document, body: str
) -> dict[str, uuid.UUID]:
    """Handle → user id of each member ``body`` mentions who may read ``document``."""
    handles = handles_in(body)
    if not handles:
        return {}
    profile = user_profiles()
    email = func.lower(profile.c.email)
    rows = await db.execute(
        select(profile.c.user_id, profile.c.email).where(
            or_(*(email.like(f"{_escape_like(h)}@%", escape="\\") for h in handles))
        )
    )
    candidates = {
        user_id: address.rsplit("@", 1)[0].lower()
        for user_id, address in rows
        if address.rsplit("@", 1)[0].lower() in handles
    }
    in_organization = await member_roles(db, candidates, organization_id=document.organization_id)
    actors = await members.actors(
        db, list(in_organization)[:MAX_HANDLES], organization_id=document.organization_id
    )
    return {
        candidates[user_id]: user_id
        for user_id, actor in actors.items()
        if await may_read(db, actor, document)
    }


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def thread_of(db: AsyncSession, document: Document, thread_id: uuid.UUID) -> CommentThread:
    thread = await db.scalar(
        select(CommentThread).where(
            CommentThread.id == thread_id, CommentThread.document_id == document.id
        )
    )
    if thread is None:
        raise NotFound()
    return thread


async def comment_of(db: AsyncSession, thread: CommentThread, comment_id: uuid.UUID) -> Comment:
    comment = await db.scalar(
        select(Comment).where(Comment.id == comment_id, Comment.thread_id == thread.id)
    )
    if comment is None:
        raise NotFound()
    return comment


async def open_thread(
    db: AsyncSession, actor: Actor, document: Document, *, anchor: str | None, quote: str
) -> CommentThread:
    open_count = await db.scalar(
        select(func.count())
        .select_from(CommentThread)
        .where(CommentThread.document_id == document.id, CommentThread.resolved_at.is_(None))
    )
    if (open_count or 0) >= MAX_THREADS:
        raise TooManyThreads()
    thread = CommentThread(
        document_id=document.id, created_by=actor.user_id, anchor=anchor, quote=quote
    )
    db.add(thread)
    await db.flush()
    return thread


async def add_comment(
    db: AsyncSession,
    actor: Actor,
    thread: CommentThread,
    body: str,
    mentions: Mapping[str, uuid.UUID],
) -> Comment:
    """``body`` in the thread, with the readers it mentions (see :func:`named_readers`)."""
    comment = Comment(
        thread_id=thread.id, author_id=actor.user_id, body=body, mentions=_kept(mentions)
    )
    db.add(comment)
    if thread.resolved_at is not None:
        # Answering a resolved thread opens it again, as in Docs and Word.
        thread.resolved_at = thread.resolved_by = None
    await db.flush()
    return comment


async def edit_comment(
    db: AsyncSession,
    actor: Actor,
    comment: Comment,
    body: str,
    mentions: Mapping[str, uuid.UUID],
) -> None:
    if comment.author_id != actor.user_id:
        raise NotTheAuthor()
    comment.body = body
    comment.mentions = _kept(mentions)
    comment.edited_at = datetime.now(UTC)
    await db.flush()


def _kept(mentions: Mapping[str, uuid.UUID]) -> dict[str, str]:
    return {handle: str(user_id) for handle, user_id in mentions.items()}


async def delete_comment(db: AsyncSession, actor: Actor, access: Access, comment: Comment) -> None:
    """Its author or the document's administrators; the thread goes with its last comment."""
    if comment.author_id != actor.user_id and not access.may(SHARE):
        raise NotTheAuthor()
    thread_id = comment.thread_id
    await db.delete(comment)
    await db.flush()
    left = await db.scalar(
        select(func.count()).select_from(Comment).where(Comment.thread_id == thread_id)
    )
    if not left:
        await db.execute(delete(CommentThread).where(CommentThread.id == thread_id))


async def resolve(db: AsyncSession, actor: Actor, thread: CommentThread, resolved: bool) -> None:
    if resolved and thread.resolved_at is None:
        thread.resolved_at, thread.resolved_by = datetime.now(UTC), actor.user_id
    elif not resolved:
        thread.resolved_at = thread.resolved_by = None
    await db.flush()


async def react(db: AsyncSession, actor: Actor, comment: Comment, emoji: str, *, on: bool) -> None:
    held = await db.scalar(
        select(CommentReaction).where(
            CommentReaction.comment_id == comment.id,
            CommentReaction.user_id == actor.user_id,
            CommentReaction.emoji == emoji,
        )
    )
    if on and held is None:
        db.add(CommentReaction(comment_id=comment.id, user_id=actor.user_id, emoji=emoji))
    elif not on and held is not None:
        await db.delete(held)
    await db.flush()


async def threads(
    db: AsyncSession, document: Document, thread_ids: Sequence[uuid.UUID] | None = None
) -> list[ThreadOut]:
    """The document's threads (or those of ``thread_ids``), oldest first, with their
    comments, each comment's mentions and reactions."""
    query = select(CommentThread).where(CommentThread.document_id == document.id)
    if thread_ids is not None:
        query = query.where(CommentThread.id.in_(thread_ids))
    found = list(await db.scalars(query.order_by(CommentThread.created_at, CommentThread.id)))
    if not found:
        return []
    comments = list(
        await db.scalars(
            select(Comment)
            .where(Comment.thread_id.in_([t.id for t in found]))
            .order_by(Comment.created_at, Comment.id)
        )
    )
    reactions: dict[uuid.UUID, dict[str, list[uuid.UUID]]] = defaultdict(dict)
    if comments:
        for reaction in await db.scalars(
            select(CommentReaction)
            .where(CommentReaction.comment_id.in_([c.id for c in comments]))
            .order_by(CommentReaction.created_at, CommentReaction.id)
        ):
            reactions[reaction.comment_id].setdefault(reaction.emoji, []).append(reaction.user_id)
    names = await display_names(db, {c.author_id for c in comments})
    by_thread: dict[uuid.UUID, list[CommentOut]] = defaultdict(list)
    for c in comments:
        by_thread[c.thread_id].append(
            CommentOut(
                id=c.id,
                thread_id=c.thread_id,
                author_id=c.author_id,
                author_name=names.get(c.author_id, ""),
                body=c.body,
                mentions={h: uuid.UUID(user_id) for h, user_id in c.mentions.items()},
                created_at=c.created_at,
                edited_at=c.edited_at,
                reactions=[ReactionOut(e, ids) for e, ids in reactions[c.id].items()],
            )
        )
    return [
        ThreadOut(
            id=t.id,
            document_id=t.document_id,
            anchor=t.anchor,
            quote=t.quote,
            created_by=t.created_by,
            created_at=t.created_at,
            resolved_at=t.resolved_at,
            resolved_by=t.resolved_by,
            comments=by_thread[t.id],
        )
        for t in found
    ]


async def participants(db: AsyncSession, thread: CommentThread) -> set[uuid.UUID]:
    """Who opened or answered the thread."""
    authors = await db.scalars(select(Comment.author_id).where(Comment.thread_id == thread.id))
    return {thread.created_by, *authors}


async def notify(
    db: AsyncSession,
    actor: Actor,
    document: Document,
    thread: CommentThread,
    comment: Comment,
    members: MemberDirectory,
    notifier: Notifier,
) -> None:
    """Notify the readers ``comment`` mentions, then the thread's other people who may
    still read the document, of the comment ``actor`` wrote."""
    mentioned = {uuid.UUID(user_id) for user_id in comment.mentions.values()} - {actor.user_id}
    others = await participants(db, thread) - mentioned - {actor.user_id}
    actors = await members.actors(
        db, list(others)[:MAX_NOTIFIED], organization_id=document.organization_id
    )
    readers = {a.user_id for a in actors.values() if await may_read(db, a, document)}
    for kind, user_ids, did in (
        (MENTION, mentioned, "mentioned you on"),
        (REPLY, readers, "commented on"),
    ):
        if user_ids:
            await notifier.notify(
                db,
                user_ids,
                kind=kind,
                title=f"{actor.display_name} {did} “{document.title}”",
                body=comment.body,
                link=f"/docs/{document.id}?thread={thread.id}",
                organization_id=document.organization_id,
                data={"document_id": str(document.id), "thread_id": str(thread.id)},
            )


async def announce(
    db: AsyncSession, events: EventBus, document: Document, thread_id: uuid.UUID
) -> None:
    await events.publish(
        db,
        CommentsChanged(document_id=document.id, thread_id=thread_id),
        organization_id=document.organization_id,
        topics=[document_topic(document.id)],
    )


async def topics_changed(
    db: AsyncSession, events: EventBus, document: Document, user_id: uuid.UUID | None = None
) -> None:
    """Who may follow the document's topic (and its pages') may have changed: for
    ``user_id`` only (a grant of theirs), or for anyone (None: its link, a team's grant,
    the trash). Their open sockets ask the topic rule again."""
    await events.publish(
        db, TopicAccessChanged(user_id=user_id), organization_id=document.organization_id
    )
