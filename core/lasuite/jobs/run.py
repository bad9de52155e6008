"""What a job function receives: the run it is, and how to report on it."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Coroutine
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.db.engine import Database
from lasuite.jobs.status import record_progress

if TYPE_CHECKING:
    from lasuite.notifications.service import Notifier

RunOnLoop = Callable[[Coroutine[Any, Any, Any]], Any]


class JobRun:
    """One run of a job, passed to the job function as its first argument (API 1.0).

    The function's keyword arguments are those given to ``enqueue``; an async
    function may return the URL of its result (an export's file), kept as the
    job's ``result_url``. Example::

        async def export(job: JobRun, *, channel_id: str) -> str:
            async with job.transaction() as db:
                messages = await load_messages(db, job.organization_id, channel_id)
            await job.report_progress(50)
            path = await write_export(messages)
            return f"/api/v1/chat/exports/{job.id}"

        ctx.add_job(export, max_retries=3)

    A job works for its organization only: every query it makes filters on
    ``job.organization_id``.
    """

    __slots__ = (
        "_database",
        "_notifier",
        "_run_on_loop",
        "attempt",
        "id",
        "name",
        "organization_id",
    )

    def __init__(
        self,
        *,
        id: uuid.UUID,
        organization_id: uuid.UUID,
        name: str,
        attempt: int,
        database: Database,
        run_on_loop: RunOnLoop,
        notifier: Notifier | None = None,
    ) -> None:
        self.id = id
        self.organization_id = organization_id
        self.name = name
        """The actor's name, ``<plugin id>.<function>``."""
        self.attempt = attempt
        """1 on the first run, then 2, 3… on each retry."""
        self._database = database
        self._run_on_loop = run_on_loop
        self._notifier = notifier

    @property
    def notifier(self) -> Notifier:
        """Notify users from an async job (API 1.0), in one of its transactions or with
        ``db=None`` in a transaction of its own::

            async with job.transaction() as db:
                await job.notifier.notify(db, [owner_id], kind="chat.export_ready",
                                          title="Your export is ready", link=url,
                                          organization_id=job.organization_id)
        """
        if self._notifier is None:
            raise RuntimeError("this job runs without a notifier")
        return self._notifier.using(self._database)

    def transaction(self) -> AbstractAsyncContextManager[AsyncSession]:
        """A database session committed when the block ends without error (async jobs)."""
        return self._database.transaction()

    async def report_progress(self, percent: int) -> None:
        """Record how far the job is, 0-100, for those polling its status."""
        async with self._database.transaction() as db:
            await record_progress(db, self.id, max(0, min(100, int(percent))))

    def report_progress_sync(self, percent: int) -> None:
        """:meth:`report_progress` for a job written as a plain (sync) function."""
        self._run_on_loop(self.report_progress(percent))
