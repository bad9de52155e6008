"""Checks that the members and teams a request names belong to the caller's
organization, read through the plugin API (:func:`lasuite.plugins.member_roles`,
:func:`lasuite.plugins.team_names`)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from litestar.exceptions import NotFoundException
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import member_roles, team_names


async def require_members(
    db: AsyncSession, organization_id: uuid.UUID, user_ids: Iterable[uuid.UUID]
) -> None:
    """Raise 404 unless every one of ``user_ids`` belongs to the organization."""
    wanted = set(user_ids)
    if wanted - (await member_roles(db, wanted, organization_id=organization_id)).keys():
        raise NotFoundException("No such member.")


async def require_teams(
    db: AsyncSession, organization_id: uuid.UUID, team_ids: Iterable[uuid.UUID]
) -> None:
    """Raise 404 unless every one of ``team_ids`` is a team of the organization."""
    wanted = set(team_ids)
    if wanted - (await team_names(db, wanted, organization_id=organization_id)).keys():
        raise NotFoundException("No such team.")
