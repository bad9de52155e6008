"""What the visio meeting tests share: joining over HTTP, and a meeting socket that keeps
every message the server sends."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import websockets

from lasuite.testing import Member
from lasuite.testing.csrf import send_csrf_token
from lasuite.tls import client_tls

ROOMS = "/api/v1/visio/rooms"
WITHIN = 10.0


@contextlib.asynccontextmanager
async def signed_in(base_url: str, member: Member) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=base_url, verify=client_tls()) as client:
        await member.sign_in(client)
        yield client


@contextlib.asynccontextmanager
async def anonymous(base_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client nobody signed in on, holding the CSRF cookie a browser would have."""
    async with httpx.AsyncClient(base_url=base_url, verify=client_tls()) as client:
        await send_csrf_token(client)
        await client.get("/api/v1/auth/providers")
        yield client


async def create_room(client: httpx.AsyncClient, **fields: Any) -> str:
    response = await client.post(ROOMS, json={"name": "Point hebdo", **fields})
    assert response.status_code == 201, response.text
    slug: str = response.json()["slug"]
    return slug


async def join(client: httpx.AsyncClient, slug: str, **body: Any) -> dict[str, Any]:
    response = await client.post(f"{ROOMS}/{slug}/join", json=body)
    assert response.status_code == 200, response.text
    joined: dict[str, Any] = response.json()
    return joined


class MeetingSocket:
    """A meeting socket's client: every message the server sent, in order."""

    def __init__(self, socket: Any) -> None:
        self.socket = socket
        self.received: list[dict[str, Any]] = []
        self.close_code: int | None = None
        self._news = asyncio.Condition()

    async def run(self) -> None:
        try:
            async for text in self.socket:
                async with self._news:
                    self.received.append(json.loads(text))
                    self._news.notify_all()
        except websockets.ConnectionClosed:
            pass
        finally:
            async with self._news:
                self.close_code = self.socket.close_code
                self._news.notify_all()

    async def send(self, message: dict[str, Any]) -> None:
        await self.socket.send(json.dumps(message))

    async def until(self, check: Callable[[], bool], within: float = WITHIN) -> None:
        """Wait until ``check()`` holds, re-checked on each message and on the close."""
        async with asyncio.timeout(within), self._news:
            await self._news.wait_for(check)

    async def first(self, kind: str, **fields: Any) -> dict[str, Any]:
        """The first message of this type (and these fields), once it has come."""

        def found() -> dict[str, Any] | None:
            for message in self.received:
                if message.get("type") == kind and all(
                    message.get(k) == v for k, v in fields.items()
                ):
                    return message
            return None

        await self.until(lambda: found() is not None)
        message = found()
        assert message is not None
        return message

    async def entered(self) -> None:
        """Wait until the server reads this socket, and so has it among the room's (a
        socket in the lobby gets no welcome: a ping answered proves it)."""
        pongs = sum(m.get("type") == "pong" for m in self.received)
        await self.send({"type": "ping"})
        await self.until(lambda: sum(m.get("type") == "pong" for m in self.received) > pongs)

    def joined(self) -> list[str]:
        """The names of the others as ``joined`` messages announced them, in order."""
        return [
            m["participant"]["name"]
            for m in self.received
            if m["type"] == "joined" and m["participant"]["id"] != self.my_id()
        ]

    def others(self) -> set[str]:
        """The ids of the others in the meeting now: those the welcome named, those who
        joined since, less those who left."""
        present: set[str] = set()
        for m in self.received:
            if m["type"] == "welcome":
                present |= {str(p["id"]) for p in m["participants"]}
            elif m["type"] == "joined":
                present.add(str(m["participant"]["id"]))
            elif m["type"] == "left":
                present.discard(str(m["id"]))
        present.discard(str(self.my_id()))
        return present

    def my_id(self) -> str | None:
        welcome = next((m for m in self.received if m["type"] == "welcome"), None)
        return None if welcome is None else str(welcome["you"]["id"])

    async def closed(self) -> int:
        await self.until(lambda: self.close_code is not None)
        assert self.close_code is not None
        return self.close_code


def socket_url(base_url: str, slug: str, ticket: str) -> str:
    return f"{base_url.replace('http', 'ws', 1)}/api/v1/visio/rooms/{slug}/socket?ticket={ticket}"


@contextlib.asynccontextmanager
async def in_meeting(base_url: str, slug: str, ticket: str) -> AsyncIterator[MeetingSocket]:
    """The meeting's socket opened with ``ticket``, read in the background."""
    async with websockets.connect(socket_url(base_url, slug, ticket)) as socket:
        client = MeetingSocket(socket)
        task = asyncio.get_running_loop().create_task(client.run())
        try:
            yield client
        finally:
            await socket.close()
            await task
