"""The organization's members and teams, read from the core's tables on the shared
metadata (the plugin API gives the tables, not the core's modules)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from litestar.exceptions import NotFoundException
from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Model


def _table(name: str) -> Table:
    return Model.metadata.tables[name]


async def require_members(
    db: AsyncSession, organization_id: uuid.UUID, user_ids: Iterable[uuid.UUID]
) -> None:
    """Raise 404 unless every one of ``user_ids`` belongs to the organization."""
    wanted = set(user_ids)
    if not wanted:
        return
    membership = _table("core_membership")
    found = set(
        await db.scalars(
            select(membership.c.user_id).where(
                membership.c.organization_id == organization_id,
                membership.c.user_id.in_(wanted),
            )
        )
    )
    if found != wanted:
        raise NotFoundException("No such member.")


async def require_teams(
    db: AsyncSession, organization_id: uuid.UUID, team_ids: Iterable[uuid.UUID]
) -> None:
    """Raise 404 unless every one of ``team_ids`` is a team of the organization."""
    wanted = set(team_ids)
    if not wanted:
        return
    team = _table("core_team")
    found = set(
        await db.scalars(
            select(team.c.id).where(
                team.c.organization_id == organization_id, team.c.id.in_(wanted)
            )
        )
    )
    if found != wanted:
        raise NotFoundException("No such team.")


async def display_names(db: AsyncSession, user_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    user = _table("core_user")
    rows = await db.execute(
        select(user.c.id, user.c.display_name).where(user.c.id.in_(set(user_ids)))
    )
    return {row.id: row.display_name for row in rows}
