"""Meetings (visio): how fast people get in, and how fast the meeting socket relays.

- **join**: ``POST /api/v1/visio/rooms/<slug>/join`` by a signed-in owner (session
  cookie) in a public room with a video server configured: the session, the room, the
  caller's role, the lobby rule, the participant's row and a LiveKit token. Against
  the least a join could do: ``POST /api/v1/bench/jwt`` decodes a JWT and signs a
  LiveKit token (no session, no database). Target: join ≥ 50 % of its rate.
- **lobby admit → token**: someone not signed in waits in a trusted room's lobby, its
  socket open; the host admits them; timed from the admit request to the guest holding
  their LiveKit token (the socket's ``admitted``, then the join with their ticket).
  Target: p99 < 50 ms.
- **signalling relay**: R rooms of four, without a video server (the browsers' mesh):
  each participant sends a signal to the next one of its room once a second; timed
  from sending to the other socket having read it. Target: p99 < 20 ms with 100 rooms.

The video server is the tests' fake LiveKit (``tests/plugins/visio/fake_livekit.py``,
its Twirp API on loopback, in this process): each admitted join asks it to create the
room, as a real LiveKit would be asked.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

import httpx
import jwt
from websockets.asyncio.client import ClientConnection, connect

from bench.loadgen import request_load
from bench.plugin import JWT_KEY, JWT_SECRET
from bench.served import Served, backends, served_app
from bench.sizes import Size
from bench.tables import Table, percentile
from tests.plugins.visio.fake_livekit import FakeLiveKit

ROOMS = "/api/v1/visio/rooms"
WITHIN = 30.0
"""Seconds a run may wait for one message before it fails."""


def _plan(size: Size) -> tuple[int, int, int, int]:
    """(join requests, admissions, relay rooms, relay seconds)."""
    return (10, 3, 2, 2) if size == "tiny" else (2000, 200, 100, 20)


async def run(size: Size = "full", database: str = "all") -> Table:
    joins, admissions, rooms, seconds = _plan(size)
    table = Table(
        "Meetings: joining, the lobby, the signalling relay",
        ["database", "measure", "count", "per s", "p50 ms", "p99 ms", "server CPU ms each"],
    )
    table.notes.append(
        "One app process, the load (asyncio, one process) and the fake LiveKit (a thread of "
        "the load's process) share the machine's 2 cores. Joins and the JWT baseline: 8 "
        "keep-alive clients. The relay: each participant one signal a second."
    )
    for backend in backends(database):
        livekit = FakeLiveKit(JWT_KEY, JWT_SECRET)
        url = livekit.start()
        try:
            env = {
                "LASUITE_LIVEKIT_URL": url,
                "LASUITE_LIVEKIT_API_KEY": JWT_KEY,
                "LASUITE_LIVEKIT_API_SECRET": JWT_SECRET,
            }
            async with served_app(backend, extra_env=env) as app:
                rates = await _joins(app, table, backend, joins)
                await _admissions(app, table, backend, admissions)
        finally:
            livekit.stop()
        table.notes.append(
            f"{backend}: joins reach {rates[1] / rates[0]:.0%} of the JWT baseline's rate."
        )
        async with served_app(backend) as app:
            await _relay(app, table, backend, rooms, seconds)
    return table


async def _room(app: Served, access_level: str) -> str:
    response = await app.client.post(ROOMS, json={"name": "Bench", "access_level": access_level})
    response.raise_for_status()
    slug: str = response.json()["slug"]
    return slug


def _post_headers(app: Served) -> dict[str, str]:
    return {
        "Cookie": app.session_cookie,
        "X-CSRFToken": app.client.cookies["csrftoken"],
        "Content-Type": "application/json",
    }


async def _joins(app: Served, table: Table, backend: str, requests: int) -> tuple[float, float]:
    """Rows for the JWT baseline and for joins; their rates."""
    slug = await _room(app, "public")
    claims = {"sub": "someone", "room": slug, "exp": int(time.time()) + 3600}
    baseline = json.dumps({"token": jwt.encode(claims, JWT_SECRET, algorithm="HS256")})
    rates = []
    for measure, path, body in (
        ("bare JWT: decode and sign", "/api/v1/bench/jwt", baseline.encode()),
        ("join (LiveKit token)", f"{ROOMS}/{slug}/join", b"{}"),
    ):
        options = {"method": "POST", "body": body, "headers": _post_headers(app)}
        url = app.base_url + path
        await request_load(url, **options, requests=max(requests // 20, 2), concurrency=8)
        cpu = app.server_cpu()
        load = await request_load(url, **options, requests=requests, concurrency=8)
        cpu = app.server_cpu() - cpu
        if set(load.statuses) != {200}:
            raise RuntimeError(f"{path} answered {load.statuses}")
        count = len(load.latencies)
        table.add(
            backend,
            measure,
            count,
            load.rate,
            percentile(load.latencies, 0.5) * 1000,
            percentile(load.latencies, 0.99) * 1000,
            cpu * 1000 / count,
        )
        rates.append(load.rate)
    return rates[0], rates[1]


async def _admissions(app: Served, table: Table, backend: str, count: int) -> None:
    slug = await _room(app, "trusted")
    host = await _joined(app.client, slug)
    durations = []
    cpu = app.server_cpu()
    async with _socket(app, slug, host["ticket"]):
        for number in range(count):
            async with httpx.AsyncClient(base_url=app.base_url, timeout=WITHIN) as guest:
                await guest.get("/api/v1/auth/providers")  # the CSRF cookie
                headers = {"x-csrftoken": guest.cookies["csrftoken"]}
                waiting = await _joined(guest, slug, name=f"Invité {number}", headers=headers)
                async with _socket(app, slug, waiting["ticket"]) as socket:
                    # In the room once a ping is answered: an admit sent before would
                    # reach it only through its next join.
                    await socket.send(json.dumps({"type": "ping"}))
                    await _until(socket, "pong")
                    start = time.perf_counter()
                    admitted = await app.client.post(
                        f"{ROOMS}/{slug}/lobby/{waiting['you']['id']}/admit"
                    )
                    admitted.raise_for_status()
                    await _until(socket, "admitted")
                    entry = await _joined(guest, slug, ticket=waiting["ticket"], headers=headers)
                    durations.append(time.perf_counter() - start)
                    if entry["livekit"] is None:
                        raise RuntimeError(f"an admitted guest got no token: {entry}")
    cpu = app.server_cpu() - cpu
    table.add(
        backend,
        "lobby admit → token",
        count,
        "",
        percentile(durations, 0.5) * 1000,
        percentile(durations, 0.99) * 1000,
        cpu * 1000 / count,
    )


async def _relay(app: Served, table: Table, backend: str, rooms: int, seconds: int) -> None:
    latencies: list[float] = []
    arrived = asyncio.Condition()
    async with AsyncExitStack() as stack:
        rings = []
        for _ in range(rooms):
            slug = await _room(app, "public")
            ring = []
            for _ in range(4):
                entry = await _joined(app.client, slug)
                socket = await stack.enter_async_context(_socket(app, slug, entry["ticket"]))
                ring.append((entry["you"]["id"], socket))
            rings.append(ring)
        sockets = [socket for ring in rings for _, socket in ring]
        for socket in sockets:
            await _until(socket, "welcome")
        readers = [asyncio.create_task(_read_signals(s, latencies, arrived)) for s in sockets]
        everyone = [(ring, position) for ring in rings for position in range(4)]
        cpu = app.server_cpu()
        start = time.perf_counter()
        sent = 0
        for second in range(seconds):
            # Everyone once a second, spread over the second.
            for index, (ring, position) in enumerate(everyone):
                delay = start + second + index / len(everyone) - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                _, socket = ring[position]
                target, _ = ring[(position + 1) % 4]
                data = {"at": time.perf_counter()}
                await socket.send(json.dumps({"type": "signal", "to": target, "data": data}))
                sent += 1
        try:
            async with asyncio.timeout(WITHIN), arrived:
                await arrived.wait_for(lambda: len(latencies) >= sent)
        except TimeoutError:
            raise RuntimeError(f"{sent - len(latencies)} of {sent} signals never arrived") from None
        cpu = app.server_cpu() - cpu
        for reader in readers:
            reader.cancel()
    table.add(
        backend,
        f"signalling relay ({rooms} rooms of 4)",
        sent,
        sent / seconds,
        percentile(latencies, 0.5) * 1000,
        percentile(latencies, 0.99) * 1000,
        cpu * 1000 / sent,
    )


async def _joined(
    client: httpx.AsyncClient, slug: str, *, headers: dict[str, str] | None = None, **body: str
) -> dict:  # type: ignore[type-arg]
    response = await client.post(f"{ROOMS}/{slug}/join", json=body, headers=headers)
    response.raise_for_status()
    return response.json()  # type: ignore[no-any-return]


@asynccontextmanager
async def _socket(app: Served, slug: str, ticket: str) -> AsyncIterator[ClientConnection]:
    url = f"{app.base_url.replace('http', 'ws', 1)}{ROOMS}/{slug}/socket?ticket={ticket}"
    async with connect(url, compression=None, max_queue=None) as socket:
        yield socket


async def _until(socket: ClientConnection, kind: str) -> dict:  # type: ignore[type-arg]
    async with asyncio.timeout(WITHIN):
        while True:
            message = json.loads(await socket.recv())
            if message["type"] == kind:
                return message  # type: ignore[no-any-return]


async def _read_signals(
    socket: ClientConnection, latencies: list[float], arrived: asyncio.Condition
) -> None:
    async for text in socket:
        message = json.loads(text)
        if message["type"] == "signal":
            async with arrived:
                latencies.append(time.perf_counter() - message["data"]["at"])
                arrived.notify_all()
