"""The periodic job keeping each document's text (for search and previews) up with its
edits."""

from __future__ import annotations

from sqlalchemy import select, update

from lasuite.plugins import JobRun
from lasuite_docs import store
from lasuite_docs.content import text_of
from lasuite_docs.models import Document

BATCH = 200
"""Documents one run reads again, at most (the next run takes the rest)."""


async def index_documents(job: JobRun) -> int:
    """Read again the text of the organization's documents edited since it was last read;
    returns how many."""
    async with job.transaction() as db:
        due = list(
            await db.scalars(
                select(Document.id)
                .where(
                    Document.organization_id == job.organization_id,
                    Document.deleted_at.is_(None),
                    Document.last_seq > Document.text_seq,
                )
                .order_by(Document.edited_at)
                .limit(BATCH)
            )
        )
    for document_id in due:
        async with job.transaction() as db:
            doc, seq = await store.load(db, document_id)
            await db.execute(
                update(Document)
                .where(Document.id == document_id)
                .values(text=text_of(doc), text_seq=seq)
            )
    return len(due)
