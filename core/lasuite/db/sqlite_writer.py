"""SQLite's one writer: write transactions take turns instead of failing on a lock.

SQLite lets one transaction write at a time. A transaction begun the default way
(``BEGIN``, deferred) reads first and asks for the write lock at its first write; if
another one wrote in between, its snapshot is stale and SQLite refuses it at once
("database is locked"), or it polls for the lock until the busy timeout. Under a few
concurrent posts that failed requests and gave seconds of tail latency.

So on SQLite a transaction that writes waits for its turn in the process — one turn
per database file and event loop, handed over in the order asked, without polling —
then begins with ``BEGIN IMMEDIATE``, which holds the write lock from the start
(another process, a job worker, still waits on the busy timeout), and gives the turn
back when it commits or rolls back:

- a write transaction (:meth:`lasuite.db.engine.Database.transaction`) from its first
  statement, so that what it reads stays true until it commits;
- any other session only from its first write: until then each of its reads sees the
  latest commit, and it never waits for the writer.

A transaction opened while the same task holds the turn cannot wait for it (it would
wait for itself): it does not take the turn, and a write in it waits on SQLite's lock
until the busy timeout. Code must not write in a second transaction while its first
one is open.
"""

from __future__ import annotations

import asyncio
import weakref
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util import await_only

WRITER = "lasuite_writer"
"""The execution option that marks an engine's connections as write transactions."""
_HOLDING = "lasuite_turn"
_BEGUN = "lasuite_begun"
_READS = ("SELECT", "PRAGMA", "WITH", "EXPLAIN")


class _Turn:
    """Whose turn it is to write one database file, in one event loop."""

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.holder: asyncio.Task[Any] | None = None


_turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, _Turn]] = (
    weakref.WeakKeyDictionary()
)


def take_turns(engine: AsyncEngine, path: str) -> None:
    """Make the transactions of ``engine`` (a SQLite file at ``path``) that write take
    turns."""
    sync = engine.sync_engine
    event.listen(sync, "connect", _begin_explicitly)
    event.listen(sync, "begin", lambda connection: _begin(connection, path))
    event.listen(
        sync,
        "before_cursor_execute",
        lambda connection, _cursor, statement, *_: _before(connection, statement, path),
    )
    event.listen(sync, "commit", _end)
    event.listen(sync, "rollback", _end)
    # A connection given back or dropped without either (its task was cancelled in the
    # middle of a statement) gives the turn back too.
    for name in ("checkin", "invalidate", "close"):
        event.listen(sync.pool, name, _dropped)


def _begin_explicitly(dbapi_connection: Any, _record: Any) -> None:
    # The driver would otherwise begin on its own, deferred, before the first write.
    dbapi_connection.isolation_level = None


def _begin(connection: Connection, path: str) -> None:
    if connection.get_execution_options().get(WRITER) and _turn(path).holder is not (
        asyncio.current_task()
    ):
        _write_from_here(connection, path)


def _before(connection: Connection, statement: str, path: str) -> None:
    if not connection.info.get(_BEGUN) and not statement.lstrip()[:7].upper().startswith(_READS):
        _write_from_here(connection, path)


def _write_from_here(connection: Connection, path: str) -> None:
    """Take the turn (unless this task holds it) and begin ``IMMEDIATE``."""
    task = asyncio.current_task()
    turn = _turn(path)
    if turn.holder is not task:
        await_only(turn.lock.acquire())
        turn.holder = task
        connection.info[_HOLDING] = turn
    connection.info[_BEGUN] = True
    # The raw cursor: BEGIN is not one of the statements the app sends.
    cursor = connection.connection.cursor()
    try:
        cursor.execute("BEGIN IMMEDIATE")
    except BaseException:
        _end(connection)
        raise
    finally:
        cursor.close()


def _end(connection: Connection) -> None:
    _give_back(connection.info)


def _dropped(_dbapi_connection: Any, record: Any, *_: Any) -> None:
    if record is not None:
        _give_back(record.info)


def _give_back(info: dict[Any, Any]) -> None:
    info.pop(_BEGUN, None)
    turn: _Turn | None = info.pop(_HOLDING, None)
    if turn is not None:
        turn.holder = None
        turn.lock.release()


def _turn(path: str) -> _Turn:
    turns = _turns.setdefault(asyncio.get_running_loop(), {})
    turn = turns.get(path)
    if turn is None:  # made once per file and loop, not at every transaction
        turn = turns[path] = _Turn()
    return turn
