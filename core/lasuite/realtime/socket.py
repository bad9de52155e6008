"""The app websocket, ``GET /api/v1/ws``: one per browser tab, every topic over it."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from litestar import WebSocket, websocket
from litestar.connection import ASGIConnection

from lasuite.identity.actors import current_actor
from lasuite.identity.signed_in import session_mark
from lasuite.realtime.connection import Connection
from lasuite.realtime.frames import Close
from lasuite.state import runtime_of

if TYPE_CHECKING:
    from lasuite.realtime.runtime import Realtime


def is_same_origin(socket: ASGIConnection[Any, Any, Any, Any], public_url: str) -> bool:
    """A browser names the page's origin; only the workspace's own pages may connect:
    the same scheme, host and port as the workspace's public URL, or as the address this
    request reached (its ``Host``, over TLS or not).

    Browsers send the session cookie with any websocket handshake, so without this
    check another site could open the socket in its visitors' names. Clients that
    are not browsers send no ``Origin``.
    """
    origin = socket.headers.get("origin")
    if origin is None:
        return True
    over_tls = socket.scope.get("scheme") in ("https", "wss")
    reached = f"{'https' if over_tls else 'http'}://{socket.headers.get('host', '')}"
    given = _origin(origin)
    return given is not None and given in {_origin(reached), _origin(public_url)}


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: str) -> tuple[str, str, int] | None:
    """``(scheme, host, port)`` of an http(s) URL, the port made explicit; None if it is
    not one."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, parts.hostname, port or _DEFAULT_PORTS[scheme]


@websocket("/api/v1/ws", permission="core.realtime.connect")
async def app_socket(socket: WebSocket[Any, Any, Any]) -> None:
    """Subscribe to topics, receive their events, call plugins' actions (see ``frames``)."""
    realtime: Realtime = runtime_of(socket.app.state).realtime
    actor = await current_actor(socket)
    if actor is None:  # the guard has already refused anonymous callers
        raise RuntimeError("the app websocket needs a permission")
    if not is_same_origin(socket, realtime.settings.base_url):
        await socket.close(Close.FORBIDDEN, "This origin may not open the workspace's websocket.")
        return
    address = socket.client.host if socket.client else ""
    refused = realtime.fair_share.admit(actor.user_id, address, asyncio.get_running_loop().time())
    if refused is not None:
        # Accepted first, so that the client reads why (a refused handshake says nothing).
        await socket.accept()
        await socket.close(Close.TOO_MANY_MESSAGES, refused)
        return
    try:
        session = None if actor.via == "token" else session_mark(socket.scope.get("session"))
        await Connection(socket, actor, realtime, session).serve()
    finally:
        realtime.fair_share.release(actor.user_id, address)
