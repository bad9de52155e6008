"""Reading and moving the state of jobs in ``core_job``.

queued -> running -> succeeded | failed, or back to queued while retries remain;
dropped when the organization has disabled the job's plugin. An admin may send a
failed or dropped job again (queued).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.db.base import utcnow
from lasuite.jobs.models import Job, JobState

ERROR_LENGTH = 2000
RETRYABLE: frozenset[str] = frozenset({"failed", "dropped"})


class NotRetryable(Exception):
    """Only failed or dropped jobs can be sent again."""


def create_job(
    db: AsyncSession, *, organization_id: uuid.UUID, actor: str, arguments: dict[str, Any]
) -> Job:
    """A queued job, added to the caller's transaction."""
    job = Job(
        id=uuid.uuid4(),
        organization_id=organization_id,
        actor=actor,
        state="queued",
        progress=0,
        attempts=0,
        arguments=arguments,
    )
    db.add(job)
    return job


async def find_job(db: AsyncSession, organization_id: uuid.UUID, job_id: uuid.UUID) -> Job | None:
    """The job, only if it belongs to ``organization_id``."""
    return await db.scalar(
        select(Job).where(Job.id == job_id, Job.organization_id == organization_id)
    )


async def list_jobs(
    db: AsyncSession,
    organization_id: uuid.UUID,
    *,
    state: JobState | None = None,
    limit: int = 100,
) -> Sequence[Job]:
    """The organization's jobs, newest first."""
    query = select(Job).where(Job.organization_id == organization_id)
    if state is not None:
        query = query.where(Job.state == state)
    query = query.order_by(Job.created_at.desc(), Job.id.desc()).limit(limit)
    return (await db.scalars(query)).all()


async def _move(db: AsyncSession, job_id: uuid.UUID, *, only_from: str, **values: Any) -> bool:
    moved = await db.execute(
        update(Job)
        .where(Job.id == job_id, Job.state == only_from)
        .values(updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    return bool(moved.rowcount == 1)  # type: ignore[attr-defined]


async def claim(db: AsyncSession, job_id: uuid.UUID) -> bool:
    """queued -> running; False when another delivery of the message got there first."""
    return await _move(db, job_id, only_from="queued", state="running", attempts=Job.attempts + 1)


async def record_progress(db: AsyncSession, job_id: uuid.UUID, percent: int) -> None:
    await _move(db, job_id, only_from="running", progress=percent)


async def record_success(db: AsyncSession, job_id: uuid.UUID, result_url: str | None) -> None:
    await _move(
        db, job_id, only_from="running", state="succeeded", progress=100, result_url=result_url
    )


async def record_failure(db: AsyncSession, job_id: uuid.UUID, error: str, *, retried: bool) -> None:
    """running -> queued (a retry is coming) or failed (retries are exhausted)."""
    await _move(
        db,
        job_id,
        only_from="running",
        state="queued" if retried else "failed",
        error=error[:ERROR_LENGTH],
    )


async def record_dropped(db: AsyncSession, job_id: uuid.UUID, reason: str) -> None:
    await _move(db, job_id, only_from="queued", state="dropped", error=reason)


def queue_again(job: Job) -> None:
    """A failed or dropped job goes back to the queue; raises :class:`NotRetryable`."""
    if job.state not in RETRYABLE:
        raise NotRetryable(f"The job is {job.state}; only failed or dropped jobs can be retried.")
    job.state = "queued"
    job.progress = 0
    job.error = None
    job.updated_at = utcnow()


async def unfinished_jobs(db: AsyncSession) -> Sequence[Job]:
    """Every queued job, after putting back in the queue the jobs left running.

    Only for the embedded worker at start: it is then the one process running
    jobs, so a job still marked running was interrupted by the last stop.
    """
    await db.execute(
        update(Job)
        .where(Job.state == "running")
        .values(state="queued", updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return (
        await db.scalars(select(Job).where(Job.state == "queued").order_by(Job.created_at))
    ).all()
