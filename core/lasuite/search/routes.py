"""``GET /api/v1/search``: one query, answered by the caller's enabled plugins."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get
from litestar.params import FromQuery, QueryParameter

from lasuite.plugin_host.registry import Registry
from lasuite.plugins import CurrentActor
from lasuite.problems import Problem
from lasuite.search.contract import SearchQuery
from lasuite.search.service import ProviderEntry, SearchAnswer, search
from lasuite.state import runtime_of

USE = "core.search.use"
MAX_QUERY = 200

Limit = Annotated[int, QueryParameter(ge=1, le=50)]
PluginFilter = Annotated[str | None, QueryParameter(max_length=400)]
"""Comma-separated plugin ids: 400 characters name far more plugins than any install has."""


class SearchLength(Problem):
    code = "core.search_length"
    status = 400
    message = f"Search for 1 to {MAX_QUERY} characters."


def providers_for(
    registry: Registry, actor: CurrentActor, wanted: str | None
) -> list[ProviderEntry]:
    """The providers of the plugins enabled for the actor's organization, narrowed
    to the comma-separated ids of ``wanted`` when given."""
    chosen = {p.strip() for p in wanted.split(",")} if wanted else None
    return [
        ProviderEntry(record.id, provider)
        for record in registry.loaded
        if (provider := record.contributions.search_provider) is not None
        and record.id in actor.enabled_plugins
        and (chosen is None or record.id in chosen)
    ]


@get("/api/v1/search", permission=USE, tags=["search"])
async def search_workspace(
    request: Request[Any, Any, Any],
    actor: CurrentActor,
    q: FromQuery[str] = "",
    limit: Limit = 20,
    plugins: PluginFilter = None,
) -> SearchAnswer:
    """Search everything the caller may read in their organization: ``?q=`` (1 to 200
    characters), at most ``?limit=`` results, only in ``?plugins=docs,visio`` if given.

    Plugins that failed or did not answer in time are listed in ``failed``.
    """
    text = q.strip()
    if not 1 <= len(text) <= MAX_QUERY:
        raise SearchLength(max_length=MAX_QUERY)
    runtime = runtime_of(request.app.state)
    return await search(
        providers_for(runtime.registry, actor, plugins),
        SearchQuery(text=text, limit=limit),
        actor,
        sessions=runtime.database.sessions,
        time_limit=runtime.settings.search_timeout_seconds,
    )
