"""How long each job ran, and how it ended, for Prometheus: a histogram
``lasuite_job_run_seconds{job, outcome}`` kept by the process that ran it — the app's
``/metrics`` for the embedded worker, ``lasuite worker``'s own port otherwise (see
:mod:`lasuite.jobs.worker_metrics`). Kept only where metrics are on
(``LASUITE_METRICS_TOKEN``): prometheus-client is not imported otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from prometheus_client import Histogram

    from lasuite.settings import Settings

Outcome = Literal["succeeded", "failed"]
"""``failed``: the attempt raised or ran out of time (a retry may follow)."""

RunTimer = Callable[[str, Outcome, float], None]
"""Called with the job's name, how the attempt ended and the seconds it ran."""

BUCKETS = (0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0)
"""From a notification's e-mail to an organization's export."""


@cache
def _histogram() -> Histogram:
    from prometheus_client import Histogram

    return Histogram(
        "lasuite_job_run_seconds",
        "Seconds each attempt of a job ran in this process, by job and outcome",
        ["job", "outcome"],
        buckets=BUCKETS,
    )


def run_timer(settings: Settings) -> RunTimer | None:
    """What records each attempt's run time when metrics are on; None otherwise."""
    if not settings.metrics_token.get_secret_value():
        return None
    histogram = _histogram()

    def observe(job: str, outcome: Outcome, seconds: float) -> None:
        histogram.labels(job=job, outcome=outcome).observe(seconds)

    return observe
