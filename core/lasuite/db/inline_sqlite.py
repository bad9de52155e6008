"""SQLite on the event loop's thread, for SQLAlchemy's aiosqlite dialect.

aiosqlite runs every call on a thread of its own and hands the result back to the
event loop: about half a millisecond of CPU per statement on a 2-core machine, when
SQLite itself answers an indexed query in microseconds. A chat post sends about
twenty statements. This module gives the dialect (through ``async_creator``) a
connection with aiosqlite's interface whose calls run at once, on the caller's
thread:

- statements run inline, with SQLite's busy timeout at 0: in this process the one
  writer (:mod:`lasuite.db.sqlite_writer`) already queues writers, so a statement
  finding the database locked is waiting for another process or thread — it is then
  run again on a worker thread, which waits up to :data:`BUSY_TIMEOUT_MS` as before;
- a commit, which waits for the disk, runs on a worker thread too, so the event loop
  keeps serving while it is written.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

BUSY_TIMEOUT_MS = 5000
"""How long a statement waits for another process's write lock before failing."""

T = TypeVar("T")


class InlineCursor:
    """aiosqlite's cursor interface over a ``sqlite3`` cursor, run inline."""

    def __init__(self, owner: InlineConnection, cursor: sqlite3.Cursor) -> None:
        self._owner = owner
        self._cursor = cursor

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *_: object) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters: Any = ()) -> InlineCursor:
        await self._owner.run(lambda: self._cursor.execute(sql, parameters))
        return self

    async def executemany(self, sql: str, parameters: Iterable[Any]) -> InlineCursor:
        rows = list(parameters)
        await self._owner.run(lambda: self._cursor.executemany(sql, rows))
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(self._cursor.arraysize if size is None else size)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()


class _RunAtOnce:
    """Stands for aiosqlite's queue of calls, which the dialect's isolation level setter
    uses: the call runs when it is put."""

    def put_nowait(self, item: tuple[asyncio.Future[Any], Callable[[], Any]]) -> None:
        future, function = item
        try:
            future.set_result(function())
        except Exception as error:  # handed to the awaiting caller
            future.set_exception(error)


class InlineConnection:
    """aiosqlite's connection interface over a ``sqlite3`` connection, run inline."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._conn = connection
        self._connection: sqlite3.Connection | None = connection
        self._tx = _RunAtOnce()

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    async def run(self, call: Callable[[], T]) -> T:
        """``call`` at once; on a worker thread, waiting for the lock, if another
        process or thread holds it."""
        try:
            return call()
        except sqlite3.OperationalError as error:
            if self._conn.in_transaction or "locked" not in str(error):
                raise
        return await asyncio.to_thread(self._waiting, call)

    def _waiting(self, call: Callable[[], T]) -> T:
        self._conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        try:
            return call()
        finally:
            self._conn.execute("PRAGMA busy_timeout=0")

    def cursor(self) -> InlineCursor:
        return InlineCursor(self, self._conn.cursor())

    async def execute(self, sql: str, parameters: Any = ()) -> InlineCursor:
        return await self.cursor().execute(sql, parameters)

    async def commit(self) -> None:
        if self._conn.in_transaction:
            await asyncio.to_thread(self._conn.commit)

    async def rollback(self) -> None:
        self._conn.rollback()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def close(self) -> None:
        self.stop()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()


def connector(path: str) -> Callable[[], Any]:
    """The ``async_creator`` of an engine on the SQLite file at ``path``."""

    async def connect() -> InlineConnection:
        # Connections move between the event loop's thread and worker threads (a
        # commit, a wait for the lock), one call at a time.
        return InlineConnection(sqlite3.connect(path, timeout=0, check_same_thread=False))

    return connect
