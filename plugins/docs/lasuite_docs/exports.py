"""A document exported as a file: asked for by one of its readers, made by the job
``docs.export_document`` (whose progress the core's ``/api/v1/jobs/{id}`` reports) and
kept in the core's file storage for :data:`KEPT` for whoever asked."""

from __future__ import annotations

import asyncio
import base64
import uuid
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor, JobQueue, JobRun, Problem
from lasuite_docs import document_files, store
from lasuite_docs.formats import EXPORT_FORMATS, KINDS, exported
from lasuite_docs.html_of import FileLinks, html_of
from lasuite_docs.models import Document, DocumentExport

KEPT = timedelta(days=1)
"""How long an exported file stays to be downloaded."""

EMBEDDED_BYTES = 64 * 1024 * 1024
"""How much image content one export embeds at most; the images past it are linked."""


class UnknownExportFormat(Problem):
    code = "docs.unknown_export_format"
    status = 422
    message = f"Export to one of: {', '.join(EXPORT_FORMATS)}."


class NoSuchExport(Problem):
    code = "docs.no_such_export"
    status = 404
    message = "No such export."


class ExportNotReady(Problem):
    code = "docs.export_not_ready"
    status = 409
    message = "The export is not ready yet: follow its job until it has succeeded."


PROBLEMS: tuple[type[Problem], ...] = (UnknownExportFormat, NoSuchExport, ExportNotReady)


async def request_export(
    db: AsyncSession, jobs: JobQueue, actor: Actor, document: Document, format: str
) -> DocumentExport:
    """Queue the making of the document's file in ``format`` for ``actor``."""
    if format not in EXPORT_FORMATS:
        raise UnknownExportFormat()
    export_id = uuid.uuid4()
    job_id = await jobs.enqueue(
        db, "docs.export_document", organization_id=actor.organization_id, export_id=str(export_id)
    )
    export = DocumentExport(
        id=export_id,
        document_id=document.id,
        requested_by=actor.user_id,
        format=format,
        job_id=job_id,
    )
    db.add(export)
    await db.flush()
    return export


async def asked_by(db: AsyncSession, actor: Actor, export_id: uuid.UUID) -> DocumentExport:
    """The export ``actor`` asked for (anyone else's is a 404)."""
    export = await db.scalar(
        select(DocumentExport).where(
            DocumentExport.id == export_id, DocumentExport.requested_by == actor.user_id
        )
    )
    if export is None:
        raise NoSuchExport()
    return export


def file_name(title: str, format: str) -> str:
    return f"{title}.{KINDS[format].extension}"


async def export_document(job: JobRun, *, export_id: str) -> str:
    """Make the export's file; returns where it is downloaded."""
    async with job.transaction() as db:
        export = await db.scalar(
            select(DocumentExport)
            .join(Document, Document.id == DocumentExport.document_id)
            .where(
                DocumentExport.id == uuid.UUID(export_id),
                Document.organization_id == job.organization_id,
            )
        )
        if export is None:
            raise LookupError(f"no export {export_id} in this organization")
        document = await db.get_one(Document, export.document_id)
        doc, _ = await store.load(db, document.id)
        title, format, owner_id = document.title, export.format, export.requested_by
        images = [
            Image(stored.id, stored.content_type, stored.size)
            for stored in (await document_files.stored_files(db, document.id)).values()
            if stored.content_type in document_files.IMAGE_TYPES
        ]
    await job.report_progress(20)
    # Markdown links its images; the other formats carry them.
    links = FileLinks(
        document.id, {} if format == "markdown" else await _embedded(job, images, EMBEDDED_BYTES)
    )
    content = await asyncio.to_thread(exported, title, html_of(doc, links), format)
    await job.report_progress(80)
    async with job.transaction() as db:
        stored = await job.save_file(
            db,
            content,
            filename=file_name(title, format),
            owner_id=owner_id,
            content_type=KINDS[format].content_type,
        )
        export = await db.get_one(DocumentExport, uuid.UUID(export_id))
        export.file_id = stored.id
    return f"/api/v1/docs/exports/{export_id}/file"


class Image(NamedTuple):
    id: uuid.UUID
    content_type: str
    size: int


async def _embedded(job: JobRun, images: list[Image], budget: int) -> dict[str, str]:
    """The page's images as ``data:`` URIs by file id, up to ``budget`` bytes in all."""
    embedded: dict[str, str] = {}
    for stored in sorted(images, key=lambda stored: stored.size):
        if stored.size > budget:
            break
        budget -= stored.size
        content = base64.b64encode(await job.read_file(stored.id)).decode()
        embedded[str(stored.id)] = f"data:{stored.content_type};base64,{content}"
    return embedded


async def purge_exports(job: JobRun) -> int:
    """Delete the organization's exports made more than :data:`KEPT` ago, and their files;
    returns how many."""
    async with job.transaction() as db:
        old = list(
            await db.execute(
                select(DocumentExport.id, DocumentExport.file_id)
                .join(Document, Document.id == DocumentExport.document_id)
                .where(
                    Document.organization_id == job.organization_id,
                    DocumentExport.created_at < datetime.now(UTC) - KEPT,
                )
            )
        )
        for row in old:
            await db.delete(await db.get_one(DocumentExport, row.id))
    await job.delete_files([row.file_id for row in old if row.file_id is not None])
    return len(old)
