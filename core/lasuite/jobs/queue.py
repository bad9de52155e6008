"""Enqueueing jobs: a ``core_job`` row in the caller's transaction, then a message."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from datetime import datetime, timedelta
from typing import Any, NamedTuple

import dramatiq
from dramatiq import Message
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.db.after_commit import AfterCommit
from lasuite.db.base import utcnow
from lasuite.db.engine import Database
from lasuite.jobs.models import Job
from lasuite.jobs.status import create_job

logger = logging.getLogger("lasuite.jobs")


class UnknownJob(LookupError):
    """No loaded plugin registered a job of that name."""


class JobQueue:
    """Enqueues the jobs plugins registered with ``ctx.add_job`` (API 1.0).

    A route gets it as the parameter ``jobs: Jobs``. Example::

        @post("/channels/{channel_id:uuid}/export", permission="chat.channel.export")
        async def export(channel_id: UUID, db: DbSession, actor: CurrentActor,
                         jobs: Jobs) -> dict[str, str]:
            job_id = await jobs.enqueue(db, "chat.export", organization_id=actor.organization_id,
                                        channel_id=str(channel_id))
            return {"job": f"/api/v1/jobs/{job_id}"}

    With a session the job exists exactly when its transaction commits, and its
    message is sent after the commit; with ``None`` it is saved and sent at once.
    Follow it at ``GET /api/v1/jobs/{job_id}``.
    """

    def __init__(self, broker: dramatiq.Broker, database: Database) -> None:
        self._broker = broker
        self._database = database
        self._sending: set[asyncio.Task[None]] = set()
        self._outbox: AfterCommit[_Outgoing] = AfterCommit("lasuite.jobs", self._committed)

    @property
    def broker(self) -> dramatiq.Broker:
        """Where the jobs' messages go; the job runtime declares the actors on it."""
        return self._broker

    @property
    def names(self) -> frozenset[str]:
        """The names of every job that can be enqueued."""
        return frozenset(self._broker.get_declared_actors())

    async def enqueue(
        self,
        db: AsyncSession | None,
        name: str,
        /,
        *,
        organization_id: uuid.UUID,
        after: timedelta | None = None,
        at: datetime | None = None,
        **arguments: Any,
    ) -> uuid.UUID:
        """Queue the job ``name`` (``<plugin id>.<function>``) for ``organization_id``,
        called with ``arguments`` (JSON values); returns the job's id. It runs at once, or
        ``after`` a delay, or ``at`` a time (timezone-aware)."""
        run_after = _run_after(after, at)
        if name not in self.names:
            raise UnknownJob(
                f"no job named {name!r} is registered; a plugin registers it with "
                "ctx.add_job(fn) as '<plugin id>.<fn name>'"
            )
        try:
            json.dumps(arguments)
        except (TypeError, ValueError) as exc:
            raise TypeError(
                f"arguments of job {name!r} must be JSON values (pass str(uuid), "
                f"dates as ISO strings): {exc}"
            ) from exc
        if db is not None:
            job = self._create(db, name, organization_id, arguments, run_after)
            self.send_after_commit(db, job)
            return job.id
        async with self._database.transaction() as own:
            job = self._create(own, name, organization_id, arguments, run_after)
        await self.send([job])
        return job.id

    @staticmethod
    def _create(
        db: AsyncSession,
        name: str,
        organization_id: uuid.UUID,
        arguments: dict[str, Any],
        run_after: datetime | None,
    ) -> Job:
        return create_job(
            db,
            organization_id=organization_id,
            actor=name,
            arguments=arguments,
            run_after=run_after,
        )

    def send_after_commit(self, db: AsyncSession, job: Job) -> None:
        """Send ``job``'s message once ``db``'s transaction commits (never if it, or the
        savepoint the job was queued in, rolls back)."""
        self._outbox.add(db, [self._message(job)])

    async def send(self, jobs: list[Job]) -> None:
        """Send the messages of committed ``jobs`` now."""
        await self._enqueue([self._message(job) for job in jobs])

    async def drain(self) -> None:
        """Wait for the messages being sent after a commit."""
        if self._sending:
            await asyncio.gather(*self._sending, return_exceptions=True)

    def _message(self, job: Job) -> _Outgoing:
        actor = self._broker.get_actor(job.actor)
        message = actor.message(job_id=str(job.id), organization_id=str(job.organization_id))
        return _Outgoing(message, job.run_after)

    def _committed(self, messages: list[_Outgoing]) -> None:
        task = asyncio.get_running_loop().create_task(self._enqueue(messages))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    async def _enqueue(self, messages: list[_Outgoing]) -> None:
        try:
            await asyncio.to_thread(self._enqueue_now, messages)
        except Exception:
            logger.exception(
                "jobs %s are saved but their messages could not be sent; they stay queued",
                ", ".join(m.message.kwargs["job_id"] for m in messages),
            )
            raise

    def _enqueue_now(self, messages: list[_Outgoing]) -> None:
        now = utcnow()
        for message, run_after in messages:
            # A delayed job's message waits in the broker until its time (what is left of
            # it, for a message sent again).
            wait = (run_after - now) // timedelta(milliseconds=1) if run_after else 0
            self._broker.enqueue(message, delay=wait if wait > 0 else None)


class _Outgoing(NamedTuple):
    message: Message[Any]
    run_after: datetime | None


def _run_after(after: timedelta | None, at: datetime | None) -> datetime | None:
    if after is not None and at is not None:
        raise TypeError("give a job `after` a delay or `at` a time, not both")
    if at is not None:
        if at.tzinfo is None:
            raise TypeError("`at` must be a timezone-aware time, such as datetime.now(UTC)")
        return at
    if after is not None:
        return utcnow() + after
    return None
