"""What a plugin registers with ``ctx.add_job``: a function and how to retry it."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

FUNCTION_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

SHORTEST_PERIOD = timedelta(minutes=1)
"""A periodic job runs at most this often: workers look for due runs once a minute."""


class InvalidJob(Exception):
    """A job registration breaks a rule; ``ctx.add_job`` reports it as a PluginError."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(f"{problem} (fix: {fix})")
        self.problem = problem
        self.fix = fix


@dataclass(frozen=True, slots=True, kw_only=True)
class JobSpec:
    """One plugin job, declared as the dramatiq actor ``name`` (``<id>.<function>``)."""

    name: str
    plugin_id: str
    fn: Callable[..., Any]
    max_retries: int
    min_backoff_ms: int
    max_backoff_ms: int
    time_limit_ms: int
    every: timedelta | None = None
    """For a periodic job: how often it runs in each organization with its plugin on."""

    @property
    def is_async(self) -> bool:
        return inspect.iscoroutinefunction(self.fn)


def job_spec(
    plugin_id: str,
    fn: Callable[..., Any],
    *,
    name: str | None,
    max_retries: int,
    min_backoff: float,
    max_backoff: float,
    time_limit: float,
    every: timedelta | None = None,
) -> JobSpec:
    """Validate a job registration; the errors name the offending function and its fix."""
    function = name or str(getattr(fn, "__name__", ""))
    if not callable(fn) or not FUNCTION_NAME.match(function):
        raise InvalidJob(
            f"job {function!r} is not a function with a lowercase name",
            "pass a function, or name=<lowercase_name>, to ctx.add_job",
        )
    _check_signature(plugin_id, function, fn)
    if max_retries < 0 or min_backoff <= 0 or max_backoff < min_backoff or time_limit <= 0:
        raise InvalidJob(
            f"job {plugin_id}.{function} has invalid retry settings "
            f"(max_retries={max_retries}, min_backoff={min_backoff}, "
            f"max_backoff={max_backoff}, time_limit={time_limit})",
            "use max_retries >= 0 and positive seconds, max_backoff >= min_backoff",
        )
    if every is not None:
        _check_periodic(plugin_id, function, fn, every)
    return JobSpec(
        name=f"{plugin_id}.{function}",
        plugin_id=plugin_id,
        fn=fn,
        max_retries=max_retries,
        min_backoff_ms=max(1, round(min_backoff * 1000)),
        max_backoff_ms=max(1, round(max_backoff * 1000)),
        time_limit_ms=max(1, round(time_limit * 1000)),
        every=every,
    )


def _check_periodic(
    plugin_id: str, function: str, fn: Callable[..., Any], every: timedelta
) -> None:
    if every < SHORTEST_PERIOD:
        raise InvalidJob(
            f"job {plugin_id}.{function} would run every {every}, more often than once a minute",
            "use every=timedelta(minutes=1) or longer",
        )
    try:
        parameters = list(inspect.signature(fn).parameters.values())[1:]
    except (TypeError, ValueError):
        return
    required = [p.name for p in parameters if p.default is p.empty and p.kind != p.VAR_KEYWORD]
    if required:
        raise InvalidJob(
            f"periodic job {plugin_id}.{function} requires arguments {', '.join(required)}, "
            "but runs with none",
            "give those parameters defaults, or enqueue the job from a route instead",
        )


def _check_signature(plugin_id: str, function: str, fn: Callable[..., Any]) -> None:
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return
    positional = [
        p
        for p in signature.parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)
    ]
    if not positional:
        raise InvalidJob(
            f"job {plugin_id}.{function}{signature} takes no positional parameter for its run",
            f"define it as `def {function}(job: JobRun, *, ...)`",
        )
