"""Where a document's edits are kept: appended one by one as they come, merged from time
to time into the document's ``content``. Loading is that content, then the edits after it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import pycrdt
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite_docs.models import Document, DocumentUpdate


async def append(db: AsyncSession, document_id: uuid.UUID, updates: Sequence[bytes]) -> int:
    """Number ``updates`` after the document's last edit and add them to its log, in
    ``db``'s transaction; returns the last number. The numbering row is locked until the
    transaction ends, so writers of one document (on any instance) take turns."""
    last = await db.scalar(
        update(Document)
        .where(Document.id == document_id)
        .values(last_seq=Document.last_seq + len(updates), edited_at=datetime.now(UTC))
        .returning(Document.last_seq)
    )
    if last is None:
        raise LookupError(f"no document {document_id}")
    first = last - len(updates) + 1
    # A Core insert: no ORM objects to track for rows nobody reads back here.
    await db.execute(
        insert(DocumentUpdate),
        [
            {"id": uuid.uuid4(), "document_id": document_id, "seq": first + i, "data": data}
            for i, data in enumerate(updates)
        ],
    )
    return int(last)


async def load(db: AsyncSession, document_id: uuid.UUID) -> tuple[pycrdt.Doc[Any], int]:
    """The document as its content and its later edits make it, and its last edit's number."""
    document = await db.get_one(Document, document_id)
    doc: pycrdt.Doc[Any] = pycrdt.Doc()
    if document.content is not None:
        doc.apply_update(document.content)
    tail = await db.scalars(
        select(DocumentUpdate.data)
        .where(
            DocumentUpdate.document_id == document_id,
            DocumentUpdate.seq > document.content_seq,
        )
        .order_by(DocumentUpdate.seq)
    )
    for data in tail:
        doc.apply_update(data)
    return doc, document.last_seq


async def after(db: AsyncSession, document_id: uuid.UUID, seq: int) -> list[tuple[int, bytes]]:
    """The document's edits numbered after ``seq``, in order. When some were merged into
    its content meanwhile, the content comes first, numbered as the last edit it holds."""
    document = await db.get_one(Document, document_id)
    edits: list[tuple[int, bytes]] = []
    if document.content is not None and document.content_seq > seq:
        edits.append((document.content_seq, document.content))
        seq = document.content_seq
    rows = await db.execute(
        select(DocumentUpdate.seq, DocumentUpdate.data)
        .where(DocumentUpdate.document_id == document_id, DocumentUpdate.seq > seq)
        .order_by(DocumentUpdate.seq)
    )
    return edits + [(row.seq, row.data) for row in rows]


async def compact(db: AsyncSession, document_id: uuid.UUID) -> int:
    """Merge the document's logged edits into its content and drop them; returns how many.

    Edits appended meanwhile come after the ones merged and stay in the log."""
    document = await db.get_one(Document, document_id, with_for_update=True)
    rows = list(
        await db.execute(
            select(DocumentUpdate.seq, DocumentUpdate.data)
            .where(
                DocumentUpdate.document_id == document_id,
                DocumentUpdate.seq > document.content_seq,
            )
            .order_by(DocumentUpdate.seq)
        )
    )
    if not rows:
        return 0
    parts = [document.content] if document.content is not None else []
    document.content = pycrdt.merge_updates(*parts, *(data for _, data in rows))
    document.content_seq = rows[-1].seq
    await db.execute(
        delete(DocumentUpdate).where(
            DocumentUpdate.document_id == document_id,
            DocumentUpdate.seq <= document.content_seq,
        )
    )
    return len(rows)


async def documents_to_compact(
    db: AsyncSession, organization_id: uuid.UUID, *, at_least: int
) -> list[uuid.UUID]:
    """The organization's documents with ``at_least`` edits logged since their content."""
    return list(
        await db.scalars(
            select(Document.id)
            .join(DocumentUpdate, DocumentUpdate.document_id == Document.id)
            .where(
                Document.organization_id == organization_id,
                DocumentUpdate.seq > Document.content_seq,
            )
            .group_by(Document.id)
            .having(func.count() >= at_least)
        )
    )
