"""The production backend: Redis pub/sub between app instances, a stream per topic as
its history."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator, Callable, Iterable
from typing import Any

from litestar.channels.backends.redis import RedisChannelsPubSubBackend
from redis.asyncio import Redis

from lasuite.realtime.backend import LoggedEvent, Replay, TopicBackend, first_event_id, replay_after

logger = logging.getLogger("lasuite.realtime")

KEY_PREFIX = "lasuite:realtime"
SUBSCRIBE_TIMEOUT = 5.0

# Atomically: take the next event id, keep the frame (stamped with it) in the topic's
# stream with the id of the topic's previous event, and publish it. Ids of one topic
# thus reach every instance in increasing order. Same splice as frames.stamp().
_STAMP_KEEP_PUBLISH = """
redis.call('SET', KEYS[1], ARGV[4], 'NX')
local event_id = string.format('%d', redis.call('INCR', KEYS[1]))
local frame = string.sub(ARGV[2], 1, -2) .. ',"event_id":' .. event_id .. '}'
if tonumber(ARGV[3]) > 0 then
  local last = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
  local previous = '0'
  if #last > 0 then previous = string.match(last[1][1], '^(%d+)') end
  redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[3], event_id .. '-0',
             'frame', frame, 'previous', previous)
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
end
redis.call('PUBLISH', ARGV[1], frame)
return event_id
"""


def _logged(entry: tuple[bytes, dict[bytes, bytes]]) -> LoggedEvent:
    stream_id, fields = entry
    return LoggedEvent(int(stream_id.split(b"-", 1)[0]), int(fields[b"previous"]), fields[b"frame"])


class ReconnectingPubSubBackend(RedisChannelsPubSubBackend):
    """Litestar's Redis pub/sub backend, with two changes to how it reads: it notes
    Redis's subscribe confirmations, so that :meth:`wait_subscribed` can tell when a
    subscription is live; and it survives a lost connection (redis-py reconnects and
    subscribes again), calling ``on_gap`` since messages may have been missed meanwhile.
    """

    def __init__(self, *, redis: Redis, on_gap: Callable[[], None] = lambda: None) -> None:
        super().__init__(redis=redis)
        self._confirmed: set[str] = set()
        self._confirmations: dict[str, asyncio.Event] = {}
        self.on_gap = on_gap

    async def subscribe(self, channels: Iterable[str]) -> None:
        channels = list(channels)
        self._confirmed.difference_update(channels)
        await super().subscribe(channels)

    async def wait_subscribed(self, channel: str) -> None:
        if channel in self._confirmed:
            return
        confirmation = self._confirmations.setdefault(channel, asyncio.Event())
        await asyncio.wait_for(confirmation.wait(), SUBSCRIBE_TIMEOUT)

    async def stream_events(self) -> AsyncGenerator[tuple[str, Any], None]:
        while True:
            await self._has_subscribed.wait()
            try:
                message = await self._pub_sub.get_message(timeout=1.0)
            except Exception:
                logger.exception("lost the Redis pub/sub connection; retrying")
                self._confirmed.clear()
                self.on_gap()
                await asyncio.sleep(1.0)
                continue
            if message is None:
                continue
            channel = message["channel"].decode()
            if message["type"] == "subscribe":
                if channel in self._confirmed:
                    # redis-py reconnected and subscribed again: events may have been lost.
                    logger.warning("the Redis pub/sub connection was re-established")
                    self.on_gap()
                self._confirmed.add(channel)
                confirmation = self._confirmations.pop(channel, None)
                if confirmation is not None:
                    confirmation.set()
            elif message["type"] == "unsubscribe":
                self._confirmed.discard(channel)
            elif message["type"] == "message" and self._is_listening(message["channel"]):
                yield channel, message["data"]
                await asyncio.sleep(0)  # let every connection send it before the next one

    def _is_listening(self, channel: bytes) -> bool:
        pub_sub = self._pub_sub
        return channel in pub_sub.channels and channel not in pub_sub.pending_unsubscribe_channels


class RedisTopicBackend(ReconnectingPubSubBackend, TopicBackend):
    """The reconnecting pub/sub backend, with event ids and a stream per topic as
    history: once a topic's subscription is confirmed a replay can no longer miss a
    live event, and ``on_gap`` tells that live events may have been missed."""

    def __init__(
        self,
        *,
        redis: Redis,
        history: int,
        retention: float,
        on_gap: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__(redis=redis, on_gap=on_gap)
        self._history_size = history
        self._retention_ms = max(1, int(retention * 1000))
        self._stamp_keep_publish = redis.register_script(_STAMP_KEEP_PUBLISH)

    @staticmethod
    def history_key(channel: str) -> str:
        return f"{KEY_PREFIX}:history:{channel}"

    async def publish(self, data: bytes, channels: Iterable[str]) -> None:
        for channel in channels:
            await self._stamp_keep_publish(
                keys=[f"{KEY_PREFIX}:event_id", self.history_key(channel)],
                args=[channel, data, self._history_size, first_event_id(), self._retention_ms],
            )

    async def replay(self, channel: str, since: int | None) -> Replay:
        key = self.history_key(channel)
        async with self._redis.pipeline(transaction=True) as pipe:
            if since is not None:
                pipe.xrange(key, min=f"({since}-0", count=self._history_size + 1)
            pipe.xrevrange(key, count=1)
            results: list[Any] = await pipe.execute()
        later = [_logged(entry) for entry in results[0]] if since is not None else []
        last = results[-1]
        head = _logged(last[0]).event_id if last else 0
        return replay_after(since, later, head)
