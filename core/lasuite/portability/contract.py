"""What a plugin's exporter receives (``ctx.add_exporter``)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession


class ReadableCopies(Protocol):
    """Where an exporter writes readable copies of the organization's data, inside the
    archive's ``readable/<plugin id>/`` folder."""

    def write(self, name: str, data: bytes | str) -> None:
        """Write one file, ``name`` a relative path (``pages/Minutes.md``); writing a
        name twice is refused."""
        ...


Exporter = Callable[[AsyncSession, uuid.UUID, ReadableCopies], Awaitable[None]]
"""``async def export(db, organization_id, copies)``: reads on ``db`` (a snapshot of the
whole export) and writes to ``copies``."""
