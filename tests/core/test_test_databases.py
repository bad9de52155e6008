"""The test kit's PostgreSQL databases: each test gets its own, migrated; after it, the
database is emptied and handed to the next test of the same process (faster than a new
copy of the template), unless the test changed its schema."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import asyncpg
from sqlalchemy.engine import make_url

from lasuite.testing.databases import MigratedTemplates, fresh_database
from lasuite.testing.services import POSTGRES_ENV, require_service


@contextlib.asynccontextmanager
async def connected(url: str) -> AsyncIterator[asyncpg.Connection]:
    parsed = make_url(url)
    conn = await asyncpg.connect(
        host=parsed.host, port=parsed.port or 5432, user=parsed.username, database=parsed.database
    )
    try:
        yield conn
    finally:
        await conn.close()


async def test_a_migrated_database_comes_back_empty_and_one_with_another_schema_does_not(
    tmp_path, lasuite_registry
):
    server = require_service("PostgreSQL", POSTGRES_ENV)
    templates = MigratedTemplates(tmp_path)
    found, names = [], set()
    try:
        for change_schema in (False, False, True, False, False):
            async with fresh_database("postgres", server, tmp_path, create=False) as url:
                await templates.migrate(url, lasuite_registry)
                async with connected(url) as conn:
                    names.add(make_url(url).database)
                    found.append(
                        (
                            await conn.fetchval("SELECT count(*) FROM core_organization"),
                            await conn.fetchval("SELECT to_regclass('probe_extra') IS NOT NULL"),
                        )
                    )
                    await conn.execute(
                        "INSERT INTO core_organization (id, name, slug, created_at)"
                        " VALUES (gen_random_uuid(), 'Ministère', 'ministere', now())"
                    )
                    if change_schema:
                        await conn.execute("CREATE TABLE probe_extra (id integer)")
    finally:
        await templates.drop()

    # Each test left an organization behind, the third a table: the next found neither.
    assert found == [(0, False)] * 5
    assert len(names) == 5
