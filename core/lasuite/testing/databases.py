"""One fresh database per test, on SQLite or PostgreSQL."""

from __future__ import annotations

import asyncio
import shutil
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.engine import URL, make_url

from lasuite.db.migrations import upgrade
from lasuite.plugin_host.registry import Registry


@asynccontextmanager
async def fresh_database(
    backend: str, server_url: str, tmp_path: Path, *, create: bool = True
) -> AsyncIterator[str]:
    """Yield the SQLAlchemy URL of an empty database, dropped afterwards.

    With ``create=False`` a PostgreSQL database is only named: whoever fills it makes
    it (:meth:`MigratedTemplates.migrate` copies its template there), which spares
    creating an empty one first (a few hundred milliseconds a test).
    """
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
        return
    url = make_url(server_url)
    name = f"lasuite_test_{uuid.uuid4().hex[:12]}"
    admin = await _connect_admin(url)
    try:
        if create:
            await _create_database(admin, name)
        yield url.set(drivername="postgresql+asyncpg", database=name).render_as_string(
            hide_password=False
        )
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


class MigratedTemplates:
    """Databases migrated once per test session, then copied for each test.

    Running every migration for every test dominates a suite's time; copying a
    migrated SQLite file or creating a PostgreSQL database from a template takes
    milliseconds and gives the same schema.
    """

    def __init__(self, workdir: Path) -> None:
        self._workdir = workdir
        self._made: dict[tuple[str, ...], str] = {}
        self._templates_on_server: list[tuple[URL, str]] = []

    async def migrate(self, url: str, registry: Registry) -> None:
        """Bring the empty database ``url`` to the heads of ``registry``'s migrations."""
        parsed = make_url(url)
        backend = parsed.get_backend_name()
        key = (backend, *(str(p) for p in registry.migration_dirs))
        if key not in self._made:
            self._made[key] = await self._make(parsed, registry, len(self._made))
        template = self._made[key]
        if backend == "sqlite":
            assert parsed.database is not None
            await asyncio.to_thread(shutil.copyfile, template, parsed.database)
            return
        admin = await _connect_admin(parsed)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
            await _create_database(admin, parsed.database, template=template)
        finally:
            await admin.close()

    async def _make(self, parsed: URL, registry: Registry, index: int) -> str:
        if parsed.get_backend_name() == "sqlite":
            path = self._workdir / f"template-{index}.db"
            url = f"sqlite+aiosqlite:///{path}"
            await asyncio.to_thread(upgrade, url, registry)
            return str(path)
        name = f"lasuite_tmpl_{uuid.uuid4().hex[:12]}"
        admin = await _connect_admin(parsed)
        try:
            await admin.execute(f'CREATE DATABASE "{name}"')
        finally:
            await admin.close()
        url = parsed.set(database=name).render_as_string(hide_password=False)
        await asyncio.to_thread(upgrade, url, registry)
        self._templates_on_server.append((parsed, name))
        return name

    async def drop(self) -> None:
        """Remove the PostgreSQL templates made by this session."""
        for parsed, name in self._templates_on_server:
            admin = await _connect_admin(parsed)
            try:
                await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            finally:
                await admin.close()
        self._templates_on_server.clear()


async def _create_database(
    admin: asyncpg.Connection, name: str | None, *, template: str | None = None
) -> None:
    """Create a test database: PostgreSQL 15's default strategy (WAL_LOG) copies a small
    template several times faster than FILE_COPY, whose checkpoints wait for every dirty
    buffer of the server (those of the tests running beside it too). Its commits do not
    wait for the WAL to reach the disk: a test never outlives a crash of the server."""
    copy = f' TEMPLATE "{template}"' if template else ""
    await admin.execute(f'CREATE DATABASE "{name}"{copy}')
    await admin.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')


async def _connect_admin(url: URL) -> asyncpg.Connection:
    return await asyncpg.connect(
        host=url.host,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        database="postgres",
    )
