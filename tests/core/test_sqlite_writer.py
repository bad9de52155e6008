"""On SQLite, write transactions take turns instead of failing on the lock, and read
transactions never wait for them (:mod:`lasuite.db.sqlite_writer`)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, select, text, update

from lasuite.db.engine import Database

COUNTER = Table("counter", MetaData(), Column("n", Integer, nullable=False))
WRITERS = 24
WITHIN = 30.0


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'turns.db'}")
    async with database.engine.begin() as connection:
        await connection.run_sync(COUNTER.metadata.create_all)
        await connection.execute(COUNTER.insert().values(n=0))
    yield database
    await database.dispose()


async def _increment(database: Database) -> None:
    async with database.transaction() as db:
        n = await db.scalar(select(COUNTER.c.n))  # read first, then write: an upgrade
        await asyncio.sleep(0)  # let the others begin meanwhile
        await db.execute(update(COUNTER).values(n=n + 1))


async def test_concurrent_read_then_write_transactions_all_commit_in_turn(
    database: Database,
) -> None:
    await asyncio.wait_for(asyncio.gather(*(_increment(database) for _ in range(WRITERS))), WITHIN)

    async with database.reading() as db:
        assert await db.scalar(select(COUNTER.c.n)) == WRITERS


async def _add_one_while_reading(database: Database) -> None:
    async with database.reading() as db:
        await db.scalar(select(COUNTER.c.n))
        await asyncio.sleep(0)  # the others commit meanwhile
        await db.execute(update(COUNTER).values(n=COUNTER.c.n + 1))


async def test_reading_sessions_that_write_take_the_turn_from_their_first_write(
    database: Database,
) -> None:
    writers = [_increment(database) for _ in range(WRITERS)]
    readers = [_add_one_while_reading(database) for _ in range(WRITERS)]

    await asyncio.wait_for(asyncio.gather(*writers, *readers), WITHIN)

    async with database.reading() as db:
        assert await db.scalar(select(COUNTER.c.n)) == 2 * WRITERS


async def test_a_reader_does_not_wait_for_the_writer_holding_the_turn(
    database: Database,
) -> None:
    wrote = asyncio.Event()
    release = asyncio.Event()

    async def writer() -> None:
        async with database.transaction() as db:
            await db.execute(update(COUNTER).values(n=7))
            wrote.set()
            await release.wait()

    holding = asyncio.create_task(writer())
    await asyncio.wait_for(wrote.wait(), WITHIN)
    try:
        async with database.reading() as db:
            # The committed value: the writer's is not visible yet.
            assert await asyncio.wait_for(db.scalar(select(COUNTER.c.n)), WITHIN) == 0
        # The next writer waits for its turn: it reads the 7 once it is committed.
        blocked = asyncio.create_task(_increment(database))
    finally:
        release.set()
        await asyncio.wait_for(holding, WITHIN)
    await asyncio.wait_for(blocked, WITHIN)
    async with database.reading() as db:
        assert await db.scalar(select(COUNTER.c.n)) == 8


async def test_a_transaction_the_turn_holder_opens_reads_without_waiting_for_itself(
    database: Database,
) -> None:
    async def nested() -> int | None:
        async with database.transaction() as outer:
            await outer.execute(update(COUNTER).values(n=3))
            async with database.transaction() as inner:
                return await inner.scalar(select(COUNTER.c.n))

    assert await asyncio.wait_for(nested(), WITHIN) == 0


async def test_the_turn_is_given_back_when_a_transaction_fails(database: Database) -> None:
    async def failing() -> None:
        async with database.transaction() as db:
            await db.execute(update(COUNTER).values(n=5))
            raise RuntimeError("the request failed")

    with pytest.raises(RuntimeError):
        await failing()

    await asyncio.wait_for(_increment(database), WITHIN)
    async with database.reading() as db:
        assert await db.scalar(select(COUNTER.c.n)) == 1
    async with database.engine.connect() as connection:
        assert (await connection.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
