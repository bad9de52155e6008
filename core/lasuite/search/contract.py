"""What a search provider receives and returns (``ctx.add_search_provider``)."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.permissions.actor import Actor


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchQuery:
    """The words a user searched for and how many results each provider may return."""

    text: str
    """Plain text, 1 to 200 characters, stripped; match it literally (``%`` and ``_``
    included: ``column.icontains(query.text, autoescape=True)`` does)."""
    limit: int
    """Return at most this many results; the core keeps the best of every provider."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchContext:
    """Who searches, and a database session of their own for this provider.

    The session reads only: whatever a provider writes there is rolled back.
    """

    actor: Actor
    db: AsyncSession


class SearchResult(msgspec.Struct, kw_only=True):
    """One hit, as the workspace's search box and results page show it.

    Example::

        SearchResult(kind="document", id=str(doc.id), title=doc.title, excerpt="",
                     url=f"/docs/{doc.id}", updated_at=doc.created_at, score=1.0)
    """

    kind: str
    """What the hit is, in the plugin's words: ``document``, ``room``, ``message``…"""
    id: str
    title: str
    excerpt: str
    """Plain text around the match (no markup: the shell highlights the words)."""
    url: str
    """A path inside the workspace (``/docs/<id>``); anything else is dropped."""
    updated_at: datetime
    """When the hit last changed (timezone-aware); breaks ties between equal scores."""
    score: float
    """Relevance, higher is better; results of all plugins are merged by it."""
    plugin: str = ""
    """The providing plugin's id, filled by the core."""


SearchProvider = Callable[[SearchQuery, SearchContext], Awaitable[Sequence[SearchResult]]]
"""``async def search(query, context) -> Sequence[SearchResult]``."""


class InvalidProvider(Exception):
    """A provider registration breaks a rule; ``ctx`` reports it as a PluginError."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(f"{problem} (fix: {fix})")
        self.problem = problem
        self.fix = fix


def search_provider(plugin_id: str, provider: object) -> SearchProvider:
    """``provider`` once checked to be an ``async def`` taking ``(query, context)``."""
    # An async function, or an object whose __call__ is one.
    call = getattr(provider, "__call__", None)  # noqa: B004
    if not callable(provider) or not (
        inspect.iscoroutinefunction(provider) or inspect.iscoroutinefunction(call)
    ):
        raise InvalidProvider(
            f"search provider {provider!r} of {plugin_id!r} is not an async function",
            "pass 'async def search(query: SearchQuery, context: SearchContext) -> "
            "Sequence[SearchResult]'",
        )
    try:
        inspect.signature(provider).bind(None, None)
    except TypeError as exc:
        raise InvalidProvider(
            f"search provider {provider!r} of {plugin_id!r} cannot be called as "
            f"search(query, context): {exc}",
            "take exactly the two arguments (query, context)",
        ) from exc
    return provider
