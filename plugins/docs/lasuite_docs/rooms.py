"""The live documents of one app instance: a room per document someone has open.

A room holds the document in memory and its editors' sessions. An edit is applied to
the room's document (a malformed one is refused before anything changes), written to
the document's log, and only once the transaction has committed sent to the other
editors: an edit anyone has seen is durable. Edits arriving while a write is under
way are written together in the next one.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

import pycrdt
from litestar import WebSocket

from lasuite.plugins import Database, InstanceContext
from lasuite_docs import store
from lasuite_docs.protocol import (
    EMPTY_UPDATE,
    AwarenessUpdate,
    BadFrame,
    DocumentUpdate,
    Frame,
    QueryAwareness,
    SyncStep1,
    awareness_entries,
    awareness_frame,
    encode_awareness,
    sync_step1,
    sync_step2,
    update_frame,
)

logger = logging.getLogger("lasuite_docs.rooms")


class Close(IntEnum):
    """How the server ends a document's websocket (4xxx mirror an HTTP status)."""

    RESTART = 1012
    """The app instance stops, or the room failed to save: reconnect (nothing is lost)."""
    TOO_BIG = 1009
    """A frame over the limit."""
    BAD_FRAME = 4400
    """A frame that is not y-websocket's, or an update that does not decode."""
    FORBIDDEN = 4403
    """No access to this document (any more)."""
    NOT_FOUND = 4404
    """No such document in the caller's organization."""
    TOO_SLOW = 4008
    """The client read too slowly."""
    DOCUMENT_FULL = 4413
    """The document would grow past its size limit."""
    TOO_MANY_UPDATES = 4429
    """More updates per second than allowed."""


@dataclass(frozen=True, slots=True)
class Limits:
    max_frame_bytes: int = 1024 * 1024
    max_document_bytes: int = 32 * 1024 * 1024
    updates_per_second: float = 50.0
    update_burst: int = 200
    outbox: int = 512
    """Frames waiting to be sent to one client before it counts as too slow."""


