"""Flood: what one abusive account costs everyone else, under the fair share's real
limits (the other benchmarks lift them).

A second member's authenticated GETs and websocket pings are timed with the server
idle, then while the abusive account keeps as many websockets open as it may, each
sending frames as fast as it can (and reconnecting at once when the server closes it),
then while 16 clients send wrong passwords to the sign-in without pause.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

from bench.loadgen import get_load
from bench.served import (
    FAIR_SHARE_LIMITS,
    Served,
    add_account,
    backends,
    served_app,
    socket_url,
    spawn,
    stop,
)
from bench.sizes import Size
from bench.tables import Table, percentile
from lasuite.settings import Settings
from lasuite.testing.csrf import send_csrf_token

WITHIN = 30.0
PING_EVERY = 0.1
LOGIN_CLIENTS = 16


def _plan(size: Size) -> tuple[int, int, int]:
    """(GETs per row, pings per row, abusive sockets)."""
    return (20, 5, 3) if size == "tiny" else (1000, 100, _default("CONNECTIONS_PER_USER"))


def _default(limit: str) -> int:
    value = Settings.model_fields[f"ws_max_{limit.lower()}"].default
    assert isinstance(value, int)
    return value


def _real_limits() -> dict[str, str]:
    """The fair share's limits as a deployment has them (the served app lifts them)."""
    return {f"LASUITE_WS_MAX_{name}": str(_default(name)) for name in FAIR_SHARE_LIMITS}


async def run(size: Size = "full", database: str = "all") -> Table:
    gets, pings, sockets = _plan(size)
    table = Table(
        "Flood: another member's latency while one account abuses",
        [
            "database",
            "while",
            "GET p50 ms",
            "GET p99 ms",
            "GET max ms",
            "GET p99 / idle",
            "ws ping p50 ms",
            "ws ping p99 ms",
            "ping p99 / idle",
        ],
    )
    table.notes.append(
        f"The abusive account holds {sockets} websockets (its limit), each sending frames "
        "without pause and reconnecting when closed; or "
        f"{LOGIN_CLIENTS} clients send wrong passwords without pause. The other member's "
        f"{gets} GETs of `/api/v1/workspace` one after another, and {pings} pings over "
        "its own websocket, ten a second. One app process and every client share the "
        "machine's 2 cores."
    )
    for backend in backends(database):
        async with served_app(backend, extra_env=_real_limits()) as app:
            member = await _member_headers(app)
            scenarios: dict[str, Callable[[], AbstractAsyncContextManager[None]]] = {
                "idle": _nothing,
                f"{sockets} sockets flooding": lambda: _abusing(app, "sockets", sockets),
                f"{LOGIN_CLIENTS} wrong passwords at once": lambda: _abusing(
                    app, "passwords", LOGIN_CLIENTS
                ),
            }
            idle: tuple[float, float] | None = None
            for name, abuse in scenarios.items():
                async with abuse():
                    get_times = await _timed_gets(app, member, gets)
                    ping_times = await _timed_pings(app, member, pings)
                get_p99, ping_p99 = percentile(get_times, 0.99), percentile(ping_times, 0.99)
                idle = idle or (get_p99, ping_p99)
                table.add(
                    backend,
                    name,
                    percentile(get_times, 0.5) * 1000,
                    get_p99 * 1000,
                    max(get_times) * 1000,
                    get_p99 / idle[0],
                    percentile(ping_times, 0.5) * 1000,
                    ping_p99 * 1000,
                    ping_p99 / idle[1],
                )
    return table


async def _member_headers(app: Served) -> dict[str, str]:
    """A second member of the organization, signed in: their session cookie."""
    email, password = await add_account(app.database_url, "member@bench.test", "member")
    async with httpx.AsyncClient(base_url=app.base_url, timeout=WITHIN) as client:
        await send_csrf_token(client)
        response = await client.post(
            "/api/v1/auth/login",
            json={"email": email, "password": password, "organization": "bench"},
        )
        response.raise_for_status()
        return {"Cookie": "; ".join(f"{c.name}={c.value}" for c in client.cookies.jar)}


async def _timed_gets(app: Served, member: dict[str, str], count: int) -> list[float]:
    load = await get_load(
        app.base_url + "/api/v1/workspace", headers=member, requests=count, concurrency=1
    )
    if set(load.statuses) != {200}:
        raise RuntimeError(f"the member's GETs answered {load.statuses}")
    return load.latencies


async def _timed_pings(app: Served, member: dict[str, str], count: int) -> list[float]:
    times: list[float] = []
    async with _socket(app, member["Cookie"]) as socket:
        for number in range(count):
            start = time.perf_counter()
            await socket.send(json.dumps({"op": "ping", "id": number}))
            while True:
                frame = json.loads(await asyncio.wait_for(socket.recv(), WITHIN))
                if frame.get("op") == "ping":
                    await socket.send(json.dumps({"op": "pong"}))
                elif frame.get("id") == number:
                    break
            times.append(time.perf_counter() - start)
            # Ten a second: a person's page, well within a socket's own budget.
            await asyncio.sleep(max(0.0, start + PING_EVERY - time.perf_counter()))
    return times


@asynccontextmanager
async def _socket(app: Served, cookie: str) -> AsyncIterator[ClientConnection]:
    async with connect(
        socket_url(app.base_url),
        additional_headers={"Cookie": cookie},
        compression=None,
        open_timeout=WITHIN,
    ) as socket:
        yield socket


@asynccontextmanager
async def _nothing() -> AsyncIterator[None]:
    yield


@asynccontextmanager
async def _abusing(app: Served, kind: str, count: int) -> AsyncIterator[None]:
    """The abuse runs in a process of its own: the measuring client's event loop is not
    the abusers'."""
    command = [sys.executable, "-m", "bench.flood", kind, app.base_url, app.session_cookie]
    abuser = spawn([*command, str(count)], dict(os.environ), app.workdir / f"abuse-{kind}.log")
    try:
        await asyncio.sleep(1.0)  # under way before the timing starts
        if abuser.poll() is not None:
            raise RuntimeError(
                f"the abuse stopped: {(app.workdir / f'abuse-{kind}.log').read_text()}"
            )
        yield
    finally:
        stop(abuser)


async def _flood(base_url: str, cookie: str) -> None:
    """One socket of the abusive account, sending frames without pause; again at once
    when the server closes it (4429) or refuses it (one too many)."""
    url = socket_url(base_url)
    frame = json.dumps({"op": "ping", "id": 0})
    while True:
        with suppress(WebSocketException, OSError, TimeoutError):
            async with connect(url, additional_headers={"Cookie": cookie}, compression=None) as ws:
                while True:
                    await ws.send(frame)
        await asyncio.sleep(0)


async def _guess(base_url: str) -> None:
    """Wrong passwords for the owner, one after another."""
    async with httpx.AsyncClient(base_url=base_url, timeout=WITHIN) as client:
        await send_csrf_token(client)
        while True:
            await client.post(
                "/api/v1/auth/login",
                json={"email": "owner@bench.test", "password": "not the password"},
            )


async def _abuse(kind: str, base_url: str, cookie: str, count: int) -> None:
    if kind == "sockets":
        await asyncio.gather(*(_flood(base_url, cookie) for _ in range(count)))
    else:
        await asyncio.gather(*(_guess(base_url) for _ in range(count)))


if __name__ == "__main__":
    asyncio.run(_abuse(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])))
