"""The worker's sweep of ``core_job``: jobs whose message was lost are sent again, a
message of a finished job runs nothing, old finished jobs are deleted."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import pytest

from lasuite.db.base import utcnow
from lasuite.jobs.models import Job
from lasuite.plugins.loader import discover, load_registry
from lasuite.plugins.registry import Registry
from lasuite.settings import Settings
from lasuite.testing import wait_for_job
from tests.core import jobs_plugin
from tests.core.saved_jobs import save_job

RESEND_AFTER = 0.2
"""Seconds: also how often the embedded worker sweeps, in these tests."""


@pytest.fixture(scope="module")
def lasuite_registry() -> Registry:
    return load_registry(found=[*discover(), jobs_plugin.ENTRY_POINT])


@pytest.fixture
def lasuite_settings(tmp_path, lasuite_database_url) -> Settings:
    return Settings(
        var_dir=tmp_path / "var",
        database_url=lasuite_database_url,
        worker_threads=1,
        job_resend_after_seconds=RESEND_AFTER,
        job_retention_days=7,
    )


@pytest.fixture
async def member(lasuite_client, make_member):
    member = await make_member(role="member")
    await member.sign_in(lasuite_client)
    return member


async def test_a_job_saved_without_its_message_is_sent_again_and_runs(
    lasuite_client, lasuite_settings, member
):
    # As if the app had crashed between the job's commit and the send of its message.
    job_id = await save_job(
        lasuite_settings, member, state="queued", attempts=0, arguments={"numbers": [5, 6]}
    )

    job = await wait_for_job(lasuite_client, job_id)

    assert (job["state"], job["attempts"], job["result_url"]) == ("succeeded", 1, "/tallies/11")


async def test_a_job_waiting_for_its_retry_is_not_sent_again(
    lasuite_client, lasuite_settings, member
):
    key = uuid.uuid4().hex
    waiting = await save_job(
        lasuite_settings,
        member,
        actor="reports.flaky",
        state="queued",
        attempts=1,
        arguments={"key": key},
        updated_at=utcnow() - timedelta(hours=1),
        error="RuntimeError: the first attempt failed",
    )
    lost = await save_job(
        lasuite_settings,
        member,
        state="queued",
        attempts=0,
        arguments={"numbers": [1]},
        updated_at=utcnow() - timedelta(minutes=1),
    )

    # The sweep that sends ``lost`` again sees ``waiting`` too, and would send it first;
    # one worker thread runs them in order.
    await wait_for_job(lasuite_client, lost, until="succeeded")
    job = (await lasuite_client.get(f"/api/v1/jobs/{waiting}")).json()

    assert (job["state"], job["attempts"]) == ("queued", 1)
    assert jobs_plugin.ATTEMPTS[key] == []


async def test_a_second_message_of_a_finished_job_does_not_run_it_again(
    lasuite_client, lasuite_app, member
):
    key = uuid.uuid4().hex
    response = await lasuite_client.post("/api/v1/reports/jobs/flaky", json={"key": key})
    job_id = uuid.UUID(response.json()["id"])
    await wait_for_job(lasuite_client, job_id, until="succeeded")

    queue = lasuite_app.state.jobs.queue
    await queue.send(
        [Job(id=job_id, organization_id=member.organization_id, actor="reports.flaky")]
    )
    # One worker thread takes the messages of a queue in order: once the next job is
    # done, the second message of the first has been handled.
    after = await lasuite_client.post("/api/v1/reports/jobs/flaky", json={"key": f"{key}-after"})
    await wait_for_job(lasuite_client, after.json()["id"], until="succeeded")
    job = (await lasuite_client.get(f"/api/v1/jobs/{job_id}")).json()

    assert len(jobs_plugin.ATTEMPTS[key]) == 1
    assert (job["state"], job["attempts"]) == ("succeeded", 1)


async def test_a_job_left_running_by_a_worker_that_stopped_runs_again(
    lasuite_client, lasuite_settings, member
):
    # reports.tally has the default time limit (600 s): untouched for longer, and for
    # the resend delay, no worker is running it any more.
    job_id = await save_job(
        lasuite_settings,
        member,
        state="running",
        attempts=1,
        arguments={"numbers": [2, 3]},
        updated_at=utcnow() - timedelta(seconds=600 + 60),
    )

    job = await wait_for_job(lasuite_client, job_id)

    assert (job["state"], job["attempts"], job["result_url"]) == ("succeeded", 2, "/tallies/5")


async def test_a_running_job_within_its_time_limit_is_left_alone(
    lasuite_client, lasuite_settings, member
):
    running = await save_job(
        lasuite_settings,
        member,
        state="running",
        attempts=1,
        arguments={"numbers": [1]},
        updated_at=utcnow() - timedelta(seconds=500),
    )
    lost = await save_job(
        lasuite_settings,
        member,
        state="queued",
        attempts=0,
        arguments={"numbers": [1]},
        updated_at=utcnow() - timedelta(minutes=1),
    )

    # The sweep that sent ``lost`` again has seen ``running`` too.
    await wait_for_job(lasuite_client, lost, until="succeeded")
    job = (await lasuite_client.get(f"/api/v1/jobs/{running}")).json()

    assert (job["state"], job["attempts"]) == ("running", 1)


async def test_a_job_whose_worker_stopped_at_every_attempt_fails(
    lasuite_client, lasuite_settings, make_member
):
    admin = await make_member(role="admin")  # who reads the error
    await admin.sign_in(lasuite_client)
    # reports.tally allows its first run and 3 retries.
    job_id = await save_job(
        lasuite_settings,
        admin,
        state="running",
        attempts=4,
        arguments={"numbers": [1]},
        updated_at=utcnow() - timedelta(hours=1),
    )

    job = await wait_for_job(lasuite_client, job_id)

    assert (job["state"], job["attempts"]) == ("failed", 4)
    assert "worker running it stopped" in job["error"]


async def test_finished_jobs_are_deleted_after_the_retention(
    lasuite_client, lasuite_settings, member
):
    old = utcnow() - timedelta(days=8)
    expired = await save_job(lasuite_settings, member, state="succeeded", updated_at=old)
    recent = await save_job(
        lasuite_settings, member, state="failed", updated_at=utcnow() - timedelta(days=6)
    )
    unfinished = await save_job(
        lasuite_settings, member, state="queued", attempts=1, updated_at=old, error="Retried."
    )

    await wait_until_deleted(lasuite_client, expired)

    # One statement deleted every expired job: what is left now stays.
    assert (await lasuite_client.get(f"/api/v1/jobs/{recent}")).json()["state"] == "failed"
    assert (await lasuite_client.get(f"/api/v1/jobs/{unfinished}")).json()["state"] == "queued"


async def wait_until_deleted(client, job_id: uuid.UUID, within: float = 10.0) -> None:
    try:
        async with asyncio.timeout(within):
            while True:
                if (await client.get(f"/api/v1/jobs/{job_id}")).status_code == 404:
                    return
                await asyncio.sleep(0.02)
    except TimeoutError:
        raise AssertionError(f"job {job_id} was not deleted in {within}s") from None
