"""Periodic jobs (``ctx.add_job(fn, every=...)``): the workers queue one run per period
in each organization with the plugin enabled, whatever the number of sweeps."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from lasuite.db.base import utcnow
from lasuite.db.engine import Database
from lasuite.jobs.models import Job
from lasuite.jobs.schedule import add_due_runs
from lasuite.jobs.spec import InvalidJob, JobSpec, job_spec
from lasuite.plugin_host.loader import discover, load_registry
from lasuite.plugin_host.registry import Registry
from lasuite.settings import Settings
from lasuite.tenancy.models import OrganizationPlugin
from lasuite.testing import eventually, run_periodic_job
from tests.core import periodic_plugin
from tests.core.periodic_plugin import EVERY, RUNS
from tests.core.saved_jobs import sweeping_settings

DIGEST = "digest.send_digest"


@pytest.fixture(scope="module")
def lasuite_registry() -> Registry:
    return load_registry(found=[*discover(), periodic_plugin.ENTRY_POINT])


@pytest.fixture
def lasuite_settings(tmp_path, lasuite_database_url) -> Settings:
    # The worker queues due runs by itself within the test.
    return sweeping_settings(tmp_path / "var", lasuite_database_url)


@pytest.fixture
def digest(lasuite_registry) -> JobSpec:
    (spec,) = [
        spec
        for record in lasuite_registry.loaded
        for spec in record.contributions.jobs
        if spec.name == DIGEST
    ]
    return spec


async def sweep_at(lasuite_database: Database, spec: JobSpec, now: datetime) -> list[uuid.UUID]:
    """The organizations a sweep at ``now`` queues the job for."""
    async with lasuite_database.transaction() as db:
        queued = await add_due_runs(db, [spec], now)
    return [job.organization_id for job in queued]


async def switch(lasuite_database: Database, organization_id: uuid.UUID, *, enabled: bool) -> None:
    async with lasuite_database.transaction() as db:
        await db.execute(
            update(OrganizationPlugin)
            .where(
                OrganizationPlugin.organization_id == organization_id,
                OrganizationPlugin.plugin_id == "digest",
            )
            .values(enabled=enabled)
        )


async def test_a_periodic_job_runs_once_per_period_where_its_plugin_is_on(
    lasuite_client, make_member, lasuite_database, digest
):
    ours = await make_member(organization="org-a")
    theirs = await make_member(organization="org-b")
    await switch(lasuite_database, theirs.organization_id, enabled=False)
    start = utcnow() + timedelta(days=1)  # after anything the worker's own sweeps did

    assert await sweep_at(lasuite_database, digest, start) == [ours.organization_id]
    assert await sweep_at(lasuite_database, digest, start) == []
    assert await sweep_at(lasuite_database, digest, start + EVERY - timedelta(seconds=1)) == []
    assert await sweep_at(lasuite_database, digest, start + EVERY) == [ours.organization_id]

    await switch(lasuite_database, theirs.organization_id, enabled=True)
    assert await sweep_at(lasuite_database, digest, start + EVERY) == [theirs.organization_id]


# Several worker processes share a database on PostgreSQL only.
@pytest.mark.parametrize("lasuite_database_url", ["postgres"], indirect=True)
async def test_concurrent_sweeps_queue_one_run(
    lasuite_client, make_member, lasuite_database, digest
):
    member = await make_member()
    later = utcnow() + timedelta(days=1)

    swept = await asyncio.gather(*(sweep_at(lasuite_database, digest, later) for _ in range(4)))

    assert sorted(len(queued) for queued in swept) == [0, 0, 0, 1]
    assert swept[[len(q) for q in swept].index(1)] == [member.organization_id]


async def test_the_worker_queues_and_runs_a_periodic_job_by_itself(lasuite_client, make_member):
    member = await make_member()

    await eventually(lambda: RUNS[member.organization_id] >= 1, within=20)


async def test_the_test_kit_runs_a_periodic_job_now(
    lasuite_app, lasuite_client, make_member, lasuite_database
):
    member = await make_member()
    await member.sign_in(lasuite_client)
    await eventually(lambda: RUNS[member.organization_id] >= 1, within=20)

    job = await run_periodic_job(lasuite_app, lasuite_client, DIGEST)

    assert job["state"] == "succeeded"
    assert RUNS[member.organization_id] == 2
    async with lasuite_database.sessions() as db:
        runs = list(
            await db.scalars(
                select(Job.id).where(
                    Job.actor == DIGEST, Job.organization_id == member.organization_id
                )
            )
        )
    assert len(runs) == 2
    assert uuid.UUID(job["id"]) in runs


async def _send(job, *, to: str) -> None: ...


async def _check(job) -> None: ...


@pytest.mark.parametrize(
    ("fn", "every", "problem"),
    [
        (_check, timedelta(seconds=30), "more often than once a minute"),
        (_send, timedelta(hours=1), "requires arguments to"),
    ],
)
def test_a_periodic_job_that_could_not_run_is_refused(fn, every, problem):
    with pytest.raises(InvalidJob, match=problem):
        job_spec(
            "digest",
            fn,
            name=None,
            max_retries=0,
            min_backoff=1,
            max_backoff=1,
            time_limit=1,
            every=every,
        )
