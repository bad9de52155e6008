"""What a plugin may read of people: who belongs to an organization and with which
role, which teams it has, and how users are named.

The core's tables stay private to the core, so that it can change them; plugins
read them through these functions only. Each takes only ids the plugin already
holds and answers with plain values, except :func:`user_profiles`, a selectable to
join in a plugin's own query when one query must do (a search, a sidebar).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Subquery, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from lasuite.identity.models import User
from lasuite.tenancy.models import Membership, Team


async def member_roles(
    db: AsyncSession, user_ids: Iterable[uuid.UUID], *, organization_id: uuid.UUID
) -> dict[uuid.UUID, str]:
    """The organization role (``owner``, ``admin``, ``member`` or ``guest``) of each of
    ``user_ids`` who is a member of the organization; the others are left out (API 1.0).

    Check that people a caller names belong to the caller's organization::

        wanted = set(data.member_ids)
        if wanted - (await member_roles(db, wanted, organization_id=actor.organization_id)).keys():
            raise NotFoundException("No such member.")
    """
    return await _by_id(
        db,
        Membership.user_id,
        Membership.role,
        user_ids,
        Membership.organization_id == organization_id,
    )


async def team_names(
    db: AsyncSession, team_ids: Iterable[uuid.UUID], *, organization_id: uuid.UUID
) -> dict[uuid.UUID, str]:
    """The name of each of ``team_ids`` that is a team of the organization; the others
    are left out (API 1.0). The teams of the caller are ``actor.team_ids``.

    Example::

        names = await team_names(db, data.team_ids, organization_id=actor.organization_id)
        if names.keys() != set(data.team_ids):
            raise NotFoundException("No such team.")
    """
    return await _by_id(db, Team.id, Team.name, team_ids, Team.organization_id == organization_id)


async def display_names(db: AsyncSession, user_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The display name of each of ``user_ids`` (API 1.0), whatever their organization
    now: someone who left still has a name in what they wrote. Unknown ids are left out.

    Example::

        names = await display_names(db, (m.user_id for m in room_members))
        shown = [names.get(m.user_id, "") for m in room_members]
    """
    return await _by_id(db, User.id, User.display_name, user_ids)


@cache
def user_profiles() -> Subquery:
    """Users as a selectable with the columns ``user_id``, ``email``, ``display_name`` (API
    1.0) and ``colour``, the one they chose or null (API 1.14: give it to
    :func:`~lasuite.plugins.colour_of`), to join in a plugin's own query; scope it by the
    plugin's own rows (the members of a channel, the participants of a room) or by
    :func:`member_roles`.

    Example::

        profile = user_profiles()
        rows = await db.execute(
            select(RoomMember.user_id, profile.c.email)
            .join(profile, profile.c.user_id == RoomMember.user_id)
            .where(RoomMember.room_id == room_id)
        )

    The selectable is built once and shared (it is immutable); ``.alias()`` it to join it
    twice in one query.
    """
    return select(User.id.label("user_id"), User.email, User.display_name, User.colour).subquery(
        "user_profile"
    )


async def _by_id(
    db: AsyncSession,
    key: InstrumentedAttribute[uuid.UUID],
    value: InstrumentedAttribute[str],
    ids: Iterable[uuid.UUID],
    *conditions: ColumnElement[Any],
) -> dict[uuid.UUID, str]:
    """``value`` by ``key`` for those of ``ids`` that meet ``conditions``, in one query."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = await db.execute(select(key, value).where(key.in_(wanted), *conditions))
    return dict(rows.all())
