"""``lasuite worker``: run jobs from Redis or RabbitMQ until SIGTERM."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import threading
from collections.abc import Callable, Sequence

from redis.asyncio import Redis

from lasuite.db.engine import Database
from lasuite.jobs.broker import broker_kind, make_broker
from lasuite.jobs.queue import JobQueue
from lasuite.jobs.runtime import JobRuntime
from lasuite.jobs.worker_metrics import serving_metrics
from lasuite.plugin_host.registry import Registry
from lasuite.realtime.bus import EventBus
from lasuite.realtime.fanout import Fanout
from lasuite.realtime.plugin_bus import plugin_bus
from lasuite.realtime.redis_backend import RedisTopicBackend
from lasuite.settings import Settings

logger = logging.getLogger("lasuite.jobs")

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def _stop_event() -> threading.Event:
    stop = threading.Event()
    for signum in STOP_SIGNALS:
        signal.signal(signum, lambda _signum, _frame: stop.set())
    return stop


def run_worker(
    settings: Settings,
    registry: Registry,
    threads: int,
    echo: Callable[[str], None],
    *,
    supervisor_pid: int | None = None,
    index: int = 0,
) -> None:
    """Run every loaded plugin's jobs with ``threads`` threads; return after SIGTERM/SIGINT,
    once the running jobs have finished, or once the process ``supervisor_pid`` (the
    :func:`supervise` that started this one, as its process ``index``) is gone."""
    with serving_metrics(settings, index) as port:
        if port is not None:
            echo(f"lasuite worker: metrics at http://{settings.host}:{port}/metrics")
        _run(settings, registry, threads, echo, supervisor_pid)


def _run(
    settings: Settings,
    registry: Registry,
    threads: int,
    echo: Callable[[str], None],
    supervisor_pid: int | None,
) -> None:
    stop = _stop_event()
    database = Database(settings.database)
    queue = JobQueue(make_broker(settings.broker_url), database)
    events = worker_events(settings, registry, queue, database)
    runtime = JobRuntime(settings, registry, database, queue=queue, events=events)
    runtime.start_worker(threads)
    # dramatiq's threads keep the process alive: stop them whatever happens here (an echo
    # to the pipe of a supervisor that died raises BrokenPipeError).
    try:
        names = sorted(runtime.queue.names)
        echo(
            f"lasuite worker: {len(names)} jobs on {broker_kind(settings.broker_url)} "
            f"with {threads} threads ({', '.join(names) or 'no plugin registers jobs'})"
        )
        while not stop.wait(1):
            if supervisor_pid is not None and os.getppid() != supervisor_pid:
                echo("lasuite worker: its supervisor is gone")
                break
        echo("lasuite worker: stopping after the running jobs")
    finally:
        runtime.stop_worker()
        runtime.broker.close()


def worker_events(
    settings: Settings, registry: Registry, queue: JobQueue, database: Database
) -> EventBus:
    """What jobs publish events and notify with in a worker process: the plugins'
    handlers run here, notifications are stored and e-mailed as in the app, and both
    reach websockets through Redis when the app instances' realtime uses it."""
    fanout = None
    if settings.redis_url:
        redis = Redis.from_url(settings.redis_url, client_name=f"lasuite-worker-{os.getpid()}")
        backend = RedisTopicBackend(
            redis=redis,
            history=settings.realtime_history_events,
            retention=settings.realtime_history_seconds,
        )
        fanout = Fanout(backend, subscriber_backlog=settings.ws_send_queue)
    return plugin_bus(registry, database, fanout, queue)


def supervise(command: Sequence[str], processes: int) -> int:
    """Run ``processes`` copies of ``command``; pass SIGTERM/SIGINT on and wait for them.

    When one exits by itself the others are stopped too, and its exit code is
    returned, so that the process manager restarts the whole worker.
    """
    stop = _stop_event()
    children = [
        subprocess.Popen([*command, "--process-index", str(index)]) for index in range(processes)
    ]
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
