"""Everything realtime of one app instance, built from the settings and the plugins."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import TYPE_CHECKING

from litestar import Litestar
from redis.asyncio import Redis

from lasuite.db.engine import Database
from lasuite.jobs.queue import JobQueue
from lasuite.plugin_host.registry import Registry
from lasuite.realtime.access import AccessWatch
from lasuite.realtime.actions import WsActions
from lasuite.realtime.backend import TopicBackend
from lasuite.realtime.fair_share import FairShare
from lasuite.realtime.fanout import Fanout
from lasuite.realtime.frames import Close
from lasuite.realtime.memory_backend import MemoryTopicBackend
from lasuite.realtime.online import OnlineUsers
from lasuite.realtime.plugin_bus import plugin_bus
from lasuite.realtime.presence import MemoryPresenceStore, Presence, PresenceStore
from lasuite.realtime.redis_backend import RedisTopicBackend
from lasuite.realtime.redis_presence import RedisPresenceStore
from lasuite.realtime.relay import Relay
from lasuite.realtime.topics import CORE_TOPICS, TopicRules
from lasuite.settings import Settings
from lasuite.state import runtime_of

if TYPE_CHECKING:
    from lasuite.realtime.connection import Connection


END_CONNECTIONS_SECONDS = 5.0
"""How long a stopping app waits for its websockets to leave their topics."""


class Realtime:
    """The event bus, topics, actions, presence and pub/sub of one app instance.

    Embedded (no ``LASUITE_REDIS_URL``) events travel and are kept in memory; with
    Redis every instance delivers to its own clients what any instance publishes.
    """

    def __init__(
        self, settings: Settings, registry: Registry, database: Database, *, queue: JobQueue
    ) -> None:
        self.settings = settings
        self.database = database
        self.connections: set[Connection] = set()
        self.fair_share = FairShare(
            per_user=settings.ws_max_connections_per_user,
            per_address=settings.ws_max_connections_per_address,
            user_rate=settings.ws_max_messages_per_second_per_user,
            plugin_user_rate=settings.ws_max_plugin_messages_per_second_per_user,
        )
        self.instance_id = uuid.uuid4().hex[:12]
        """Names this instance's Redis connections (``CLIENT LIST``)."""
        self._redis = self._named_redis("lasuite-realtime")
        self.fanout = Fanout(self._backend(), subscriber_backlog=settings.ws_send_queue)
        self.access = AccessWatch(self.fanout, database, self.connections)
        loaded = [record.contributions for record in registry.loaded]
        self.topics = TopicRules([*CORE_TOPICS, *(t for c in loaded for t in c.topics)])
        self.bus = plugin_bus(
            registry,
            database,
            self.fanout,
            queue,
            core_subscriptions=self.access.subscriptions(),
        )
        self.notifier = self.bus.notifier
        """Notifies users, live through this instance's fan-out, by e-mail through ``queue``."""
        self.actions = WsActions([a for c in loaded for a in c.ws_actions], database, self.bus)
        store: PresenceStore = (
            RedisPresenceStore(self._redis, settings.presence_ttl_seconds)
            if self._redis is not None
            else MemoryPresenceStore(settings.presence_ttl_seconds)
        )
        self.presence = Presence(store, self.fanout, expire_every=settings.ws_heartbeat_seconds)
        self.online = OnlineUsers(self.presence)
        self._relay_redis = self._named_redis("lasuite-relay")
        self.relay = Relay(self._relay_redis)

    def _named_redis(self, kind: str) -> Redis | None:
        url = self.settings.redis_url
        return Redis.from_url(url, client_name=f"{kind}-{self.instance_id}") if url else None

    def _backend(self) -> TopicBackend:
        history = self.settings.realtime_history_events
        retention = self.settings.realtime_history_seconds
        if self._redis is None:
            return MemoryTopicBackend(history=history, retention=retention)
        return RedisTopicBackend(
            redis=self._redis, history=history, retention=retention, on_gap=self._close_all
        )

    @asynccontextmanager
    async def lifespan(self, app: Litestar) -> AsyncIterator[None]:
        """Runs the channels plugin, presence expiry and access re-checks while the app serves."""
        async with self.fanout.channels, self.relay.channels:
            await self.access.start(runtime_of(app.state))
            self.presence.start()
            try:
                yield
            finally:
                await self._end_connections()
                await self.presence.stop()
                await self.bus.drain()
                await self.access.stop()
        for redis in (self._redis, self._relay_redis):
            if redis is not None:
                await redis.aclose()

    async def _end_connections(self) -> None:
        # Before the services they use stop: a connection still open would otherwise
        # leave its topics and presence through a stopped fan-out and a closed Redis
        # client, and its task would outlive the app.
        open_now = list(self.connections)
        for connection in open_now:
            connection.close(Close.SERVICE_RESTART)
        with suppress(TimeoutError):
            await asyncio.wait_for(
                asyncio.gather(*(c.released.wait() for c in open_now)), END_CONNECTIONS_SECONDS
            )

    def _close_all(self) -> None:
        # Live events may have been lost: clients reconnect and resume from history.
        for connection in list(self.connections):
            connection.close(Close.SERVICE_RESTART)
