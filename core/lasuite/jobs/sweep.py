"""The sweep every worker process makes of ``core_job``: lost jobs sent again, old
jobs deleted.

A job's row commits before its message is sent (see :mod:`lasuite.jobs.queue`), so a
crash between the two, or a broker that loses a message, leaves a ``queued`` row that
no message names. A worker process killed during a job leaves its row ``running``: the
broker gives the message to another worker, which ignores it since the job is running.
Each worker process (``lasuite worker`` and the embedded worker of ``lasuite run``)
sweeps the table every :func:`sweep_interval`:

- a queued job untouched for ``job_resend_after_seconds`` is sent again;
- a running job untouched for its time limit plus ``job_resend_after_seconds`` goes
  back to the queue and is sent again, or fails once it has had every attempt it may;
- jobs finished more than ``job_retention_days`` ago are deleted;
- periodic jobs due in an organization are queued (:mod:`lasuite.jobs.schedule`).

Sending again is safe: a worker runs only a job it moves from queued to running
(:func:`lasuite.jobs.status.claim`), so the message of a job already running or
finished is ignored.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from datetime import datetime, timedelta

from lasuite.db.base import utcnow
from lasuite.jobs.models import Job
from lasuite.jobs.queue import JobQueue
from lasuite.jobs.runner import JobRunner
from lasuite.jobs.schedule import add_due_runs
from lasuite.jobs.spec import JobSpec
from lasuite.jobs.status import delete_finished_jobs, take_abandoned_jobs, take_unsent_jobs
from lasuite.settings import Settings

logger = logging.getLogger("lasuite.jobs")

RESEND_BATCH = 500
"""Jobs sent again per sweep at most; the next sweep takes the rest."""

LONGEST_INTERVAL_SECONDS = 60.0


def sweep_interval(settings: Settings) -> float:
    """Seconds between two sweeps: often enough that a lost message waits about
    ``job_resend_after_seconds``, at most a minute."""
    return min(LONGEST_INTERVAL_SECONDS, settings.job_resend_after_seconds)


class JobSweeper:
    """A thread sweeping ``core_job`` on ``runner``'s event loop until :meth:`stop`.

    The first sweep comes one interval after :meth:`start`: at start the embedded
    worker has just sent every queued job again (see :mod:`lasuite.jobs.runtime`).
    """

    def __init__(
        self, settings: Settings, runner: JobRunner, queue: JobQueue, specs: Sequence[JobSpec]
    ) -> None:
        self._settings = settings
        self._specs = {spec.name: spec for spec in specs}
        self._periodic = [spec for spec in specs if spec.every is not None]
        self._runner = runner
        self._queue = queue
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="lasuite-job-sweeper", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        interval = sweep_interval(self._settings)
        while not self._stop.wait(interval):
            try:
                self._runner.run_coroutine(self.sweep())
            except Exception:  # the database or the broker is down: the next sweep tries again
                logger.exception("the sweep of queued and finished jobs failed")

    async def sweep(self) -> None:
        """Send again the jobs whose message or worker may be lost; delete the old
        finished ones; queue the periodic jobs that are due."""
        now = utcnow()
        resend_after = timedelta(seconds=self._settings.job_resend_after_seconds)
        async with self._runner.database.transaction() as db:
            unsent = await take_unsent_jobs(
                db, untouched_since=now - resend_after, limit=RESEND_BATCH
            )
            abandoned, failed = await take_abandoned_jobs(
                db,
                cutoffs=self._abandon_cutoffs(now - resend_after),
                attempts={name: spec.max_retries + 1 for name, spec in self._specs.items()},
                limit=RESEND_BATCH,
            )
        for job in failed:
            logger.warning(
                "job %s (%s) failed: its worker stopped at each attempt", job.id, job.actor
            )
        await self._send_again(unsent, "queued with no worker taking them")
        await self._send_again(abandoned, "left running by a worker that stopped")
        if self._settings.job_retention_days:
            retention = timedelta(days=self._settings.job_retention_days)
            async with self._runner.database.transaction() as db:
                deleted = await delete_finished_jobs(db, finished_before=now - retention)
            if deleted:
                logger.info(
                    "deleted %d jobs finished over %s days ago",
                    deleted,
                    self._settings.job_retention_days,
                )
        if self._periodic:
            async with self._runner.database.transaction() as db:
                due = await add_due_runs(db, self._periodic, now)
            if due:
                await self._queue.send(due)

    def _abandon_cutoffs(self, untouched_since: datetime) -> dict[str, datetime]:
        return {
            name: untouched_since - timedelta(milliseconds=spec.time_limit_ms)
            for name, spec in self._specs.items()
        }

    async def _send_again(self, jobs: list[Job], why: str) -> None:
        known = self._queue.names
        jobs = [job for job in jobs if job.actor in known]
        if jobs:
            logger.warning(
                "sending again %d jobs %s: %s",
                len(jobs),
                why,
                ", ".join(str(job.id) for job in jobs),
            )
            await self._queue.send(jobs)
