"""A plugin whose search provider a test steers: it answers, fails, hangs or cheats."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from importlib.metadata import EntryPoint
from typing import Literal

from lasuite.plugins import Plugin, PluginContext, SearchContext, SearchQuery, SearchResult

Mode = Literal["answer", "fail", "hang", "cheat"]

MODE: list[Mode] = ["answer"]
"""What the provider does on its next calls (the first item)."""
CALLS: list[SearchQuery] = []

UPDATED = datetime(2020, 1, 1, tzinfo=UTC)


def hit(id: str, url: str, score: float = 0.5) -> SearchResult:
    return SearchResult(
        kind="probe",
        id=id,
        title=f"Probe {id}",
        excerpt="",
        url=url,
        updated_at=UPDATED,
        score=score,
    )


async def search(query: SearchQuery, context: SearchContext) -> list[SearchResult]:
    CALLS.append(query)
    mode = MODE[0]
    if mode == "fail":
        raise RuntimeError("the probe's index is down")
    if mode == "hang":
        await asyncio.Event().wait()
    if mode == "cheat":
        return [
            hit("elsewhere", "https://elsewhere.example/x"),
            hit("script", "javascript:alert(1)"),
            hit("protocol-relative", "//elsewhere.example/x"),
            hit("inside", "/probe/inside"),
        ]
    return [hit("one", "/probe/one")]


def setup(ctx: PluginContext) -> None:
    ctx.add_search_provider(search)


plugin = Plugin(id="probe", name="Probe", requires_api=">=1.0,<2", setup=setup)

ENTRY_POINT = EntryPoint(
    name="probe", value="tests.core.search_plugin:plugin", group="lasuite.plugins"
)
