"""Background jobs: enqueue→done latency and throughput of a trivial job, run by the
worker inside the app (embedded broker) and by a ``lasuite worker`` on Redis.

``one by one`` enqueues a job and waits for it to be done before the next (latency
of an idle queue); ``burst`` enqueues them all, 50 per request, then waits (how fast
the queue drains). Times come from the jobs' rows: ``created_at`` (enqueued) to
``updated_at`` of the ``succeeded`` state.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from bench.served import Served, backends, redis_server, served_app
from bench.sizes import Size
from bench.tables import Table, percentile
from lasuite.db.engine import Database
from lasuite.jobs.models import Job

WITHIN = 300.0
"""Seconds a run may wait for its jobs before it fails."""
POLL = 0.005
WORKER_THREADS = 2


def _plan(size: Size) -> tuple[int, int, int]:
    """(jobs one by one, jobs in the burst, jobs per enqueueing request)."""
    return (2, 4, 2) if size == "tiny" else (50, 300, 50)


def brokers() -> list[str]:
    """The app's own worker, and a Redis worker when Redis answers."""
    return ["embedded", *(["redis"] if redis_server() else [])]


async def run(size: Size = "full", database: str = "all") -> Table:
    one_by_one, burst, batch = _plan(size)
    table = Table(
        "Background jobs: a trivial job, enqueued → succeeded",
        ["database", "broker", "mode", "jobs", "jobs/s", "p50 ms", "p95 ms", "p99 ms"],
    )
    table.notes.append(
        f"{WORKER_THREADS} worker threads: in the app process (embedded), or one "
        "`lasuite worker --threads 2` process beside an app running none (Redis)."
    )
    for backend in backends(database):
        for broker in brokers():
            threads = WORKER_THREADS if broker == "embedded" else 0
            async with served_app(backend, broker=broker, worker_threads=threads) as app:
                jobs = Database(app.database_url)
                try:
                    single = [
                        await _wait_done(jobs, await _enqueue(app, 1)) for _ in range(one_by_one)
                    ]
                    table.add(
                        backend, broker, "one by one", *_stats([t for s in single for t in s])
                    )
                    ids = [i for _ in range(burst // batch) for i in await _enqueue(app, batch)]
                    table.add(backend, broker, "burst", *_stats(await _wait_done(jobs, ids)))
                finally:
                    await jobs.dispose()
    return table


async def _enqueue(app: Served, count: int) -> list[uuid.UUID]:
    response = await app.client.post("/api/v1/bench/jobs", json={"count": count})
    response.raise_for_status()
    return [uuid.UUID(i) for i in response.json()]


async def _wait_done(
    database: Database, ids: Sequence[uuid.UUID]
) -> list[tuple[datetime, datetime]]:
    """(enqueued, done) of each job, once every one has succeeded."""
    deadline = time.monotonic() + WITHIN
    while True:
        async with database.sessions() as db:
            rows = (
                await db.execute(
                    select(Job.state, Job.created_at, Job.updated_at).where(Job.id.in_(ids))
                )
            ).all()
        if any(state in ("failed", "dropped") for state, _, _ in rows):
            raise RuntimeError("a benchmark job failed")
        if len(rows) == len(ids) and all(state == "succeeded" for state, _, _ in rows):
            return [(created, done) for _, created, done in rows]
        if time.monotonic() > deadline:
            states = Counter(state for state, _, _ in rows)
            raise RuntimeError(f"jobs not done within {WITHIN}s: {dict(states)}")
        await asyncio.sleep(POLL)


def _stats(times: list[tuple[datetime, datetime]]) -> tuple[float, ...]:
    latencies = [(done - created).total_seconds() for created, done in times]
    span = (max(d for _, d in times) - min(c for c, _ in times)).total_seconds()
    return (
        len(times),
        len(times) / span if span > 0 else float("nan"),
        *(percentile(latencies, q) * 1000 for q in (0.5, 0.95, 0.99)),
    )
