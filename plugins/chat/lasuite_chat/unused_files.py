"""Deleting the stored files no message shows any more.

The periodic job ``chat.delete_unused_files`` (hourly, in each organization with
chat enabled) deletes, rows and contents:

- the files of deleted messages (a tombstone shows no attachment);
- the files whose message or channel is gone (purged by retention, channel deleted);
- uploads never posted, a day after their upload (a composer left open).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import JobRun, StoredFile
from lasuite_chat.models import Attachment, Message

UNPOSTED_FOR = timedelta(days=1)
"""How long an upload may wait for its message."""

BATCH = 500
"""Files deleted per transaction."""


async def unused_files(
    db: AsyncSession, organization_id: uuid.UUID, now: datetime, *, limit: int = BATCH
) -> list[uuid.UUID]:
    """Up to ``limit`` ids of the organization's chat files that no message shows."""
    return list(
        await db.scalars(
            select(StoredFile.id)
            .outerjoin(Attachment, Attachment.file_id == StoredFile.id)
            .outerjoin(Message, Message.id == Attachment.message_id)
            .where(
                StoredFile.organization_id == organization_id,
                StoredFile.plugin_id == "chat",
                or_(
                    # An upload and its attachment row are written in one transaction:
                    # a file without one lost it with its message or channel.
                    Attachment.id.is_(None),
                    Message.deleted_at.is_not(None),
                    and_(
                        Attachment.message_id.is_(None),
                        StoredFile.created_at < now - UNPOSTED_FOR,
                    ),
                ),
            )
            .order_by(StoredFile.created_at)
            .limit(limit)
        )
    )


async def delete_unused_files(job: JobRun) -> int:
    """The job ``chat.delete_unused_files``: the number of files deleted."""
    total = 0
    while True:
        async with job.transaction() as db:
            ids = await unused_files(db, job.organization_id, datetime.now(UTC))
        total += await job.delete_files(ids)
        if len(ids) < BATCH:
            return total
