"""The periodic job merging documents' logged edits into their content, so that opening a
document reads one content and a short tail of edits."""

from __future__ import annotations

from lasuite.plugins import JobRun
from lasuite_docs import store

COMPACT_AFTER = 100
"""Edits logged since a document's content before it is compacted."""


async def compact_documents(job: JobRun) -> int:
    """Compact the organization's documents with many edits logged; returns how many."""
    async with job.transaction() as db:
        documents = await store.documents_to_compact(
            db, job.organization_id, at_least=COMPACT_AFTER
        )
    for document_id in documents:
        async with job.transaction() as db:
            await store.compact(db, document_id)
    return len(documents)
