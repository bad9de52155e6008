"""A bound on the shape of JSON request bodies, checked before anything decodes them.

A 2 KB body of 1,000 nested ``[`` made the decoder exceed Python's recursion limit: a
500 with a traceback, unauthenticated. Every JSON body of a POST, PUT or PATCH is now
scanned first (its brackets, commas and quotes only, by a regular expression) and
refused with a 400 when it nests deeper than :data:`MAX_DEPTH` or one array or object
holds more than :data:`MAX_ITEMS` values: ``json_too_deep``, ``json_too_wide``.
"""

from __future__ import annotations

import re
from typing import Any, cast

import msgspec
from litestar.types import ASGIApp, Receive, Scope, Send

MAX_DEPTH = 64
"""Arrays and objects inside each other; the API's bodies nest a handful."""
MAX_ITEMS = 10_000
"""Values in one array or object."""

_STRUCTURE = re.compile(rb'[\[\]{},"\\]')
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def shape_problem(body: bytes | bytearray) -> tuple[str, str] | None:
    """``(code, message)`` when the JSON ``body`` is too deep or too wide, else None."""
    open_items: list[int] = []
    in_string = False
    skip_to = -1
    for found in _STRUCTURE.finditer(body):
        at = found.start()
        if at < skip_to:
            continue
        char = body[at]
        if in_string:
            if char == 0x5C:  # a backslash: the next character is escaped
                skip_to = at + 2
            elif char == 0x22:
                in_string = False
        elif char == 0x22:
            in_string = True
        elif char in (0x5B, 0x7B):
            open_items.append(1)
            if len(open_items) > MAX_DEPTH:
                return "json_too_deep", f"JSON nested deeper than {MAX_DEPTH} levels."
        elif char in (0x5D, 0x7D):
            if open_items:
                open_items.pop()
        elif char == 0x2C and open_items:
            open_items[-1] += 1
            if open_items[-1] > MAX_ITEMS:
                return "json_too_wide", f"More than {MAX_ITEMS} values in one array or object."
    return None


def json_shape_middleware(max_bytes: int):  # type: ignore[no-untyped-def]
    """ASGI middleware refusing JSON bodies of a bad shape (bodies over ``max_bytes`` go
    on, for the app's own limit to answer 413)."""

    def wrap(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            method = cast("dict[str, Any]", scope).get("method")
            if method not in _BODY_METHODS or not _json(scope):
                await app(scope, receive, send)
                return
            received: list[Any] = []
            body = bytearray()
            while len(body) <= max_bytes:
                message = await receive()
                received.append(message)
                if message["type"] != "http.request":
                    break
                body += message.get("body", b"")
                if not message.get("more_body", False):
                    problem = shape_problem(body)
                    if problem is not None:
                        await _refuse(send, *problem)
                        return
                    break

            async def replay() -> Any:
                return received.pop(0) if received else await receive()

            await app(scope, replay, send)

        return middleware

    return wrap


def _json(scope: Scope) -> bool:
    """A body the app may read as JSON: declared so, or of no declared type."""
    for name, value in scope["headers"]:
        if name == b"content-type":
            return b"json" in value.lower()
    return True


async def _refuse(send: Send, code: str, message: str) -> None:
    body = msgspec.json.encode({"error": code, "detail": message})
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"x-content-type-options", b"nosniff"),
    ]
    start: Any = {"type": "http.response.start", "status": 400, "headers": headers}
    end: Any = {"type": "http.response.body", "body": body}
    await send(start)
    await send(end)
