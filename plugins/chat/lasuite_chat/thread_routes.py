"""Chat HTTP routes for threads: read one, follow or unfollow it (replying is posting
a message with ``thread_root_id``)."""

from __future__ import annotations

import uuid
from typing import Annotated

import msgspec
from litestar import delete, get, put
from litestar.params import FromPath, QueryParameter

from lasuite.plugins import CurrentActor, DbSession
from lasuite_chat import threads
from lasuite_chat.details import describe
from lasuite_chat.shapes import MessageOut

READ = "chat.channel.read"

MESSAGE = "/channels/{channel_id:uuid}/messages/{message_id:uuid}"


class ThreadOut(msgspec.Struct):
    root: MessageOut
    replies: list[MessageOut]
    """Ascending ``seq``; ask for the next ones ``after`` the last ``seq``."""
    following: bool
    """Whether the caller is notified of new replies."""


@get(f"{MESSAGE}/thread", permission=READ)
async def get_thread(
    channel_id: FromPath[uuid.UUID],
    message_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
    after: Annotated[int | None, QueryParameter(ge=0)] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
) -> ThreadOut:
    """A thread's root and its replies, from the first or ``after`` a ``seq``."""
    found = await threads.thread(db, actor, channel_id, message_id, after=after, limit=limit)
    root, *replies = await describe(db, actor.user_id, [found.root, *found.replies])
    return ThreadOut(root=root, replies=replies, following=found.following)


@put(f"{MESSAGE}/follow", permission=READ, status_code=204)
async def follow_thread(
    channel_id: FromPath[uuid.UUID],
    message_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
) -> None:
    """Be notified of new replies in the thread."""
    await threads.follow(db, actor, channel_id, message_id, following=True)


@delete(f"{MESSAGE}/follow", permission=READ, status_code=204)
async def unfollow_thread(
    channel_id: FromPath[uuid.UUID],
    message_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
) -> None:
    """Stop being notified of new replies, until one replies in it again."""
    await threads.follow(db, actor, channel_id, message_id, following=False)


THREAD_ROUTES = (get_thread, follow_thread, unfollow_thread)
