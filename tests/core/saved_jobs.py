"""Job rows written directly, for tests that need a job in some state to exist."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from lasuite.db.engine import Database
from lasuite.jobs.models import Job
from lasuite.settings import Settings
from lasuite.testing import Member

SWEEP_EVERY = 0.2
"""Seconds between the embedded worker's sweeps in :func:`sweeping_settings`."""


def sweeping_settings(var_dir: Path, database_url: str, **overrides: Any) -> Settings:
    """Settings of an app whose embedded worker (one thread) sweeps ``core_job`` every
    :data:`SWEEP_EVERY` seconds: a lost job is sent again, a due periodic job queued,
    within a test's wait."""
    return Settings(
        var_dir=var_dir,
        database_url=database_url,
        worker_threads=1,
        job_resend_after_seconds=SWEEP_EVERY,
        **overrides,
    )


async def save_job(
    settings: Settings,
    member: Member,
    *,
    actor: str = "reports.tally",
    state: str = "failed",
    attempts: int = 1,
    arguments: dict[str, Any] | None = None,
    updated_at: datetime | None = None,
    error: str | None = None,
    run_after: datetime | None = None,
) -> uuid.UUID:
    """A job of ``member``'s organization in ``state``, last changed at ``updated_at``
    (now by default), saved outside any request."""
    database = Database(settings.database)
    try:
        async with database.transaction() as db:
            job = Job(
                organization_id=member.organization_id,
                actor=actor,
                state=state,
                attempts=attempts,
                arguments=arguments or {},
                error=error,
                run_after=run_after,
            )
            if updated_at is not None:
                job.created_at = job.updated_at = updated_at
            db.add(job)
    finally:
        await database.dispose()
    return job.id
