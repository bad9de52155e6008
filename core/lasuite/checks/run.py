"""Running checks side by side, each within a time limit, and the lines that report them."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ValidationError

from lasuite.checks.contract import Check, CheckFailed

TIME_LIMIT = 15.0
"""Seconds a check has to answer (a service that does not answer is a problem)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    name: str
    found: str
    """What the check found, or its problem."""
    fix: str | None = None
    """How to put the problem right; None when the check passed."""

    @property
    def line(self) -> str:
        if self.fix is None:
            return f"ok    {self.name}: {self.found}"
        return f"FAIL  {self.name}: {self.found}\n      fix: {self.fix}"


async def run_checks(checks: Sequence[tuple[str, Check]]) -> list[Outcome]:
    """The outcome of each check, in the order given; they run concurrently."""
    return list(await asyncio.gather(*(_run(name, check) for name, check in checks)))


async def _run(name: str, check: Check) -> Outcome:
    try:
        found = await asyncio.wait_for(check(), TIME_LIMIT)
    except CheckFailed as failed:
        return Outcome(name, failed.problem, failed.fix)
    except TimeoutError:
        return Outcome(
            name,
            f"no answer within {TIME_LIMIT:.0f} s",
            "check the address and that the service is up and reachable from this host",
        )
    except Exception as exc:
        return Outcome(name, f"{type(exc).__name__}: {exc}", "see the error above")
    return Outcome(name, found)


def settings_outcomes(error: ValidationError) -> list[Outcome]:
    """One failed outcome per setting that does not validate."""
    return [
        Outcome(
            "settings",
            f"{_setting(problem['loc'])}: {problem['msg']}",
            "correct it (docs/configuration.md lists every setting)",
        )
        for problem in error.errors()
    ]


def _setting(location: tuple[int | str, ...]) -> str:
    """The environment variable a validation error is about (none for a rule between two)."""
    return "LASUITE_" + "_".join(map(str, location)).upper() if location else "LASUITE_*"
