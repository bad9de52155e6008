"""The event bus: ``will`` handlers in the publisher's transaction, then, once it has
committed, delivery to websocket topics and ``after_commit`` handlers."""

from __future__ import annotations

import asyncio
import copy
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.db.after_commit import AfterCommit
from lasuite.db.engine import Database
from lasuite.realtime import frames
from lasuite.realtime.events import Event, EventContext, EventSubscription, Veto
from lasuite.realtime.fanout import Fanout
from lasuite.realtime.topics import is_topic, namespace
from lasuite.tenancy.models import OrganizationPlugin

if TYPE_CHECKING:
    from lasuite.notifications.service import Notifier

logger = logging.getLogger("lasuite.realtime")


class UnknownEvent(LookupError):
    """The event's class was not declared with ``ctx.add_events`` by a loaded plugin."""


@dataclass(frozen=True, slots=True)
class _Published:
    event: Event
    organization_id: uuid.UUID
    topics: tuple[str, ...]
    enabled: frozenset[str]
    """The plugins (and ``core``) enabled for the organization when it was published."""


class EventBus:
    """Publishes domain events; routes get it as the parameter ``events: Events`` (API 1.0).

    ``will`` handlers run in the caller's transaction, in plugin dependency order,
    and may raise :class:`~lasuite.realtime.events.Veto`. Once the transaction
    commits, the event goes to the subscribers of ``topics`` and to the
    ``after_commit`` handlers; if it rolls back, nothing happens (nor when the
    savepoint it was published in rolls back: ``db.begin_nested()``). Only plugins
    enabled for ``organization_id`` get the event. Example::

        @post("/channels/{channel_id:uuid}/messages", permission="chat.message.create")
        async def post_message(channel_id: UUID, data: MessageIn, db: DbSession,
                               actor: CurrentActor, events: Events) -> MessageOut:
            message = await services.post(db, actor, channel_id, data.text)
            await events.publish(db, MessagePosted(channel_id=channel_id, text=data.text),
                                 organization_id=actor.organization_id,
                                 topics=[f"chat:channel:{channel_id}"])
            return MessageOut.of(message)

    ``fanout`` None: no websocket is reached (a worker process without Redis); the
    ``after_commit`` handlers still run.
    """

    def __init__(
        self,
        database: Database,
        fanout: Fanout | None,
        events: Iterable[type[Event]],
        subscriptions: Iterable[EventSubscription],
        notifier: Notifier,
    ) -> None:
        self._database = database
        self._fanout = fanout
        self._declared = {cls.name: cls for cls in events}
        self._will: dict[str, list[EventSubscription]] = {}
        self._after_commit: dict[str, list[EventSubscription]] = {}
        for subscription in subscriptions:
            handlers = self._will if subscription.phase == "will" else self._after_commit
            handlers.setdefault(subscription.event, []).append(subscription)
            if subscription.event not in self._declared:
                logger.warning(
                    "plugin %r handles the event %r, which no loaded plugin declares",
                    subscription.plugin_id,
                    subscription.event,
                )
        self._delivering: set[asyncio.Task[None]] = set()
        self._pending = AfterCommit[_Published]("lasuite.events", self._committed)
        self._notifier = notifier
        self._home: asyncio.AbstractEventLoop | None = None

    def using(self, database: Database) -> EventBus:
        """This bus, opening its own transactions on ``database`` (a job's, whose event
        loop differs from the app's); what it publishes is delivered by this one."""
        other = copy.copy(self)
        other._database = database
        other._notifier = self._notifier.using(database)
        return other

    async def on_startup(self) -> None:
        """Deliver from the app's event loop, also what jobs publish from the embedded
        worker's loop (the fan-out and the handlers' database belong to the app's)."""
        self._home = asyncio.get_running_loop()

    @property
    def notifier(self) -> Notifier:
        """What event handlers notify users with (``context.notifier``)."""
        return self._notifier

    async def publish(
        self,
        db: AsyncSession | None,
        event: Event,
        /,
        *,
        organization_id: uuid.UUID,
        topics: Iterable[str] = (),
    ) -> None:
        """Publish ``event`` in ``db``'s transaction (``None``: in a transaction of its own).

        Raises :class:`~lasuite.realtime.events.Veto` when a ``will`` handler refuses it.
        """
        if db is None:
            async with self._database.transaction() as own:
                await self.publish(own, event, organization_id=organization_id, topics=topics)
            return
        if self._declared.get(event.name) is not type(event):
            raise UnknownEvent(
                f"event {type(event).__qualname__} ({event.name!r}) is not declared; "
                "declare it in setup with ctx.add_events"
            )
        topics = tuple(topics)
        for topic in topics:
            if not is_topic(topic):
                raise ValueError(f"{topic!r} is not a topic ('<plugin id>:<rest>')")
        enabled = await self._enabled_plugins(db, organization_id)
        context = EventContext(organization_id=organization_id, db=db, events=self)
        for handler in self._will.get(event.name, ()):
            if handler.plugin_id in enabled:
                try:
                    await handler.handler(event, context)
                except Veto as veto:
                    veto.plugin_id = veto.plugin_id or handler.plugin_id
                    veto.event = veto.event or event.name
                    raise
        self._pending.add(db, [_Published(event, organization_id, topics, enabled)])

    async def drain(self) -> None:
        """Wait for the deliveries and handlers of committed transactions to finish."""
        while self._delivering:
            await asyncio.gather(*self._delivering, return_exceptions=True)

    async def _enabled_plugins(
        self, db: AsyncSession, organization_id: uuid.UUID
    ) -> frozenset[str]:
        enabled = await db.scalars(
            select(OrganizationPlugin.plugin_id).where(
                OrganizationPlugin.organization_id == organization_id, OrganizationPlugin.enabled
            )
        )
        return frozenset({"core", *enabled})

    def _committed(self, published: list[_Published]) -> None:
        loop = asyncio.get_running_loop()
        if self._home is not None and self._home is not loop:
            self._home.call_soon_threadsafe(self._committed, published)
            return
        task = loop.create_task(self._deliver(published))
        self._delivering.add(task)
        task.add_done_callback(self._delivering.discard)

    async def _deliver(self, published: list[_Published]) -> None:
        if self._fanout is not None:
            for item in published:
                for topic in item.topics:
                    if namespace(topic) in item.enabled:
                        await self._send(self._fanout, topic, item.event)
        for item in published:
            context = EventContext(organization_id=item.organization_id, db=None, events=self)
            for handler in self._after_commit.get(item.event.name, ()):
                if handler.plugin_id in item.enabled:
                    try:
                        await handler.handler(item.event, context)
                    except Exception:
                        logger.exception(
                            "after_commit handler %s of plugin %r failed on %s",
                            getattr(handler.handler, "__qualname__", handler.handler),
                            handler.plugin_id,
                            item.event.name,
                        )

    async def _send(self, fanout: Fanout, topic: str, event: Event) -> None:
        try:
            await fanout.publish(topic, frames.event(topic, event.name, event))
        except Exception:
            logger.exception("could not deliver %s to the topic %r", event.name, topic)
