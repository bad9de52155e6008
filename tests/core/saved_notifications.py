"""Notification rows written directly, for tests that need one to exist."""

from __future__ import annotations

import uuid

from lasuite.db.engine import Database
from lasuite.notifications.models import Notification
from lasuite.settings import Settings
from lasuite.testing import Member


async def save_notification(
    settings: Settings, member: Member, *, kind: str = "sample.ping", title: str = "Ping"
) -> uuid.UUID:
    """A notification of ``member`` in their organization, saved outside any request."""
    database = Database(settings.database)
    try:
        async with database.transaction() as db:
            notification = Notification(
                organization_id=member.organization_id,
                user_id=member.user_id,
                kind=kind,
                title=title,
            )
            db.add(notification)
    finally:
        await database.dispose()
    return notification.id
