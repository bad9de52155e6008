"""A meeting's socket, ``/api/v1/visio/rooms/<slug>/socket?ticket=…``: the ticket of a
join opens it, for signed-in people and guests alike.

Someone waiting in the lobby hears here that they were admitted or denied. Someone
admitted receives the participants, the lobby (hosts only), raised hands and reactions,
and — in a meeting without a video server — the offers, answers and ICE candidates the
others address to them (relayed only between admitted participants of the room, and of
the same breakout room while the meeting is split).

Frames are JSON text: ``{"type": "ping"}`` (every 15 s; the server answers ``pong``),
``{"type": "signal", "to": <participant id>, "data": {…}}``, ``{"type": "hand",
"raised": true}``, ``{"type": "reaction", "emoji": "👍"}``, ``{"type": "say", "text": "…"}``
(the meeting's chat: everyone admitted reads it, and who arrives later reads what was
said in the meeting).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from typing import Annotated, Any, Literal

import msgspec
from litestar import WebSocket, websocket
from litestar.di import NamedDependency
from litestar.exceptions import WebSocketDisconnect
from litestar.params import FromPath

from lasuite.plugins import plugin_enabled
from lasuite_visio import breakouts, history, meeting_chat, participants, recordings, services
from lasuite_visio.config import MESH_CAPACITY
from lasuite_visio.meetings import Connection, Meetings
from lasuite_visio.models import Participant, Room
from lasuite_visio.roles import HOSTS

MAX_FRAME = 64 * 1024
"""Characters of one frame: an offer with its candidates fits many times over."""
BURST = 200
RATE = 20.0
"""Frames a socket may send at once, and per second after that."""


class Close:
    BAD_MESSAGE = 4400
    NO_TICKET = 4401
    DENIED = 4403
    NOT_FOUND = 4404
    FULL = 4409
    TOO_MANY = 4429


class Ping(msgspec.Struct, tag="ping", tag_field="type"):
    pass


class Signal(msgspec.Struct, tag="signal", tag_field="type"):
    to: uuid.UUID
    data: dict[str, Any]


class Hand(msgspec.Struct, tag="hand", tag_field="type"):
    raised: bool


class Reaction(msgspec.Struct, tag="reaction", tag_field="type"):
    emoji: Literal["👍", "👏", "😂", "❤️", "🎉", "😮", "🙏", "✋"]


class Say(msgspec.Struct, tag="say", tag_field="type"):
    text: Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]


ClientMessage = Ping | Signal | Hand | Reaction | Say
_decoder = msgspec.json.Decoder(ClientMessage)


class Ended(Exception):
    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@websocket("/rooms/{slug:str}/socket", public=True)
async def meeting_socket(
    socket: WebSocket[Any, Any, Any],
    slug: FromPath[str],
    meetings: NamedDependency[Meetings],
) -> None:
    """The meeting's live channel for the holder of a join's ticket."""
    await socket.accept()
    ticket = socket.query_params.get("ticket", "")
    try:
        room, participant = await _enter(meetings, slug, ticket)
    except Ended as refused:
        await socket.close(refused.code, refused.reason)
        return
    connection = Connection(
        participant.id,
        admitted=participant.state == "admitted",
        host=participant.role in HOSTS,
        group=participant.breakout_group,
    )
    meeting = _Meeting(socket, meetings, room, participant, connection)
    async with meetings.attached(room.id, connection):
        ended = await meeting.run()
    with contextlib.suppress(Exception):
        await socket.close(ended.code, ended.reason)


async def _enter(meetings: Meetings, slug: str, ticket: str) -> tuple[Room, Participant]:
    async with meetings.database.transaction() as db:
        room = await services.room_by_slug(db, slug)
        if room is None or not await plugin_enabled(
            db, plugin_id="visio", organization_id=room.organization_id
        ):
            raise Ended(Close.NOT_FOUND, "No meeting has this link.")
        participant = await participants.by_ticket(db, room.id, ticket) if ticket else None
        if participant is None or participant.expires_at < participants.now():
            raise Ended(Close.NO_TICKET, "Join the meeting again.")
        if participant.state == "denied":
            raise Ended(Close.DENIED, "A host of the meeting did not let you in.")
        if participant.state == "admitted":
            inside = await participants.present(db, room.id)
            others = [p for p in inside if p.id != participant.id]
            if meetings.config.livekit is None and len(others) >= MESH_CAPACITY:
                raise Ended(Close.FULL, "This meeting is full.")
            at = participants.now()
            participant.joined_at = participant.joined_at or at
            participant.seen_at = at
            participant.left_at = None
            participant.hand_raised_at = None
            if meetings.config.livekit is None:
                await history.mesh_arrived(db, room, participant)
        await db.flush()
        db.expunge_all()
        return room, participant


class _Meeting:
    """One socket's life in the meeting: welcome, then relay what it says."""

    def __init__(
        self,
        socket: WebSocket[Any, Any, Any],
        meetings: Meetings,
        room: Room,
        participant: Participant,
        connection: Connection,
    ) -> None:
        self.socket = socket
        self.meetings = meetings
        self.room = room
        self.participant = participant
        self.connection = connection
        self._tokens = float(BURST)
        self._at = time.monotonic()

    async def run(self) -> Ended:
        pump: asyncio.Task[None] | None = None
        try:
            if self.connection.admitted:
                # Nothing is sent before the welcome: news of the room that came while it
                # was read waits, and lands on it (sent first, it would be overwritten).
                await self._welcome()
            pump = asyncio.get_running_loop().create_task(self._pump())
            return await self._read(pump)
        finally:
            if pump is not None:
                pump.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await pump
            if self.connection.admitted:
                # Shielded: a handler cancelled (the server stopping, the connection torn
                # down) still records the departure and tells the others.
                await asyncio.shield(self._leave())

    async def _welcome(self) -> None:
        async with self.meetings.database.reading() as db:
            inside = await participants.present(db, self.room.id)
            lobby = await participants.waiting(db, self.room.id) if self.connection.host else []
            said = await meeting_chat.so_far(db, self.room.id)
            breakout = await breakouts.running(db, self.room.id)
            split = await breakouts.shown(db, breakout) if breakout is not None else None
            recording = recordings.shown(await recordings.running(db, self.room.id))
        me = participants.person(self.participant)
        welcome = {
            "type": "welcome",
            "you": me,
            "mode": self.meetings.config.mode,
            "participants": [participants.person(p) for p in inside if p.id != me.id],
            "lobby": [participants.person(p) for p in lobby],
            "messages": [meeting_chat.shown(m) for m in said],
            "breakout": split,
            "recording": recording,
        }
        self.connection.put_first(msgspec.json.encode(welcome).decode())
        await self.meetings.publish(self.room.id, {"type": "joined", "participant": me})

    async def _leave(self) -> None:
        async with self.meetings.database.transaction() as db:
            await services.left(db, self.room, self.participant.id)
            if self.meetings.config.livekit is None:
                await history.mesh_departed(db, self.room, self.participant.id)
        await self.meetings.publish(self.room.id, {"type": "left", "id": self.participant.id})

    async def _pump(self) -> None:
        while True:
            item = await self.connection.outbox.get()
            if isinstance(item, tuple):
                await self.socket.close(*item)
                return
            await self.socket.send_text(item)

    async def _read(self, pump: asyncio.Task[None]) -> Ended:
        while True:
            receiving = asyncio.ensure_future(self.socket.receive())
            await asyncio.wait({receiving, pump}, return_when=asyncio.FIRST_COMPLETED)
            if pump.done():
                receiving.cancel()
                return Ended(1000, "")
            try:
                message = receiving.result()
            except WebSocketDisconnect:
                return Ended(1000, "")
            if message["type"] == "websocket.disconnect":
                return Ended(1000, "")
            try:
                await self._handle(message.get("text"))  # type: ignore[arg-type]
            except Ended as ended:
                return ended

    async def _handle(self, text: str | None) -> None:
        if not isinstance(text, str) or len(text) > MAX_FRAME:
            raise Ended(Close.BAD_MESSAGE, "Send JSON text frames of at most 64 KiB.")
        self._spend()
        try:
            message = _decoder.decode(text)
        except msgspec.DecodeError as exc:
            raise Ended(Close.BAD_MESSAGE, f"Not a meeting message: {exc}"[:120]) from exc
        if isinstance(message, Ping):
            async with self.meetings.database.transaction() as db:
                await participants.heard_from(db, self.participant.id)
            self.connection.put('{"type":"pong"}')
            if self.connection.admitted:
                await breakouts.end_if_due(self.meetings, self.room.id)
            return
        if not self.connection.admitted:
            raise Ended(Close.DENIED, "Wait until a host lets you in.")
        if isinstance(message, Signal):
            await self._signal(message)
        elif isinstance(message, Hand):
            await self._hand(message.raised)
        elif isinstance(message, Say):
            await self._say(message.text.strip())
        else:
            await self.meetings.publish(
                self.room.id,
                {"type": "reaction", "id": self.participant.id, "emoji": message.emoji},
            )

    async def _signal(self, message: Signal) -> None:
        if self.meetings.config.livekit is not None:
            raise Ended(Close.BAD_MESSAGE, "This meeting's media go through its video server.")
        await self.meetings.publish(
            self.room.id,
            {"type": "signal", "from": self.participant.id, "data": message.data},
            to=message.to,
            admitted_only=True,
            within_group=(self.connection.group,),
        )

    async def _hand(self, raised: bool) -> None:
        async with self.meetings.database.transaction() as db:
            await services.raise_hand(db, self.participant.id, raised=raised)
        await self.meetings.publish(
            self.room.id, {"type": "hand", "id": self.participant.id, "raised": raised}
        )

    async def _say(self, text: str) -> None:
        if not text:
            return
        async with self.meetings.database.transaction() as db:
            said = await meeting_chat.say(db, self.room.id, self.participant, text)
            message = meeting_chat.shown(said)
        await self.meetings.publish(self.room.id, {"type": "said", "message": message})

    def _spend(self) -> None:
        at = time.monotonic()
        self._tokens = min(float(BURST), self._tokens + (at - self._at) * RATE)
        self._at = at
        if self._tokens < 1:
            raise Ended(Close.TOO_MANY, "Too many messages; slow down.")
        self._tokens -= 1
