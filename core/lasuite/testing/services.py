"""External services the test suites use, and the rule for when one is missing.

Without ``CI`` a suite whose service is absent is skipped and named in the run's
summary; with ``CI=true`` it fails, so that CI never passes by skipping.
"""

from __future__ import annotations

import os

import pytest

POSTGRES_ENV = "LASUITE_TEST_DATABASE_URL"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_service(name: str, env_var: str) -> str:
    """The URL of a service the test needs from ``env_var``; skip (or fail in CI) without it."""
    url = os.environ.get(env_var, "")
    if url:
        return url
    message = f"{name} suite skipped: set {env_var} to run it"
    if in_ci():
        pytest.fail(f"{name} is required in CI but {env_var} is not set", pytrace=False)
    pytest.skip(message)


def database_backends() -> list[str]:
    """The databases each database test runs on."""
    return ["sqlite", "postgres"]
