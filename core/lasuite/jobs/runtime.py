"""The jobs of one process: its broker, an actor per registered job, and its worker.

``lasuite run`` builds one per app instance. With the embedded broker it also
runs the worker, started with the app and stopped with it, and sends again the
jobs the database still holds as queued or running (the durable part of the
embedded shape, see :mod:`lasuite.jobs.broker`). Its consuming threads start
with the first message, so an instance that runs no job runs no such thread.
With Redis or RabbitMQ the app only enqueues, and ``lasuite worker`` runs the
jobs. Every worker also sweeps ``core_job`` (:mod:`lasuite.jobs.sweep`). Job
queues are named ``<broker_namespace>.<plugin id>``.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import dramatiq
from dramatiq import Middleware, Worker
from sqlalchemy.exc import DBAPIError

from lasuite.db.engine import Database
from lasuite.identity.password_reset_email import password_reset_job
from lasuite.identity.welcome_email import welcome_job
from lasuite.jobs.queue import JobQueue
from lasuite.jobs.run_times import run_timer
from lasuite.jobs.runner import JobRunner
from lasuite.jobs.spec import JobSpec
from lasuite.jobs.status import unfinished_jobs
from lasuite.jobs.sweep import JobSweeper
from lasuite.notifications.email_job import email_job
from lasuite.plugin_host.registry import Registry
from lasuite.settings import Settings
from lasuite.storage.store import open_store
from lasuite.tenancy.invitation_email import invitation_email_job

if TYPE_CHECKING:
    from lasuite.realtime.bus import EventBus

logger = logging.getLogger("lasuite.jobs")

EMBEDDED_POLL_MS = 100
"""How long an idle embedded worker thread waits for a message: what stopping costs."""

EMBEDDED_STOP_MS = 10_000
"""How long ``lasuite run`` waits for running jobs when it stops; a job cut short stays
``running`` in the database and runs again at the next start."""


class OnEnqueue(Middleware):
    """Calls ``callback`` before each message the process sends (which makes an idle
    worker start consuming; it returns at once when it already does)."""

    def __init__(self, callback: Callable[[], None]) -> None:
        self._callback = callback

    def before_enqueue(self, broker: dramatiq.Broker, message: Any, delay: int) -> None:
        self._callback()


def registered_jobs(registry: Registry) -> list[JobSpec]:
    return [spec for record in registry.loaded for spec in record.contributions.jobs]


def core_jobs(settings: Settings) -> list[JobSpec]:
    """The core's own jobs (``core.<fn>``), which every organization runs."""
    return [
        email_job(settings),
        invitation_email_job(settings),
        password_reset_job(settings),
        welcome_job(settings),
    ]


class JobRuntime:
    """Broker, actors and queue of one process; :meth:`start_worker` makes it run jobs."""

    def __init__(
        self,
        settings: Settings,
        registry: Registry,
        database: Database,
        *,
        queue: JobQueue,
        events: EventBus | None,
    ) -> None:
        self.settings = settings
        self.database = database
        self.queue = queue
        self.broker = queue.broker
        self._worker_lock = threading.Lock()
        self._started = False
        self._worker_threads = 0
        self._poll_ms = 1000
        if self.embedded:
            self.broker.add_middleware(OnEnqueue(self._on_first_message))
        self.runner = JobRunner(
            settings.database, lambda: open_store(settings), events, run_timer(settings)
        )
        specs = [*core_jobs(settings), *registered_jobs(registry)]
        self.specs = specs
        """Every job this process can queue and run."""
        for spec in specs:
            dramatiq.Actor(
                self.runner.actor_function(spec),
                broker=self.broker,
                actor_name=spec.name,
                queue_name=f"{settings.broker_namespace}.{spec.plugin_id}",
                priority=0,
                options={
                    "max_retries": spec.max_retries,
                    "min_backoff": spec.min_backoff_ms,
                    "max_backoff": spec.max_backoff_ms,
                    "time_limit": spec.time_limit_ms,
                },
            )
        self.sweeper = JobSweeper(settings, self.runner, self.queue, specs)
        self._worker: Worker | None = None

    @property
    def embedded(self) -> bool:
        return not self.settings.broker_url

    def start_worker(
        self, threads: int, *, poll_ms: int = 1000, on_first_job: bool = False
    ) -> None:
        """Consume every job queue with ``threads`` threads until :meth:`stop_worker`.

        With ``on_first_job`` (the embedded worker), the threads that consume start
        with the first message sent: an app that queues no job runs none of them.
        """
        self.broker.emit_after("process_boot")
        self.runner.start()
        with self._worker_lock:
            self._started = True
            self._worker_threads = threads
            self._poll_ms = poll_ms
            if not on_first_job:
                self._start_consuming()
        self.sweeper.start()

    def stop_worker(self, *, wait_ms: int = 600_000) -> None:
        """Let the running jobs finish (for up to ``wait_ms``), then stop."""
        if not self._started:
            return
        self.sweeper.stop()
        with self._worker_lock:
            worker, self._worker = self._worker, None
            self._started = False
        if worker is not None:
            worker.stop(timeout=wait_ms)
        self.runner.stop()

    def _start_consuming(self) -> None:
        if self._started and self._worker is None:
            worker = Worker(
                self.broker, worker_threads=self._worker_threads, worker_timeout=self._poll_ms
            )
            worker.start()
            self._worker = worker

    def _on_first_message(self) -> None:
        with self._worker_lock:
            self._start_consuming()

    async def on_startup(self) -> None:
        """App startup: the embedded worker recovers the queue and starts."""
        threads = self.settings.worker_threads
        if not self.embedded or threads == 0 or not self.queue.names:
            return
        await asyncio.to_thread(
            self.start_worker, threads, poll_ms=EMBEDDED_POLL_MS, on_first_job=True
        )
        await self._send_unfinished()

    async def on_shutdown(self) -> None:
        await self.queue.drain()
        await asyncio.to_thread(self.stop_worker, wait_ms=EMBEDDED_STOP_MS)
        self.broker.close()

    async def _send_unfinished(self) -> None:
        try:
            async with self.database.transaction() as db:
                jobs = await unfinished_jobs(db)
        except (DBAPIError, OSError) as exc:  # readyz reports an unreachable database
            logger.warning(
                "queued jobs not recovered, is the database reachable and migrated? %s", exc
            )
            return
        known = self.queue.names
        orphans = sorted({job.actor for job in jobs} - known)
        if orphans:
            logger.warning("queued jobs of unknown actors left waiting: %s", ", ".join(orphans))
        recovered = [job for job in jobs if job.actor in known]
        if recovered:
            logger.info("sending again %d queued jobs", len(recovered))
            await self.queue.send(recovered)
