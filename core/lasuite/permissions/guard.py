"""The one guard every route passes: public, or the caller holds its permission."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection, WebSocket
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
    WebSocketException,
)
from litestar.handlers.base import BaseRouteHandler

from lasuite.identity.actors import current_actor
from lasuite.plugin_host.routes import is_automatic_options

MAX_CLOSE_REASON = 120
"""Characters of a close reason (a close frame carries 123 bytes of it at most)."""


async def authorize_route(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Deny by default: a route runs only if it is public or its permission is held.

    A plugin's routes answer 404 to members of an organization that has not
    enabled the plugin, whatever their permissions. A websocket is refused with
    the close code 4000 + that status (4401, 4403, 4404).
    """
    try:
        await _authorize(connection, handler)
    except HTTPException as refused:
        if not isinstance(connection, WebSocket):
            raise
        # Accepted first: a close before the handshake reaches a browser as a bare
        # failure (the server answers HTTP 403), and the client could not tell
        # "sign in again" from "the network is down".
        await connection.accept()
        reason = str(refused.detail)[:MAX_CLOSE_REASON]
        raise WebSocketException(detail=reason, code=4000 + refused.status_code) from refused


async def _authorize(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
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
