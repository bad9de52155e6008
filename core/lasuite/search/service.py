"""Ask the search providers of a caller's plugins at once, and merge what they find."""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from lasuite.permissions.actor import Actor
from lasuite.search.contract import SearchContext, SearchProvider, SearchQuery, SearchResult

logger = logging.getLogger("lasuite.search")

MAX_TITLE = 200
MAX_EXCERPT = 300


@dataclass(frozen=True, slots=True)
class ProviderEntry:
    """The search provider of one plugin."""

    plugin_id: str
    search: SearchProvider


class SearchFailure(msgspec.Struct):
    plugin: str
    reason: Literal["timeout", "error"]
    """``timeout``: it did not answer in time; ``error``: it failed (logged)."""


class SearchAnswer(msgspec.Struct):
    query: str
    results: list[SearchResult]
    """Best first: by score, then the most recently updated."""
    searched: list[str]
    """The plugins asked."""
    failed: list[SearchFailure]
    """The plugins that did not answer; their results are missing."""
    partial: bool
    """True when a plugin failed, so that more results may exist."""


def workspace_path(url: str) -> bool:
    """Whether ``url`` is a path inside the workspace (never another site nor a script)."""
    return (
        url.startswith("/")
        and not url.startswith(("//", "/\\"))
        and not any(c.isspace() or ord(c) < 32 for c in url)
    )


def _accepted(plugin_id: str, found: object) -> SearchResult | None:
    """The hit ready to show, or None (logged) when the provider broke the contract."""
    if not isinstance(found, SearchResult):
        logger.warning("search provider of %r returned %r, not a SearchResult", plugin_id, found)
        return None
    if not workspace_path(found.url) or found.updated_at.tzinfo is None:
        logger.warning("search provider of %r returned an unusable hit %r", plugin_id, found)
        return None
    if not math.isfinite(found.score):
        return None
    return msgspec.structs.replace(
        found,
        plugin=plugin_id,
        title=found.title[:MAX_TITLE],
        excerpt=found.excerpt[:MAX_EXCERPT],
    )


async def _ask(
    entry: ProviderEntry,
    query: SearchQuery,
    actor: Actor,
    sessions: async_sessionmaker[AsyncSession],
    time_limit: float,
) -> list[SearchResult] | SearchFailure:
    try:
        async with asyncio.timeout(time_limit), sessions() as db:
            # Its own session: one connection cannot run several providers' queries at once.
            found = await entry.search(query, SearchContext(actor=actor, db=db))
            await db.rollback()
    except TimeoutError:
        logger.warning("search provider of %r timed out after %ss", entry.plugin_id, time_limit)
        return SearchFailure(plugin=entry.plugin_id, reason="timeout")
    except Exception:
        logger.exception("search provider of %r failed", entry.plugin_id)
        return SearchFailure(plugin=entry.plugin_id, reason="error")
    if not isinstance(found, Sequence):
        logger.warning("search provider of %r returned %r, not a list", entry.plugin_id, found)
        return SearchFailure(plugin=entry.plugin_id, reason="error")
    accepted = (_accepted(entry.plugin_id, hit) for hit in found[: query.limit])
    return [hit for hit in accepted if hit is not None]


def merge(results: Iterable[SearchResult], limit: int) -> list[SearchResult]:
    """The ``limit`` best results: highest score first, then the most recent."""
    ranked = sorted(results, key=lambda r: (r.score, r.updated_at.timestamp()), reverse=True)
    return ranked[:limit]


async def search(
    providers: Sequence[ProviderEntry],
    query: SearchQuery,
    actor: Actor,
    *,
    sessions: async_sessionmaker[AsyncSession],
    time_limit: float,
) -> SearchAnswer:
    """Ask every provider concurrently, each within ``time_limit`` seconds; a slow or
    failing one is reported in ``failed`` while the others' results are returned."""
    answers = await asyncio.gather(
        *(_ask(entry, query, actor, sessions, time_limit) for entry in providers)
    )
    failed = [a for a in answers if isinstance(a, SearchFailure)]
    found = [hit for a in answers if not isinstance(a, SearchFailure) for hit in a]
    return SearchAnswer(
        query=query.text,
        results=merge(found, query.limit),
        searched=[entry.plugin_id for entry in providers],
        failed=failed,
        partial=bool(failed),
    )
