"""The y-websocket protocol: each websocket message is one frame, a message type
followed by its payload (lib0 encoding: variable-length unsigned integers and
length-prefixed byte strings).

- ``0`` sync: ``0`` step 1 (a state vector), ``1`` step 2 (an update: what the
  other side lacks), ``2`` update;
- ``1`` awareness: an awareness update (who is here, their cursor);
- ``3`` query awareness: ask for every awareness state.

A frame that does not parse is a :class:`BadFrame`; nothing of it is applied.
"""

from __future__ import annotations

from dataclasses import dataclass

import pycrdt

SYNC = 0
AWARENESS = 1
QUERY_AWARENESS = 3
STEP1, STEP2, UPDATE = 0, 1, 2

EMPTY_UPDATE = b"\x00\x00"
"""The update that changes nothing (a step 2 from a client with nothing new)."""


class BadFrame(ValueError):
    """A frame that is not y-websocket's."""


@dataclass(frozen=True, slots=True)
class SyncStep1:
    state_vector: bytes


@dataclass(frozen=True, slots=True)
class DocumentUpdate:
    """A step 2 or an update: both change the document the same way."""

    update: bytes


@dataclass(frozen=True, slots=True)
class AwarenessUpdate:
    update: bytes


@dataclass(frozen=True, slots=True)
class QueryAwareness:
    pass


Frame = SyncStep1 | DocumentUpdate | AwarenessUpdate | QueryAwareness


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def var_uint(self) -> int:
        value = shift = 0
        while True:
            if self.at >= len(self.data) or shift > 49:
                raise BadFrame("truncated or oversized integer")
            byte = self.data[self.at]
            self.at += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value

    def var_bytes(self) -> bytes:
        length = self.var_uint()
        end = self.at + length
        if end > len(self.data):
            raise BadFrame("a payload runs past the frame")
        chunk = self.data[self.at : end]
        self.at = end
        return chunk

    def var_string(self) -> str:
        try:
            return self.var_bytes().decode()
        except UnicodeDecodeError as exc:
            raise BadFrame("a string is not UTF-8") from exc

    def end(self) -> None:
        if self.at != len(self.data):
            raise BadFrame("bytes after the payload")


def read_frame(data: bytes) -> Frame:
    """The frame ``data`` holds; :class:`BadFrame` when it is not one."""
    reader = _Reader(data)
    kind = reader.var_uint()
    frame: Frame
    if kind == SYNC:
        step = reader.var_uint()
        payload = reader.var_bytes()
        if step == STEP1:
            frame = SyncStep1(payload)
        elif step in (STEP2, UPDATE):
            frame = DocumentUpdate(payload)
        else:
            raise BadFrame(f"unknown sync step {step}")
    elif kind == AWARENESS:
        payload = reader.var_bytes()
        awareness_entries(payload)
        frame = AwarenessUpdate(payload)
    elif kind == QUERY_AWARENESS:
        frame = QueryAwareness()
    else:
        raise BadFrame(f"unknown message type {kind}")
    reader.end()
    return frame


def awareness_entries(update: bytes) -> dict[int, tuple[int, str]]:
    """The client ids an awareness update speaks for, each with its clock and state (a
    JSON text, ``"null"`` once the client left); :class:`BadFrame` if it does not parse."""
    reader = _Reader(update)
    entries: dict[int, tuple[int, str]] = {}
    for _ in range(reader.var_uint()):
        client = reader.var_uint()
        clock = reader.var_uint()
        entries[client] = (clock, reader.var_string())
    reader.end()
    return entries


def encode_awareness(entries: dict[int, tuple[int, str]]) -> bytes:
    """The awareness update holding ``entries`` (client id → clock, state)."""
    parts = [pycrdt.write_var_uint(len(entries))]
    for client, (clock, state) in entries.items():
        parts += [
            pycrdt.write_var_uint(client),
            pycrdt.write_var_uint(clock),
            pycrdt.write_message(state.encode()),
        ]
    return b"".join(parts)


def sync_step1(state_vector: bytes) -> bytes:
    return bytes([SYNC, STEP1]) + pycrdt.write_message(state_vector)


def sync_step2(update: bytes) -> bytes:
    return bytes([SYNC, STEP2]) + pycrdt.write_message(update)


def update_frame(update: bytes) -> bytes:
    return pycrdt.create_update_message(update)


def awareness_frame(update: bytes) -> bytes:
    return pycrdt.create_awareness_message(update)


# Between app instances (lasuite.plugins.Relay), a document's news: the sending
# instance's id (16 bytes), then "U" and the edits it logged (the first one's number,
# their count, each edit), or "A" and an awareness update.
RELAYED_EDITS = ord("U")
RELAYED_AWARENESS = ord("A")


@dataclass(frozen=True, slots=True)
class RelayedEdits:
    origin: bytes
    first_seq: int
    updates: list[bytes]


@dataclass(frozen=True, slots=True)
class RelayedAwareness:
    origin: bytes
    update: bytes


def relayed_edits(origin: bytes, first_seq: int, updates: list[bytes]) -> bytes:
    parts = [origin, bytes([RELAYED_EDITS]), pycrdt.write_var_uint(first_seq)]
    parts.append(pycrdt.write_var_uint(len(updates)))
    parts += [pycrdt.write_message(update) for update in updates]
    return b"".join(parts)


def relayed_awareness(origin: bytes, update: bytes) -> bytes:
    return origin + bytes([RELAYED_AWARENESS]) + update


def read_relayed(data: bytes) -> RelayedEdits | RelayedAwareness:
    origin, kind, rest = data[:16], data[16], data[17:]
    if kind == RELAYED_AWARENESS:
        return RelayedAwareness(origin, rest)
    reader = _Reader(rest)
    first_seq = reader.var_uint()
    updates = [reader.var_bytes() for _ in range(reader.var_uint())]
    reader.end()
    return RelayedEdits(origin, first_seq, updates)
