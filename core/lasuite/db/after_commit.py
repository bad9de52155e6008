"""Work kept on a session until its transaction commits, and dropped if it rolls back.

SQLAlchemy calls ``after_commit`` and ``after_rollback`` for savepoints too
(``db.begin_nested()``): releasing a savepoint is not a commit, and rolling one
back must withdraw only what was added inside it. Each item remembers the
transactions it was added in, innermost first; the rollback of any of them drops it,
and the items go out when the outermost transaction commits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

T = TypeVar("T")


class AfterCommit(Generic[T]):
    """Items added to a session's transaction, handed to ``on_commit`` once it commits.

    ``on_commit`` runs inside SQLAlchemy's event (no I/O there: schedule a task)::

        outbox = AfterCommit("lasuite.events", lambda items: loop.create_task(send(items)))
        outbox.add(db, [frame])
    """

    def __init__(self, key: str, on_commit: Callable[[list[T]], None]) -> None:
        self._pending_key = f"{key}.pending"
        self._listening_key = f"{key}.listening"
        self._on_commit = on_commit

    def add(self, db: AsyncSession, items: Iterable[T]) -> None:
        session = db.sync_session
        if not session.info.get(self._listening_key):
            session.info[self._listening_key] = True
            event.listen(session, "after_commit", self._committed)
            event.listen(session, "after_rollback", self._ended)
            event.listen(session, "after_soft_rollback", self._rolled_back)
        within = _transactions_of(session)
        pending: list[tuple[T, tuple[SessionTransaction, ...]]]
        pending = session.info.setdefault(self._pending_key, [])
        pending.extend((item, within) for item in items)

    def _committed(self, session: Session) -> None:
        if session.in_nested_transaction():  # a savepoint released: not committed yet
            return
        pending = session.info.pop(self._pending_key, [])
        if pending:
            self._on_commit([item for item, _ in pending])

    def _ended(self, session: Session) -> None:
        if not session.in_nested_transaction():  # the whole transaction rolled back
            session.info.pop(self._pending_key, None)

    def _rolled_back(self, session: Session, previous_transaction: SessionTransaction) -> None:
        pending = session.info.get(self._pending_key)
        if pending:
            pending[:] = [entry for entry in pending if previous_transaction not in entry[1]]


def _transactions_of(session: Session) -> tuple[SessionTransaction, ...]:
    """The session's innermost transaction and those enclosing it, innermost first."""
    chain: list[SessionTransaction] = []
    transaction = session.get_nested_transaction() or session.get_transaction()
    while transaction is not None:
        chain.append(transaction)
        transaction = transaction.parent
    return tuple(chain)
