"""A plugin that answers the unified search with its own result element
(the ``search.result`` slot), and fails on demand; its settings element
(the ``settings.org`` slot) names a module that does not exist."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, Field

from lasuite.plugins import (
    Fragment,
    Plugin,
    PluginContext,
    SearchContext,
    SearchQuery,
    SearchResult,
)

FOUND = datetime(2026, 1, 15, tzinfo=UTC)


class FinderSettings(BaseModel):
    """Edited through the generated form, as the plugin's own element fails."""

    shelf: str = Field(default="Grenier", min_length=1, max_length=40)


async def search(query: SearchQuery, context: SearchContext) -> list[SearchResult]:
    words = query.text.casefold()
    if "panne" in words:
        raise RuntimeError("the finder's index is down")
    if "trouvaille" not in words:
        return []
    return [
        SearchResult(
            kind="treasure",
            id="1",
            title="Trouvaille du jour",
            excerpt="Une pièce rare",
            url="/finder/treasures/1",
            updated_at=FOUND,
            score=1.0,
        )
    ]


def setup(ctx: PluginContext) -> None:
    ctx.add_search_provider(search)
    ctx.add_settings(FinderSettings)
    ctx.add_fragments(
        Fragment(slot="search.result", element="finder-search-result", module="finder.js"),
        Fragment(slot="settings.org", element="finder-settings", module="missing.js"),
    )


plugin = Plugin(
    id="finder",
    name="Trouvailles",
    description="Finds treasures; a test plugin of the unified search.",
    requires_api=">=1.0,<2",
    setup=setup,
)
