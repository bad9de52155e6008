"""Where plugin routes are mounted, and the rule that each declares who may call it."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from litestar import Litestar, Router
from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.exceptions import PermissionDeniedException
from litestar.handlers import BaseRouteHandler
from litestar.routes import HTTPRoute
from litestar.types import (
    ASGIApp,
    ControllerRouterHandler,
    Message,
    Receive,
    ReceiveMessage,
    Scope,
    Send,
)
from litestar.types.asgi_types import WebSocketDisconnectEvent

from lasuite.plugin_host.lifespans import lifespan_dependencies
from lasuite.plugins._contract import PluginError
from lasuite.plugins._dependencies import misnamed_dependency
from lasuite.realtime.budget import MessageBudget
from lasuite.realtime.frames import Close
from lasuite.realtime.socket import is_same_origin
from lasuite.state import runtime_of

API_PREFIX = "/api/v1"
TOO_MANY = int(Close.TOO_MANY_MESSAGES)


def plugin_router(
    plugin_id: str, handlers: Sequence[ControllerRouterHandler], lifespans: Sequence[str] = ()
) -> Router:
    """The router mounting a plugin's handlers under ``/api/v1/<id>``, with its lifespans'
    dependencies; its websockets open only from the workspace's pages, and count in their
    address's fair share."""
    return with_current_options(
        Router(
            path=f"{API_PREFIX}/{plugin_id}",
            route_handlers=list(handlers),
            tags=[plugin_id],
            opt={"plugin": plugin_id},
            dependencies=lifespan_dependencies(plugin_id, list(lifespans)),
            guards=[same_origin_websocket],
            middleware=[PluginSocketShare],
        )
    )


def with_current_options(router: Router) -> Router:
    """``router`` with each path's automatic OPTIONS handler made again once all of the
    path's handlers are in: Litestar registers them one by one, and a path's later handlers
    keep its first OPTIONS handler, whose ``Allow`` names the first handler's methods only."""
    for index, route in enumerate(router.routes):
        if isinstance(route, HTTPRoute):
            handlers = [h for h in route.route_handlers if not is_automatic_options(h)]
            if len(handlers) < len(route.route_handlers):
                router.routes[index] = HTTPRoute(path=route.path, route_handlers=handlers)
    return router


def resolved_opt(handler: BaseRouteHandler) -> dict[str, Any]:
    """The handler's ``opt`` merged with that of the routers and controllers owning it."""
    merged: dict[str, Any] = {}
    for layer in handler.ownership_layers:
        merged.update(getattr(layer, "opt", None) or {})
    return merged


def route_handlers(router: Router | Litestar) -> Iterable[tuple[str, BaseRouteHandler]]:
    """Every (path, handler) pair of ``router``, without Litestar's automatic OPTIONS ones."""
    for route in router.routes:
        handlers = route.route_handlers if isinstance(route, HTTPRoute) else [route.route_handler]
        for handler in handlers:
            if not is_automatic_options(handler):
                yield route.path, handler


def is_automatic_options(handler: BaseRouteHandler) -> bool:
    """Litestar adds an OPTIONS handler to every path; it runs no code of ours."""
    methods = getattr(handler, "http_methods", None)
    return methods == {"OPTIONS"} and not getattr(handler, "include_in_schema", True)


def same_origin_websocket(
    connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler
) -> None:
    """A plugin's websocket opens only from the workspace's pages (or a client that is not
    a browser): the browser sends the session cookie with any handshake."""
    if connection.scope["type"] != ScopeType.WEBSOCKET:
        return
    if not is_same_origin(connection, runtime_of(connection.app.state).settings.base_url):
        raise PermissionDeniedException("This origin may not open the workspace's websockets.")


