"""Reading and moving the state of jobs in ``core_job``.

queued -> running -> succeeded | failed, or back to queued while retries remain;
dropped when the organization has disabled the job's plugin. An admin may send a
failed or dropped job again (queued).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.db.base import utcnow
from lasuite.jobs.models import Job, JobState

ERROR_LENGTH = 2000
RETRYABLE: frozenset[str] = frozenset({"failed", "dropped"})
FINISHED: frozenset[str] = frozenset({"succeeded", "failed", "dropped"})


class NotRetryable(Exception):
    """Only failed or dropped jobs can be sent again."""


def create_job(
    db: AsyncSession,
    *,
    organization_id: uuid.UUID,
    actor: str,
    arguments: dict[str, Any],
    run_after: datetime | None = None,
) -> Job:
    """A queued job, added to the caller's transaction, to run at once or from
    ``run_after``."""
    job = Job(
        id=uuid.uuid4(),
        organization_id=organization_id,
        actor=actor,
        state="queued",
        progress=0,
        attempts=0,
        arguments=arguments,
        run_after=run_after,
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


async def _move(
    db: AsyncSession,
    job_id: uuid.UUID,
    *,
    only_from: str,
    due_by: datetime | None = None,
    **values: Any,
) -> bool:
    """Move the job from the state ``only_from`` (and, with ``due_by``, only if it is due
    by then) to ``values``; False when it was not in that state."""
    due = [or_(Job.run_after.is_(None), Job.run_after <= due_by)] if due_by else []
    moved = await db.execute(
        update(Job)
        .where(Job.id == job_id, Job.state == only_from, *due)
        .values(updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    return bool(moved.rowcount == 1)  # type: ignore[attr-defined]


async def claim(db: AsyncSession, job_id: uuid.UUID) -> bool:
    """queued -> running; False when another delivery of the message got there first, or
    when the job is not due yet (a message early for a delayed job: once due, the sweep
    sends it again)."""
    now = utcnow()
    return await _move(
        db, job_id, only_from="queued", due_by=now, state="running", attempts=Job.attempts + 1
    )


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


async def take_unsent_jobs(db: AsyncSession, *, untouched_since: datetime, limit: int) -> list[Job]:
    """Queued jobs untouched since ``untouched_since`` whose message may be lost, marked as
    sent again now.

    A row waiting for a retry keeps the error of its last attempt and is left out: the
    broker holds its delayed message. Each row is taken by one caller only (the update
    matches its ``updated_at``), so processes sweeping at once do not both send it.
    """
    candidates = (
        await db.scalars(
            select(Job)
            .where(
                Job.state == "queued",
                Job.error.is_(None),
                Job.updated_at < untouched_since,
                # A delayed job's message is due at its time, not when it was queued.
                or_(Job.run_after.is_(None), Job.run_after < untouched_since),
            )
            .order_by(Job.updated_at)
            .limit(limit)
        )
    ).all()
    taken: list[Job] = []
    for job in candidates:
        moved = await db.execute(
            update(Job)
            .where(Job.id == job.id, Job.state == "queued", Job.updated_at == job.updated_at)
            .values(updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if moved.rowcount == 1:  # type: ignore[attr-defined]
            taken.append(job)
    return taken


async def take_abandoned_jobs(
    db: AsyncSession, *, cutoffs: Mapping[str, datetime], attempts: Mapping[str, int], limit: int
) -> tuple[list[Job], list[Job]]:
    """Running jobs untouched since their actor's cutoff in ``cutoffs``: the worker
    running them stopped, since a job past its time limit is interrupted and a progress
    report touches its row. Each goes back to the queue (the first list), or fails when
    it has had the ``attempts`` its actor allows (the second). Each row is taken by one
    caller only, as in :func:`take_unsent_jobs`.
    """
    if not cutoffs:
        return [], []
    candidates = (
        await db.scalars(
            select(Job)
            .where(
                Job.state == "running",
                Job.actor.in_(list(cutoffs)),
                Job.updated_at < max(cutoffs.values()),
            )
            .order_by(Job.updated_at)
            .limit(limit)
        )
    ).all()
    queued: list[Job] = []
    failed: list[Job] = []
    for job in candidates:
        if job.updated_at >= cutoffs[job.actor]:
            continue
        give_up = job.attempts >= attempts[job.actor]
        values: dict[str, Any] = (
            {
                "state": "failed",
                "error": f"The worker running it stopped, at each of its {job.attempts} attempts.",
            }
            if give_up
            else {"state": "queued", "error": None}
        )
        moved = await db.execute(
            update(Job)
            .where(Job.id == job.id, Job.state == "running", Job.updated_at == job.updated_at)
            .values(updated_at=utcnow(), **values)
            .execution_options(synchronize_session=False)
        )
        if moved.rowcount == 1:  # type: ignore[attr-defined]
            (failed if give_up else queued).append(job)
    return queued, failed


async def delete_finished_jobs(db: AsyncSession, *, finished_before: datetime) -> int:
    """Delete the jobs that finished before ``finished_before``; returns how many."""
    deleted = await db.execute(
        delete(Job)
        .where(Job.state.in_(FINISHED), Job.updated_at < finished_before)
        .execution_options(synchronize_session=False)
    )
    return int(deleted.rowcount)  # type: ignore[attr-defined]
