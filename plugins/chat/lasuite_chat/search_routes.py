"""Chat HTTP route for searching messages (the workspace search asks the provider)."""

from __future__ import annotations

import uuid
from typing import Annotated

import msgspec
from litestar import get
from litestar.params import FromQuery, QueryParameter

from lasuite.plugins import CurrentActor, DbSession
from lasuite_chat import search
from lasuite_chat.shapes import MessageOut


class MessageHitOut(msgspec.Struct):
    message: MessageOut
    channel_name: str | None
    """None for direct and group conversations."""
    excerpt: str
    url: str
    score: float


@get("/search", permission=search.READ)
async def search_messages(
    db: DbSession,
    actor: CurrentActor,
    q: Annotated[str, QueryParameter(min_length=1, max_length=200)],
    channel_id: FromQuery[uuid.UUID | None] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=50)] = 20,
) -> list[MessageHitOut]:
    """Messages the caller may read with every word of ``q`` (as word prefixes), best
    first; ``channel_id`` keeps those of one channel. Deleted messages never match."""
    words = search.words_of(q)
    hits = await search.search_messages(db, actor, q, channel_id=channel_id, limit=limit)
    return [
        MessageHitOut(
            message=MessageOut.of(hit.message),
            channel_name=hit.channel.name,
            excerpt=search.excerpt(hit.message.text, words),
            url=search.message_url(hit.message),
            score=hit.score,
        )
        for hit in hits
    ]


SEARCH_ROUTES = (search_messages,)
