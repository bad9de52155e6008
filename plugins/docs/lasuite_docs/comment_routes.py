"""A document's comments over HTTP: threads on passages, their comments and reactions.

Each change is published on the document's topic (``docs:document:<id>``), which its
readers follow, so every open page shows it at once."""

from __future__ import annotations

import uuid
from typing import Annotated

import msgspec
from litestar import delete, get, patch, post, put
from litestar.params import FromPath, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import (
    Actor,
    CurrentActor,
    DbSession,
    EventBus,
    Events,
    Members,
    Notifications,
    Problem,
)
from lasuite_docs import comments, services
from lasuite_docs.access import COMMENT, READ, Access
from lasuite_docs.comments import ThreadOut
from lasuite_docs.models import CommentThread, Document

Body = Annotated[str, msgspec.Meta(min_length=1, max_length=5000, pattern=r"\S")]


class UnknownReaction(Problem):
    code = "docs.unknown_reaction"
    message = "React with one of the offered emoji."
    status = 400


PROBLEMS: tuple[type[Problem], ...] = (*comments.PROBLEMS, UnknownReaction)


class ThreadIn(msgspec.Struct, forbid_unknown_fields=True):
    body: Body
    anchor: Annotated[str, msgspec.Meta(max_length=2048)] | None = None
    """Where the passage starts and ends, as the editor encodes it; none for the page."""
    quote: Annotated[str, msgspec.Meta(max_length=1000)] = ""


class ThreadChange(msgspec.Struct, forbid_unknown_fields=True):
    resolved: bool


class CommentIn(msgspec.Struct, forbid_unknown_fields=True):
    body: Body


THREADS = "/documents/{document_id:uuid}/threads"
THREAD = THREADS + "/{thread_id:uuid}"
COMMENT_PATH = THREAD + "/comments/{comment_id:uuid}"


async def _thread(
    db: AsyncSession, actor: Actor, document_id: uuid.UUID, thread_id: uuid.UUID
) -> tuple[Access, CommentThread]:
    """The thread of a document ``actor`` may comment on."""
    access = await services.document_for(db, actor, document_id, COMMENT)
    return access, await comments.thread_of(db, access.document, thread_id)


async def _shown(
    db: AsyncSession, events: EventBus, document: Document, thread: CommentThread
) -> ThreadOut:
    """Tell the document's readers that the thread changed; the thread as it is now."""
    await comments.announce(db, events, document, thread.id)
    (shown,) = await comments.threads(db, document, [thread.id])
    return shown


@get(THREADS, permission=READ)
async def list_threads(
    document_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor
) -> list[ThreadOut]:
    """The document's comment threads, oldest first, resolved ones included (its readers)."""
    access = await services.document_for(db, actor, document_id)
    return await comments.threads(db, access.document)


@post(THREADS, permission=READ)
async def open_thread(
    document_id: FromPath[uuid.UUID],
    data: JSONBody[ThreadIn],
    db: DbSession,
    actor: CurrentActor,
    members: Members,
    events: Events,
    notifier: Notifications,
) -> ThreadOut:
    """Comment on a passage (or on the page): a new thread (its commenters). Who it
    mentions is notified."""
    document = (await services.document_for(db, actor, document_id, COMMENT)).document
    thread = await comments.open_thread(db, actor, document, anchor=data.anchor, quote=data.quote)
    mentions = await comments.named_readers(db, members, document, data.body)
    comment = await comments.add_comment(db, actor, thread, data.body, mentions)
    await comments.notify(db, actor, document, thread, comment, members, notifier)
    return await _shown(db, events, document, thread)


