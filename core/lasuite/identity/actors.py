"""Who is calling: the actor of a request, from its session (or, later, its API token)."""

from __future__ import annotations

import uuid
from typing import Any

from litestar.connection import ASGIConnection
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.identity.models import User
from lasuite.permissions.actor import Actor
from lasuite.permissions.grants import role_permissions
from lasuite.tenancy.models import Membership, OrganizationPlugin, TeamMember

_ACTOR_KEY = "lasuite_actor"


async def current_actor(connection: ASGIConnection[Any, Any, Any, Any]) -> Actor | None:
    """The actor of this request, loaded once per request (None when anonymous)."""
    state = connection.scope["state"]
    if _ACTOR_KEY not in state:
        async with connection.app.state.database.sessions() as db:
            state[_ACTOR_KEY] = await _actor_from_session(db, connection)
    actor: Actor | None = state[_ACTOR_KEY]
    return actor


async def _actor_from_session(
    db: AsyncSession, connection: ASGIConnection[Any, Any, Any, Any]
) -> Actor | None:
    raw = connection.scope.get("session")
    session = raw if isinstance(raw, dict) else {}
    try:
        user_id = uuid.UUID(session["user_id"])
        organization_id = uuid.UUID(session["organization_id"])
    except (KeyError, ValueError, TypeError):
        return None
    return await load_actor(db, connection.app.state, user_id, organization_id)


async def load_actor(
    db: AsyncSession,
    app_state: Any,
    user_id: uuid.UUID,
    organization_id: uuid.UUID,
    *,
    scopes: frozenset[str] | None = None,
    token_id: uuid.UUID | None = None,
) -> Actor | None:
    """The actor for an active user's membership, or None if either is gone.

    ``scopes`` (from an API token) narrows the role's permissions to those matching
    a scope: an exact permission name, or a prefix pattern such as ``chat.*``.
    """
    row = (
        await db.execute(
            select(User, Membership.role)
            .join(Membership, Membership.user_id == User.id)
            .where(
                User.id == user_id,
                User.is_active,
                Membership.organization_id == organization_id,
            )
        )
    ).first()
    if row is None:
        return None
    user, role = row
    permissions = await role_permissions(db, app_state.permissions, organization_id, role)
    if scopes is not None:
        permissions = frozenset(p for p in permissions if scope_allows(scopes, p))
    enabled = await db.scalars(
        select(OrganizationPlugin.plugin_id).where(
            OrganizationPlugin.organization_id == organization_id, OrganizationPlugin.enabled
        )
    )
    teams = await db.scalars(select(TeamMember.team_id).where(TeamMember.user_id == user_id))
    return Actor(
        user_id=user.id,
        email=user.email,
        display_name=user.display_name,
        organization_id=organization_id,
        role=role,
        permissions=permissions,
        enabled_plugins=frozenset(enabled) & app_state.registry.loaded_ids,
        team_ids=frozenset(teams),
        via="session" if token_id is None else "token",
        token_id=token_id,
        policies=app_state.policies,
    )


def scope_allows(scopes: frozenset[str], permission: str) -> bool:
    return any(
        permission == scope or (scope.endswith(".*") and permission.startswith(scope[:-1]))
        for scope in scopes
    )
