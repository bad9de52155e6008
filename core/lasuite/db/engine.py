"""The async engine and session factory of one application instance."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from lasuite.db.sqlite_writer import WRITER, take_turns


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


EngineHook = Callable[[AsyncEngine], None]
_engine_hooks: list[EngineHook] = []


def on_new_engine(hook: EngineHook) -> None:
    """Call ``hook`` with every engine made from now on, before it connects (the test
    kit shares compiled SQL between the engines of its tests this way)."""
    if hook not in _engine_hooks:
        _engine_hooks.append(hook)


def make_engine(url: str) -> AsyncEngine:
    """An engine for ``url``; SQLite files get their directory, WAL, foreign keys and
    write transactions that take turns (:mod:`lasuite.db.sqlite_writer`)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url)
        event.listen(engine.sync_engine, "connect", _enable_sqlite_foreign_keys)
        take_turns(engine, parsed.database or ":memory:")
    else:
        engine = create_async_engine(url, pool_pre_ping=True)
    for hook in _engine_hooks:
        hook(engine)
    return engine


class Database:
    """Engine plus session factories; one per application instance."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        """Sessions that mostly read: on SQLite each read sees the latest commit, and one
        that writes takes the writer's turn from its first write to its end."""
        self._writing = async_sessionmaker(
            self.engine.execution_options(**{WRITER: True}), expire_on_commit=False
        )

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session whose work is committed when the block ends without error. On
        SQLite it is the database's one writer from its first statement to its end."""
        async with self._writing() as session, session.begin():
            yield session

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncSession]:
        """A session that reads: on SQLite it waits for the writer only if it writes,
        from its first write on (see :mod:`lasuite.db.sqlite_writer`)."""
        async with self.sessions() as session, session.begin():
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()
