"""Server-side sessions: their cookie, and a new session id at every sign-in."""

from __future__ import annotations

import secrets
from typing import Any

from litestar.connection import ASGIConnection
from litestar.middleware import DefineMiddleware
from litestar.middleware.session.base import SessionMiddleware
from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)
from litestar.types import Empty, Message, ScopeSession

from lasuite.stores import SESSIONS

SESSION_COOKIE = "lasuite_session"
SESSION_MAX_AGE = 14 * 24 * 3600
_NEW_SESSION_ID = "lasuite.new_session_id"
_LOADED_SESSION = "lasuite.loaded_session"
SESSION_EPOCH = "session_epoch"
"""The user's ``session_epoch`` when the session started: a password change moves the
user's on, which ends every session started before (see ``lasuite.identity.actors``)."""


def start_new_session(connection: ASGIConnection[Any, Any, Any, Any], data: dict[str, Any]) -> None:
    """Replace the caller's session by ``data``, under a session id never seen before.

    Call it when someone signs in: whoever planted or saw the previous session
    cookie (session fixation) gains nothing, and the previous session is deleted.
    """
    connection.set_session(data)
    connection.scope["state"][_NEW_SESSION_ID] = secrets.token_hex(32)


class SessionBackend(ServerSideSessionBackend):
    """Litestar's server-side sessions, with three changes.

    Litestar keeps the session id the client sent, even across ``clear_session()``
    and ``set_session()``; after :func:`start_new_session` this backend stores the
    session under the new id and deletes the old one. It stores no empty session
    for a client that has none, so anonymous requests (probes, the API
    documentation) leave nothing in the store. And it writes a session back only
    when the request changed it: otherwise a request still in flight when the
    user switches organization would save the old organization back over the
    switch. Reading a session renews its lifetime instead.
    """

    async def load_from_connection(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> dict[str, Any]:
        data = await super().load_from_connection(connection)
        connection.scope["state"][_LOADED_SESSION] = dict(data)
        return data

    def get_session_id(self, connection: ASGIConnection[Any, Any, Any, Any]) -> str:
        new_id = connection.scope["state"].get(_NEW_SESSION_ID)
        return new_id if isinstance(new_id, str) else super().get_session_id(connection)

    async def store_in_message(
        self,
        scope_session: ScopeSession,
        message: Message,
        connection: ASGIConnection[Any, Any, Any, Any],
    ) -> None:
        sent_id = connection.cookies.get(self.config.key)
        if sent_id and _NEW_SESSION_ID in connection.scope["state"]:
            await self.delete(
                sent_id, store=self.config.get_store_from_app(connection.scope["app"])
            )
        if not sent_id and (scope_session is Empty or scope_session == {}):
            return
        unchanged = scope_session == connection.scope["state"].get(_LOADED_SESSION)
        if sent_id and unchanged and _NEW_SESSION_ID not in connection.scope["state"]:
            return
        await super().store_in_message(scope_session, message, connection)


def session_middleware(*, secure: bool) -> DefineMiddleware:
    """The session middleware: cookie ``lasuite_session``, HttpOnly, SameSite=Lax."""
    config = ServerSideSessionConfig(
        key=SESSION_COOKIE,
        store=SESSIONS,
        max_age=SESSION_MAX_AGE,
        renew_on_access=True,
        httponly=True,
        samesite="lax",
        secure=secure,
    )
    return DefineMiddleware(SessionMiddleware, backend=SessionBackend(config=config))
