"""JSON bodies are read as their schema says, not coerced.

Litestar converts a handler's arguments leniently, so that a path's or query's text
becomes an int or a bool; a JSON body went the same way, and ``{"enabled": 0}`` switched
a plugin off. Once a request has passed the permission guard, its body is converted
strictly into the handler's ``data`` type (a msgspec struct, or a list or dict of them)
before Litestar reads it: a value of the wrong JSON type is a 400 ``invalid_input``
naming the field, as the OpenAPI document promises. A number with no fractional part is
an integer, as JSON Schema says (``1.0`` for an int is taken).
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request
from litestar.connection import ASGIConnection
from litestar.exceptions import SerializationException, ValidationException
from litestar.handlers.base import BaseRouteHandler

_TYPE = "strict_body_type"
"""Where a handler's ``opt`` keeps its strict ``data`` type (None: nothing to check)."""
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


async def check_body_strictly(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """A guard, after the permission one: raise a :class:`ValidationException` when the
    JSON body is not of the handler's ``data`` type read strictly (a body that is not
    JSON is left to Litestar)."""
    if not isinstance(connection, Request) or connection.method not in _BODY_METHODS:
        return
    wanted = handler.opt.get(_TYPE, ...)
    if wanted is ...:
        wanted = handler.opt[_TYPE] = _data_type(handler)
    if wanted is None:
        return
    if not (await connection.body()).strip():
        return
    try:
        # Decoded once: Litestar keeps it for the handler's own reading.
        value = await connection.json()
    except SerializationException:
        return
    try:
        msgspec.convert(_integral_floats_as_ints(value), wanted, strict=True, str_keys=True)
    except msgspec.ValidationError as invalid:
        message = str(invalid)
        field = message.rpartition(" - at `$")[2].rstrip("`").lstrip(".") or "body"
        raise ValidationException(
            "The body does not validate.", extra=[{"key": field, "message": message}]
        ) from invalid


def _data_type(handler: BaseRouteHandler) -> Any:
    data = handler.parsed_fn_signature.parameters.get("data")
    if data is None or handler.resolve_data_dto() is not None:
        return None
    try:
        msgspec.json.Decoder(data.annotation, strict=True)
    except TypeError:  # a type msgspec does not decode (Litestar reads it its own way)
        return None
    return data.annotation


def _integral_floats_as_ints(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_integral_floats_as_ints(item) for item in value]
    if isinstance(value, dict):
        return {key: _integral_floats_as_ints(item) for key, item in value.items()}
    return value
