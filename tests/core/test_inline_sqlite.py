"""SQLite statements run on the event loop's thread, and a statement finding another
process's lock waits for it off the loop (:mod:`lasuite.db.inline_sqlite`)."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, event, func, insert, select

from lasuite.db.engine import Database

NUMBERS = Table("numbers", MetaData(), Column("n", Integer))
WITHIN = 30.0


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'inline.db'}")
    async with database.engine.begin() as connection:
        await connection.run_sync(NUMBERS.metadata.create_all)
    yield database
    await database.dispose()


async def test_statements_run_on_the_event_loops_thread(database: Database) -> None:
    threads: list[int] = []

    def on_connect(dbapi_connection: object, _record: object) -> None:
        def thread_id() -> int:
            threads.append(threading.get_ident())
            return 1

        dbapi_connection.create_function("thread_id", 0, thread_id)  # type: ignore[attr-defined]

    event.listen(database.engine.sync_engine, "connect", on_connect)
    await database.engine.dispose()  # new connections, with the function

    async with database.reading() as db:
        assert await db.scalar(select(func.thread_id())) == 1

    assert threads == [threading.get_ident()]


async def test_a_write_waits_off_the_loop_for_another_process_lock(
    database: Database, tmp_path: Path
) -> None:
    locked, release = threading.Event(), threading.Event()

    def other_process() -> None:
        other = sqlite3.connect(tmp_path / "inline.db", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO numbers VALUES (1)")
        locked.set()
        release.wait(WITHIN)
        other.execute("COMMIT")
        other.close()

    holder = threading.Thread(target=other_process)
    holder.start()
    try:
        assert await asyncio.to_thread(locked.wait, WITHIN)

        async def write() -> None:
            async with database.transaction() as db:
                await db.execute(insert(NUMBERS).values(n=2))

        writing = asyncio.create_task(write())
        # The write finds the lock and waits on a worker thread; the loop keeps running
        # (were it blocked, nothing would release the lock and the write would fail).
        await asyncio.sleep(0.05)
        release.set()
        await asyncio.wait_for(writing, WITHIN)
    finally:
        release.set()
        holder.join(WITHIN)

    async with database.reading() as db:
        assert sorted((await db.scalars(select(NUMBERS.c.n))).all()) == [1, 2]
