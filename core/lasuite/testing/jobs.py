"""Waiting for background jobs in tests, by polling their status like a client would."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lasuite.db.engine import Database
from lasuite.state import runtime_of

if TYPE_CHECKING:
    from litestar import Litestar

    from lasuite.jobs.runtime import JobRuntime

FINISHED = frozenset({"succeeded", "failed", "dropped"})


async def wait_for_job(
    client: Any,
    job_id: uuid.UUID | str,
    *,
    until: str | Callable[[dict[str, Any]], bool] = "finished",
    within: float = 10.0,
) -> dict[str, Any]:
    """Poll ``GET /api/v1/jobs/{job_id}`` with ``client`` (signed in to the job's
    organization) until the job is in the state ``until``, or ``until(job)`` is true;
    the default waits for succeeded, failed or dropped. Returns the job; fails the
    test with the last state seen after ``within`` seconds. Example::

        response = await lasuite_client.post("/api/v1/chat/channels/general/export")
        job = await wait_for_job(lasuite_client, response.json()["job_id"], until="succeeded")
        assert job["result_url"]
    """
    if callable(until):
        reached = until
    elif until == "finished":
        reached = lambda job: job["state"] in FINISHED  # noqa: E731
    else:
        reached = lambda job: job["state"] == until  # noqa: E731
    job: dict[str, Any] = {}
    try:
        async with asyncio.timeout(within):
            while True:
                response = await client.get(f"/api/v1/jobs/{job_id}")
                assert response.status_code == 200, response.text
                job = response.json()
                if reached(job):
                    return job
                await asyncio.sleep(0.02)
    except TimeoutError:
        raise AssertionError(
            f"job {job_id} did not reach {until!r} in {within}s; last seen: {job}"
        ) from None


async def run_periodic_job(
    app: Litestar, client: Any, name: str, *, within: float = 10.0
) -> dict[str, Any]:
    """Run the periodic job ``name`` now in the organization ``client`` is signed in to,
    without waiting for its schedule (:mod:`lasuite.jobs.schedule`), and wait for the run
    to succeed. Returns the job. Example::

        await set_retention(lasuite_client, days=30)
        await run_periodic_job(lasuite_app, lasuite_client, "chat.purge_expired")
    """
    runtime: JobRuntime = runtime_of(app.state).jobs
    assert any(spec.name == name and spec.every for spec in runtime.specs), (
        f"{name!r} is not a periodic job: register it with ctx.add_job(fn, every=...)"
    )
    me = await client.get("/api/v1/auth/me")
    assert me.status_code == 200, me.text
    # The test's own connections: the app's pool may belong to another event loop.
    database = Database(runtime_of(app.state).settings.database)
    try:
        async with database.transaction() as db:
            job_id = await runtime.queue.enqueue(
                db, name, organization_id=uuid.UUID(me.json()["organization_id"])
            )
    finally:
        await database.dispose()
    return await wait_for_job(client, job_id, until="succeeded", within=within)
