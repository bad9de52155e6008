"""Job rows written directly, for tests that need a job in some state to exist."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from lasuite.db.engine import Database
from lasuite.jobs.models import Job
from lasuite.settings import Settings
from lasuite.testing import Member


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
            )
            if updated_at is not None:
                job.created_at = job.updated_at = updated_at
            db.add(job)
    finally:
        await database.dispose()
    return job.id
