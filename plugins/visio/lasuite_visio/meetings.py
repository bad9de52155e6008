"""The meetings of one app instance: the sockets open on it, grouped by room, and the
room's channel on the relay that every instance's sockets of that room listen to.

Everything said to a meeting is published on its channel once (encoded once) and each
instance hands it to its own sockets: to everyone admitted, to the hosts, or to one
participant. So a signalling message, a lobby change or a raised hand reaches the
participant wherever their socket is open.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import msgspec

from lasuite.plugins import Database, InstanceContext, Relay
from lasuite_visio.config import MeetingConfig
from lasuite_visio.livekit_rooms import LiveKitRooms

logger = logging.getLogger("lasuite.visio")

OUTBOX = 512
"""Messages waiting for one socket; a socket that lets more pile up is closed."""


class Envelope(msgspec.Struct, omit_defaults=True):
    """A message on a room's channel and who it is for."""

    message: msgspec.Raw
    to: uuid.UUID | None = None
    """One participant; None: every admitted participant (or the hosts, with ``hosts``)."""
    hosts: bool = False
    admitted_only: bool = False
    """With ``to``: only if that participant is in the meeting (not waiting in the lobby)."""
    close: tuple[int, str] | None = None
    """Close the addressee's socket after the message, with this code and reason."""
    groups: dict[str, int] | None = None
    """Each participant's breakout group (participant id → group; those not named are in
    the main room): every socket takes its own before the message."""
    group: int | None = None
    same_group: bool = False
    """Only for participants in the breakout ``group`` (None: the main room)."""


@dataclass(eq=False)
class Connection:
    """One open meeting socket: whose it is, and what waits to be sent to it."""

    participant_id: uuid.UUID
    admitted: bool
    host: bool
    group: int | None = None
    """The breakout room they are in (None: the main room)."""
    outbox: asyncio.Queue[str | tuple[int, str]] = field(
        default_factory=lambda: asyncio.Queue(OUTBOX)
    )

    def wants(self, envelope: Envelope) -> bool:
        if envelope.same_group and envelope.group != self.group:
            return False
        if envelope.to is not None:
            return envelope.to == self.participant_id and (
                self.admitted or not envelope.admitted_only
            )
        return self.admitted and (self.host or not envelope.hosts)

    def put_first(self, item: str) -> None:
        """Send ``item`` before what is already waiting: the welcome, read from the
        database while the room's news already came in, goes first, so that the news
        lands on it rather than being overwritten by it."""
        waiting = []
        while not self.outbox.empty():
            waiting.append(self.outbox.get_nowait())
        self.put(item)
        for queued in waiting:
            self.put(queued)

    def put(self, item: str | tuple[int, str]) -> None:
        try:
            self.outbox.put_nowait(item)
        except asyncio.QueueFull:
            # A socket that reads nothing is let go rather than buffered for ever.
            self.outbox = asyncio.Queue(1)
            self.outbox.put_nowait((4408, "Too slow to keep up with the meeting."))


class LocalRoom:
    """This instance's sockets of one room, fed by the room's channel."""

    def __init__(self, room_id: uuid.UUID, relay: Relay) -> None:
        self.room_id = room_id
        self.connections: set[Connection] = set()
        self._relay = relay
        self._ready = asyncio.Event()
        self._task = asyncio.get_running_loop().create_task(self._listen())

    async def ready(self) -> None:
        await self._ready.wait()
        if self._task.done():
            self._task.result()

    async def _listen(self) -> None:
        try:
            async with self._relay.listen(channel(self.room_id)) as events:
                self._ready.set()
                async for data in events:
                    self._deliver(data)
        finally:
            self._ready.set()

    def _deliver(self, data: bytes) -> None:
        try:
            envelope = msgspec.json.decode(data, type=Envelope)
        except msgspec.DecodeError:
            logger.warning("visio: an undecodable message on room %s", self.room_id)
            return
        text = bytes(envelope.message).decode()
        for connection in self.connections:
            if envelope.groups is not None:
                connection.group = envelope.groups.get(str(connection.participant_id))
            if connection.wants(envelope):
                connection.put(text)
                if envelope.close is not None:
                    connection.put(envelope.close)

    async def stop(self) -> None:
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self._task


