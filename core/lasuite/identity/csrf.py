"""CSRF protection of cookie-authenticated requests (Litestar's double-submit check).

A safe request (GET, HEAD, OPTIONS) that carries no ``csrftoken`` cookie gets
one; every other request must echo that cookie in the ``x-csrftoken`` header.
Signing in is protected too, so that no other site can sign a browser into
someone else's account.

Requests that authenticate with an API token and send no session cookie are
exempt: a browser never adds an ``Authorization`` header on its own, so another
site cannot forge one. This per-request exemption is why the app does not pass
``csrf_config`` to Litestar: its middleware can only be skipped per route or path.
"""

from __future__ import annotations

from typing import Any

from litestar.config.csrf import CSRFConfig
from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.middleware import DefineMiddleware
from litestar.middleware.csrf import CSRFMiddleware
from litestar.types import Receive, Scope, Send

from lasuite.identity.actors import bearer_token
from lasuite.identity.sessions import SESSION_COOKIE

CSRF_COOKIE = "csrftoken"
CSRF_HEADER = "x-csrftoken"


def is_token_request(connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    """The request names an API token (``Authorization: Bearer …``) and has no session."""
    return bearer_token(connection) is not None and SESSION_COOKIE not in connection.cookies


class SessionCSRFMiddleware(CSRFMiddleware):
    """:class:`~litestar.middleware.csrf.CSRFMiddleware`, skipped for API-token requests."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        is_http = scope["type"] == ScopeType.HTTP
        if is_http and is_token_request(ASGIConnection(scope, receive, send)):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def csrf_middleware(*, secret: str, secure: bool) -> DefineMiddleware:
    """The CSRF middleware; its cookie is readable by the workspace's JavaScript."""
    config = CSRFConfig(
        secret=secret,
        cookie_name=CSRF_COOKIE,
        header_name=CSRF_HEADER,
        cookie_secure=secure,
        cookie_httponly=False,
        cookie_samesite="lax",
    )
    return DefineMiddleware(SessionCSRFMiddleware, config=config)
