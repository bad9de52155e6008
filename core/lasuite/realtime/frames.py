"""The JSON frames of the app websocket, and the codes it closes with.

Client to server::

    {"op": "subscribe", "topic": "chat:channel:…", "id": 1, "since": 1700000000000123}
    {"op": "unsubscribe", "topic": "chat:channel:…", "id": 2}
    {"op": "action", "name": "chat.typing", "data": {…}, "id": 3}
    {"op": "ping", "id": 4}          {"op": "pong"}  (the answer to a server ping)

Server to client::

    {"op": "event", "topic": …, "name": "chat.message.posted", "data": {…}, "event_id": 17…}
    {"op": "ack", "id": 3, "ok": true, "data": …}
    {"op": "error", "id": 3, "error": "forbidden", "detail": "…"}
    {"op": "resync", "topic": …, "event_id": …}   (missed events are no longer kept)
    {"op": "unsubscribed", "topic": …, "reason": "plugin_disabled", "detail": "…"}
        (the server ended a subscription: the member's rights changed; ``reason`` is
        ``plugin_disabled`` when the topic's plugin was disabled, else ``forbidden``)
    {"op": "ping"}                    {"op": "pong", "id": 4}
"""

from __future__ import annotations

from enum import IntEnum
from typing import Annotated, Any

import msgspec

from lasuite.realtime.topics import MAX_TOPIC_LENGTH


class Close(IntEnum):
    """Close codes of the app websocket (4xxx mirror the HTTP status they resemble)."""

    SERVER_ERROR = 1011
    """The server failed; reconnect later."""
    SERVICE_RESTART = 1012
    """Delivery between instances was interrupted; reconnect and resume."""
    TOO_BIG = 1009
    """A frame exceeded ``LASUITE_WS_MAX_FRAME_BYTES``."""
    TOO_SLOW = 4008
    """The client read too slowly: more than ``LASUITE_WS_SEND_QUEUE`` frames piled up."""
    SILENT = 4408
    """The client sent nothing for ``LASUITE_WS_IDLE_TIMEOUT_SECONDS``."""
    TOO_MANY_MESSAGES = 4429
    """The client sent more than ``LASUITE_WS_MAX_MESSAGES_PER_SECOND``."""
    UNAUTHORIZED = 4401
    """Not signed in (or the API token is not valid): sign in, then reconnect."""
    FORBIDDEN = 4403
    """Not allowed: the caller lacks ``core.realtime.connect``, is no longer a member of
    the organization, or the page is not the workspace's. Reconnecting will not help."""


Topic = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_TOPIC_LENGTH)]
RequestId = Annotated[int, msgspec.Meta(ge=0, le=2**53)]


class Subscribe(msgspec.Struct, tag_field="op", tag="subscribe"):
    topic: Topic
    id: RequestId | None = None
    since: Annotated[int, msgspec.Meta(ge=0)] | None = None
    """The last event id the client received on this topic, to get what it missed."""


class Unsubscribe(msgspec.Struct, tag_field="op", tag="unsubscribe"):
    topic: Topic
    id: RequestId | None = None


class Action(msgspec.Struct, tag_field="op", tag="action"):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    data: dict[str, Any] = msgspec.field(default_factory=dict)
    id: RequestId | None = None


class Ping(msgspec.Struct, tag_field="op", tag="ping"):
    id: RequestId | None = None


class Pong(msgspec.Struct, tag_field="op", tag="pong"):
    pass


ClientFrame = Subscribe | Unsubscribe | Action | Ping | Pong

_read = msgspec.json.Decoder(ClientFrame).decode


def read_frame(raw: str | bytes) -> ClientFrame:
    """Decode a client frame; raises ``msgspec.DecodeError`` or ``ValidationError``."""
    frame: ClientFrame = _read(raw)
    return frame


class _Ack(msgspec.Struct, tag_field="op", tag="ack"):
    id: int | None
    ok: bool = True
    data: Any = None


class _Error(msgspec.Struct, tag_field="op", tag="error"):
    id: int | None
    error: str
    detail: str


class _Event(msgspec.Struct, tag_field="op", tag="event"):
    topic: str
    name: str
    data: Any


class _Resync(msgspec.Struct, tag_field="op", tag="resync"):
    topic: str
    event_id: int


class _Unsubscribed(msgspec.Struct, tag_field="op", tag="unsubscribed"):
    topic: str
    reason: str
    detail: str


class _Ping(msgspec.Struct, tag_field="op", tag="ping"):
    pass


class _Pong(msgspec.Struct, tag_field="op", tag="pong"):
    id: int | None = None


_encode = msgspec.json.Encoder().encode

PING = _encode(_Ping())


def pong(request_id: int | None) -> bytes:
    return _encode(_Pong(request_id))


def ack(request_id: int | None, data: Any = None) -> bytes:
    """Raises ``TypeError`` when ``data`` cannot be encoded as JSON."""
    return _encode(_Ack(request_id, data=data))


def error(request_id: int | None, code: str, detail: str) -> bytes:
    return _encode(_Error(request_id, code, detail))


def resync(topic: str, event_id: int) -> bytes:
    return _encode(_Resync(topic, event_id))


def unsubscribed(topic: str, reason: str, detail: str) -> bytes:
    """The server ended the client's subscription to ``topic``, for ``reason``."""
    return _encode(_Unsubscribed(topic, reason, detail))


def event(topic: str, name: str, data: Any) -> bytes:
    """An event frame without its ``event_id``, which the backend adds with :func:`stamp`."""
    return _encode(_Event(topic, name, data))


def stamp(frame: bytes, event_id: int) -> bytes:
    """``frame`` with ``"event_id"`` as its last member (the Redis backend does the same)."""
    return b'%s,"event_id":%d}' % (frame[:-1], event_id)


def event_id_of(frame: bytes) -> int:
    """The ``event_id`` of a stamped frame, read from its end without decoding it."""
    return int(frame[frame.rindex(b":") + 1 : -1])
