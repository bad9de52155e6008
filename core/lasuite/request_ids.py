"""Each request and websocket gets an id: the client's ``X-Request-ID`` when it is a
plausible one (a proxy's), else a new one. Logs written while it is served carry it
(:mod:`lasuite.log_format`) and the answer names it, so that a person's report ("it
failed at 10:42, request 5f0c…") leads to its log lines."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

HEADER = b"x-request-id"
REQUEST_ID: ContextVar[str | None] = ContextVar("lasuite_request_id", default=None)
"""The id of the request or websocket being served, None outside one."""

_PLAUSIBLE = re.compile(rb"[A-Za-z0-9._:-]{8,128}")


def request_id_middleware(app: ASGIApp) -> ASGIApp:
    """The outermost middleware: every other layer logs under the request's id."""

    async def with_request_id(scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind not in (ScopeType.HTTP, ScopeType.WEBSOCKET):
            await app(scope, receive, send)
            return
        given = next((value for name, value in scope["headers"] if name == HEADER), b"")
        request_id = given.decode() if _PLAUSIBLE.fullmatch(given) else uuid.uuid4().hex
        token = REQUEST_ID.set(request_id)
        try:
            if kind == ScopeType.WEBSOCKET:
                await app(scope, receive, send)
                return
            named = (HEADER, request_id.encode())

            async def sending(message: Message) -> None:
                if message["type"] == "http.response.start":
                    message["headers"] = [*message.get("headers", ()), named]
                await send(message)

            await app(scope, receive, sending)
        finally:
            REQUEST_ID.reset(token)

    return with_request_id
