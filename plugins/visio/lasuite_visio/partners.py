"""The plugins visio works with when they are installed (``uses``): chat, where a meeting
is announced in a channel, and docs, where a meeting keeps its notes. Each may be
missing from the installation, or off in an organization."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import InstanceContext, plugin_enabled
from lasuite_chat.api import ChatCards
from lasuite_docs.api import DocsPages
from lasuite_visio.problems import PartnerUnavailable

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Partners:
    """Handlers get it as ``partners: NamedDependency[Partners]``."""

    cards: ChatCards | None = None
    pages: DocsPages | None = None

    async def chat(self, db: AsyncSession, organization_id: uuid.UUID) -> ChatCards:
        """Chat's cards, if chat is installed and on in the organization."""
        return await _ready(db, self.cards, "chat", organization_id)

    async def docs(self, db: AsyncSession, organization_id: uuid.UUID) -> DocsPages:
        """Docs' pages, if docs is installed and on in the organization."""
        return await _ready(db, self.pages, "docs", organization_id)

    @asynccontextmanager
    async def lifespan(self, _instance: InstanceContext) -> AsyncIterator[Partners]:
        yield self


async def _ready(
    db: AsyncSession, service: T | None, plugin_id: str, organization_id: uuid.UUID
) -> T:
    if service is None or not await plugin_enabled(
        db, plugin_id=plugin_id, organization_id=organization_id
    ):
        raise PartnerUnavailable(plugin=plugin_id)
    return service
