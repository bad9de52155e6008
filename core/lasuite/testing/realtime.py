"""A client of the app websocket for tests, and waiting on a condition."""

from __future__ import annotations

import asyncio
import itertools
import json
import queue
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any, Literal

from litestar.exceptions import WebSocketDisconnect
from litestar.testing import AsyncTestClient, WebSocketTestSession

from lasuite.testing.socket_session import WaitingSession

WITHIN = 5.0
"""Seconds a wait lasts before it fails the test."""


class AppSocket:
    """A signed-in client of ``/api/v1/ws`` (see :func:`open_socket`).

    It speaks JSON frames, answers the server's pings as a browser tab would
    (with ``answer_pings=False`` it hands them to the test instead), keeps the
    events that arrive while it waits for a reply, and fails the test when a wait
    exceeds ``within`` seconds. Example::

        async with open_socket(lasuite_client) as socket:
            await socket.subscribe(f"core:user:{alice.user_id}")
            event = await socket.next_event()
    """

    def __init__(
        self, session: WebSocketTestSession, *, answer_pings: bool = True, within: float = WITHIN
    ) -> None:
        self.session = session
        self.answer_pings = answer_pings
        self.within = within
        self._received: deque[dict[str, Any]] = deque()
        self._ids = itertools.count(1)

    async def send(self, **frame: Any) -> None:
        """Send one frame, e.g. ``await socket.send(op="ping")``."""
        await self.send_raw(json.dumps(frame))

    async def send_raw(self, data: str | bytes) -> None:
        mode: Literal["text", "binary"] = "text" if isinstance(data, str) else "binary"
        await asyncio.to_thread(self.session.send, data, mode)

    async def request(self, op: str, **fields: Any) -> dict[str, Any]:
        """Send a frame with a new ``id`` and return the answer (ack, error, pong) with it."""
        request_id = next(self._ids)
        await self.send(op=op, id=request_id, **fields)
        return await self._reply_to(request_id)

    async def subscribe(self, topic: str, *, since: int | None = None) -> dict[str, Any]:
        """Subscribe and return the answer: ``{"op": "ack", …}`` or ``{"op": "error", …}``."""
        fields: dict[str, Any] = {"topic": topic}
        if since is not None:
            fields["since"] = since
        return await self.request("subscribe", **fields)

    async def action(self, name: str, data: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return await self.request("action", name=name, data=dict(data or {}))

    async def next_frame(self, within: float | None = None) -> dict[str, Any]:
        """The next frame (server pings too, when it does not answer them)."""
        if self._received:
            return self._received.popleft()
        return await self._receive(within)

    async def next_event(
        self, topic: str | None = None, *, name: str | None = None, within: float | None = None
    ) -> dict[str, Any]:
        """The next ``event`` frame (of ``topic``, named ``name``); frames before it are skipped."""
        deadline = asyncio.get_running_loop().time() + (within or self.within)
        while True:
            left = deadline - asyncio.get_running_loop().time()
            frame = await self.next_frame(max(left, 0.001))
            if frame["op"] != "event":
                continue
            if topic in (None, frame["topic"]) and name in (None, frame["name"]):
                return frame

    async def events(
        self, count: int, topic: str | None = None, *, name: str | None = None
    ) -> list[dict[str, Any]]:
        """The next ``count`` events (of ``topic``, named ``name``)."""
        return [await self.next_event(topic, name=name) for _ in range(count)]

    async def closed(self, within: float | None = None) -> int:
        """Wait until the server closes the socket; its close code."""
        deadline = asyncio.get_running_loop().time() + (within or self.within)
        try:
            while True:
                left = deadline - asyncio.get_running_loop().time()
                await self._receive(max(left, 0.001))
        except WebSocketDisconnect as closed:
            return closed.code

    async def _reply_to(self, request_id: int) -> dict[str, Any]:
        deadline = asyncio.get_running_loop().time() + self.within
        while True:
            left = deadline - asyncio.get_running_loop().time()
            frame = await self._receive(max(left, 0.001))
            if frame.get("id") == request_id:
                return frame
            self._received.append(frame)

    async def _receive(self, within: float | None) -> dict[str, Any]:
        timeout = within or self.within
        while True:
            try:
                message = await asyncio.to_thread(self.session.receive, True, timeout)
            except queue.Empty:
                raise AssertionError(f"no websocket frame within {timeout}s") from None
            raw = message.get("text") or message.get("bytes") or ""
            frame: dict[str, Any] = json.loads(raw)  # type: ignore[arg-type]
            if frame.get("op") != "ping" or not self.answer_pings:
                return frame
            await self.send(op="pong")


def another_client(client: AsyncTestClient[Any]) -> AsyncTestClient[Any]:
    """A client of the app ``client`` runs, with a cookie jar of its own: a second browser.

    Use it inside ``client``'s ``async with`` block (it shares its event loop, so the
    app starts once), as it is: entered with ``async with`` of its own, it would run the
    app's startup a second time, and its shutdown while ``client`` still uses the app.
    Example::

        bob_browser = another_client(lasuite_client)
        await bob.sign_in(bob_browser)
        async with open_socket(bob_browser) as bob_socket: ...
    """
    other: AsyncTestClient[Any] = AsyncTestClient(app=client.app, base_url=str(client.base_url))
    other.blocking_portal = client.blocking_portal
    return other


@asynccontextmanager
async def open_socket(
    client: Any,
    *,
    headers: Mapping[str, str] | None = None,
    answer_pings: bool = True,
    within: float = WITHIN,
) -> AsyncIterator[AppSocket]:
    """Open the app websocket with ``client`` (an ``AsyncTestClient``, signed in).

    Raises ``WebSocketDisconnect`` when the server refuses the handshake (a page of
    another site); a caller not signed in, or without the right to connect, gets a
    socket that the server closes at once: ``await socket.closed()`` is 4401 or 4403.
    """
    opened = await client.websocket_connect("/api/v1/ws", headers=dict(headers or {}))
    session = WaitingSession.replacing(opened)
    with session:
        yield AppSocket(session, answer_pings=answer_pings, within=within)
    # The app ends its side of the connection (leaves its topics and presence) before
    # the test goes on: nothing of this socket is still running when the app stops.
    if not await asyncio.to_thread(session.served.wait, within):
        raise AssertionError(f"the app did not end the closed websocket within {within}s")


async def eventually(
    condition: Callable[[], Awaitable[bool]] | Callable[[], bool],
    *,
    within: float = WITHIN,
    message: str = "the condition",
) -> None:
    """Wait until ``condition()`` (sync or async) is true; fail the test after ``within``
    seconds. Example::

        await eventually(lambda: recorded == ["chat.message.posted"])
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        result = condition()
        if not isinstance(result, bool):
            result = await result
        if result:
            return
        if loop.time() > deadline:
            raise AssertionError(f"{message} did not hold within {within}s")
        await asyncio.sleep(0.01)
