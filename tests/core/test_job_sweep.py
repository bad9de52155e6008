"""The worker's sweep of ``core_job``: jobs whose message was lost are sent again, a
message of a finished job runs nothing, old finished jobs are deleted."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from functools import partial
from typing import Any

import pytest

from lasuite.db.base import utcnow
from lasuite.jobs.models import Job
from lasuite.plugin_host.loader import discover, load_registry
from lasuite.plugin_host.registry import Registry
from lasuite.settings import Settings
from lasuite.state import runtime_of
from lasuite.testing import Member, eventually, wait_for_job
from tests.core import jobs_plugin
from tests.core.saved_jobs import save_job, sweeping_settings

SaveJob = Callable[..., Awaitable[uuid.UUID]]
ReadJob = Callable[[uuid.UUID], Awaitable[dict[str, Any]]]


@pytest.fixture(scope="module")
def lasuite_registry() -> Registry:
    return load_registry(found=[*discover(), jobs_plugin.ENTRY_POINT])


@pytest.fixture
def lasuite_settings(tmp_path, lasuite_database_url) -> Settings:
    return sweeping_settings(tmp_path / "var", lasuite_database_url, job_retention_days=7)


@pytest.fixture
async def admin(lasuite_client, make_member) -> Member:
    """Signed in on ``lasuite_client``: starts jobs and reads them, errors included."""
    member = await make_member(role="admin")
    await member.sign_in(lasuite_client)
    return member


@pytest.fixture
def saved_job(lasuite_settings, admin) -> SaveJob:
    """``await saved_job(state=…, …)``: a job of the admin's organization written
    directly, as a worker or a crash left it (see :func:`save_job`)."""
    return partial(save_job, lasuite_settings, admin)


@pytest.fixture
def read_job(lasuite_client) -> ReadJob:
    """``await read_job(job_id)``: the job as the admin reads it now."""

    async def read(job_id: uuid.UUID) -> dict[str, Any]:
        response = await lasuite_client.get(f"/api/v1/jobs/{job_id}")
        assert response.status_code == 200, response.text
        job: dict[str, Any] = response.json()
        return job

    return read


@pytest.fixture
def swept(lasuite_client, saved_job) -> Callable[[], Awaitable[None]]:
    """``await swept()``: returns once a sweep has seen every job saved before — it
    saves a job whose message was lost and waits until the sweep has sent it again
    and it ran (one worker thread runs the messages it sends in order)."""

    async def wait() -> None:
        lost = await saved_job(
            state="queued",
            attempts=0,
            arguments={"numbers": [1]},
            updated_at=utcnow() - timedelta(minutes=1),
        )
        await wait_for_job(lasuite_client, lost, until="succeeded")

    return wait


async def test_a_job_saved_without_its_message_is_sent_again_and_runs(lasuite_client, saved_job):
    # As if the app had crashed between the job's commit and the send of its message.
    job_id = await saved_job(state="queued", attempts=0, arguments={"numbers": [5, 6]})

    job = await wait_for_job(lasuite_client, job_id)

    assert (job["state"], job["attempts"], job["result_url"]) == ("succeeded", 1, "/tallies/11")


async def test_a_job_waiting_for_its_retry_is_not_sent_again(saved_job, read_job, swept):
    key = uuid.uuid4().hex
    waiting = await saved_job(
        actor="reports.flaky",
        state="queued",
        attempts=1,
        arguments={"key": key},
        updated_at=utcnow() - timedelta(hours=1),
        error="RuntimeError: the first attempt failed",
    )

    # Older, ``waiting`` would be sent before the lost job the sweep sends again.
    await swept()
    job = await read_job(waiting)

    assert (job["state"], job["attempts"]) == ("queued", 1)
    assert jobs_plugin.ATTEMPTS[key] == []


async def test_a_delayed_job_whose_message_was_lost_is_sent_once_due_not_before(
    lasuite_client, saved_job, read_job, swept
):
    later_key, due_key = uuid.uuid4().hex, uuid.uuid4().hex
    an_hour_ago = utcnow() - timedelta(hours=1)
    later = await saved_job(
        actor="reports.flaky",
        state="queued",
        attempts=0,
        arguments={"key": later_key},
        updated_at=an_hour_ago,
        run_after=utcnow() + timedelta(hours=1),
    )
    due = await saved_job(
        actor="reports.flaky",
        state="queued",
        attempts=0,
        arguments={"key": due_key},
        updated_at=an_hour_ago,
        run_after=utcnow() - timedelta(minutes=1),
    )

    done = await wait_for_job(lasuite_client, due, until="succeeded")
    await swept()
    waiting = await read_job(later)

    assert done["attempts"] == 1
    assert (waiting["state"], waiting["attempts"]) == ("queued", 0)
    assert jobs_plugin.ATTEMPTS[later_key] == []


async def test_a_second_message_of_a_finished_job_does_not_run_it_again(
    lasuite_client, lasuite_app, admin, read_job
):
    key = uuid.uuid4().hex
    response = await lasuite_client.post("/api/v1/reports/jobs/flaky", json={"key": key})
    job_id = uuid.UUID(response.json()["id"])
    await wait_for_job(lasuite_client, job_id, until="succeeded")

    queue = runtime_of(lasuite_app.state).jobs.queue
    await queue.send([Job(id=job_id, organization_id=admin.organization_id, actor="reports.flaky")])
    # One worker thread takes the messages of a queue in order: once the next job is
    # done, the second message of the first has been handled.
    after = await lasuite_client.post("/api/v1/reports/jobs/flaky", json={"key": f"{key}-after"})
    await wait_for_job(lasuite_client, after.json()["id"], until="succeeded")
    job = await read_job(job_id)

    assert len(jobs_plugin.ATTEMPTS[key]) == 1
    assert (job["state"], job["attempts"]) == ("succeeded", 1)


async def test_a_job_left_running_by_a_worker_that_stopped_runs_again(lasuite_client, saved_job):
    # reports.tally has the default time limit (600 s): untouched for longer, and for
    # the resend delay, no worker is running it any more.
    job_id = await saved_job(
        state="running",
        attempts=1,
        arguments={"numbers": [2, 3]},
        updated_at=utcnow() - timedelta(seconds=600 + 60),
    )

    job = await wait_for_job(lasuite_client, job_id)

    assert (job["state"], job["attempts"], job["result_url"]) == ("succeeded", 2, "/tallies/5")


async def test_a_running_job_within_its_time_limit_is_left_alone(saved_job, read_job, swept):
    running = await saved_job(
        state="running",
        attempts=1,
        arguments={"numbers": [1]},
        updated_at=utcnow() - timedelta(seconds=500),
    )

    await swept()
    job = await read_job(running)

    assert (job["state"], job["attempts"]) == ("running", 1)


async def test_a_job_whose_worker_stopped_at_every_attempt_fails(lasuite_client, saved_job):
    # reports.tally allows its first run and 3 retries.
    job_id = await saved_job(
        state="running",
        attempts=4,
        arguments={"numbers": [1]},
        updated_at=utcnow() - timedelta(hours=1),
    )

    job = await wait_for_job(lasuite_client, job_id)

    assert (job["state"], job["attempts"]) == ("failed", 4)
    assert "worker running it stopped" in job["error"]


async def test_finished_jobs_are_deleted_after_the_retention(lasuite_client, saved_job, read_job):
    old = utcnow() - timedelta(days=8)
    expired = await saved_job(state="succeeded", updated_at=old)
    recent = await saved_job(state="failed", updated_at=utcnow() - timedelta(days=6))
    unfinished = await saved_job(state="queued", attempts=1, updated_at=old, error="Retried.")

    async def expired_is_gone() -> bool:
        return (await lasuite_client.get(f"/api/v1/jobs/{expired}")).status_code == 404

    await eventually(expired_is_gone, within=10.0, message=f"the deletion of job {expired}")

    # One statement deleted every expired job: what is left now stays.
    assert (await read_job(recent))["state"] == "failed"
    assert (await read_job(unfinished))["state"] == "queued"
