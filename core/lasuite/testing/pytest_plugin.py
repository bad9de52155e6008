"""Fixtures of the plugin test kit (see :mod:`lasuite.testing`)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import event

from lasuite.db import engine as engines
from lasuite.db.engine import Database
from lasuite.plugin_host.loader import load_registry
from lasuite.plugin_host.registry import Registry
from lasuite.settings import Settings
from lasuite.state import runtime_of
from lasuite.testing.apps import RouteTrees
from lasuite.testing.compiled_statements import share_compiled_statements
from lasuite.testing.csrf import send_csrf_token
from lasuite.testing.databases import MigratedTemplates, fresh_database
from lasuite.testing.members import MemberFactory
from lasuite.testing.oidc_provider import TEST_CLIENT_URL, LocalOIDCProvider
from lasuite.testing.services import POSTGRES_ENV, database_backends, require_service

MIGRATED_FOR = {"lasuite_app", "lasuite_oidc_app"}
"""Fixtures that fill ``lasuite_database_url`` from a migrated template."""


@pytest_asyncio.fixture(params=database_backends())
async def lasuite_database_url(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[str]:
    """An empty database: SQLite, then PostgreSQL when ``LASUITE_TEST_DATABASE_URL`` is set."""
    backend: str = request.param
    server = require_service("PostgreSQL", POSTGRES_ENV) if backend == "postgres" else ""
    # A test of a migrated app gets its database copied from a template: nothing to
    # create first.
    create = not MIGRATED_FOR.intersection(request.fixturenames)
    async with fresh_database(backend, server, tmp_path, create=create) as url:
        yield url


@pytest.fixture
def lasuite_settings(tmp_path: Path, lasuite_database_url: str) -> Settings:
    return Settings(var_dir=tmp_path / "var", database_url=lasuite_database_url)


def pytest_configure(config: pytest.Config) -> None:
    """Every engine the tests make shares one cache of compiled SQL per backend (see
    :mod:`lasuite.testing.compiled_statements`)."""
    engines.on_new_engine(share_compiled_statements)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "lasuite_plugins",
        "ids of the plugins the test kit loads, with those they depend on "
        "(default: every installed plugin)",
        type="args",
        default=[],
    )


@pytest.fixture(scope="session")
def lasuite_registry(pytestconfig: pytest.Config) -> Registry:
    """Every plugin installed in the test environment, loaded once; only those the
    ``lasuite_plugins`` ini option names (and what they depend on) when it is set."""
    return registry_of(pytestconfig.getini("lasuite_plugins"))


def registry_of(wanted: list[str]) -> Registry:
    """The plugins ``wanted`` and those they depend on (every installed one when empty),
    minus those ``LASUITE_DISABLED_PLUGINS`` names."""
    disabled = set(os.environ.get("LASUITE_DISABLED_PLUGINS", "").split(","))
    if wanted:
        everything = load_registry(disabled)
        disabled |= {r.id for r in everything} - _with_dependencies(everything, wanted)
    return load_registry(disabled)


def _with_dependencies(registry: Registry, wanted: list[str]) -> set[str]:
    needed: set[str] = set()
    todo = list(wanted)
    while todo:
        plugin_id = todo.pop()
        record = registry.get(plugin_id)
        if plugin_id not in needed and record is not None:
            needed.add(plugin_id)
            todo.extend(record.depends)
    return needed


@pytest.fixture(scope="session")
def lasuite_migrated_templates(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[MigratedTemplates]:
    """Migrated databases copied for each test (see :class:`MigratedTemplates`)."""
    templates = MigratedTemplates(tmp_path_factory.mktemp("templates"))
    yield templates
    asyncio.run(templates.drop())


@pytest.fixture(scope="session")
def lasuite_route_trees() -> RouteTrees:
    """Apps whose route trees are built once per session and lent to one test at a time."""
    return RouteTrees()


@pytest_asyncio.fixture
async def lasuite_app(
    lasuite_settings: Settings,
    lasuite_registry: Registry,
    lasuite_migrated_templates: MigratedTemplates,
    lasuite_route_trees: RouteTrees,
) -> AsyncIterator[Litestar]:
    """An app instance on a freshly migrated database, with a runtime of its own (its
    route tree may have served earlier tests: see :class:`RouteTrees`)."""
    await lasuite_migrated_templates.migrate(lasuite_settings.database, lasuite_registry)
    with lasuite_route_trees.lent(lasuite_settings, lasuite_registry) as app:
        yield app


@pytest_asyncio.fixture
async def lasuite_database(lasuite_app: Litestar) -> AsyncIterator[Database]:
    """The test's own connections to ``lasuite_app``'s database, to arrange or inspect rows
    directly (the app's pool may belong to another event loop)."""
    database = Database(runtime_of(lasuite_app.state).settings.database)
    yield database
    await database.dispose()


@pytest_asyncio.fixture
async def lasuite_client(lasuite_app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """An HTTP client of ``lasuite_app`` that sends the CSRF token like the workspace does."""
    async with AsyncTestClient(app=lasuite_app) as client:
        await send_csrf_token(client)
        yield client


@pytest_asyncio.fixture
async def make_member(lasuite_app: Litestar) -> AsyncIterator[MemberFactory]:
    # Its own engine: the test client runs the app on another event loop.
    database = Database(runtime_of(lasuite_app.state).settings.database)
    yield MemberFactory(database, runtime_of(lasuite_app.state).registry.loaded_ids)
    await database.dispose()


@pytest.fixture
def lasuite_statements(lasuite_app: Litestar) -> Iterator[list[str]]:
    """Every SQL statement ``lasuite_app`` sends from now on, to prove a route's query
    count does not grow with the data (no N+1)::

        before = len(lasuite_statements)
        await lasuite_client.get("/api/v1/chat/sidebar")
        assert len(lasuite_statements) - before == 1
    """
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    engine = runtime_of(lasuite_app.state).database.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    yield sent
    event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def oidc_provider() -> Iterator[LocalOIDCProvider]:
    """A local OIDC provider, serving an app reached at the test client's URL."""
    with LocalOIDCProvider.for_app(TEST_CLIENT_URL) as provider:
        yield provider


@pytest_asyncio.fixture
async def lasuite_oidc_app(
    lasuite_settings: Settings,
    lasuite_registry: Registry,
    lasuite_migrated_templates: MigratedTemplates,
    lasuite_route_trees: RouteTrees,
    oidc_provider: LocalOIDCProvider,
) -> AsyncIterator[Litestar]:
    """Like ``lasuite_app``, with OIDC sign-in through ``oidc_provider``."""
    settings = lasuite_settings.model_copy(update=oidc_provider.settings_for_app(TEST_CLIENT_URL))
    await lasuite_migrated_templates.migrate(settings.database, lasuite_registry)
    with lasuite_route_trees.lent(settings, lasuite_registry) as app:
        yield app


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Name each suite skipped for a missing service once, with the test count."""
    suites: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        _, _, reason = report.longrepr if isinstance(report.longrepr, tuple) else ("", 0, "")
        reason = str(reason).removeprefix("Skipped: ")
        if " suite skipped: " in reason:
            suites[reason] = suites.get(reason, 0) + 1
    for reason, count in sorted(suites.items()):
        terminalreporter.write_line(f"{reason} ({count} tests)", yellow=True)
