"""Fixtures the plugins' tests share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar import Litestar

from tests.buckets import bucket, moto_endpoint  # noqa: F401 (fixtures)
from tests.e2e.server import free_port, serve


@pytest.fixture
def served(lasuite_app: Litestar) -> Iterator[str]:
    """``lasuite_app`` served on a loopback port (real sockets); its base URL."""
    with serve(lasuite_app, free_port()) as base_url:
        yield base_url
