"""The embedded backend: one process, events delivered and kept in memory."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import OrderedDict, deque
from collections.abc import AsyncGenerator, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from litestar.channels.backends.memory import MemoryChannelsBackend

from lasuite.realtime.backend import LoggedEvent, Replay, TopicBackend, first_event_id, replay_after
from lasuite.realtime.frames import stamp


@dataclass(slots=True)
class _TopicLog:
    events: deque[LoggedEvent]
    touched: float = field(default=0.0)


class MemoryTopicBackend(MemoryChannelsBackend, TopicBackend):
    """Litestar's memory backend with event ids and a bounded history per topic.

    A topic keeps its last ``history`` events for ``retention`` seconds after its
    latest one; quiet topics are forgotten, so memory follows the busy topics.
    """

    def __init__(
        self,
        *,
        history: int,
        retention: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(history=0)
        self._history_size = history
        self._retention = retention
        self._clock = clock
        self._ids = itertools.count(first_event_id())
        self._logs: OrderedDict[str, _TopicLog] = OrderedDict()

    async def publish(self, data: bytes, channels: Iterable[str]) -> None:
        now = self._clock()
        self._forget_quiet_topics(now)
        for channel in channels:
            log = self._logs.pop(channel, None) or _TopicLog(deque(maxlen=self._history_size))
            event_id = next(self._ids)
            previous_id = log.events[-1].event_id if log.events else 0
            frame = stamp(data, event_id)
            log.events.append(LoggedEvent(event_id, previous_id, frame))
            log.touched = now
            self._logs[channel] = log
            await super().publish(frame, [channel])

    async def stream_events(self) -> AsyncGenerator[tuple[str, Any], None]:
        async for channel, frame in super().stream_events():
            yield channel, frame
            await asyncio.sleep(0)  # let every connection send it before the next one

    async def replay(self, channel: str, since: int | None) -> Replay:
        log = self._logs.get(channel)
        events = list(log.events) if log is not None else []
        head = events[-1].event_id if events else 0
        later = [e for e in events if e.event_id > since] if since is not None else []
        return replay_after(since, later, head)

    def _forget_quiet_topics(self, now: float) -> None:
        while self._logs:
            oldest = next(iter(self._logs.values()))
            if now - oldest.touched <= self._retention:
                return
            self._logs.popitem(last=False)
