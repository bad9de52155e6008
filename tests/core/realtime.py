"""What the event, websocket and presence tests share: fixtures (import them into the
test module) and helpers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from litestar.types import Receive, Scope, Send

from lasuite.app import create_app
from lasuite.plugin_host.loader import discover, load_registry
from lasuite.plugin_host.registry import Registry
from lasuite.settings import Settings
from lasuite.state import runtime_of
from lasuite.testing import Member, require_service, send_csrf_token
from tests.core import board_plugin

REDIS_ENV = "LASUITE_TEST_REDIS_URL"


def board_registry() -> Registry:
    """Every installed plugin, plus ``board`` and ``watcher``."""
    return load_registry(found=[*discover(), *board_plugin.ENTRY_POINTS])


def realtime_settings(
    tmp_path: Path, database_url: str, backend: str, overrides: dict[str, Any]
) -> Settings:
    """Settings of a test app: realtime in memory, or on the test Redis."""
    redis_url = require_service("Redis", REDIS_ENV) if backend == "redis" else ""
    return Settings(
        var_dir=tmp_path / "var", database_url=database_url, redis_url=redis_url, **overrides
    )


@pytest.fixture(scope="module")
def lasuite_registry() -> Registry:
    return board_registry()


@pytest.fixture
def realtime_backend(lasuite_database_url: str) -> str:
    """The realtime backend of the deployment shape the database belongs to: in memory
    with SQLite (the embedded default), on Redis with PostgreSQL (production); a test
    may parametrize this fixture itself."""
    return "memory" if lasuite_database_url.startswith("sqlite") else "redis"


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Settings a test changes, with ``@pytest.mark.parametrize("settings_overrides", …)``."""
    return {}


@pytest.fixture
def lasuite_settings(
    tmp_path: Path, lasuite_database_url: str, realtime_backend: str, settings_overrides: dict
) -> Settings:
    return realtime_settings(tmp_path, lasuite_database_url, realtime_backend, settings_overrides)


async def signed_in(client: Any, make_member: Any, role: str) -> Member:
    """A new member of ``org-a`` with ``role``, signed in with ``client``."""
    member: Member = await make_member(role=role)
    await member.sign_in(client)
    return member


@asynccontextmanager
async def other_instance(
    app: Litestar, **overrides: Any
) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """A client of a second app instance on the same database (and Redis) as ``app``."""
    settings = runtime_of(app.state).settings.model_copy(update=overrides)
    async with AsyncTestClient(
        app=create_app(settings, registry=runtime_of(app.state).registry)
    ) as client:
        await send_csrf_token(client)
        yield client


STALL_HEADER = "x-test-network"


class StalledNetwork:
    """An ASGI wrapper whose websockets opened with ``x-test-network: stalled`` deliver
    the first frame sent to the client, then none: a client that stopped reading."""

    def __init__(self, app: Litestar) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers", []))
        if scope["type"] != "websocket" or headers.get(STALL_HEADER.encode()) != b"stalled":
            await self.app(scope, receive, send)
            return
        delivered = 0

        async def stalled_send(message: Any) -> None:
            nonlocal delivered
            if message["type"] == "websocket.send":
                delivered += 1
                if delivered > 1:
                    await _forever()
            await send(message)

        await self.app(scope, receive, stalled_send)


async def _forever() -> None:
    await asyncio.Event().wait()
