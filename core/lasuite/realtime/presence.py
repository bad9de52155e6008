"""Presence: who is online or away in an organization, and who is present in a topic.

Each websocket connection is present in its organization's topic
(``core:org:<id>``) and in the topics it subscribed to whose rule asks for
presence, with the status its client set (``online`` or ``away``). A user's
status in a topic is the best of their connections' (``online`` > ``away`` >
``offline``). Entries last ``LASUITE_PRESENCE_TTL_SECONDS`` unless the
connection's heartbeat refreshes them, so that the users of an instance that
died go offline without it. Changes are published on the topic itself as the
event ``core.presence.changed``.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Literal, Protocol

from lasuite.realtime import frames
from lasuite.realtime.events import Event
from lasuite.realtime.fanout import Fanout

logger = logging.getLogger("lasuite.realtime")

Status = Literal["online", "away", "offline"]
RANK: dict[str, int] = {"offline": 0, "away": 1, "online": 2}


class PresenceChanged(Event, frozen=True):
    """A user's status in a topic changed (published on that topic)."""

    name: ClassVar[str] = "core.presence.changed"
    user_id: uuid.UUID
    status: Status


class PresenceStore(Protocol):
    """Where presence entries live: this process, or Redis for every instance."""

    async def enter(
        self, topic: str, user_id: str, connection_id: str, status: Status
    ) -> tuple[Status, Status]:
        """Add or refresh a connection's entry; the user's status before and after."""

    async def leave(self, topic: str, user_id: str, connection_id: str) -> tuple[Status, Status]:
        """Remove a connection's entry; the user's status before and after."""

    async def expire(self, topic: str) -> list[str]:
        """Remove the users whose every entry has expired; they are now offline."""

    async def statuses(self, topic: str) -> dict[str, Status]:
        """The status of every user present in ``topic``."""


@dataclass(slots=True)
class _Entry:
    status: Status
    expires: float


def best(statuses: list[Status]) -> Status:
    return max(statuses, key=RANK.__getitem__, default="offline")


class MemoryPresenceStore:
    """Presence entries of one process (the embedded shape)."""

    def __init__(self, ttl: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl
        self._clock = clock
        self._topics: dict[str, dict[str, dict[str, _Entry]]] = {}

    def _status(self, users: dict[str, dict[str, _Entry]], user_id: str) -> Status:
        now = self._clock()
        entries = users.get(user_id, {}).values()
        return best([entry.status for entry in entries if entry.expires > now])

    async def enter(
        self, topic: str, user_id: str, connection_id: str, status: Status
    ) -> tuple[Status, Status]:
        users = self._topics.setdefault(topic, {})
        before = self._status(users, user_id)
        users.setdefault(user_id, {})[connection_id] = _Entry(status, self._clock() + self._ttl)
        return before, self._status(users, user_id)

    async def leave(self, topic: str, user_id: str, connection_id: str) -> tuple[Status, Status]:
        users = self._topics.get(topic, {})
        before = self._status(users, user_id)
        users.get(user_id, {}).pop(connection_id, None)
        after = self._status(users, user_id)
        if after == "offline":
            users.pop(user_id, None)
        if not users:
            self._topics.pop(topic, None)
        return before, after

    async def expire(self, topic: str) -> list[str]:
        users = self._topics.get(topic, {})
        gone = [user_id for user_id in users if self._status(users, user_id) == "offline"]
        for user_id in gone:
            del users[user_id]
        if not users:
            self._topics.pop(topic, None)
        return gone

    async def statuses(self, topic: str) -> dict[str, Status]:
        users = self._topics.get(topic, {})
        present = {user_id: self._status(users, user_id) for user_id in users}
        return {user_id: status for user_id, status in present.items() if status != "offline"}


class Presence:
    """Enters and leaves connections, announces changes, and expires the entries of
    instances that stopped refreshing them (for the topics this instance watches)."""

    def __init__(self, store: PresenceStore, fanout: Fanout, *, expire_every: float) -> None:
        self.store = store
        self._fanout = fanout
        self._expire_every = expire_every
        self._watched: Counter[str] = Counter()
        self._expiring: asyncio.Task[None] | None = None

    async def join(
        self, topic: str, user_id: uuid.UUID, connection_id: str, status: Status
    ) -> None:
        """Make a connection present in ``topic``; this instance now expires its entries."""
        self._watched[topic] += 1
        await self.refresh(topic, user_id, connection_id, status)

    async def refresh(
        self, topic: str, user_id: uuid.UUID, connection_id: str, status: Status
    ) -> None:
        """Renew a connection's entry for another TTL, with its current status."""
        before, after = await self.store.enter(topic, str(user_id), connection_id, status)
        await self._announce(topic, user_id, before, after)

    async def leave(self, topic: str, user_id: uuid.UUID, connection_id: str) -> None:
        self._watched[topic] -= 1
        if self._watched[topic] <= 0:
            del self._watched[topic]
        before, after = await self.store.leave(topic, str(user_id), connection_id)
        await self._announce(topic, user_id, before, after)

    async def statuses(self, topic: str) -> dict[str, Status]:
        return await self.store.statuses(topic)

    def start(self) -> None:
        self._expiring = asyncio.get_running_loop().create_task(self._expire_forever())

    async def stop(self) -> None:
        if self._expiring is not None:
            self._expiring.cancel()
            await asyncio.gather(self._expiring, return_exceptions=True)
            self._expiring = None

    async def expire(self) -> None:
        """Announce the users of the watched topics whose entries all expired."""
        for topic in list(self._watched):
            for user_id in await self.store.expire(topic):
                await self._announce(topic, uuid.UUID(user_id), "online", "offline")

    async def _expire_forever(self) -> None:
        while True:
            await asyncio.sleep(self._expire_every)
            try:
                await self.expire()
            except Exception:
                logger.exception("could not expire presence entries")

    async def _announce(
        self, topic: str, user_id: uuid.UUID, before: Status, after: Status
    ) -> None:
        if before != after:
            changed = PresenceChanged(user_id=user_id, status=after)
            await self._fanout.publish(topic, frames.event(topic, changed.name, changed))
