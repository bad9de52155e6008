"""The worker side of every job actor: check the message, run the function, record it.

dramatiq calls one sync function per message in a worker thread. The database
work (and an async job function) runs on an event loop thread owned by the
runner, not dramatiq's process-global one, so that several app instances in a
process (tests) each keep their own.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from dramatiq.asyncio import EventLoopThread
from dramatiq.middleware import CurrentMessage

from lasuite.db.engine import Database
from lasuite.jobs.models import Job
from lasuite.jobs.run import JobRun
from lasuite.jobs.run_times import Outcome, RunTimer
from lasuite.jobs.spec import JobSpec
from lasuite.jobs.status import claim, record_dropped, record_failure, record_success
from lasuite.plugin_host.enablement import enabled_plugins

logger = logging.getLogger("lasuite.jobs")

if TYPE_CHECKING:
    from lasuite.realtime.bus import EventBus
    from lasuite.storage.store import FileStore

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class _Claimed:
    arguments: dict[str, Any]
    attempt: int


class JobRunner:
    """Runs the messages of every job actor of one broker; :meth:`start` before use."""

    def __init__(
        self,
        database_url: str,
        open_file_store: Callable[[], FileStore],
        events: EventBus | None,
        run_timer: RunTimer | None = None,
    ) -> None:
        self._database_url = database_url
        self._run_timer = run_timer
        self._open_file_store = open_file_store
        self._loop: EventLoopThread | None = None
        self.events = events
        """What job functions publish events and notify users with (``job.events``,
        ``job.notifier``)."""
        self._database: Database | None = None
        self._file_store: FileStore | None = None

    def start(self) -> None:
        if self._loop is not None:
            # A second start would orphan the running loop with its jobs and their
            # database connections, which the next coroutines would reach from the new
            # loop's thread (an asyncpg connection used from two threads crashes).
            raise RuntimeError("the job runner is already started")
        loop = EventLoopThread(logger)
        loop.start(timeout=10)
        self._loop = loop
        self._database = Database(self._database_url)
        # Its own store: an S3 client belongs to the event loop that opened it.
        self._file_store = self._open_file_store()

    def stop(self) -> None:
        if self._loop is None:
            return
        if self._database is not None:
            self._loop.run_coroutine(self._database.dispose())
        if self._file_store is not None:
            self._loop.run_coroutine(self._file_store.close())
            self._file_store = None
        self._loop.stop()  # type: ignore[no-untyped-call]
        self._loop = None

    def run_coroutine(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run ``coroutine`` on the runner's event loop (where its database lives), from
        another thread; returns its result."""
        return self._run_on_loop(coroutine)

    def _run_on_loop(self, coroutine: Coroutine[Any, Any, T]) -> T:
        if self._loop is None:
            coroutine.close()
            raise RuntimeError("the job runner is not started")
        return self._loop.run_coroutine(coroutine)

    @property
    def database(self) -> Database:
        if self._database is None:
            raise RuntimeError("the job runner is not started")
        return self._database

    def actor_function(self, spec: JobSpec) -> Callable[..., None]:
        """The function dramatiq calls for a message of ``spec``'s actor."""

        def run(job_id: str, organization_id: str) -> None:
            self.run(spec, uuid.UUID(job_id), uuid.UUID(organization_id))

        run.__module__ = spec.fn.__module__
        run.__qualname__ = run.__name__ = spec.name
        return run

    def run(self, spec: JobSpec, job_id: uuid.UUID, organization_id: uuid.UUID) -> None:
        message = CurrentMessage.get_current_message()
        retries_done = int(message.options.get("retries", 0)) if message is not None else 0
        claimed = self._run_on_loop(self._claim(spec, job_id, organization_id))
        if claimed is None:
            return
        run = JobRun(
            id=job_id,
            organization_id=organization_id,
            name=spec.name,
            attempt=claimed.attempt,
            database=self.database,
            run_on_loop=self._run_on_loop,
            events=self.events,
            file_store=self._file_store,
        )
        started = time.perf_counter()
        try:
            if spec.is_async:
                result = self._run_on_loop(spec.fn(run, **claimed.arguments))
            else:
                result = spec.fn(run, **claimed.arguments)
        except BaseException as exc:  # time limits interrupt with a BaseException
            self._timed(spec.name, "failed", started)
            retried = retries_done < spec.max_retries
            self._run_on_loop(self._fail(job_id, f"{type(exc).__name__}: {exc}", retried))
            raise
        self._timed(spec.name, "succeeded", started)
        self._run_on_loop(self._succeed(job_id, result if isinstance(result, str) else None))

    def _timed(self, name: str, outcome: Outcome, started: float) -> None:
        if self._run_timer is not None:
            self._run_timer(name, outcome, time.perf_counter() - started)

    async def _claim(
        self, spec: JobSpec, job_id: uuid.UUID, organization_id: uuid.UUID
    ) -> _Claimed | None:
        async with self.database.transaction() as db:
            job = await db.get(Job, job_id)
            if job is None or job.organization_id != organization_id or job.actor != spec.name:
                logger.warning(
                    "job %s: no %s job of organization %s; message ignored",
                    job_id,
                    spec.name,
                    organization_id,
                )
                return None
            if spec.plugin_id != "core" and spec.plugin_id not in await enabled_plugins(
                db, organization_id
            ):
                await record_dropped(db, job_id, f"The plugin {spec.plugin_id!r} is disabled.")
                logger.info(
                    "job %s (%s) dropped: organization %s has disabled the plugin %r",
                    job_id,
                    spec.name,
                    organization_id,
                    spec.plugin_id,
                )
                return None
            if not await claim(db, job_id):
                logger.info("job %s (%s) is %s; message ignored", job_id, spec.name, job.state)
                return None
            return _Claimed(arguments=dict(job.arguments), attempt=job.attempts + 1)

    async def _succeed(self, job_id: uuid.UUID, result_url: str | None) -> None:
        async with self.database.transaction() as db:
            await record_success(db, job_id, result_url)

    async def _fail(self, job_id: uuid.UUID, error: str, retried: bool) -> None:
        async with self.database.transaction() as db:
            await record_failure(db, job_id, error, retried=retried)
