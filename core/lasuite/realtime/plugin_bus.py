"""The event bus of one process, and its notifier, made from the loaded plugins: the
app's and a worker's."""

from __future__ import annotations

from collections.abc import Iterable

from lasuite.db.engine import Database
from lasuite.jobs.queue import JobQueue
from lasuite.notifications.service import Notifier
from lasuite.plugin_host.registry import Registry
from lasuite.realtime.bus import EventBus
from lasuite.realtime.core_events import CORE_EVENTS
from lasuite.realtime.events import EventSubscription
from lasuite.realtime.fanout import Fanout


def plugin_bus(
    registry: Registry,
    database: Database,
    fanout: Fanout | None,
    queue: JobQueue,
    *,
    core_subscriptions: Iterable[EventSubscription] = (),
) -> EventBus:
    """The core's and the plugins' events, the plugins' handlers (after
    ``core_subscriptions``) and notification kinds; live delivery through ``fanout``
    (None: none)."""
    loaded = [record.contributions for record in registry.loaded]
    notifier = Notifier(
        {k.name: k for c in loaded for k in c.notification_kinds}, fanout, queue, database
    )
    return EventBus(
        database,
        fanout,
        events=[*CORE_EVENTS, *(event for c in loaded for event in c.events)],
        subscriptions=[*core_subscriptions, *(s for c in loaded for s in c.event_subscriptions)],
        notifier=notifier,
    )
