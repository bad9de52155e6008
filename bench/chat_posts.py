"""Chat posts: one account posting to a channel with K posts in flight, 10 members
reading it live on the app websocket (synbench's shape: one sender, many listeners).

Measures the posts that failed, posts per second, the server's CPU per post, the
post request's latency and the delivery latency: from before the post request was
sent to a listener having parsed the message. On SQLite (the embedded default) the
writes of concurrent posts queue for the one writer instead of failing on a lock.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections import Counter

from websockets.asyncio.client import ClientConnection

from bench.fanout import Deliveries, _connect
from bench.loadgen import Load, request_load
from bench.served import Served, backends, served_app
from bench.sizes import Size
from bench.tables import Table, percentile

LISTENERS = 10
WITHIN = 60.0
"""Seconds the listeners may take to receive every post once the posts are answered."""


def _plan(size: Size) -> tuple[int, tuple[int, ...], int]:
    """(posts per row, posts in flight, warm-up posts)."""
    return (16, (1, 8), 4) if size == "tiny" else (1500, (1, 8, 32), 100)


async def run(size: Size = "full", database: str = "all") -> Table:
    posts, concurrencies, warmup = _plan(size)
    table = Table(
        "Chat: posts to one channel with 10 live readers",
        [
            "database",
            "in flight",
            "posts",
            "failed",
            "posts/s",
            "server CPU ms/post",
            "post p50 ms",
            "post p99 ms",
            "delivery p50 ms",
            "delivery p99 ms",
        ],
    )
    table.notes.append(
        f"One account posts with an API token over K keep-alive connections "
        f"(`bench/loadgen.py`); {LISTENERS} websockets of one signed-in member read the "
        "channel, in the benchmark's process. Delivery runs from before the post request to a "
        "reader having parsed the message. The app, the load generator and the readers "
        "share the machine's 2 cores; the app's realtime is in memory."
    )
    for backend in backends(database):
        async with served_app(backend) as app:
            channel = await _channel(app)
            await _post(app, channel, warmup, 1, None)
            for concurrency in concurrencies:
                deliveries = Deliveries(expected=LISTENERS)
                sockets = await _connect(app, f"chat:channel:{channel}", LISTENERS)
                readers = [asyncio.create_task(_read(s, deliveries)) for s in sockets]
                try:
                    cpu = app.server_cpu()
                    load = await _post(app, channel, posts, concurrency, deliveries)
                    cpu = app.server_cpu() - cpu
                    answered = load.statuses.get(201, 0)
                    await _all_delivered(deliveries, answered)
                finally:
                    for reader in readers:
                        reader.cancel()
                    await asyncio.gather(*readers, return_exceptions=True)
                    await asyncio.gather(*(s.close() for s in sockets), return_exceptions=True)
                table.add(
                    backend,
                    concurrency,
                    posts,
                    posts - answered,
                    load.rate,
                    cpu * 1000 / posts,
                    percentile(load.latencies, 0.5) * 1000,
                    percentile(load.latencies, 0.99) * 1000,
                    percentile(deliveries.latencies, 0.5) * 1000,
                    percentile(deliveries.latencies, 0.99) * 1000,
                )
    return table


async def _channel(app: Served) -> str:
    response = await app.client.post(
        "/api/v1/chat/channels", json={"name": f"bench-{uuid.uuid4().hex[:8]}"}
    )
    response.raise_for_status()
    channel_id: str = response.json()["id"]
    return channel_id


async def _post(
    app: Served, channel: str, posts: int, concurrency: int, deliveries: Deliveries | None
) -> Load:
    seqs = iter(range(posts))

    def body() -> bytes:
        # The reader finds when the post was sent in its text.
        return json.dumps({"text": f"bench {next(seqs)} {time.monotonic()!r}"}).encode()

    load = await request_load(
        f"{app.base_url}/api/v1/chat/channels/{channel}/messages",
        method="POST",
        body=body,
        headers={"Authorization": f"Bearer {app.token}", "Content-Type": "application/json"},
        requests=posts,
        concurrency=concurrency,
    )
    if deliveries is None and set(load.statuses) != {201}:
        raise RuntimeError(f"warm-up posts failed: {load.statuses}")
    return load


async def _all_delivered(deliveries: Deliveries, answered: int) -> None:
    deadline = time.monotonic() + WITHIN
    while sum(deliveries.counts.values()) < answered * deliveries.expected:
        if time.monotonic() > deadline:
            got = Counter(deliveries.counts.values())
            raise RuntimeError(f"posts not delivered within {WITHIN}s: {dict(got)}")
        await asyncio.sleep(0.01)


async def _read(socket: ClientConnection, deliveries: Deliveries) -> None:
    async for raw in socket:
        frame = json.loads(raw)
        if frame["op"] == "event" and frame.get("data", {}).get("message"):
            _, seq, sent = frame["data"]["message"]["text"].split(" ")
            deliveries.received(int(seq), float(sent))
        elif frame["op"] == "ping":
            await socket.send('{"op": "pong"}')
