"""JSON bodies are read as their schema says, not coerced.

Litestar converts a handler's arguments leniently, so that a path's or query's text
becomes an int or a bool; a JSON body went the same way, and ``{"enabled": 0}`` switched
a plugin off. A body now decodes strictly into the handler's ``data`` type first (a
msgspec struct, or a list or dict of them): a value of the wrong JSON type is a 400
``invalid_input`` naming the field, as the OpenAPI document promises.
"""

from __future__ import annotations

import weakref
from typing import Any

import msgspec
from litestar.exceptions import ValidationException
from litestar.handlers import HTTPRouteHandler
from litestar.types import Scope

_types: weakref.WeakKeyDictionary[HTTPRouteHandler, Any] = weakref.WeakKeyDictionary()
"""The strict ``data`` type of each route handler (None: nothing to check)."""


def check_strictly(scope: Scope, body: bytes | bytearray) -> None:
    """Raise a :class:`ValidationException` when ``body`` is not of the route handler's
    ``data`` type read strictly (a body that is not JSON is left to the handler)."""
    handler = scope.get("route_handler")
    if not isinstance(handler, HTTPRouteHandler):
        return
    wanted = _types.get(handler, ...)
    if wanted is ...:
        wanted = _types[handler] = _data_type(handler)
    if wanted is None or not body.strip():
        return
    try:
        msgspec.json.decode(body, type=wanted, strict=True)
    except msgspec.ValidationError as invalid:
        message = str(invalid)
        field = message.rpartition(" - at `$")[2].rstrip("`").lstrip(".") or "body"
        raise ValidationException(
            "The body does not validate.", extra=[{"key": field, "message": message}]
        ) from invalid
    except msgspec.DecodeError:
        return  # not JSON: the handler's own decoding answers


def _data_type(handler: HTTPRouteHandler) -> Any:
    data = handler.parsed_fn_signature.parameters.get("data")
    if data is None or handler.resolve_data_dto() is not None:
        return None
    try:
        msgspec.json.Decoder(data.annotation, strict=True)
    except TypeError:  # a type msgspec does not decode (litestar reads it its own way)
        return None
    return data.annotation
