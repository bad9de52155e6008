"""The live documents of one app instance: a room per document someone has open.

A room holds the document in memory and its editors' sessions. An edit is applied to
the room's document (a malformed one is refused before anything changes), written to
the document's log, and only once the transaction has committed sent to the other
editors: an edit anyone has seen is durable. Edits arriving while a write is under
way are written together in the next one.

The rooms of one document on other instances hear of each committed edit through the
relay (its number and content) and apply it; a room that finds a gap in the numbers
(news it missed) reads the missing edits from the log. Cursors travel the same way.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

import pycrdt
from litestar import WebSocket
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor, Database, InstanceContext, MemberDirectory, Relay
from lasuite_docs import store
from lasuite_docs.access import at_least, role_for
from lasuite_docs.models import Document
from lasuite_docs.people_changes import following_people
from lasuite_docs.protocol import (
    EMPTY_UPDATE,
    AwarenessUpdate,
    BadFrame,
    DocumentUpdate,
    Frame,
    QueryAwareness,
    RelayedEdits,
    SyncStep1,
    awareness_entries,
    awareness_frame,
    encode_awareness,
    read_relayed,
    relayed_awareness,
    relayed_edits,
    sync_step1,
    sync_step2,
    update_frame,
)

logger = logging.getLogger("lasuite_docs.rooms")

MAX_ACTORS = 100
"""Members read again in one call (``members.actors`` takes at most 100)."""


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
    ACCESS_CHANGED = 4409
    """The user's role on the document changed (read-only now, or editor): open it again."""


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

    def __init__(
        self,
        socket: WebSocket[Any, Any, Any],
        *,
        actor: Actor | None,
        can_edit: bool,
        limits: Limits,
    ) -> None:
        self.socket = socket
        self.actor = actor
        """Who is connected (None: a visitor): their role is checked again when the
        document's access changes."""
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


@dataclass(frozen=True, slots=True)
class Place:
    """Where a room lives: this instance's database, relay and id among the instances."""

    database: Database
    relay: Relay
    instance: bytes
    limits: Limits


def channel(document_id: uuid.UUID) -> str:
    return f"document:{document_id}"


ACCESS_CHANNEL = "access"
"""News that who may use some documents changed: their ids, 16 bytes each."""


