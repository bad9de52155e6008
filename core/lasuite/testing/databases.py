"""One fresh database per test, on SQLite or PostgreSQL."""

from __future__ import annotations

import asyncio
import shutil
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
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
        if not await _recycled(admin, url, name):
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


_SPARE: dict[str, list[str]] = {}
"""Migrated PostgreSQL databases emptied after their test, by the template they came from
(their names, each waiting for the next test of this process made from that template)."""
_LENT: dict[str, str] = {}
"""The template each database lent to a running test came from."""


@dataclass(frozen=True, slots=True)
class _Schema:
    tables: tuple[str, ...]
    columns: int
    versions: tuple[str, ...]


_SCHEMAS: dict[str, _Schema] = {}
"""The schema of each template, read from its first copy: a copy emptied for the next
test still has it."""


async def _schema_of(conn: asyncpg.Connection) -> _Schema:
    tables = await conn.fetch(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        " AND tablename <> 'alembic_version' ORDER BY tablename"
    )
    columns = await conn.fetchval(
        "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public'"
    )
    versions = await conn.fetch("SELECT version_num FROM alembic_version ORDER BY 1")
    return _Schema(
        tables=tuple(row["tablename"] for row in tables),
        columns=int(columns),
        versions=tuple(row["version_num"] for row in versions),
    )


async def _schema_at(url: URL) -> _Schema:
    conn = await _connect(url, str(url.database))
    try:
        return await _schema_of(conn)
    finally:
        await conn.close()


async def _connect(url: URL, database: str, **settings: str) -> asyncpg.Connection:
    return await asyncpg.connect(
        host=url.host,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        database=database,
        server_settings={"synchronous_commit": "off", **settings},
    )


async def _recycled(admin: asyncpg.Connection, url: URL, name: str) -> bool:
    """Empty a migrated test database and keep it for the next test from its template:
    deleting the few rows a test wrote takes milliseconds, copying a template a tenth of
    a second. False (drop it) when it was not migrated from a template, or cannot be
    emptied alone (a connection of the test's still on it)."""
    template = _LENT.pop(name, None)
    if template is None:
        return False
    await admin.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = $1 AND pid <> pg_backend_pid()",
        name,
    )
    try:
        # Replica mode: rows go without their foreign keys checked, in any order.
        conn = await _connect(url, name, session_replication_role="replica")
        try:
            schema = await _schema_of(conn)
            # A test that changed the schema (migrated another plugin in) leaves it for
            # no other.
            if _SCHEMAS.get(template) != schema:
                return False
            await conn.execute("".join(f'DELETE FROM "{table}";' for table in schema.tables))
        finally:
            await conn.close()
        spare = f"lasuite_spare_{uuid.uuid4().hex[:12]}"
        await admin.execute(f'ALTER DATABASE "{name}" RENAME TO "{spare}"')
    except (asyncpg.PostgresError, OSError):
        return False
    _SPARE.setdefault(template, []).append(spare)
    return True


class MigratedTemplates:
    """Databases migrated once per test session, then copied for each test.

    Running every migration for every test dominates a suite's time; copying a
    migrated SQLite file or creating a PostgreSQL database from a template takes
    milliseconds and gives the same schema. A PostgreSQL copy is emptied after its test
    and renamed for the next one (see :func:`_recycled`).
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
            spare = _SPARE.get(template, [])
            if spare:
                await admin.execute(f'ALTER DATABASE "{spare.pop()}" RENAME TO "{parsed.database}"')
            else:
                await _create_database(admin, parsed.database, template=template)
                if template not in _SCHEMAS:
                    _SCHEMAS[template] = await _schema_at(parsed)
            _LENT[str(parsed.database)] = template
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
        """Remove the PostgreSQL templates made by this session, and the spare copies."""
        for parsed, name in self._templates_on_server:
            admin = await _connect_admin(parsed)
            try:
                for spare in _SPARE.pop(name, []):
                    await admin.execute(f'DROP DATABASE IF EXISTS "{spare}" WITH (FORCE)')
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
    """A connection to create and drop test databases, whose commits do not wait for the
    WAL to reach the disk (a test database never outlives a crash of the server): that
    wait was half the time of making one from its template on a busy machine."""
    return await _connect(url, "postgres")
