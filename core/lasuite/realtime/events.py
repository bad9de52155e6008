"""Domain events: the base class plugins declare theirs with, the veto, and what
their handlers receive."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

if TYPE_CHECKING:
    from lasuite.notifications.service import Notifier
    from lasuite.realtime.bus import EventBus

Phase = Literal["will", "after_commit"]
"""``will``: in the publisher's transaction, in plugin dependency order, may veto;
``after_commit``: once the transaction has committed, observe only."""


class Event(msgspec.Struct, frozen=True):
    """A domain event named ``<plugin id>.<noun>.<verb>``, with a typed payload (API 1.0).

    Declare it in ``setup`` with ``ctx.add_events`` and publish it with the ``events``
    dependency; subscribers of the ``topics`` get it on the app websocket once the
    transaction commits::

        class MessagePosted(Event, frozen=True):
            name: ClassVar[str] = "chat.message.posted"
            channel_id: uuid.UUID
            text: str

        ctx.add_events(MessagePosted)

        await events.publish(db, MessagePosted(channel_id=channel.id, text=text),
                             organization_id=actor.organization_id,
                             topics=[f"chat:channel:{channel.id}"])
    """

    name: ClassVar[str]


class Veto(Exception):
    """Raised by a ``will`` handler to refuse the change being made (API 1.0).

    The transaction rolls back and the request answers 409
    ``{"error": "vetoed", "detail": reason}`` (a websocket action, an error frame)::

        async def refuse_archived(event: MessagePosted, context: EventContext) -> None:
            if await is_archived(context.db, event.channel_id):
                raise Veto("This channel is archived.")
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.plugin_id = ""
        """The plugin whose handler vetoed, filled in by the bus."""
        self.event = ""
        """The name of the vetoed event, filled in by the bus."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EventContext:
    """What an event handler receives besides the event itself (API 1.0)."""

    organization_id: uuid.UUID
    db: AsyncSession | None
    """The publisher's transaction for ``will`` handlers; None for ``after_commit`` ones."""
    events: EventBus
    """Publish further events (``events.publish(None, …)`` after the commit)."""

    @property
    def notifier(self) -> Notifier:
        """Notify users from a handler (API 1.0), in ``db``'s transaction, or with
        ``db=None`` in a transaction of its own (``after_commit`` handlers)::

            async def tell_the_owner(event: DocumentShared, context: EventContext) -> None:
                await context.notifier.notify(
                    None, [event.owner_id], kind="docs.shared", title="Document shared",
                    organization_id=context.organization_id)
        """
        return self.events.notifier


EventHandler = Callable[[Any, EventContext], Awaitable[None]]
"""``async def handler(event, context) -> None``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EventSubscription:
    """A handler a plugin registered with ``ctx.on_event``."""

    event: str
    handler: EventHandler
    phase: Phase
    plugin_id: str
