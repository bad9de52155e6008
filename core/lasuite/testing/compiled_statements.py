"""One cache of compiled SQL for every engine the tests make.

SQLAlchemy keeps the SQL it compiled for each statement in a cache of the engine,
keyed by the engine's dialect. Every test has a database of its own, so engines of
its own: each test compiled again every statement it ran (a tenth of the CPU of the
in-process suites). The test kit gives every engine of one backend and driver the
dialect and cache of the first such engine that connected, so that a statement is
compiled once per test process.

The first engine's dialect is shared only once its first connection initialized it
(server version, default schema, isolation level): a later engine never compiles
with a dialect that has not met its server.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.ext.asyncio import AsyncEngine

_shared: dict[tuple[str, str], tuple[Dialect, Any]] = {}


def share_compiled_statements(engine: AsyncEngine) -> None:
    """Make ``engine`` use the dialect and compiled cache of its backend's first engine
    (or make it that engine, once it connected)."""
    sync = engine.sync_engine
    key = (sync.dialect.name, sync.dialect.driver)
    if key in _shared:
        sync.dialect, sync._compiled_cache = _shared[key]
    else:
        event.listen(sync.pool, "connect", _offer(sync, key), once=True)


def _offer(sync: Engine, key: tuple[str, str]) -> Any:
    # Listeners run in the order they were added: the engine's own first-connect
    # initialization of its dialect has run when this one does.
    def initialized(*_: object) -> None:
        _shared.setdefault(key, (sync.dialect, sync._compiled_cache))

    return initialized