class Room:
    """One document open on this instance."""

    def __init__(
        self, document_id: uuid.UUID, doc: pycrdt.Doc[Any], last_seq: int, place: Place
    ) -> None:
        self.document_id = document_id
        self.doc = doc
        self.place = place
        self.limits = place.limits
        self.sessions: set[Session] = set()
        self.size = len(doc.get_update())
        self.broken = False
        self._awareness: dict[int, tuple[int, str]] = {}
        self._pending: list[tuple[bytes, Session]] = []
        self._writer: asyncio.Task[None] | None = None
        self._last_seq = last_seq
        """Every edit up to this number is in the room's document."""
        self._ahead: set[int] = set()
        """Edits past ``_last_seq`` the document has too."""
        self._catching_up = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()

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
            updates = [update for update, _ in batch]
            try:
                async with self.place.database.transaction() as db:
                    last = await store.append(db, self.document_id, updates)
            except Exception:
                logger.exception("docs: edits of %s could not be saved", self.document_id)
                self.fail()
                return
            first = last - len(updates) + 1
            self._have(range(first, last + 1))
            self._broadcast(updates, {origin for _, origin in batch})
            await self._relay(relayed_edits(self.place.instance, first, updates))

    def _broadcast(self, updates: list[bytes], origins: set[Session]) -> None:
        """Send the sessions here ``updates`` in one frame: merged when there are several
        (edits written together), so each editor gets one message, not one per edit. A
        session that made every one of them gets nothing; one that made some gets its
        own back with the others, which Yjs applies once."""
        frame = update_frame(updates[0] if len(updates) == 1 else pycrdt.merge_updates(*updates))
        alone = next(iter(origins)) if len(origins) == 1 else None
        for session in self.sessions:
            if session is not alone:
                session.send(frame)

    async def _relay(self, data: bytes) -> None:
        try:
            await self.place.relay.publish(channel(self.document_id), data)
        except Exception:
            # The other instances find the gap with the next news, or on their next load.
            logger.exception("docs: news of %s could not be relayed", self.document_id)

    def _have(self, seqs: range) -> None:
        self._ahead.update(seqs)
        while self._last_seq + 1 in self._ahead:
            self._last_seq += 1
            self._ahead.discard(self._last_seq)

    def _missing(self, seq: int) -> bool:
        return seq > self._last_seq and seq not in self._ahead

    async def follow(self, news: Any) -> None:
        """Apply what the rooms of this document on other instances relay."""
        async for data in news:
            try:
                relayed = read_relayed(data)
            except (BadFrame, IndexError):
                logger.warning("docs: unreadable news of %s", self.document_id)
                continue
            if relayed.origin == self.place.instance:
                continue
            if isinstance(relayed, RelayedEdits):
                self._apply_relayed(relayed)
            else:
                self._share_awareness(relayed.update, None)

    def _apply_relayed(self, relayed: RelayedEdits) -> None:
        if relayed.first_seq - 1 > self._last_seq and any(
            self._missing(seq) for seq in range(self._last_seq + 1, relayed.first_seq)
        ):
            self._spawn(self._catch_up())
        self._apply_committed(
            [
                (seq, update)
                for seq, update in enumerate(relayed.updates, relayed.first_seq)
                if self._missing(seq)
            ]
        )

    def _apply_committed(self, edits: list[tuple[int, bytes]], *, gapless: bool = False) -> None:
        """Edits another instance logged (number, content): into the document, then to
        every session in one message. ``gapless``: read from the log, each one's number
        covers those before it (the document's merged content holds every edit up to its
        number)."""
        for seq, update in edits:
            self.doc.apply_update(update)
            self.size += len(update)
            if gapless and seq > self._last_seq + 1:
                self._have(range(self._last_seq + 1, seq + 1))
            self._have(range(seq, seq + 1))
        if edits:
            self._broadcast([update for _, update in edits], set())

    async def _catch_up(self) -> None:
        """Read from the log the edits this room missed the news of."""
        async with self._catching_up:
            async with self.place.database.transaction() as db:
                missed = await store.after(db, self.document_id, self._last_seq)
            self._apply_committed(
                [(seq, update) for seq, update in missed if self._missing(seq)], gapless=True
            )

    def _spawn(self, work: Any) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

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
        for client, (clock, _) in awareness_entries(update).items():
            session.clients[client] = clock
        self._share_awareness(update, session)
        self._spawn(self._relay(relayed_awareness(self.place.instance, update)))

    def _share_awareness(self, update: bytes, origin: Session | None) -> None:
        """Keep the states ``update`` holds for clients joining later; send it to the
        sessions here (but ``origin``)."""
        try:
            entries = awareness_entries(update)
        except BadFrame:
            return
        for client, (clock, state) in entries.items():
            if state == "null":
                self._awareness.pop(client, None)
            else:
                self._awareness[client] = (clock, state)
        frame = awareness_frame(update)
        for other in self.sessions:
            if other is not origin:
                other.send(frame)

    def depart(self, session: Session) -> None:
        """``session`` left: the others drop its cursors."""
        self.sessions.discard(session)
        gone = {c: (clock + 1, "null") for c, clock in session.clients.items()}
        if gone:
            update = encode_awareness(gone)
            self._share_awareness(update, session)
            self._spawn(self._relay(relayed_awareness(self.place.instance, update)))

    async def close(self) -> None:
        """Stop following the other instances (the room is no longer open here)."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


class Rooms:
    """The rooms of this instance, loaded on first join and dropped once empty."""

    def __init__(self, database: Database, relay: Relay, limits: Limits) -> None:
        self.database = database
        self.limits = limits
        self.place = Place(database, relay, uuid.uuid4().bytes, limits)
        self._rooms: dict[uuid.UUID, Room] = {}
        self._loading: dict[uuid.UUID, asyncio.Future[Room]] = {}
        self._following: dict[uuid.UUID, AsyncExitStack] = {}

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
            await self._drop(old)
        following = AsyncExitStack()
        try:
            # Listening first: no news falls between the load and the first news heard.
            news = await following.enter_async_context(
                self.place.relay.listen(channel(document_id))
            )
            async with self.database.transaction() as db:
                doc, last_seq = await store.load(db, document_id)
        except BaseException:
            await following.aclose()
            raise
        room = Room(document_id, doc, last_seq, self.place)
        room._spawn(room.follow(news))
        self._rooms[document_id] = room
        self._following[document_id] = following
        return room

    async def settled(self, document_id: uuid.UUID) -> None:
        """Once the edits this instance's room of the document received so far are
        written: the log then holds what its editors see (an edit not yet written is
        shown to its author only)."""
        room = self._rooms.get(document_id)
        if room is not None:
            await room.settled()

    async def leave(self, room: Room, session: Session) -> None:
        room.depart(session)
        if room.sessions:
            return
        await room.settled()
        if not room.sessions and self._rooms.get(room.document_id) is room:
            await self._drop(room)

    async def _drop(self, room: Room) -> None:
        await room.settled()
        await room.close()
        if self._rooms.get(room.document_id) is room:
            del self._rooms[room.document_id]
            following = self._following.pop(room.document_id, None)
            if following is not None:
                await following.aclose()

    async def access_changed(self, document_ids: list[uuid.UUID]) -> None:
        """Who may use these documents changed (committed): every instance checks the
        sessions it has open on them again."""
        await self.place.relay.publish(ACCESS_CHANNEL, b"".join(i.bytes for i in document_ids))

    async def follow_access(self, news: Any) -> None:
        async for data in news:
            ids = [uuid.UUID(bytes=data[i : i + 16]) for i in range(0, len(data) - 15, 16)]
            try:
                await self.recheck(ids)
            except Exception:
                logger.exception("docs: sessions could not be checked again")

    async def recheck(self, document_ids: list[uuid.UUID]) -> None:
        """Each session on these documents: closed if its user may no longer read the
        document (or it went to the trash), told to reopen it if their right to edit
        changed — edits stop applying at once."""
        open_here = [self._rooms[i] for i in document_ids if i in self._rooms]
        if not open_here:
            return
        async with self.database.transaction() as db:
            for room in open_here:
                document = await db.get(Document, room.document_id)
                for session in list(room.sessions):
                    await _check_again(db, document, session)

    async def recheck_people(
        self, organization_id: uuid.UUID, user_ids: set[uuid.UUID], members: MemberDirectory
    ) -> None:
        """The sessions of these members of the organization, with their actor read again
        (their role or teams changed): closed if they left it or may no longer read, told
        to reopen the document if their right to edit changed."""
        touched = [
            (room, session)
            for room in self._rooms.values()
            for session in room.sessions
            if session.actor is not None
            and session.actor.organization_id == organization_id
            and session.actor.user_id in user_ids
        ]
        if not touched:
            return
        async with self.database.transaction() as db:
            fresh: dict[uuid.UUID, Actor] = {}
            people = sorted({session.actor.user_id for _, session in touched if session.actor})
            for start in range(0, len(people), MAX_ACTORS):
                chunk = people[start : start + MAX_ACTORS]
                fresh |= await members.actors(db, chunk, organization_id=organization_id)
            for room, session in touched:
                actor = fresh.get(session.actor.user_id) if session.actor else None
                if actor is None:
                    session.can_edit = False
                    session.close(
                        Close.FORBIDDEN, "You are no longer a member of this organization."
                    )
                    continue
                session.actor = actor
                await _check_again(db, await db.get(Document, room.document_id), session)

    async def close(self) -> None:
        """Once what every session sent is written: tell them to reconnect, stop following."""
        for room in list(self._rooms.values()):
            await room.settled()
        for room in list(self._rooms.values()):
            for session in room.sessions:
                session.close(Close.RESTART, "The server is restarting.")
            await self._drop(room)


async def _check_again(db: AsyncSession, document: Document | None, session: Session) -> None:
    """Close ``session`` if its actor may no longer read ``document`` (or it went to the
    trash); tell it to reopen the document if their right to edit changed."""
    if document is None or document.deleted_at is not None:
        session.close(Close.NOT_FOUND, "This document was moved to the trash.")
        return
    role = await role_for(db, session.actor, document)
    if not at_least(role, "reader"):
        session.can_edit = False
        session.close(Close.FORBIDDEN, "Your access to this document was removed.")
    elif at_least(role, "editor") != session.can_edit:
        session.can_edit = at_least(role, "editor")
        session.close(Close.ACCESS_CHANGED, "Your access to this document changed: open it again.")


@asynccontextmanager
async def running_rooms(instance: InstanceContext) -> AsyncIterator[Rooms]:
    """The docs plugin's lifespan: the rooms of this instance. On stop every session is
    told to reconnect, once what they sent is written."""
    rooms = Rooms(instance.database, instance.relay, Limits())
    async with (
        instance.relay.listen(ACCESS_CHANNEL) as news,
        following_people(rooms, instance),
    ):
        watching = asyncio.get_running_loop().create_task(rooms.follow_access(news))
        try:
            yield rooms
        finally:
            watching.cancel()
            await asyncio.gather(watching, return_exceptions=True)
            await rooms.close()
