"""The plugins visio works with when they are installed (``uses``): chat, where a meeting
is announced in a channel, and docs, where a meeting keeps its notes. Each may be
missing from the installation, or off in an organization."""

from __future__ import annotations

import importlib
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import InstanceContext, PluginContext, plugin_enabled
from lasuite_visio.problems import PartnerUnavailable

if TYPE_CHECKING:
    from lasuite_chat.api import ChatCards
    from lasuite_docs.api import DocsPages

T = TypeVar("T")


class Partners:
    """Handlers get it as ``partners: NamedDependency[Partners]``. (A plain class: the
    types of its services are not resolved at run time, where their plugins may be
    missing.)"""

    __slots__ = ("cards", "pages")

    def __init__(self, *, cards: ChatCards | None = None, pages: DocsPages | None = None) -> None:
        self.cards = cards
        self.pages = pages

    @classmethod
    def of(cls, ctx: PluginContext) -> Partners:
        """The services of chat and docs, where they are installed and work."""
        return cls(
            cards=_service(ctx, "lasuite_chat.api", "ChatCards"),
            pages=_service(ctx, "lasuite_docs.api", "DocsPages"),
        )

    async def chat(self, db: AsyncSession, organization_id: uuid.UUID) -> ChatCards:
        """Chat's cards, if chat is installed and on in the organization."""
        return await _ready(db, self.cards, "chat", organization_id)

    async def docs(self, db: AsyncSession, organization_id: uuid.UUID) -> DocsPages:
        """Docs' pages, if docs is installed and on in the organization."""
        return await _ready(db, self.pages, "docs", organization_id)

    @asynccontextmanager
    async def lifespan(self, _instance: InstanceContext) -> AsyncIterator[Partners]:
        yield self


def _service(ctx: PluginContext, module: str, protocol: str) -> Any:
    """A used plugin's service, None without it: its distribution may not even be
    installed, so its ``api`` module is imported only here."""
    try:
        found = getattr(importlib.import_module(module), protocol)
    except ImportError:
        return None
    return ctx.optional(found)


async def _ready(
    db: AsyncSession, service: T | None, plugin_id: str, organization_id: uuid.UUID
) -> T:
    if service is None or not await plugin_enabled(
        db, plugin_id=plugin_id, organization_id=organization_id
    ):
        raise PartnerUnavailable(plugin=plugin_id)
    return service
