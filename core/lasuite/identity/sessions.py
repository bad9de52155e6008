"""Server-side sessions and the actor they identify."""

from __future__ import annotations

import uuid
from typing import Any

from litestar.connection import ASGIConnection
from sqlalchemy import select

from lasuite.identity.models import User
from lasuite.permissions.actor import Actor
from lasuite.tenancy.models import Membership

_ACTOR_KEY = "lasuite_actor"


async def current_actor(connection: ASGIConnection[Any, Any, Any, Any]) -> Actor | None:
    """The actor of this request's session, loaded once per request."""
    if _ACTOR_KEY in connection.scope["state"]:
        return connection.scope["state"][_ACTOR_KEY]  # type: ignore[no-any-return]
    actor = await _load_actor(connection)
    connection.scope["state"][_ACTOR_KEY] = actor
    return actor


async def _load_actor(connection: ASGIConnection[Any, Any, Any, Any]) -> Actor | None:
    raw = connection.scope.get("session")
    session = raw if isinstance(raw, dict) else {}
    try:
        user_id = uuid.UUID(session["user_id"])
        org_id = uuid.UUID(session["organization_id"])
    except (KeyError, ValueError, TypeError):
        return None
    state = connection.app.state
    async with state.database.sessions() as db:
        row = (
            await db.execute(
                select(User, Membership.role)
                .join(Membership, Membership.user_id == User.id)
                .where(User.id == user_id, Membership.organization_id == org_id, User.is_active)
            )
        ).first()
    if row is None:
        return None
    user, role = row
    return Actor(
        user_id=user.id,
        email=user.email,
        display_name=user.display_name,
        organization_id=org_id,
        role=role,
        permissions=state.permissions.granted_to(role),
    )