def channel(room_id: uuid.UUID) -> str:
    return f"room.{room_id}"


class Meetings:
    """The meetings of this instance (the plugin's lifespan yields it to handlers as
    ``meetings: NamedDependency[Meetings]``)."""

    def __init__(self, database: Database, relay: Relay, config: MeetingConfig) -> None:
        self.database = database
        self.config = config
        self.livekit = LiveKitRooms(config.livekit) if config.livekit else None
        """The LiveKit server's rooms, when this instance holds meetings there."""
        self._relay = relay
        self._rooms: dict[uuid.UUID, LocalRoom] = {}
        self._lock = asyncio.Lock()
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._timed: set[asyncio.Task[None]] = set()

    def at(self, when: datetime, key: str, action: Callable[[], Coroutine[Any, Any, None]]) -> None:
        """Run ``action`` at ``when`` on this instance (replacing what ``key`` had timed);
        what fails is logged."""
        loop = asyncio.get_running_loop()
        if (earlier := self._timers.pop(key, None)) is not None:
            earlier.cancel()
        delay = max(0.0, (when - datetime.now(UTC)).total_seconds())
        self._timers[key] = loop.call_later(delay, self._run_timed, key, action)

    def _run_timed(self, key: str, action: Callable[[], Coroutine[Any, Any, None]]) -> None:
        self._timers.pop(key, None)
        task = asyncio.get_running_loop().create_task(action())
        self._timed.add(task)
        task.add_done_callback(self._timed_done)

    def _timed_done(self, task: asyncio.Task[None]) -> None:
        self._timed.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("visio: a timed action failed", exc_info=task.exception())

    async def publish(
        self,
        room_id: uuid.UUID,
        message: Any,
        *,
        to: uuid.UUID | None = None,
        hosts: bool = False,
        admitted_only: bool = False,
        close: tuple[int, str] | None = None,
        groups: dict[str, int] | None = None,
        within_group: tuple[int | None] | None = None,
    ) -> None:
        """Say ``message`` (JSON-encodable) to the room's sockets on every instance;
        ``within_group=(group,)``: only to those in that breakout group."""
        envelope = Envelope(
            message=msgspec.Raw(msgspec.json.encode(message)),
            to=to,
            hosts=hosts,
            admitted_only=admitted_only,
            close=close,
            groups=groups,
            group=within_group[0] if within_group else None,
            same_group=within_group is not None,
        )
        await self._relay.publish(channel(room_id), msgspec.json.encode(envelope))

    @asynccontextmanager
    async def attached(self, room_id: uuid.UUID, connection: Connection) -> AsyncIterator[None]:
        """Deliver the room's messages to ``connection`` while inside; the room's channel
        is listened to (from before the block starts) while one of its sockets is open."""
        async with self._lock:
            local = self._rooms.get(room_id)
            if local is None:
                local = self._rooms[room_id] = LocalRoom(room_id, self._relay)
            local.connections.add(connection)
        try:
            await local.ready()
            yield
        finally:
            async with self._lock:
                local.connections.discard(connection)
                if not local.connections and self._rooms.get(room_id) is local:
                    del self._rooms[room_id]
                    await local.stop()

    async def close(self) -> None:
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        for task in list(self._timed):
            task.cancel()
        await asyncio.gather(*self._timed, return_exceptions=True)
        for local in list(self._rooms.values()):
            for connection in local.connections:
                connection.put((1012, "The server is restarting; join again."))
            await local.stop()
        self._rooms.clear()
        if self.livekit is not None:
            await self.livekit.close()


@asynccontextmanager
async def running_meetings(instance: InstanceContext) -> AsyncIterator[Meetings]:
    """The visio plugin's lifespan: this instance's meetings, with the configuration read
    from the environment."""
    meetings = Meetings(instance.database, instance.relay, MeetingConfig.from_env())
    try:
        yield meetings
    finally:
        await meetings.close()
