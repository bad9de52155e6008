"""Chat posts: one account posting to a channel with K posts in flight, 10 members
reading it live on the app websocket (synbench's shape: one sender, many listeners).

Measures the posts that failed, posts per second, the server's CPU per post, the
post request's latency and the delivery latency: from before the post request was
sent to a listener having parsed the message. On SQLite (the embedded default) the
writes of concurrent posts queue for the one writer instead of failing on a lock.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from bench.fanout import Deliveries, listening
from bench.loadgen import Load, request_load
from bench.served import Served, backends, served_app
from bench.sizes import Size
from bench.tables import Table, percentile
from lasuite_chat.events import channel_topic

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
                topic = channel_topic(uuid.UUID(channel))
                async with listening(app, topic, LISTENERS, deliveries, _stamp):
                    cpu = app.server_cpu()
                    load = await _post(app, channel, posts, concurrency, deliveries)
                    cpu = app.server_cpu() - cpu
                    answered = load.statuses.get(201, 0)
                    await deliveries.until(answered, WITHIN)
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


def _stamp(data: dict[str, Any]) -> tuple[int, float] | None:
    """The post's number and when it was sent, from the text `_post` wrote."""
    if not data.get("message"):
        return None
    _, seq, sent = data["message"]["text"].split(" ")
    return int(seq), float(sent)
