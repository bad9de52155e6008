"""Waiting for background jobs in tests, by polling their status like a client would."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import Any

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
