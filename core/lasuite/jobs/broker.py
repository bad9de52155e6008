"""The dramatiq broker of a process, chosen by ``LASUITE_BROKER_URL``.

- ``redis://…`` (or ``rediss://``): :class:`dramatiq.brokers.redis.RedisBroker`;
- ``amqp://…`` (or ``amqps://``): :class:`dramatiq.brokers.rabbitmq.RabbitmqBroker`,
  with publisher confirms;
- empty (embedded): dramatiq's in-memory ``StubBroker`` (:class:`EmbeddedBroker`),
  consumed by a worker inside ``lasuite run``, made durable by ``core_job``.

Why the embedded shape is not a file-backed dramatiq broker: dramatiq ships
none, and the one SQLite broker on PyPI (``dramatiq-sqlite`` 0.1.0, a single
release) leaves a message consumed by a process that stops in the
``consumed`` state for ever, and its ``requeue`` query cannot run (``IN ?``
with a tuple), so it loses exactly the jobs a restart should keep. A durable
broker of our own would duplicate the ``core_job`` row that every job has
anyway. So the row is the durable queue: it is written in the transaction
that enqueues the job (a job exists exactly when that transaction commits),
the message only names it, and on start the embedded worker sends again every
row still ``queued`` or ``running`` (see :mod:`lasuite.jobs.runtime`). Jobs
still run through dramatiq's worker, so retries with backoff, time limits and
the organization check are the same code in every runtime shape.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

import dramatiq
from dramatiq.broker import Consumer
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import (
    AgeLimit,
    CurrentMessage,
    Retries,
    TimeLimit,
)

REDIS_SCHEMES = ("redis://", "rediss://")
AMQP_SCHEMES = ("amqp://", "amqps://")


class _ProcessTimeLimit(TimeLimit):
    """dramatiq's TimeLimit with one watchdog thread per process, however many brokers
    the process builds (each app instance has its own; tests build many)."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._booted = False

    def after_process_boot(self, broker: dramatiq.Broker) -> None:
        with self._lock:
            if not self._booted:
                super().after_process_boot(broker)  # type: ignore[no-untyped-call]
                self._booted = True


class EmbeddedBroker(StubBroker):
    """dramatiq's in-memory broker, minus its dead-letter list: the stub keeps every
    failed message with its traceback for tests to inspect, which a long-running
    process must not; failures are recorded in ``core_job`` instead."""

    def consume(self, queue_name: str, prefetch: int = 1, timeout: int = 100) -> Consumer:
        consumer = super().consume(queue_name, prefetch, timeout)
        consumer.dead_letters = _Discarded()  # type: ignore[attr-defined]
        return consumer


class _Discarded(list[Any]):
    def append(self, item: Any) -> None:
        pass


@cache
def _time_limit() -> _ProcessTimeLimit:
    return _ProcessTimeLimit()


def broker_kind(url: str) -> str:
    """``embedded``, ``redis`` or ``rabbitmq``; raises ValueError for another URL."""
    if not url:
        return "embedded"
    if url.startswith(REDIS_SCHEMES):
        return "redis"
    if url.startswith(AMQP_SCHEMES):
        return "rabbitmq"
    raise ValueError("the broker URL must be empty (embedded), redis://… or amqp://…")


def make_broker(url: str) -> dramatiq.Broker:
    """A new broker for ``url`` with the middleware every lasuite worker runs."""
    middleware: list[Any] = [
        AgeLimit(),
        _time_limit(),
        Retries(),
        CurrentMessage(),
    ]
    kind = broker_kind(url)
    if kind == "redis":
        from dramatiq.brokers.redis import RedisBroker

        return RedisBroker(url=url, middleware=middleware)  # type: ignore[no-untyped-call]
    if kind == "rabbitmq":
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        return RabbitmqBroker(url=url, middleware=middleware, confirm_delivery=True)
    return EmbeddedBroker(middleware=middleware)
