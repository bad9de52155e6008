"""The one guard every route passes: public, or the caller holds its permission."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from lasuite.identity.sessions import current_actor
from lasuite.plugins.routes import is_automatic_options


async def authorize_route(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Deny by default: a route runs only if it is public or its permission is held."""
    if handler.opt.get("public") is True or is_automatic_options(handler):
        return
    permission = handler.opt.get("permission")
    if not isinstance(permission, str):
        raise PermissionDeniedException("This route declares no permission.")
    actor = await current_actor(connection)
    if actor is None:
        raise NotAuthorizedException("Sign in first.")
    if not actor.can(permission):
        raise PermissionDeniedException(f"You lack the permission {permission}.")
