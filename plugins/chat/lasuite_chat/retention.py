"""Deleting an organization's messages older than its ``retention_days`` setting.

The purge is the periodic job ``chat.purge_expired``: the workers run it every hour
in each organization that has chat enabled, so a message goes within an hour of
passing the retention age.

Messages go for good, with their edit history, reports, reactions, pins and
attachment links (their rows cascade; the stored files go with the next run of
``chat.delete_unused_files``); the replies of a purged thread root go with it. Channels keep their
``last_seq``: the remaining messages keep their numbers, so clients see history
start at a later number, never a hole in the middle.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import JobRun, organization_settings
from lasuite_chat.models import Message, MessageEdit
from lasuite_chat.settings import ChatSettings

BATCH = 1000
"""Messages deleted per statement, so that no transaction grows without bound."""


async def purge_older_than(
    db: AsyncSession, organization_id: uuid.UUID, cutoff: datetime, *, limit: int = BATCH
) -> int:
    """Delete up to ``limit`` of the organization's messages created before ``cutoff``."""
    ids = list(
        await db.scalars(
            select(Message.id)
            .where(Message.organization_id == organization_id, Message.created_at < cutoff)
            .order_by(Message.created_at)
            .limit(limit)
        )
    )
    if not ids:
        return 0
    # Explicit rather than trusting every database to cascade.
    await db.execute(delete(MessageEdit).where(MessageEdit.message_id.in_(ids)))
    await db.execute(
        delete(Message).where(Message.id.in_(ids)).execution_options(synchronize_session=False)
    )
    return len(ids)


async def purge_expired(job: JobRun) -> int:
    """The job ``chat.purge_expired``: apply the organization's retention; the count deleted."""
    async with job.transaction() as db:
        settings = await organization_settings(
            db, ChatSettings, plugin_id="chat", organization_id=job.organization_id
        )
    if settings.retention_days is None:
        return 0
    cutoff = datetime.now(UTC) - timedelta(days=settings.retention_days)
    total = 0
    while True:
        async with job.transaction() as db:
            deleted = await purge_older_than(db, job.organization_id, cutoff)
        total += deleted
        if deleted < BATCH:
            return total
