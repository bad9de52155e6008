"""Websocket fan-out: N clients subscribed to one topic, E events published to it.

Measures the server's CPU time per delivered frame (beyond what publishing the same
events to nobody costs), the latency from the publisher's request to each client
having parsed the frame, and the server's memory per idle subscribed connection.
Realtime in memory (one instance) and on Redis (LASUITE_REDIS_URL) when it answers.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect

from bench.served import Served, backends, redis_server, served_app, socket_url
from bench.sizes import Size
from bench.tables import Table, percentile

WITHIN = 60.0
"""Seconds a run may wait for one event to reach every client before it fails."""
CONNECTING = 20
"""Connections opened at the same time."""


def _plan(size: Size) -> tuple[tuple[int, ...], int]:
    """(subscriber counts, events per run)."""
    return ((3,), 2) if size == "tiny" else ((100, 1000), 50)


@dataclass
class Deliveries:
    """What the clients received: latencies, and how many clients got each event."""

    expected: int
    latencies: list[float] = field(default_factory=list)
    counts: Counter[int] = field(default_factory=Counter)
    complete: dict[int, asyncio.Event] = field(default_factory=dict)
    progress: asyncio.Event = field(default_factory=asyncio.Event)

    def waiter(self, seq: int) -> asyncio.Event:
        return self.complete.setdefault(seq, asyncio.Event())

    def received(self, seq: int, sent: float) -> None:
        self.latencies.append(time.monotonic() - sent)
        self.counts[seq] += 1
        if self.counts[seq] == self.expected:
            self.waiter(seq).set()
        self.progress.set()

    async def until(self, events: int, within: float) -> None:
        """Wait until `events` events reached every client, at most `within` seconds."""
        deadline = time.monotonic() + within
        while sum(self.counts.values()) < events * self.expected:
            self.progress.clear()
            try:
                await asyncio.wait_for(self.progress.wait(), deadline - time.monotonic())
            except TimeoutError:
                got = dict(Counter(self.counts.values()))
                raise RuntimeError(f"events not delivered within {within}s: {got}") from None


def realtimes() -> list[str]:
    """In memory, and on Redis when one answers."""
    return ["memory", *(["redis"] if redis_server() else [])]


async def run(size: Size = "full", database: str = "all") -> Table:
    subscriber_counts, events = _plan(size)
    table = Table(
        "Websocket fan-out: one topic, N subscribers",
        [
            "realtime",
            "subscribers",
            "events",
            "deliveries",
            "server CPU µs/delivery",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "server RSS KB/idle connection",
        ],
    )
    table.notes.append(
        "Events are published one at a time (`POST /api/v1/bench/publish` with an API token), "
        "each once the previous one reached every client. Latency runs from before the "
        "publishing request to the client having parsed the frame, so it includes the "
        "request's transaction and the client process (one Python process reading every "
        "socket, on the same 2 cores as the server). CPU per delivery is the server's CPU "
        "time minus that of publishing as many events to a topic nobody follows, divided "
        "by the deliveries. The database is SQLite."
    )
    backend = backends(database)[0]
    for realtime in realtimes():
        for subscribers in subscriber_counts:
            async with served_app(backend, redis=realtime == "redis") as app:
                row = await _measure(app, subscribers, events)
            table.add(realtime, subscribers, events, *row)
    return table


async def _measure(app: Served, subscribers: int, events: int) -> tuple[float, ...]:
    organization = (await app.client.get("/api/v1/workspace")).json()["organization_id"]
    async with httpx.AsyncClient(
        base_url=app.base_url, headers={"Authorization": f"Bearer {app.token}"}, timeout=WITHIN
    ) as publisher:
        await _publish(publisher, "warm-up", range(events), None)
        idle_cpu = app.server_cpu()
        await _publish(publisher, "nobody", range(events), None)
        idle_cpu = app.server_cpu() - idle_cpu
        rss = app.server_rss()
        deliveries = Deliveries(expected=subscribers)
        topic = f"bench:topic:{organization}:fan"
        async with listening(app, topic, subscribers, deliveries, _stamp):
            rss_per_connection = (app.server_rss() - rss) / subscribers
            cpu = app.server_cpu()
            await _publish(publisher, "fan", range(events), deliveries)
            cpu = app.server_cpu() - cpu
    count = len(deliveries.latencies)
    return (
        count,
        max(cpu - idle_cpu, 0.0) * 1e6 / count,
        *(percentile(deliveries.latencies, q) * 1000 for q in (0.5, 0.95, 0.99)),
        rss_per_connection / 1024,
    )


async def _publish(
    publisher: httpx.AsyncClient, topic: str, seqs: range, deliveries: Deliveries | None
) -> None:
    for seq in seqs:
        waiter = deliveries.waiter(seq) if deliveries else None
        response = await publisher.post(
            "/api/v1/bench/publish", json={"topic": topic, "seq": seq, "sent": time.monotonic()}
        )
        response.raise_for_status()
        if waiter is not None:
            await asyncio.wait_for(waiter.wait(), WITHIN)


Stamp = Callable[[dict[str, Any]], tuple[int, float] | None]
"""Reads (sequence number, time sent) from an event's data; None for other events."""


def _stamp(data: dict[str, Any]) -> tuple[int, float]:
    return data["seq"], data["sent"]


@asynccontextmanager
async def listening(
    app: Served, topic: str, count: int, deliveries: Deliveries, stamp: Stamp
) -> AsyncIterator[None]:
    """`count` signed-in websockets subscribed to `topic`, recording what they receive."""
    sockets = await _connect(app, topic, count)
    readers = [asyncio.create_task(_read(s, deliveries, stamp)) for s in sockets]
    try:
        yield
    finally:
        for reader in readers:
            reader.cancel()
        await asyncio.gather(*readers, return_exceptions=True)
        await asyncio.gather(*(s.close() for s in sockets), return_exceptions=True)


async def _connect(app: Served, topic: str, count: int) -> list[ClientConnection]:
    url = socket_url(app.base_url)
    gate = asyncio.Semaphore(CONNECTING)

    async def one() -> ClientConnection:
        async with gate:
            socket = await connect(
                url,
                additional_headers={"Cookie": app.session_cookie},
                compression=None,
                open_timeout=WITHIN,
            )
            await socket.send(json.dumps({"op": "subscribe", "topic": topic, "id": 1}))
            while (frame := json.loads(await socket.recv())).get("id") != 1:
                pass
            if frame["op"] != "ack":
                raise RuntimeError(f"subscribing was refused: {frame}")
            return socket

    return list(await asyncio.gather(*(one() for _ in range(count))))


async def _read(socket: ClientConnection, deliveries: Deliveries, stamp: Stamp) -> None:
    async for raw in socket:
        frame = json.loads(raw)
        if frame["op"] == "event" and (stamped := stamp(frame["data"])) is not None:
            deliveries.received(*stamped)
        elif frame["op"] == "ping":
            await socket.send('{"op": "pong"}')
