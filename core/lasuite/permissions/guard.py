"""The one guard every route passes: public, or the caller holds its permission."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import (
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
)
from litestar.handlers.base import BaseRouteHandler

from lasuite.identity.actors import current_actor
from lasuite.plugins.routes import is_automatic_options


async def authorize_route(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Deny by default: a route runs only if it is public or its permission is held.

    A plugin's routes answer 404 to members of an organization that has not
    enabled the plugin, whatever their permissions.
    """
    if is_automatic_options(handler):
        return
    plugin_id = handler.opt.get("plugin")
    if handler.opt.get("public") is True:
        if plugin_id is not None:
            actor = await current_actor(connection)
            if actor is not None and plugin_id not in actor.enabled_plugins:
                raise NotFoundException()
        return
    permission = handler.opt.get("permission")
    if not isinstance(permission, str):
        raise PermissionDeniedException("This route declares no permission.")
    actor = await current_actor(connection)
    if actor is None:
        raise NotAuthorizedException("Sign in first.")
    if plugin_id is not None and plugin_id not in actor.enabled_plugins:
        raise NotFoundException()
    if not actor.can(permission):
        raise PermissionDeniedException(f"You lack the permission {permission}.")
