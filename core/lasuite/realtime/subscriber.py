"""A connection's outbox, and its subscriptions as the channels plugin feeds them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from litestar.channels.subscriber import BacklogStrategy, Subscriber

from lasuite.realtime.frames import event_id_of

if TYPE_CHECKING:
    from litestar.channels import ChannelsPlugin


class Outbox:
    """The frames waiting to be sent to one client, at most ``size`` of them.

    Nothing ever waits to put a frame in: one frame too many means the client reads
    too slowly, and ``on_overflow`` is called (once) to disconnect it, so that a
    slow client never holds up the delivery to others.
    """

    def __init__(self, size: int, on_overflow: Callable[[], None]) -> None:
        self._frames: asyncio.Queue[bytes] = asyncio.Queue(size)
        self._on_overflow = on_overflow
        self.overflowed = False

    def offer(self, frame: bytes) -> bool:
        """Queue ``frame``; False (and the client is being disconnected) when full."""
        if self.overflowed:
            return False
        try:
            self._frames.put_nowait(frame)
        except asyncio.QueueFull:
            self.overflow()
            return False
        return True

    def overflow(self) -> None:
        if not self.overflowed:
            self.overflowed = True
            self._on_overflow()

    async def take(self) -> bytes:
        return await self._frames.get()


class TopicSubscriber(Subscriber):
    """One connection's subscription to one topic (the channels plugin's subscriber class).

    Until :meth:`attach` it keeps the live frames in its own bounded queue, while the
    connection sends the topic's replay; then it hands every frame to the connection's
    outbox, dropping those the replay already covered. The channels plugin gives the
    same bytes to every subscriber: a frame is encoded once, whatever the audience.
    """

    def __init__(
        self,
        plugin: ChannelsPlugin,
        max_backlog: int | None = None,
        backlog_strategy: BacklogStrategy = "backoff",
    ) -> None:
        super().__init__(plugin, max_backlog, backlog_strategy)
        self._outbox: Outbox | None = None
        self._replayed_up_to: int | None = None
        self._lost_frames = False

    def put_nowait(self, item: bytes | None) -> bool:
        if item is None:  # the plugin's way to stop a consumer; there is none to stop
            return True
        if self._outbox is None:
            kept = super().put_nowait(item)
            self._lost_frames = self._lost_frames or not kept
            return kept
        return self._forward(self._outbox, item)

    async def put(self, item: bytes | None) -> None:
        self.put_nowait(item)

    def take_lost_frames(self) -> bool:
        """Whether frames were dropped (its queue was full) since the last call."""
        lost, self._lost_frames = self._lost_frames, False
        return lost

    def attach(self, outbox: Outbox, replayed_up_to: int) -> None:
        """Send to ``outbox`` from now on the frames with an event id above ``replayed_up_to``."""
        self._replayed_up_to = replayed_up_to
        if self._lost_frames:
            outbox.overflow()
        while not self._queue.empty():
            frame = self._queue.get_nowait()
            if frame is not None:
                self._forward(outbox, frame)
        self._outbox = outbox

    def _forward(self, outbox: Outbox, frame: bytes) -> bool:
        if self._replayed_up_to is not None:
            # A topic's frames arrive in id order: once one is new, all later ones are.
            if event_id_of(frame) <= self._replayed_up_to:
                return True
            self._replayed_up_to = None
        return outbox.offer(frame)
