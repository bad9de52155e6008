"""Bytes between the app instances, for plugins: what one instance publishes on a
channel reaches that channel's listeners on every instance, through the realtime's
Redis (or within the process on the embedded default). Nothing is kept: a listener
gets what is published while it listens, so a plugin keeps in its own tables what
must survive, and relays only news of it. A lost Redis connection is taken up again;
what was published meanwhile is lost, like any news published while nobody listens."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from litestar.channels import ChannelsPlugin
from litestar.channels.backends.memory import MemoryChannelsBackend
from redis.asyncio import Redis

from lasuite.realtime.redis_backend import ReconnectingPubSubBackend

PREFIX = "lasuite-relay:"
LISTEN_TIMEOUT = 10.0
"""Seconds a new listener waits for its subscription to be confirmed."""
PROBE_AGAIN_AFTER = 0.25
"""Seconds before a probe that has not come back is published again."""
PROBE = b"\x00lasuite-relay-probe:"


class Relay:
    """The relay of one app instance; :meth:`for_plugin` gives a plugin its channels."""

    def __init__(self, redis: Redis | None) -> None:
        """``redis`` is a client of the relay's own: its pub/sub connection is the
        relay's, apart from the realtime's."""
        backend = (
            ReconnectingPubSubBackend(redis=redis) if redis is not None else MemoryChannelsBackend()
        )
        self.channels = ChannelsPlugin(backend, arbitrary_channels_allowed=True)

    def for_plugin(self, plugin_id: str) -> PluginRelay:
        return PluginRelay(self.channels, f"{PREFIX}{plugin_id}:")


class PluginRelay:
    """One plugin's channels (``lasuite.plugins.Relay``), apart from every other plugin's."""

    def __init__(self, channels: ChannelsPlugin, prefix: str) -> None:
        self._channels = channels
        self._prefix = prefix

    async def publish(self, channel: str, data: bytes) -> None:
        await self._channels.wait_published(data, [self._prefix + channel])

    def listen(self, channel: str) -> AbstractAsyncContextManager[AsyncIterator[bytes]]:
        return self._listen(self._prefix + channel)

    @asynccontextmanager
    async def _listen(self, name: str) -> AsyncIterator[AsyncIterator[bytes]]:
        subscriber = await self._channels.subscribe(name)
        seen = asyncio.Event()
        probing = asyncio.get_running_loop().create_task(self._probe(name, seen))
        try:
            events = subscriber.iter_events()
            # A probe of its own comes back once the subscription is live: from then on
            # nothing published on the channel can pass it by.
            async with asyncio.timeout(LISTEN_TIMEOUT):
                async for data in events:
                    if data.startswith(PROBE):
                        break
            seen.set()
            yield _without_probes(events)
        finally:
            probing.cancel()
            await asyncio.gather(probing, return_exceptions=True)
            await self._channels.unsubscribe(subscriber)

    async def _probe(self, name: str, seen: asyncio.Event) -> None:
        """Publish a probe on ``name`` until one comes back: Redis delivers a message
        published on another connection before the subscription is live to nobody."""
        probe = PROBE + uuid.uuid4().bytes
        while not seen.is_set():
            await self._channels.wait_published(probe, [name])
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(seen.wait(), PROBE_AGAIN_AFTER)


async def _without_probes(events: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    async for data in events:
        if not data.startswith(PROBE):
            yield data
