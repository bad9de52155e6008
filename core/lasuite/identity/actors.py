"""Who is calling: the actor of a request, from its API token or else its session."""

from __future__ import annotations

import uuid
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.identity.models import User
from lasuite.identity.tokens import usable_token
from lasuite.permissions.actor import Actor
from lasuite.permissions.grants import role_permissions
from lasuite.tenancy.models import Membership, OrganizationPlugin, Team, TeamMember

_ACTOR_KEY = "lasuite_actor"


async def current_actor(connection: ASGIConnection[Any, Any, Any, Any]) -> Actor | None:
    """The actor of this request, loaded once per request (None when anonymous)."""
    state = connection.scope["state"]
    if _ACTOR_KEY not in state:
        token = bearer_token(connection)
        if token is not None:
            state[_ACTOR_KEY] = await _actor_from_token(connection, token)
        else:
            async with connection.app.state.database.sessions() as db:
                state[_ACTOR_KEY] = await _actor_from_session(db, connection)
    actor: Actor | None = state[_ACTOR_KEY]
    return actor


def bearer_token(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, if the request has one."""
    scheme, _, token = connection.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


async def _actor_from_token(connection: ASGIConnection[Any, Any, Any, Any], token: str) -> Actor:
    """The token's owner in its organization, narrowed by its scopes; 401 for a bad token."""
    async with connection.app.state.database.transaction() as db:
        record = await usable_token(db, token)
        actor = await load_actor(
            db,
            connection.app.state,
            record.user_id,
            record.organization_id,
            scopes=frozenset(record.scopes),
            token_id=record.id,
        )
    if actor is None:
        raise NotAuthorizedException("This API token's owner is no longer a member here.")
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
    teams = await db.scalars(
        select(TeamMember.team_id)
        .join(Team, Team.id == TeamMember.team_id)
        .where(TeamMember.user_id == user_id, Team.organization_id == organization_id)
    )
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
