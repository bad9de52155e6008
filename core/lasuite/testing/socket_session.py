"""A test websocket whose app side waits for the client's frames instead of polling.

Litestar's :class:`~litestar.testing.WebSocketTestSession` hands the client's
frames to the app through a thread-safe queue, and the app's ``receive()`` polls
it with ``await sleep(0)``: while a test socket is open, the app's event loop
never idles. Every open socket then holds a core and fights the test's own thread
for the GIL; on a loaded two-core machine heartbeats came late, presence entries
expired, and websocket tests slowed down or stalled. Here ``receive()`` sleeps
until the client puts something in the queue.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from contextlib import suppress
from queue import Queue
from typing import Any

from litestar.testing import WebSocketTestSession
from litestar.types import WebSocketReceiveMessage, WebSocketSendMessage


class _WakingQueue(Queue[WebSocketReceiveMessage]):
    """A queue that calls ``wake`` after each ``put`` (from whichever thread)."""

    wake: Callable[[], object] | None = None

    def put(self, item: WebSocketReceiveMessage, block: bool = True, timeout: Any = None) -> None:
        super().put(item, block, timeout)
        wake = self.wake
        if wake is not None:
            with suppress(RuntimeError):  # the app's event loop has just ended
                wake()


class WaitingSession(WebSocketTestSession):
    """:class:`WebSocketTestSession` with a ``receive()`` that waits (see the module)."""

    def __init__(self, client: Any, scope: Any) -> None:
        super().__init__(client, scope)
        self.receive_queue: _WakingQueue = _WakingQueue()
        self.served = threading.Event()
        """Set once the app has returned from this connection."""

    @classmethod
    def replacing(cls, session: WebSocketTestSession) -> WaitingSession:
        """The same connection as ``session`` (not yet entered), waiting instead of polling."""
        return cls(session.client, session.scope)

    async def do_asgi_call(self) -> None:
        loop = asyncio.get_running_loop()
        arrived = asyncio.Event()
        # Set before the first look at the queue: no put after it goes unnoticed.
        self.receive_queue.wake = lambda: loop.call_soon_threadsafe(arrived.set)

        async def receive() -> WebSocketReceiveMessage:
            while self.receive_queue.empty():
                await arrived.wait()
                arrived.clear()
            return self.receive_queue.get()

        async def send(message: WebSocketSendMessage) -> None:
            if message["type"] == "websocket.accept":
                headers = message.get("headers") or []
                self.scope["headers"] = [*self.scope["headers"], *headers]
            self.send_queue.put(message)

        try:
            await self.client.app(self.scope, receive, send)
        except BaseException as exc:
            self.send_queue.put(exc)
            raise
        finally:
            self.receive_queue.wake = None
            self.served.set()
