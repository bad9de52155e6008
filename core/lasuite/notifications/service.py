"""Sending notifications: stored per user, live on their topic, e-mailed by a job."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import event as orm_event
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from lasuite.jobs.queue import JobQueue
from lasuite.notifications.email_job import EMAIL_JOB
from lasuite.notifications.kinds import NotificationKind
from lasuite.notifications.models import Notification, NotificationPreference
from lasuite.plugins.enablement import enabled_plugins
from lasuite.realtime import frames
from lasuite.realtime.fanout import Fanout
from lasuite.realtime.topics import user_topic
from lasuite.tenancy.models import Membership

logger = logging.getLogger("lasuite.notifications")

CREATED = "core.notification.created"
"""The event a user's websocket gets on ``core:user:<id>`` for each new notification."""

_PENDING = "lasuite.notifications.pending"
_LISTENING = "lasuite.notifications.listening"


class UnknownNotificationKind(LookupError):
    """No loaded plugin declared that kind with ``ctx.add_notification_kind``."""


class NotificationOut(msgspec.Struct):
    id: uuid.UUID
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

    Each user who is a member of ``organization_id`` gets a stored notification (unless
    they turned the kind off in the workspace), sent live on ``core:user:<id>`` once
    ``db``'s transaction commits, and an e-mail when their preference (or the kind's
    default) says so. Nothing is sent when the kind's plugin is disabled for the
    organization, or when the transaction rolls back.
    """

    def __init__(
        self, kinds: Mapping[str, NotificationKind], fanout: Fanout, queue: JobQueue
    ) -> None:
        self.kinds = dict(kinds)
        self._fanout = fanout
        self._queue = queue
        self._delivering: set[asyncio.Task[None]] = set()

    async def notify(
        self,
        db: AsyncSession,
        user_ids: Iterable[uuid.UUID],
        /,
        *,
        kind: str,
        title: str,
        organization_id: uuid.UUID,
        body: str = "",
        link: str = "",
        data: Mapping[str, Any] | None = None,
    ) -> list[Notification]:
        """Notify ``user_ids``; returns the stored notifications."""
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
            self._after_commit_of(db).extend((n.user_id, notification_out(n)) for n in stored)
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
        return stored

    async def drain(self) -> None:
        """Wait for the live deliveries of committed transactions."""
        while self._delivering:
            await asyncio.gather(*self._delivering, return_exceptions=True)

    def _after_commit_of(self, db: AsyncSession) -> list[_Live]:
        if not db.info.get(_LISTENING):
            db.info[_LISTENING] = True
            orm_event.listen(db.sync_session, "after_commit", self._committed)
            orm_event.listen(db.sync_session, "after_rollback", _rolled_back)
        pending: list[_Live] = db.info.setdefault(_PENDING, [])
        return pending

    def _committed(self, session: Session) -> None:
        sent: list[_Live] = session.info.pop(_PENDING, [])
        if sent:
            task = asyncio.get_running_loop().create_task(self._deliver(sent))
            self._delivering.add(task)
            task.add_done_callback(self._delivering.discard)

    async def _deliver(self, sent: list[_Live]) -> None:
        for user_id, out in sent:
            topic = user_topic(user_id)
            try:
                await self._fanout.publish(topic, frames.event(topic, CREATED, out))
            except Exception:
                logger.exception("could not deliver notification %s to %s", out.id, topic)


def _rolled_back(session: Session) -> None:
    session.info.pop(_PENDING, None)
