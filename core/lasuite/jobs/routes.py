"""Following jobs: their owner organization reads their status; admins see failures
and send a failed job again."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import Request, Router, get, post
from litestar.exceptions import ClientException, NotFoundException
from litestar.params import FromPath, QueryParameter

from lasuite.audit.log import record_event
from lasuite.jobs.models import Job, JobState
from lasuite.jobs.queue import JobQueue
from lasuite.jobs.status import NotRetryable, find_job, list_jobs, queue_again
from lasuite.plugins import CurrentActor, DbSession
from lasuite.problems import Problem
from lasuite.state import runtime_of

MANAGE = "core.jobs.manage"


class JobPluginGone(Problem):
    code = "core.job_plugin_gone"
    status = 409
    message = "No loaded plugin runs this job any more."


class JobOut(msgspec.Struct):
    id: uuid.UUID
    actor: str
    state: str
    progress: int
    result_url: str | None
    error: str | None
    """Why the last attempt failed; shown to those holding core.jobs.manage only."""
    attempts: int
    created_at: datetime
    updated_at: datetime


def job_out(job: Job, *, with_error: bool) -> JobOut:
    return JobOut(
        id=job.id,
        actor=job.actor,
        state=job.state,
        progress=job.progress,
        result_url=job.result_url,
        error=job.error if with_error else None,
        attempts=job.attempts,
        created_at=job.created_at,
        updated_at=job.updated_at,
    )


async def _job_of(db: DbSession, actor: CurrentActor, job_id: uuid.UUID) -> Job:
    job = await find_job(db, actor.organization_id, job_id)
    if job is None:
        raise NotFoundException("No such job.")
    return job


@get("/api/v1/jobs/{job_id:uuid}", permission="core.jobs.read", tags=["jobs"])
async def get_job(job_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor) -> JobOut:
    """A job of the caller's organization: its state, progress and result."""
    return job_out(await _job_of(db, actor, job_id), with_error=actor.can(MANAGE))


Limit = Annotated[int, QueryParameter(ge=1, le=500)]


@get("/", permission=MANAGE)
async def list_org_jobs(
    db: DbSession,
    actor: CurrentActor,
    only: Annotated[JobState | None, QueryParameter(name="state")] = None,
    limit: Limit = 100,
) -> list[JobOut]:
    """The organization's jobs, newest first; ``?state=failed`` for those that need a look."""
    jobs = await list_jobs(db, actor.organization_id, state=only, limit=limit)
    return [job_out(job, with_error=True) for job in jobs]


@post("/{job_id:uuid}/retry", permission=MANAGE, status_code=202)
async def retry_job(
    job_id: FromPath[uuid.UUID],
    request: Request[Any, Any, Any],
    db: DbSession,
    actor: CurrentActor,
) -> JobOut:
    """Send a failed (or dropped) job to the queue again."""
    job = await _job_of(db, actor, job_id)
    queue: JobQueue = runtime_of(request.app.state).jobs.queue
    if job.actor not in queue.names:
        raise JobPluginGone()
    try:
        queue_again(job)
    except NotRetryable as exc:
        raise ClientException(str(exc), status_code=409) from exc
    queue.send_after_commit(db, job)
    record_event(
        db,
        action="core.job.retried",
        organization_id=actor.organization_id,
        actor_id=actor.user_id,
        target=str(job.id),
        data={"actor": job.actor},
    )
    return job_out(job, with_error=True)


org_jobs_router = Router(
    path="/api/v1/orgs/current/jobs", route_handlers=[list_org_jobs, retry_job], tags=["jobs"]
)
