"""Sending notifications: stored per user, live on their topic, e-mailed by a job."""

from __future__ import annotations

import asyncio
import copy
import logging
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.db.after_commit import AfterCommit
from lasuite.db.engine import Database
from lasuite.jobs.queue import JobQueue
from lasuite.notifications.email_job import EMAIL_JOB
from lasuite.notifications.kinds import NotificationKind
from lasuite.notifications.models import Notification, NotificationPreference
from lasuite.plugin_host.enablement import enabled_plugins
from lasuite.realtime import frames
from lasuite.realtime.fanout import Fanout
from lasuite.realtime.topics import user_topic
from lasuite.tenancy.models import Membership

logger = logging.getLogger("lasuite.notifications")

CREATED = "core.notification.created"
"""The event a user's websocket gets on ``core:user:<id>`` for each new notification."""


class UnknownNotificationKind(LookupError):
    """No loaded plugin declared that kind with ``ctx.add_notification_kind``."""


class NotificationOut(msgspec.Struct):
    id: uuid.UUID
    organization_id: uuid.UUID
    """The organization it belongs to: live ones reach the user whichever is current."""
    kind: str
    title: str
    body: str
    link: str
    data: dict[str, Any]
    read_at: datetime | None
    created_at: datetime


_Live = tuple[uuid.UUID, NotificationOut]
"""A notification to send live once committed: its user and what they get."""


def notification_out(notification: Notification) -> NotificationOut:
    return NotificationOut(
        id=notification.id,
        organization_id=notification.organization_id,
        kind=notification.kind,
        title=notification.title,
        body=notification.body,
        link=notification.link,
        data=dict(notification.data or {}),
        read_at=notification.read_at,
        created_at=notification.created_at,
    )


async def preferences_of(
    db: AsyncSession, user_ids: Iterable[uuid.UUID], kind: str
) -> dict[uuid.UUID, NotificationPreference]:
    rows = await db.scalars(
        select(NotificationPreference).where(
            NotificationPreference.user_id.in_(list(user_ids)),
            NotificationPreference.kind == kind,
        )
    )
    return {row.user_id: row for row in rows}


class Notifier:
    """Sends the notification kinds plugins declared; routes get it as the parameter
    ``notifier: Notifications`` (API 1.0). Example::

        await notifier.notify(db, [mentioned.id], kind="chat.mention",
                              title=f"{actor.display_name} mentioned you",
                              body=text, link=f"/chat/{channel_id}",
                              organization_id=actor.organization_id)

    Event handlers get it as ``context.notifier`` and jobs as ``job.notifier``; with
    ``None`` for ``db`` (an ``after_commit`` handler) the notification is saved in a
    transaction of its own.

    Each user who is a member of ``organization_id`` gets a stored notification (unless
    they turned the kind off in the workspace), sent live on ``core:user:<id>`` once
    ``db``'s transaction commits, and an e-mail when their preference (or the kind's
    default) says so. Nothing is sent when the kind's plugin is disabled for the
    organization, or when the transaction rolls back.
    """

    def __init__(
        self,
        kinds: Mapping[str, NotificationKind],
        fanout: Fanout | None,
        queue: JobQueue,
        database: Database,
    ) -> None:
        self.kinds = dict(kinds)
        self._fanout = fanout
        """None: no live delivery (a worker process without Redis reaches no websocket)."""
        self._queue = queue
        self._database = database
        self._home: asyncio.AbstractEventLoop | None = None
        self._delivering: set[asyncio.Task[None]] = set()
        self._pending = AfterCommit[_Live]("lasuite.notifications", self._committed)

    async def notify(
        self,
        db: AsyncSession | None,
        user_ids: Iterable[uuid.UUID],
        /,
        *,
        kind: str,
        title: str,
        organization_id: uuid.UUID,
        body: str = "",
        link: str = "",
        data: Mapping[str, Any] | None = None,
    ) -> list[uuid.UUID]:
        """Notify ``user_ids`` in ``db``'s transaction (``None``: in one of its own);
        returns the ids of the stored notifications."""
        if db is None:
            async with self._database.transaction() as own:
                return await self.notify(
                    own,
                    user_ids,
                    kind=kind,
                    title=title,
                    organization_id=organization_id,
                    body=body,
                    link=link,
                    data=data,
                )
        declared = self.kinds.get(kind)
        if declared is None:
            raise UnknownNotificationKind(
                f"no loaded plugin declares the notification kind {kind!r}; "
                "declare it in setup with ctx.add_notification_kind"
            )
        if declared.plugin_id not in await enabled_plugins(db, organization_id):
            return []
        wanted = set(user_ids)
        members = set(
            await db.scalars(
                select(Membership.user_id).where(
                    Membership.organization_id == organization_id,
                    Membership.user_id.in_(list(wanted)),
                )
            )
        )
        preferences = await preferences_of(db, members, kind)
        stored: list[Notification] = []
        by_email: list[str] = []
        for user_id in sorted(members):
            preference = preferences.get(user_id)
            if preference is None or preference.in_app:
                notification = Notification(
                    organization_id=organization_id,
                    user_id=user_id,
                    kind=kind,
                    title=title,
                    body=body,
                    link=link,
                    data=dict(data or {}),
                )
                db.add(notification)
                stored.append(notification)
            if preference.email if preference is not None else declared.default_email:
                by_email.append(str(user_id))
        await db.flush()
        if stored:
            self._pending.add(db, [(n.user_id, notification_out(n)) for n in stored])
        if by_email:
            await self._queue.enqueue(
                db,
                EMAIL_JOB,
                organization_id=organization_id,
                user_ids=by_email,
                title=title,
                body=body,
                link=link,
            )
        return [notification.id for notification in stored]

    def using(self, database: Database) -> Notifier:
        """This notifier, opening its own transactions on ``database`` (a job's, whose
        event loop differs from the app's)."""
        other = copy.copy(self)
        other._database = database
        return other

    async def on_startup(self) -> None:
        """Deliver live from the app's event loop, also what jobs notify from the
        embedded worker's loop (the fan-out belongs to the app's)."""
        self._home = asyncio.get_running_loop()

    async def drain(self) -> None:
        """Wait for the live deliveries of committed transactions."""
        while self._delivering:
            await asyncio.gather(*self._delivering, return_exceptions=True)

    def _committed(self, sent: list[_Live]) -> None:
        if self._fanout is None:
            return
        loop = asyncio.get_running_loop()
        if self._home is not None and self._home is not loop:
            asyncio.run_coroutine_threadsafe(self._deliver(sent), self._home)
            return
        task = loop.create_task(self._deliver(sent))
        self._delivering.add(task)
        task.add_done_callback(self._delivering.discard)

    async def _deliver(self, sent: list[_Live]) -> None:
        assert self._fanout is not None
        for user_id, out in sent:
            topic = user_topic(user_id)
            try:
                await self._fanout.publish(topic, frames.event(topic, CREATED, out))
            except Exception:
                logger.exception("could not deliver notification %s to %s", out.id, topic)
