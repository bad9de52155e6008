"""Job messages leave only with the transaction that saved their job, savepoints included."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from lasuite.db.engine import Database
from lasuite.jobs.queue import JobQueue

JOB = "reports.tally"


@dataclass
class RecordingBroker:
    """The part of a dramatiq broker the queue uses; records the job ids it is sent."""

    sent: list[str] = field(default_factory=list)

    def get_declared_actors(self) -> set[str]:
        return {JOB}

    def get_actor(self, name: str) -> Any:
        return SimpleNamespace(message=lambda **kwargs: SimpleNamespace(kwargs=kwargs))

    def enqueue(self, message: Any, *, delay: int | None = None) -> None:
        self.sent.append(message.kwargs["job_id"])


class Abandoned(Exception):
    pass


async def test_only_jobs_of_committed_savepoints_are_sent_once_the_transaction_commits(
    lasuite_client, lasuite_settings, make_member
):
    member = await make_member()
    broker = RecordingBroker()
    database = Database(lasuite_settings.database)
    queue = JobQueue(broker, database)  # type: ignore[arg-type]
    enqueue = lambda db: queue.enqueue(db, JOB, organization_id=member.organization_id)  # noqa: E731
    try:
        async with database.transaction() as db:
            before = await enqueue(db)
            try:
                async with db.begin_nested():
                    await enqueue(db)
                    raise Abandoned
            except Abandoned:
                pass
            async with db.begin_nested():
                released = await enqueue(db)
            sent_before_commit = list(broker.sent)
        await queue.drain()
    finally:
        await database.dispose()

    assert sent_before_commit == []
    assert broker.sent == [str(before), str(released)]


async def test_no_job_is_sent_when_the_transaction_rolls_back(
    lasuite_client, lasuite_settings, make_member
):
    member = await make_member()
    broker = RecordingBroker()
    database = Database(lasuite_settings.database)
    queue = JobQueue(broker, database)  # type: ignore[arg-type]
    try:
        try:
            async with database.transaction() as db:
                await queue.enqueue(db, JOB, organization_id=member.organization_id)
                raise Abandoned
        except Abandoned:
            pass
        await queue.drain()
    finally:
        await database.dispose()

    assert broker.sent == []
