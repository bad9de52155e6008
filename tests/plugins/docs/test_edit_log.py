"""A document's edits: logged in order, merged into its content by a periodic job, and
read back the same either way."""

from __future__ import annotations

import uuid
from typing import Any

import pycrdt
from sqlalchemy import func, select

from lasuite.testing import run_periodic_job
from lasuite_docs import store
from lasuite_docs.compaction import COMPACT_AFTER
from lasuite_docs.models import Document, DocumentUpdate
from tests.plugins.docs.sync_clients import new_document, typed_updates


async def text_of(database: Any, document_id: uuid.UUID) -> str:
    async with database.transaction() as db:
        doc, _ = await store.load(db, document_id)
    return str(doc.get("text", type=pycrdt.Text))


async def logged(database: Any, document_id: uuid.UUID) -> int:
    async with database.transaction() as db:
        count: int = await db.scalar(
            select(func.count()).where(DocumentUpdate.document_id == document_id)
        )
    return count


async def test_edits_are_numbered_in_the_order_they_are_appended(
    lasuite_client, make_member, lasuite_database
):
    document_id = await new_document(lasuite_client, make_member)
    updates = typed_updates("abc")

    async with lasuite_database.transaction() as db:
        first = await store.append(db, document_id, updates[:1])
        last = await store.append(db, document_id, updates[1:])
        seqs = list(
            await db.scalars(
                select(DocumentUpdate.seq)
                .where(DocumentUpdate.document_id == document_id)
                .order_by(DocumentUpdate.seq)
            )
        )

    assert (first, last, seqs) == (1, 3, [1, 2, 3])
    assert await text_of(lasuite_database, document_id) == "abc"


async def test_the_periodic_job_merges_a_long_log_into_the_content(
    lasuite_app, lasuite_client, make_member, lasuite_database
):
    document_id = await new_document(lasuite_client, make_member)
    text = "x" * (COMPACT_AFTER + 20)
    async with lasuite_database.transaction() as db:
        await store.append(db, document_id, typed_updates(text))

    await run_periodic_job(lasuite_app, lasuite_client, "docs.compact_documents")

    async with lasuite_database.transaction() as db:
        document = await db.get_one(Document, document_id)
        assert (document.content_seq, document.last_seq) == (len(text), len(text))
    assert await logged(lasuite_database, document_id) == 0
    assert await text_of(lasuite_database, document_id) == text


async def test_edits_after_the_content_are_read_after_it(
    lasuite_client, make_member, lasuite_database
):
    document_id = await new_document(lasuite_client, make_member)
    updates = typed_updates("avant|après")
    async with lasuite_database.transaction() as db:
        await store.append(db, document_id, updates[:6])
    async with lasuite_database.transaction() as db:
        assert await store.compact(db, document_id) == 6
        await store.append(db, document_id, updates[6:])

    assert await logged(lasuite_database, document_id) == len(updates) - 6
    assert await text_of(lasuite_database, document_id) == "avant|après"


async def test_a_short_log_is_left_for_later(
    lasuite_app, lasuite_client, make_member, lasuite_database
):
    document_id = await new_document(lasuite_client, make_member)
    async with lasuite_database.transaction() as db:
        await store.append(db, document_id, typed_updates("court"))

    await run_periodic_job(lasuite_app, lasuite_client, "docs.compact_documents")

    assert await logged(lasuite_database, document_id) == len("court")
