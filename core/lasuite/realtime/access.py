"""Open websockets follow changes of what their member may do.

A websocket keeps the actor it was opened with. When one of the core's access events
(``core.plugin.switched``, ``core.member.changed``, ``core.grants.changed``, and
``core.topic_access.changed`` that plugins publish) commits,
the publishing instance announces it on the internal channel ``core:access``, which
every instance listens to through the channels backend for as long as it serves;
each re-loads the actor of its affected connections and applies it
(:meth:`Connection.recheck`: closed when no longer a member, subscriptions the topic
rules no longer allow ended). Clients cannot subscribe to ``core:access``: no topic
rule opens it.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from contextlib import suppress
from typing import TYPE_CHECKING

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.db.base import utcnow
from lasuite.identity.actors import load_actor
from lasuite.identity.models import ApiToken
from lasuite.identity.signed_in import session_goes_on
from lasuite.permissions.actor import Actor
from lasuite.realtime import frames
from lasuite.realtime.core_events import (
    CORE_EVENTS,
    GrantsChanged,
    MemberChanged,
    SessionsEnded,
    TopicAccessChanged,
)
from lasuite.realtime.events import Event, EventContext, EventSubscription
from lasuite.realtime.fanout import Fanout
from lasuite.realtime.frames import Close
from lasuite.realtime.subscriber import TopicSubscriber

if TYPE_CHECKING:
    from lasuite.db.engine import Database
    from lasuite.realtime.connection import Connection
    from lasuite.runtime import Runtime

logger = logging.getLogger("lasuite.realtime")

ACCESS_CHANNEL = "core:access"


class AccessChange(msgspec.Struct, frozen=True):
    """Whose connections to re-check: an organization's, narrowed to a user or a role;
    with ``sessions``, a user's in every organization, whose sessions may have ended."""

    organization_id: uuid.UUID | None
    user_id: uuid.UUID | None = None
    role: str | None = None
    sessions: bool = False

    def concerns(self, actor: Actor) -> bool:
        return (
            self.organization_id in (None, actor.organization_id)
            and self.user_id in (None, actor.user_id)
            and self.role in (None, actor.role)
        )


class _AccessFrame(msgspec.Struct):
    data: AccessChange


_read_frame = msgspec.json.Decoder(_AccessFrame).decode


def change_of(event: Event, organization_id: uuid.UUID) -> AccessChange:
    """The connections ``event`` may have changed the rights of."""
    if isinstance(event, MemberChanged | TopicAccessChanged):
        return AccessChange(organization_id, user_id=event.user_id)
    if isinstance(event, GrantsChanged):
        return AccessChange(organization_id, role=event.role)
    if isinstance(event, SessionsEnded):
        return AccessChange(None, user_id=event.user_id, sessions=True)
    return AccessChange(organization_id)


class AccessWatch:
    """Announces access changes to every instance and re-checks this instance's sockets."""

    def __init__(self, fanout: Fanout, database: Database, connections: set[Connection]) -> None:
        self._fanout = fanout
        self._database = database
        self._connections = connections
        self._runtime: Runtime | None = None
        self._subscriber: TopicSubscriber | None = None
        self._listening: asyncio.Task[None] | None = None

    def subscriptions(self) -> list[EventSubscription]:
        """The core's ``after_commit`` handlers announcing each access event."""
        return [
            EventSubscription(
                event=event.name, handler=self.announce, phase="after_commit", plugin_id="core"
            )
            for event in CORE_EVENTS
        ]

    async def announce(self, event: Event, context: EventContext) -> None:
        change = change_of(event, context.organization_id)
        await self._fanout.publish(
            ACCESS_CHANNEL, frames.event(ACCESS_CHANNEL, "core.access.changed", change)
        )

    async def start(self, runtime: Runtime) -> None:
        """Listen to announcements (from every instance) until :meth:`stop`; re-check
        actors with ``runtime``'s permissions and plugins."""
        self._runtime = runtime
        self._subscriber, _ = await self._fanout.open(ACCESS_CHANNEL, None)
        self._listening = asyncio.get_running_loop().create_task(self._listen(self._subscriber))

    async def stop(self) -> None:
        if self._listening is not None:
            self._listening.cancel()
            await asyncio.gather(self._listening, return_exceptions=True)
            self._listening = None
        if self._subscriber is not None:
            with suppress(Exception):
                await self._fanout.close(self._subscriber, ACCESS_CHANNEL)
            self._subscriber = None

    async def _listen(self, subscriber: TopicSubscriber) -> None:
        async for frame in subscriber.iter_events():
            try:
                change = _read_frame(frame).data
            except msgspec.DecodeError:
                logger.exception("an unreadable access change on %s", ACCESS_CHANNEL)
                continue
            if subscriber.take_lost_frames():
                # Announcements were dropped: re-check every connection of this instance.
                await self.recheck(None)
            await self.recheck(change)

    async def recheck(self, change: AccessChange | None) -> None:
        """Re-load the actors of the connections ``change`` concerns (None: all) and apply them."""
        affected = [
            connection
            for connection in list(self._connections)
            if change is None or change.concerns(connection.actor)
        ]
        if not affected:
            return
        async with self._database.sessions() as db:
            reloaded: dict[tuple[uuid.UUID, uuid.UUID, uuid.UUID | None], Actor | None] = {}
            for connection in affected:
                actor = connection.actor
                key = (actor.user_id, actor.organization_id, actor.token_id)
                try:
                    if change is not None and change.sessions:
                        await _close_if_signed_out(db, connection)
                        continue
                    if key not in reloaded:
                        reloaded[key] = await self._reload(db, actor)
                    await connection.recheck(reloaded[key], db)
                except Exception:
                    logger.exception("could not re-check websocket connection %s", connection.id)

    async def recheck_new(self, connection: Connection) -> None:
        """Re-check a connection just added to those this instance watches.

        Its actor was loaded when its request began: a change committed and
        announced between then and now reached no one on its behalf. Re-loaded
        after it joined the watched connections, the actor misses no change: one
        committed before this re-load is in it, one committed after is announced to
        a connection already watched.
        """
        async with self._database.sessions() as db:
            await connection.recheck(await self._reload(db, connection.actor), db)

    async def _reload(self, db: AsyncSession, actor: Actor) -> Actor | None:
        """``actor`` as the database has it now; None once the membership or token is gone."""
        scopes = None
        if actor.token_id is not None:
            token = await db.get(ApiToken, actor.token_id)
            if token is None or token.revoked_at is not None:
                return None
            if token.expires_at is not None and token.expires_at <= utcnow():
                return None
            scopes = frozenset(token.scopes)
        assert self._runtime is not None, "re-checks run between start and stop"
        return await load_actor(
            db,
            self._runtime,
            actor.user_id,
            actor.organization_id,
            scopes=scopes,
            token_id=actor.token_id,
        )


async def _close_if_signed_out(db: AsyncSession, connection: Connection) -> None:
    """Close ``connection`` (4401: the page goes back to sign-in) if the session it was
    opened with has ended."""
    if connection.session is not None and not await session_goes_on(
        db, connection.actor.user_id, connection.session
    ):
        connection.close(Close.UNAUTHORIZED, "This session was signed out.")
