"""CSRF protection of cookie-authenticated requests: a double-submit token bound to the
session.

A safe request (GET, HEAD, OPTIONS) whose ``csrftoken`` cookie is missing, or not
valid for the caller's session, gets a new one; every other request must echo that
cookie in the ``x-csrftoken`` header. The token is a random part and an HMAC of it and
of the session id (the ``lasuite_session`` cookie, none before signing in), so a token
planted in a browser (by a sibling subdomain setting cookies, say) or kept from another
session is refused. A response that starts or ends a session (sign-in, sign-out) sets
a new token bound to the new session along with it. Signing in is protected too, so
that no other site can sign a browser into someone else's account.

Requests that authenticate with an API token and send no session cookie are
exempt: a browser never adds an ``Authorization`` header on its own, so another
site cannot forge one. This per-request exemption is why the app does not pass
``csrf_config`` to Litestar: its middleware can only be skipped per route or path.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from http.cookies import SimpleCookie
from typing import Any

from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.exceptions import PermissionDeniedException
from litestar.middleware import DefineMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from lasuite.identity.actors import bearer_token
from lasuite.identity.sessions import SESSION_COOKIE

CSRF_COOKIE = "csrftoken"
CSRF_HEADER = "x-csrftoken"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_RANDOM_BYTES = 32


def is_token_request(connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    """The request names an API token (``Authorization: Bearer …``) and has no session."""
    return bearer_token(connection) is not None and SESSION_COOKIE not in connection.cookies


class SessionCSRFMiddleware:
    """The check above, skipped for API-token requests, websockets and the routes opted
    out (``exclude_from_csrf=True``: webhooks, signed by their sender)."""

    def __init__(self, app: ASGIApp, *, secret: str, secure: bool) -> None:
        self.app = app
        self._secret = secret.encode()
        self._secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        connection: ASGIConnection[Any, Any, Any, Any] = ASGIConnection(scope, receive, send)
        handler = scope.get("route_handler")
        exempt = handler is not None and handler.opt.get("exclude_from_csrf", False)
        if exempt or is_token_request(connection):
            await self.app(scope, receive, send)
            return
        session = _live_session(connection.cookies.get(SESSION_COOKIE))
        cookie = connection.cookies.get(CSRF_COOKIE)
        valid = cookie is not None and self._valid(cookie, session)
        if scope["method"] not in SAFE_METHODS:
            sent = connection.headers.get(CSRF_HEADER)
            if not valid or sent is None or not hmac.compare_digest(sent, cookie or ""):
                raise PermissionDeniedException("CSRF token verification failed")
        await self.app(scope, receive, self._wrap(send, session, reissue=not valid))

    def token_for(self, session: str) -> str:
        """A new token, valid for ``session`` (``""``: no session)."""
        random_part = secrets.token_hex(_RANDOM_BYTES)
        return random_part + self._mac(random_part, session)

    def _valid(self, token: str, session: str) -> bool:
        random_part, mac = token[: _RANDOM_BYTES * 2], token[_RANDOM_BYTES * 2 :]
        return len(random_part) == _RANDOM_BYTES * 2 and hmac.compare_digest(
            mac, self._mac(random_part, session)
        )

    def _mac(self, random_part: str, session: str) -> str:
        message = f"{random_part}|{session}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def _wrap(self, send: Send, session: str, *, reissue: bool) -> Send:
        """``send``, adding a token for the session the response starts or ends, else
        (``reissue``) for the request's."""

        async def send_with_token(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                changed = _session_set(headers.getall("set-cookie", []))
                if changed is not None or reissue:
                    self._set(headers, session if changed is None else changed)
            await send(message)

        return send_with_token

    def _set(self, headers: MutableScopeHeaders, session: str) -> None:
        cookie = Cookie(
            key=CSRF_COOKIE,
            value=self.token_for(session),
            path="/",
            secure=self._secure,
            httponly=False,  # the workspace's JavaScript echoes it
            samesite="lax",
        )
        headers.add("set-cookie", cookie.to_header(header=""))


def _live_session(value: str | None) -> str:
    return "" if value in (None, "", "null") else str(value)


def _session_set(set_cookies: list[str]) -> str | None:
    """The session a response starts (its id) or ends (``""``), if it does."""
    for header in set_cookies:
        cookie: SimpleCookie = SimpleCookie()
        cookie.load(header)
        if SESSION_COOKIE in cookie:
            morsel = cookie[SESSION_COOKIE]
            ended = morsel.value == "null" or morsel["max-age"] == "0" or morsel["expires"] == "0"
            return "" if ended else morsel.value
    return None


def csrf_middleware(*, secret: str, secure: bool) -> DefineMiddleware:
    """The CSRF middleware; its cookie is readable by the workspace's JavaScript. Put it
    outside the session middleware: it sees the session cookie a response sets."""
    return DefineMiddleware(SessionCSRFMiddleware, secret=secret, secure=secure)