def check_route_declarations(plugin_id: str, handlers: Sequence[ControllerRouterHandler]) -> None:
    """Every route must declare ``permission="<id>.…"`` or ``public=True``."""
    if not handlers:
        return
    for path, handler in route_handlers(plugin_router(plugin_id, handlers)):
        check_dependency_parameters(path, handler)
        opt = resolved_opt(handler)
        permission = opt.get("permission")
        if opt.get("public") is True:
            continue
        if not isinstance(permission, str):
            raise PluginError(
                f"route {path} ({handler.handler_name}) declares no permission nor public=True",
                f"add permission='{plugin_id}.<resource>.<action>' or public=True to its decorator",
            )
        if permission.split(".", 1)[0] not in (plugin_id, "core"):
            raise PluginError(
                f"route {path} requires permission {permission!r} of another plugin",
                f"require one of '{plugin_id}.…' or 'core.…' permissions",
            )


def check_dependency_parameters(path: str, handler: BaseRouteHandler) -> None:
    """A handler asks for the core's dependencies by their names and types
    (``events: Events``); a misnamed one would otherwise fail on its first request."""
    try:
        parameters = handler.parsed_fn_signature.parameters
    except Exception as exc:
        raise PluginError(
            f"route {path} ({handler.handler_name}) has a signature that cannot be read: {exc}",
            "import every type its parameters and return value name at module level",
        ) from exc
    for name, field in parameters.items():
        wrong = misnamed_dependency(name, field.raw)
        if wrong is not None:
            problem, fix = wrong
            raise PluginError(f"route {path} ({handler.handler_name}): {problem}", fix)


class PluginSocketShare:
    """A plugin's websocket counts in its address's fair share and its account's
    (``realtime.fair_share``; the account named by the session): one too many is accepted
    and closed at once with 4429 and the reason. The frames all of an account's plugin
    sockets receive draw on one budget; past it the socket receiving is closed (4429)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.WEBSOCKET:
            await self.app(scope, receive, send)
            return
        share = runtime_of(scope["app"].state).realtime.fair_share
        client = scope.get("client")
        address = client[0] if client else ""
        user_id = _session_user(scope)
        now = asyncio.get_running_loop().time
        refused = share.admit_plugin_socket(address, user_id, now())
        if refused is not None:
            await receive()  # websocket.connect
            await send({"type": "websocket.accept", "subprotocol": None, "headers": []})
            await send({"type": "websocket.close", "code": TOO_MANY, "reason": refused})
            return
        try:
            if user_id is None:
                await self.app(scope, receive, send)
            else:
                budgeted = _Budgeted(receive, send, share.plugin_budget(user_id), now)
                await self.app(scope, budgeted.receive, budgeted.send)
        finally:
            share.release_plugin_socket(address, user_id)


class _Budgeted:
    """A socket's ASGI channels, closing it (4429) once its account's budget is spent:
    the app then hears a disconnect and nothing more it sends goes out."""

    def __init__(
        self, receive: Receive, send: Send, budget: MessageBudget, now: Callable[[], float]
    ) -> None:
        self._receive, self._send, self._budget, self._now = receive, send, budget, now
        self._closed = False

    async def receive(self) -> ReceiveMessage:
        message = await self._receive()
        if message["type"] != "websocket.receive" or self._budget.spend(self._now()):
            return message
        self._closed = True
        await self._send({"type": "websocket.close", "code": TOO_MANY, "reason": OVER_BUDGET})
        disconnect: WebSocketDisconnectEvent = {"type": "websocket.disconnect", "code": TOO_MANY}
        return disconnect

    async def send(self, message: Message) -> None:
        if not self._closed:
            await self._send(message)


OVER_BUDGET = "This account sends too many messages on its websockets; slow down."


def _session_user(scope: Scope) -> uuid.UUID | None:
    """The user the connection's session names, if any (token-authenticated sockets are
    counted by address only)."""
    session = scope.get("session")
    user = session.get("user_id") if isinstance(session, dict) else None
    try:
        return uuid.UUID(user) if isinstance(user, str) else None
    except ValueError:
        return None
