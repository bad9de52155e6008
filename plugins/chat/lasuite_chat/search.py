"""Full-text search of the messages someone may read, for the chat's own search and
the workspace's unified search.

The index is the database's own (created by the chat migration ``e7c41a9d2b58``):
FTS5 on SQLite, a GIN index on ``to_tsvector('simple', text)`` on PostgreSQL. A
query is cut into words, and every word must start a word of the message (prefix
match, so that results come while typing); nothing of the query reaches the index's
query syntax but those words, so quotes, stars, ``NEAR`` or ``&`` search as text.
Deleted messages are neither indexed nor returned.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, column, func, literal_column, or_, select, table
from sqlalchemy import text as sql_text
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor, SearchContext, SearchQuery, SearchResult
from lasuite_chat.access import BROWSE
from lasuite_chat.links import message_link
from lasuite_chat.models import Channel, ChannelMember, ChannelTeam, Message

READ = "chat.channel.read"
WORD = re.compile(r"\w+")
MAX_WORDS = 8
EXCERPT_CHARS = 160

_fts = table("chat_message_fts", column("rowid"))
_simple: ColumnElement[str] = literal_column("'simple'::regconfig")


@dataclass(frozen=True, slots=True)
class MessageHit:
    message: Message
    channel: Channel
    score: float
    """Relevance, higher is better (comparable between hits of one search only)."""


def words_of(text: str) -> list[str]:
    """The words searched for, lower-cased, in order, without repeats."""
    found = dict.fromkeys(w.lower() for w in WORD.findall(text))
    return list(found)[:MAX_WORDS]


def readable_channels(actor: Actor) -> Select[uuid.UUID]:
    """Ids of the channels of the actor's organization they may read (see ChannelAccess)."""
    joined = select(ChannelMember.channel_id).where(ChannelMember.user_id == actor.user_id)
    readable: list[ColumnElement[bool]] = [Channel.id.in_(joined)]
    if actor.team_ids:
        shared = select(ChannelTeam.channel_id).where(ChannelTeam.team_id.in_(actor.team_ids))
        readable.append((Channel.kind == "private") & Channel.id.in_(shared))
    if actor.can(BROWSE):
        readable.append(Channel.kind == "public")
    return select(Channel.id).where(
        Channel.organization_id == actor.organization_id, or_(*readable)
    )


async def search_messages(
    db: AsyncSession,
    actor: Actor,
    text: str,
    *,
    channel_id: uuid.UUID | None = None,
    limit: int = 20,
) -> list[MessageHit]:
    """The best ``limit`` messages matching every word of ``text`` that the actor may read."""
    words = words_of(text)
    if not words or not actor.can(READ):
        return []
    if db.get_bind().dialect.name == "postgresql":
        query = _postgres_match(words)
    else:
        query = _sqlite_match(words)
    query = query.where(
        Message.organization_id == actor.organization_id,
        Message.deleted_at.is_(None),
        Message.channel_id.in_(readable_channels(actor)),
    )
    if channel_id is not None:
        query = query.where(Message.channel_id == channel_id)
    rows = await db.execute(
        query.order_by(literal_column("score").desc(), Message.created_at.desc()).limit(limit)
    )
    return [MessageHit(message, channel, float(score)) for message, channel, score in rows]


def _sqlite_match(words: list[str]) -> Select[Message, Channel, float]:
    # Each word quoted (its quotes doubled) and starred: a prefix, never an operator.
    match = " ".join('"{}"*'.format(w.replace('"', '""')) for w in words)
    score = (-func.bm25(literal_column("chat_message_fts"))).label("score")
    return (
        select(Message, Channel, score)
        .select_from(Message)
        .join(_fts, _fts.c.rowid == literal_column("chat_message.rowid"))
        .join(Channel, Channel.id == Message.channel_id)
        .where(sql_text("chat_message_fts MATCH :match").bindparams(match=match))
    )


def _postgres_match(words: list[str]) -> Select[Message, Channel, float]:
    # Words are \w+ only: no quote or operator of the tsquery syntax gets through.
    terms = " & ".join(f"{w}:*" for w in words)
    vector = func.to_tsvector(_simple, Message.text)
    query = func.to_tsquery(_simple, terms)
    score = func.ts_rank(vector, query).label("score")
    return (
        select(Message, Channel, score)
        .select_from(Message)
        .join(Channel, Channel.id == Message.channel_id)
        .where(vector.op("@@")(query))
    )


def excerpt(text: str, words: list[str]) -> str:
    """Plain text of the message around the first word found, on one line."""
    flat = " ".join(text.split())
    lower = flat.lower()
    starts = [i for i in (lower.find(w) for w in words) if i >= 0]
    start = max(0, min(starts, default=0) - EXCERPT_CHARS // 3)
    piece = flat[start : start + EXCERPT_CHARS]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + EXCERPT_CHARS < len(flat) else ""
    return f"{prefix}{piece}{suffix}"


def channel_title(channel: Channel) -> str:
    return f"#{channel.name}" if channel.name else "Conversation"


def message_url(message: Message) -> str:
    return message_link(message.channel_id, message.seq)


async def unified_search(query: SearchQuery, context: SearchContext) -> list[SearchResult]:
    """The chat's answer to the workspace search: messages the searcher may read."""
    hits = await search_messages(context.db, context.actor, query.text, limit=query.limit)
    words = words_of(query.text)
    return [
        SearchResult(
            kind="message",
            id=str(hit.message.id),
            title=channel_title(hit.channel),
            excerpt=excerpt(hit.message.text, words),
            url=message_url(hit.message),
            updated_at=hit.message.edited_at or hit.message.created_at,
            # Into (0, 1): below the titles the other plugins match exactly (1 to 3).
            score=max(hit.score, 0.0) / (1.0 + max(hit.score, 0.0)),
        )
        for hit in hits
    ]
