"""The engines the tests make share the SQL they compiled, and each still reads its own
database (:mod:`lasuite.testing.compiled_statements`)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, Table, insert, select

from lasuite.db.engine import Database

NUMBERS = Table("numbers", MetaData(), Column("n", Integer))


async def test_a_second_engine_uses_the_sql_the_first_compiled_on_its_own_database(
    tmp_path: Path,
) -> None:
    databases: list[Database] = []
    try:
        for name, n in (("a", 1), ("b", 2)):
            # The second is made once the first has connected (and met its server).
            database = Database(f"sqlite+aiosqlite:///{tmp_path / name}.db")
            databases.append(database)
            async with database.engine.begin() as connection:
                await connection.run_sync(NUMBERS.metadata.create_all)
                await connection.execute(insert(NUMBERS).values(n=n))
        first, second = (database.engine.sync_engine for database in databases)
        assert second.dialect is first.dialect
        assert second._compiled_cache is first._compiled_cache
        cache = first._compiled_cache
        assert cache is not None

        async with databases[0].engine.connect() as connection:
            assert (await connection.execute(select(NUMBERS.c.n))).scalars().all() == [1]
        compiled = len(cache)
        async with databases[1].engine.connect() as connection:
            assert (await connection.execute(select(NUMBERS.c.n))).scalars().all() == [2]

        assert len(cache) == compiled  # found, not compiled again
    finally:
        for database in databases:
            await database.dispose()
