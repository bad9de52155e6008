"""``start``: how long ``lasuite run`` takes to answer ``/readyz`` on a migrated database
with every installed plugin, the CPU it spent getting there, and its memory once idle.

Each start is the real command in a fresh process (its imports included: most of the
time), on the same database; the first is left out of the figures (the disk cache is
cold after an install, as after a deploy, but not again)."""

from __future__ import annotations

import asyncio
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.served import (
    ROOT,
    backends,
    cpu_seconds,
    free_port,
    postgres_server,
    rss_bytes,
    spawn,
    stop,
    wait_ready,
)
from bench.sizes import Size
from bench.tables import Table
from lasuite.db.migrations import upgrade
from lasuite.plugin_host.loader import load_registry
from lasuite.testing.databases import fresh_database

IDLE_SECONDS = 2.0
"""How long the started server is left alone before its memory is read."""


def starts(size: Size) -> int:
    """Measured starts per database (after one left out)."""
    return 5 if size == "full" else 1


async def run(size: Size, database: str) -> Table:
    table = Table(
        "lasuite run: start to /readyz",
        [
            "database",
            "starts",
            "to /readyz p50 (s)",
            "to /readyz max (s)",
            "CPU to ready (s)",
            "idle RSS (MB)",
        ],
    )
    for backend in backends(database):
        server_url = postgres_server() if backend == "postgres" else ""
        with tempfile.TemporaryDirectory(prefix="lasuite-bench-") as tmp:
            workdir = Path(tmp)
            async with fresh_database(backend, server_url or "", workdir) as database_url:
                await asyncio.to_thread(upgrade, database_url, load_registry())
                measured = [await _start(database_url, workdir) for _ in range(starts(size) + 1)]
        times, cpus, rss = zip(*measured[1:], strict=True)
        table.add(
            backend,
            len(times),
            statistics.median(times),
            max(times),
            statistics.median(cpus),
            statistics.median(rss) / 2**20,
        )
    table.notes.append(
        f"Every installed plugin loaded; idle RSS read {IDLE_SECONDS:.0f} s after /readyz "
        "answered. One start before the measured ones is left out."
    )
    return table


async def _start(database_url: str, workdir: Path) -> tuple[float, float, int]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LASUITE_")}
    env.update(
        PYTHONPATH=str(ROOT),
        LASUITE_VAR_DIR=str(workdir / "var"),
        LASUITE_DATABASE_URL=database_url,
        LASUITE_SECRET_KEY=secrets.token_hex(32),
        LASUITE_DEMO="false",
        LASUITE_HOST="127.0.0.1",
        LASUITE_PORT=str(port),
    )
    lasuite = str(Path(sys.executable).parent / "lasuite")
    started = time.monotonic()
    server = spawn([lasuite, "run"], env, workdir / "run.log")
    try:
        await wait_ready(f"http://127.0.0.1:{port}", server, workdir / "run.log")
        ready = time.monotonic() - started
        cpu = cpu_seconds(server.pid)
        await asyncio.sleep(IDLE_SECONDS)
        return ready, cpu, rss_bytes(server.pid)
    finally:
        stop(server)
