"""A plugin with background jobs for the jobs tests: ``reports``.

Its one route enqueues any of its jobs for the caller's organization. The
tests steer the jobs through module state: ``export`` can wait for a gate the
test opens, ``flaky`` fails while its key is in ``FAILING``. ``announce`` publishes
the sum of its numbers on the organization's topic ``reports:org:<id>``, then fails
when asked (its transaction rolled back); ``HEARD`` keeps the sums its handler got.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import defaultdict
from datetime import timedelta
from importlib.metadata import EntryPoint
from typing import Any, ClassVar
from uuid import UUID

from litestar import post
from litestar.params import FromPath, JSONBody

from lasuite.plugins import (
    Actor,
    CurrentActor,
    DbSession,
    Event,
    EventContext,
    JobRun,
    Jobs,
    Permission,
    Plugin,
    PluginContext,
)

GATES: defaultdict[str, threading.Event] = defaultdict(threading.Event)
FAILING: set[str] = set()
ATTEMPTS: defaultdict[str, list[float]] = defaultdict(list)
"""When each run of ``flaky`` started (time.monotonic), by key."""

MIN_BACKOFF = 0.05

HEARD: list[int] = []
"""The sums announced, as the plugin's ``after_commit`` handler got them."""


class TallyAnnounced(Event, frozen=True):
    name: ClassVar[str] = "reports.tally.announced"
    total: int


def org_topic(organization_id: UUID | str) -> str:
    return f"reports:org:{organization_id}"


async def own_organization(actor: Actor, topic: str, db: Any) -> bool:
    return topic == org_topic(actor.organization_id)


async def announce(job: JobRun, *, numbers: list[int], fail: bool = False) -> None:
    async with job.transaction() as db:
        await job.events.publish(
            db,
            TallyAnnounced(total=sum(numbers)),
            organization_id=job.organization_id,
            topics=[org_topic(job.organization_id)],
        )
        if fail:
            raise RuntimeError("the announcement is withdrawn")


async def hear(event: TallyAnnounced, context: EventContext) -> None:
    HEARD.append(event.total)


async def export(job: JobRun, *, title: str, wait: bool = False) -> str:
    await job.report_progress(40)
    if wait and not await asyncio.to_thread(GATES[title].wait, 30):
        raise TimeoutError(f"the test never opened the gate of {title!r}")
    return f"/files/{job.organization_id}/{title}.csv"


async def flaky(job: JobRun, *, key: str) -> None:
    ATTEMPTS[key].append(time.monotonic())
    if key in FAILING:
        raise RuntimeError(f"{key} is broken")


def tally(job: JobRun, *, numbers: list[int]) -> str:
    job.report_progress_sync(50)
    return f"/tallies/{sum(numbers)}"


async def slow(job: JobRun) -> None:
    await asyncio.sleep(30)


@post("/jobs/{name:str}", permission="reports.job.start")
async def start_job(
    name: FromPath[str],
    data: JSONBody[dict[str, Any]],
    db: DbSession,
    actor: CurrentActor,
    jobs: Jobs,
) -> dict[str, str]:
    delay = data.pop("delay_seconds", None)
    job_id = await jobs.enqueue(
        db,
        f"reports.{name}",
        organization_id=actor.organization_id,
        after=timedelta(seconds=delay) if delay is not None else None,
        **data,
    )
    return {"id": str(job_id)}


def setup(ctx: PluginContext) -> None:
    ctx.add_permissions(
        Permission(
            name="reports.job.start",
            description="Start report jobs",
            default_roles=("owner", "admin", "member"),
        )
    )
    ctx.add_routes(start_job)
    ctx.add_job(export)
    ctx.add_job(flaky, max_retries=2, min_backoff=MIN_BACKOFF, max_backoff=1.0)
    ctx.add_job(tally)
    ctx.add_job(slow, max_retries=0, time_limit=0.2)
    ctx.add_job(announce, max_retries=0)
    ctx.add_events(TallyAnnounced)
    ctx.add_topic("reports", can_subscribe=own_organization)
    ctx.on_event(TallyAnnounced.name, handler=hear)


plugin = Plugin(id="reports", name="Reports", requires_api=">=1.0,<2", setup=setup)

ENTRY_POINT = EntryPoint(
    name="reports", value="tests.core.jobs_plugin:plugin", group="lasuite.plugins"
)
