"""Counters a plugin declares (``ctx.add_counters``) and increments as things happen,
scraped at ``GET /metrics`` as ``lasuite_<plugin id>_<name>_total`` with the instance's
other metrics. They count only where metrics are on (``LASUITE_METRICS_TOKEN``); an
increment costs a dictionary lookup otherwise."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Any

NAME = re.compile(r"^[a-z][a-z0-9_]{0,60}$")

_counting = False
_lock = threading.Lock()


def count_plugin_metrics() -> None:
    """Metrics are on in this process: the plugins' counters count from now on."""
    global _counting
    _counting = True


class MetricCounter:
    """A count of something a plugin does: messages posted, meetings joined (API 1.13).

    Declare it once, register it in ``setup``, increment it where it happens::

        POSTED = MetricCounter("messages_posted", description="Messages posted",
                               labels=("kind",))
        ctx.add_counters(POSTED)        # in setup: lasuite_chat_messages_posted_total
        POSTED.inc(kind="channel")      # in the service

    ``labels`` name the dimensions each increment gives (few values each: a kind, never
    a user or a channel). Counted in the app instance's process, where ``/metrics`` is
    scraped; a job's increments in a ``lasuite worker`` process are not.
    """

    def __init__(self, name: str, *, description: str, labels: Sequence[str] = ()) -> None:
        if not NAME.match(name):
            raise ValueError(f"{name!r}: a counter is named in lowercase letters, digits, '_'")
        if not description.strip():
            raise ValueError(f"counter {name!r} needs a description")
        self.name = name
        self.description = description
        self.labels = tuple(labels)
        self.metric = ""
        """``lasuite_<plugin id>_<name>``, once a plugin registered it."""
        self._counter: Any = None

    def bind(self, plugin_id: str) -> None:
        self.metric = f"lasuite_{plugin_id}_{self.name}"

    def inc(self, amount: float = 1, **labels: str) -> None:
        """Add ``amount`` (1) for these label values; nothing while metrics are off."""
        if not _counting or not self.metric:
            return
        counter = self._counter or self._registered()
        (counter.labels(**labels) if self.labels else counter).inc(amount)

    def _registered(self) -> Any:
        # prometheus_client only where metrics are on, and each counter once a process.
        from prometheus_client import Counter

        with _lock:
            if self._counter is None:
                self._counter = Counter(self.metric, self.description, list(self.labels))
        return self._counter