class Refused(Exception):
    """Ends a session with ``code``."""

    def __init__(self, code: Close, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class Session:
    """One client's websocket on a document."""

    def __init__(self, socket: WebSocket[Any, Any, Any], *, can_edit: bool, limits: Limits) -> None:
        self.socket = socket
        self.can_edit = can_edit
        self.clients: dict[int, int] = {}
        """The awareness client ids this session spoke for, with their last clock."""
        self._outbox: asyncio.Queue[bytes] = asyncio.Queue(limits.outbox)
        self._closing: Refused | None = None
        self._closed = asyncio.Event()
        self._tokens = float(limits.update_burst)
        self._rate = limits.updates_per_second
        self._burst = limits.update_burst
        self._refilled = time.monotonic()

    def send(self, frame: bytes) -> None:
        """Queue ``frame``; a client that lets too many pile up is disconnected."""
        try:
            self._outbox.put_nowait(frame)
        except asyncio.QueueFull:
            self.close(Close.TOO_SLOW, "The client reads too slowly.")

    def close(self, code: Close, reason: str) -> None:
        if self._closing is None:
            self._closing = Refused(code, reason)
            self._closed.set()

    def spend_update(self) -> None:
        now = time.monotonic()
        self._tokens = min(self._burst, self._tokens + (now - self._refilled) * self._rate)
        self._refilled = now
        if self._tokens < 1:
            raise Refused(Close.TOO_MANY_UPDATES, "Too many updates per second.")
        self._tokens -= 1

    async def pump(self) -> None:
        """Send the queued frames until the session closes."""
        while True:
            frame = await self._outbox.get()
            await self.socket.send_bytes(frame)

    async def closed(self) -> Refused:
        await self._closed.wait()
        assert self._closing is not None
        return self._closing


class Room:
    """One document open on this instance."""

    def __init__(
        self, document_id: uuid.UUID, doc: pycrdt.Doc[Any], database: Database, limits: Limits
    ) -> None:
        self.document_id = document_id
        self.doc = doc
        self.database = database
        self.limits = limits
        self.sessions: set[Session] = set()
        self.size = len(doc.get_update())
        self.broken = False
        self._awareness: dict[int, tuple[int, str]] = {}
        self._pending: list[tuple[bytes, Session]] = []
        self._writer: asyncio.Task[None] | None = None

    def greet(self, session: Session) -> None:
        """What a client gets on joining: the server's state, and who else is here."""
        session.send(sync_step1(self.doc.get_state()))
        if self._awareness:
            session.send(awareness_frame(encode_awareness(self._awareness)))

    def receive(self, session: Session, frame: Frame) -> None:
        if isinstance(frame, SyncStep1):
            try:
                missing = self.doc.get_update(frame.state_vector)
            except ValueError as exc:
                raise BadFrame("a state vector that does not decode") from exc
            session.send(sync_step2(missing))
        elif isinstance(frame, DocumentUpdate):
            if frame.update != EMPTY_UPDATE:
                self._edit(session, frame.update)
        elif isinstance(frame, AwarenessUpdate):
            self._aware(session, frame.update)
        elif isinstance(frame, QueryAwareness):
            session.send(awareness_frame(encode_awareness(self._awareness)))

    def _edit(self, session: Session, update: bytes) -> None:
        if not session.can_edit:
            # A reader's client (or one downgraded) offers edits: they never apply.
            logger.info("docs: refused an update of a reader on %s", self.document_id)
            return
        session.spend_update()
        if self.size + len(update) > self.limits.max_document_bytes:
            raise Refused(Close.DOCUMENT_FULL, "The document reached its size limit.")
        try:
            self.doc.apply_update(update)
        except ValueError as exc:
            raise BadFrame("an update that does not decode") from exc
        self.size += len(update)
        self._pending.append((update, session))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.get_running_loop().create_task(self._write())

    async def _write(self) -> None:
        while self._pending:
            batch, self._pending = self._pending, []
            try:
                async with self.database.transaction() as db:
                    await store.append(db, self.document_id, [update for update, _ in batch])
            except Exception:
                logger.exception("docs: edits of %s could not be saved", self.document_id)
                self.fail()
                return
            for update, origin in batch:
                frame = update_frame(update)
                for session in self.sessions:
                    if session is not origin:
                        session.send(frame)

    async def settled(self) -> None:
        """Once every edit received so far is written."""
        while self._writer is not None and not self._writer.done():
            await asyncio.shield(self._writer)

    def fail(self) -> None:
        """Edits could not be saved: the room's document is ahead of the log. Everyone
        reconnects to a room loaded again; their clients send what the log lacks."""
        self.broken = True
        self._pending.clear()
        for session in self.sessions:
            session.close(Close.RESTART, "The document is being reloaded.")

    def _aware(self, session: Session, update: bytes) -> None:
        entries = awareness_entries(update)
        for client, (clock, state) in entries.items():
            session.clients[client] = clock
            if state == "null":
                self._awareness.pop(client, None)
            else:
                self._awareness[client] = (clock, state)
        frame = awareness_frame(update)
        for other in self.sessions:
            if other is not session:
                other.send(frame)

    def depart(self, session: Session) -> None:
        """``session`` left: the others drop its cursors."""
        self.sessions.discard(session)
        gone = {c: (clock + 1, "null") for c, clock in session.clients.items()}
        for client in gone:
            self._awareness.pop(client, None)
        if gone:
            frame = awareness_frame(encode_awareness(gone))
            for other in self.sessions:
                other.send(frame)


class Rooms:
    """The rooms of this instance, loaded on first join and dropped once empty."""

    def __init__(self, database: Database, limits: Limits) -> None:
        self.database = database
        self.limits = limits
        self._rooms: dict[uuid.UUID, Room] = {}
        self._loading: dict[uuid.UUID, asyncio.Future[Room]] = {}

    async def join(self, document_id: uuid.UUID, session: Session) -> Room:
        room = self._rooms.get(document_id)
        if room is None or room.broken:
            # One load per document, however many clients connect at the same moment.
            loading = self._loading.get(document_id)
            if loading is None:
                loading = asyncio.ensure_future(self._load(document_id))
                self._loading[document_id] = loading
                loading.add_done_callback(lambda _: self._loading.pop(document_id, None))
            room = await asyncio.shield(loading)
        room.sessions.add(session)
        room.greet(session)
        return room

    async def _load(self, document_id: uuid.UUID) -> Room:
        old = self._rooms.get(document_id)
        if old is not None:
            await old.settled()
        async with self.database.transaction() as db:
            doc, _ = await store.load(db, document_id)
        room = Room(document_id, doc, self.database, self.limits)
        self._rooms[document_id] = room
        return room

    async def leave(self, room: Room, session: Session) -> None:
        room.depart(session)
        if room.sessions:
            return
        await room.settled()
        if not room.sessions and self._rooms.get(room.document_id) is room:
            del self._rooms[room.document_id]

    def close_all(self) -> None:
        for room in self._rooms.values():
            for session in room.sessions:
                session.close(Close.RESTART, "The server is restarting.")

    async def settled(self) -> None:
        for room in list(self._rooms.values()):
            await room.settled()


@asynccontextmanager
async def running_rooms(instance: InstanceContext) -> AsyncIterator[Rooms]:
    """The docs plugin's lifespan: the rooms of this instance. On stop every session is
    told to reconnect, once what they sent is written."""
    rooms = Rooms(instance.database, Limits())
    try:
        yield rooms
    finally:
        await rooms.settled()
        rooms.close_all()
