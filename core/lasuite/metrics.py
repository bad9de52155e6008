"""Prometheus metrics of an app instance at ``GET /metrics``, for a scraper presenting
``Authorization: Bearer <LASUITE_METRICS_TOKEN>``; without that setting nothing is
measured and the path is a 404.

Kept as requests come: each request's route template, method, status and duration
(Litestar's Prometheus middleware). Read at each scrape: the websockets open on this
instance (the app's and the plugins'), the database pool, and the jobs of every process
by name and state, from the jobs table (the queue's depth, the failures kept).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from litestar import Request, Response, get
from litestar.exceptions import NotAuthorizedException, NotFoundException
from sqlalchemy import func, select

from lasuite.jobs.models import JOB_STATES, Job
from lasuite.plugin_counters import count_plugin_metrics
from lasuite.state import runtime_of

if TYPE_CHECKING:
    from litestar.middleware import DefineMiddleware
    from prometheus_client import Gauge

    from lasuite.runtime import Runtime
    from lasuite.settings import Settings

UNMEASURED = ["^/metrics$", "^/healthz$", "^/readyz$"]
"""Paths left out of the request metrics: the scrape itself and the probes."""


def metrics_middleware(settings: Settings) -> list[DefineMiddleware]:
    """The request metrics' middleware when metrics are on; none otherwise."""
    if not settings.metrics_token.get_secret_value():
        return []
    count_plugin_metrics()
    # prometheus_client only where metrics are on: not on every start.
    from litestar.enums import ScopeType
    from litestar.plugins.prometheus import PrometheusConfig

    config = PrometheusConfig(
        app_name="lasuite",
        prefix="lasuite_http",
        group_path=True,
        exclude=UNMEASURED,
        scopes={ScopeType.HTTP},  # a websocket's duration would be its whole life
    )
    return [config.middleware]


@get("/metrics", public=True, include_in_schema=False)
async def metrics(request: Request[Any, Any, Any]) -> Response[bytes]:
    """The instance's metrics in Prometheus' text format, for the holder of the token."""
    from prometheus_client import REGISTRY, generate_latest

    runtime = runtime_of(request.app.state)
    token = runtime.settings.metrics_token.get_secret_value()
    if not token:
        raise NotFoundException()
    given = request.headers.get("authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        raise NotAuthorizedException(
            "Present the metrics token: Authorization: Bearer <LASUITE_METRICS_TOKEN>.",
            headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
        )
    await _sample(runtime)
    # The text format every Prometheus reads (Litestar adds the charset).
    return Response(generate_latest(REGISTRY), media_type="text/plain; version=0.0.4")


@dataclass(frozen=True, slots=True)
class Gauges:
    websockets: Gauge
    pool_in_use: Gauge
    pool_size: Gauge
    jobs: Gauge


@cache
def gauges() -> Gauges:
    """The gauges read at each scrape, registered once per process."""
    from prometheus_client import Gauge

    return Gauges(
        websockets=Gauge("lasuite_websockets_open", "Websockets open on this instance", ["kind"]),
        pool_in_use=Gauge(
            "lasuite_db_pool_connections_in_use", "Database connections lent out now"
        ),
        pool_size=Gauge("lasuite_db_pool_size", "Database connections the pool keeps"),
        jobs=Gauge(
            "lasuite_jobs",
            "Jobs in the jobs table not succeeded, by job and state (every process's)",
            ["job", "state"],
        ),
    )


COUNTED_STATES = tuple(state for state in JOB_STATES if state != "succeeded")
"""The jobs counted at each scrape: those to run, running, failed or dropped. Succeeded
ones, the bulk of the table (kept for a while after they ran), are left out, so that a
scrape reads the state index's few rows rather than the whole table."""


async def _sample(runtime: Runtime) -> None:
    measured = gauges()
    app_sockets, plugin_sockets = runtime.realtime.fair_share.open_sockets()
    measured.websockets.labels(kind="app").set(app_sockets)
    measured.websockets.labels(kind="plugin").set(plugin_sockets)
    pool = runtime.database.engine.pool
    measured.pool_in_use.set(pool.checkedout() if hasattr(pool, "checkedout") else 0)
    measured.pool_size.set(pool.size() if hasattr(pool, "size") else 0)
    async with runtime.database.transaction() as db:
        counted = await db.execute(
            select(Job.actor, Job.state, func.count())
            .where(Job.state.in_(COUNTED_STATES))
            .group_by(Job.actor, Job.state)
        )
        rows = counted.all()
    measured.jobs.clear()
    for job, state, count in rows:
        measured.jobs.labels(job=job, state=state).set(count)
