"""``lasuite worker``: run jobs from Redis or RabbitMQ until SIGTERM."""

from __future__ import annotations

import logging
import signal
import subprocess
import threading
from collections.abc import Callable, Sequence

from lasuite.db.engine import Database
from lasuite.jobs.broker import broker_kind
from lasuite.jobs.runtime import JobRuntime
from lasuite.plugins.registry import Registry
from lasuite.settings import Settings

logger = logging.getLogger("lasuite.jobs")

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def _stop_event() -> threading.Event:
    stop = threading.Event()
    for signum in STOP_SIGNALS:
        signal.signal(signum, lambda _signum, _frame: stop.set())
    return stop


def run_worker(
    settings: Settings, registry: Registry, threads: int, echo: Callable[[str], None]
) -> None:
    """Run every loaded plugin's jobs with ``threads`` threads; return after SIGTERM/SIGINT,
    once the running jobs have finished."""
    stop = _stop_event()
    runtime = JobRuntime(settings, registry, Database(settings.database))
    runtime.start_worker(threads)
    names = sorted(runtime.queue.names)
    echo(
        f"lasuite worker: {len(names)} jobs on {broker_kind(settings.broker_url)} "
        f"with {threads} threads ({', '.join(names) or 'no plugin registers jobs'})"
    )
    while not stop.wait(1):
        pass
    echo("lasuite worker: stopping after the running jobs")
    runtime.stop_worker()
    runtime.broker.close()


def supervise(command: Sequence[str], processes: int) -> int:
    """Run ``processes`` copies of ``command``; pass SIGTERM/SIGINT on and wait for them.

    When one exits by itself the others are stopped too, and its exit code is
    returned, so that the process manager restarts the whole worker.
    """
    stop = _stop_event()
    children = [subprocess.Popen(list(command)) for _ in range(processes)]
    while not stop.is_set() and all(child.poll() is None for child in children):
        stop.wait(0.5)
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    codes = [child.wait() for child in children]
    if stop.is_set():
        # A child still starting when asked to stop has no handler yet and dies of the
        # SIGTERM itself: that is the stop we asked for, not a failure.
        codes = [0 if code == -signal.SIGTERM else code for code in codes]
        return next((c for c in codes if c), 0)
    return next((c for c in codes if c), 1)
