"""Queueing periodic jobs (``ctx.add_job(fn, every=...)``) where they are due.

Each worker sweep (:mod:`lasuite.jobs.sweep`) calls :func:`add_due_runs`, then sends
the messages of the jobs it added once they are committed. A periodic job has a row
per organization in ``core_job_schedule`` holding its next run; an organization that
has just enabled the plugin gets one, due at once. A due row is claimed by moving
``next_run_at`` one period ahead with an update conditioned on its old value: when
several workers sweep at the same moment, the database lets one of them move it, and
only that one queues the run. Organizations that disabled the plugin keep their row
and get no run; they are due again as soon as they enable it back.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.jobs.models import Job, JobSchedule
from lasuite.jobs.spec import JobSpec
from lasuite.jobs.status import create_job
from lasuite.tenancy.models import Organization, OrganizationPlugin


async def add_due_runs(db: AsyncSession, specs: Sequence[JobSpec], now: datetime) -> list[Job]:
    """Add to ``db``'s transaction a queued job for each of the periodic ``specs`` due at
    ``now`` in each organization running it; the caller sends their messages after the
    commit."""
    queued: list[Job] = []
    for spec in specs:
        assert spec.every is not None, f"{spec.name} is not periodic"
        running_it = _organizations_running(spec.plugin_id)
        await _schedule_new_organizations(db, spec.name, running_it, now)
        claimed = await _claim_due(db, spec.name, spec.every, running_it, now)
        for organization_id in claimed:
            queued.append(
                create_job(db, organization_id=organization_id, actor=spec.name, arguments={})
            )
    return queued


def _organizations_running(plugin_id: str) -> Select[Any]:
    if plugin_id == "core":
        return select(Organization.id)
    return select(OrganizationPlugin.organization_id).where(
        OrganizationPlugin.plugin_id == plugin_id, OrganizationPlugin.enabled.is_(True)
    )


async def _schedule_new_organizations(
    db: AsyncSession, actor: str, running_it: Select[Any], now: datetime
) -> None:
    scheduled = select(JobSchedule.organization_id).where(JobSchedule.actor == actor)
    new = list(await db.scalars(running_it.where(running_it.selected_columns[0].not_in(scheduled))))
    if not new:
        return
    rows = [
        {
            "id": uuid.uuid4(),
            "created_at": now,
            "actor": actor,
            "organization_id": organization_id,
            "next_run_at": now,
        }
        for organization_id in new
    ]
    # Another worker sweeping at the same moment may add the same rows: keep theirs.
    dialect = postgresql if db.get_bind().dialect.name == "postgresql" else sqlite
    await db.execute(dialect.insert(JobSchedule).values(rows).on_conflict_do_nothing())


async def _claim_due(
    db: AsyncSession,
    actor: str,
    every: timedelta,
    running_it: Select[Any],
    now: datetime,
) -> list[uuid.UUID]:
    claimed = await db.scalars(
        update(JobSchedule)
        .where(
            JobSchedule.actor == actor,
            JobSchedule.next_run_at <= now,
            JobSchedule.organization_id.in_(running_it),
        )
        .values(next_run_at=now + every)
        .returning(JobSchedule.organization_id)
        .execution_options(synchronize_session=False)
    )
    return list(claimed)
