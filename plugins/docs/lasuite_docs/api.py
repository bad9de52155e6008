"""What the docs plugin offers other plugins (``ctx.require(DocsPages)`` with ``docs`` in
their ``depends``); import this module only, nothing else of ``lasuite_docs``.

Example (a meeting plugin publishing a meeting's notes)::

    pages = ctx.require(DocsPages)
    page_id = await pages.create_page(db, events, organization_id=room.organization_id,
                                      owner_id=host_id, title="Notes — Point hebdo",
                                      paragraphs=["Présents : …", "Décisions : …"])
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import EventBus


class DocsPages(Protocol):
    """Create a page holding text, owned by one member of the organization."""

    async def create_page(
        self,
        db: AsyncSession,
        events: EventBus | None,
        /,
        *,
        organization_id: uuid.UUID,
        owner_id: uuid.UUID,
        title: str,
        paragraphs: Sequence[str],
        editors: Sequence[uuid.UUID] = (),
    ) -> uuid.UUID:
        """Create the page in ``db``'s transaction (top level, open to its owner and to the
        ``editors``, members of the organization the caller has checked, until they share
        it) and return its id; ``docs.document.created`` is published (not by a job, which
        has no ``events`` to give: None)."""
        ...

    async def add_editors(
        self,
        db: AsyncSession,
        /,
        *,
        organization_id: uuid.UUID,
        page_id: uuid.UUID,
        editors: Sequence[uuid.UUID],
    ) -> bool:
        """Let these members of the organization edit the page, those who hold no role on it
        yet (a role they hold is kept); False when the page is gone or in the trash."""
        ...
