"""Enqueueing jobs: a ``core_job`` row in the caller's transaction, then a message."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from typing import Any

import dramatiq
from dramatiq import Message
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.db.after_commit import AfterCommit
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
        self._outbox: AfterCommit[Message[Any]] = AfterCommit("lasuite.jobs", self._committed)

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
        **arguments: Any,
    ) -> uuid.UUID:
        """Queue the job ``name`` (``<plugin id>.<function>``) for ``organization_id``,
        called with ``arguments`` (JSON values); returns the job's id."""
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
            job = create_job(db, organization_id=organization_id, actor=name, arguments=arguments)
            self.send_after_commit(db, job)
            return job.id
        async with self._database.transaction() as own:
            job = create_job(own, organization_id=organization_id, actor=name, arguments=arguments)
        await self.send([job])
        return job.id

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

    def _message(self, job: Job) -> Message[Any]:
        actor = self._broker.get_actor(job.actor)
        return actor.message(job_id=str(job.id), organization_id=str(job.organization_id))

    def _committed(self, messages: list[Message[Any]]) -> None:
        task = asyncio.get_running_loop().create_task(self._enqueue(messages))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    async def _enqueue(self, messages: list[Message[Any]]) -> None:
        try:
            await asyncio.to_thread(self._enqueue_now, messages)
        except Exception:
            logger.exception(
                "jobs %s are saved but their messages could not be sent; they stay queued",
                ", ".join(m.kwargs["job_id"] for m in messages),
            )
            raise

    def _enqueue_now(self, messages: list[Message[Any]]) -> None:
        for message in messages:
            self._broker.enqueue(message)