@post(THREAD + "/comments", permission=READ)
async def reply(
    document_id: FromPath[uuid.UUID],
    thread_id: FromPath[uuid.UUID],
    data: JSONBody[CommentIn],
    db: DbSession,
    actor: CurrentActor,
    members: Members,
    events: Events,
    notifier: Notifications,
) -> ThreadOut:
    """Answer a thread; a resolved one opens again (its commenters). Who it mentions and
    the thread's other people are notified."""
    access, thread = await _thread(db, actor, document_id, thread_id)
    mentions = await comments.named_readers(db, members, access.document, data.body)
    comment = await comments.add_comment(db, actor, thread, data.body, mentions)
    await comments.notify(db, actor, access.document, thread, comment, members, notifier)
    return await _shown(db, events, access.document, thread)


@patch(THREAD, permission=READ)
async def resolve_thread(
    document_id: FromPath[uuid.UUID],
    thread_id: FromPath[uuid.UUID],
    data: JSONBody[ThreadChange],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
) -> ThreadOut:
    """Mark the thread resolved, or open it again (its commenters)."""
    access, thread = await _thread(db, actor, document_id, thread_id)
    await comments.resolve(db, actor, thread, data.resolved)
    return await _shown(db, events, access.document, thread)


@patch(COMMENT_PATH, permission=READ)
async def edit_comment(
    document_id: FromPath[uuid.UUID],
    thread_id: FromPath[uuid.UUID],
    comment_id: FromPath[uuid.UUID],
    data: JSONBody[CommentIn],
    db: DbSession,
    actor: CurrentActor,
    members: Members,
    events: Events,
) -> ThreadOut:
    """Change one's comment (its author, while a commenter)."""
    access, thread = await _thread(db, actor, document_id, thread_id)
    comment = await comments.comment_of(db, thread, comment_id)
    mentions = await comments.named_readers(db, members, access.document, data.body)
    await comments.edit_comment(db, actor, comment, data.body, mentions)
    return await _shown(db, events, access.document, thread)


@delete(COMMENT_PATH, permission=READ)
async def delete_comment(
    document_id: FromPath[uuid.UUID],
    thread_id: FromPath[uuid.UUID],
    comment_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
) -> None:
    """Remove a comment (its author, or the document's administrators); the thread goes
    with its last comment."""
    access, thread = await _thread(db, actor, document_id, thread_id)
    comment = await comments.comment_of(db, thread, comment_id)
    await comments.delete_comment(db, actor, access, comment)
    await comments.announce(db, events, access.document, thread_id)


@put(COMMENT_PATH + "/reactions/{emoji:str}", permission=READ, status_code=200)
async def add_reaction(
    document_id: FromPath[uuid.UUID],
    thread_id: FromPath[uuid.UUID],
    comment_id: FromPath[uuid.UUID],
    emoji: FromPath[str],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
) -> ThreadOut:
    """Put an emoji on a comment, once per person (its commenters)."""
    return await _react(db, actor, events, (document_id, thread_id, comment_id), emoji, on=True)


@delete(COMMENT_PATH + "/reactions/{emoji:str}", permission=READ, status_code=200)
async def remove_reaction(
    document_id: FromPath[uuid.UUID],
    thread_id: FromPath[uuid.UUID],
    comment_id: FromPath[uuid.UUID],
    emoji: FromPath[str],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
) -> ThreadOut:
    """Take one's emoji off a comment."""
    return await _react(db, actor, events, (document_id, thread_id, comment_id), emoji, on=False)


async def _react(
    db: AsyncSession,
    actor: Actor,
    events: EventBus,
    ids: tuple[uuid.UUID, uuid.UUID, uuid.UUID],
    emoji: str,
    *,
    on: bool,
) -> ThreadOut:
    if emoji not in comments.REACTIONS:
        raise UnknownReaction()
    document_id, thread_id, comment_id = ids
    access, thread = await _thread(db, actor, document_id, thread_id)
    comment = await comments.comment_of(db, thread, comment_id)
    await comments.react(db, actor, comment, emoji, on=on)
    return await _shown(db, events, access.document, thread)


COMMENT_ROUTES = [
    list_threads,
    open_thread,
    reply,
    resolve_thread,
    edit_comment,
    delete_comment,
    add_reaction,
    remove_reaction,
]
