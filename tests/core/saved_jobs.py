"""Job rows written directly, for tests that need a job in some state to exist."""

from __future__ import annotations

import uuid
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
) -> uuid.UUID:
    """A job of ``member``'s organization in ``state``, saved outside any request."""
    database = Database(settings.database)
    try:
        async with database.transaction() as db:
            job = Job(
                organization_id=member.organization_id,
                actor=actor,
                state=state,
                attempts=attempts,
                arguments=arguments or {},
            )
            db.add(job)
    finally:
        await database.dispose()
    return job.id
