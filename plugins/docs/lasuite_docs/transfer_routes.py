"""Exporting a document to a file and importing a file as a page, over HTTP. Both run as
jobs: the answer names the job, followed at ``/api/v1/jobs/{job_id}`` (state, progress,
and once succeeded its ``result_url``: the file to download, or the new page)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any

import msgspec
from litestar import Request, get, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.response import Stream

from lasuite.plugins import CurrentActor, DbSession, Files, Jobs
from lasuite_docs import exports, imports, services
from lasuite_docs.access import EDIT, READ
from lasuite_docs.formats import IMPORT_FORMATS
from lasuite_docs.models import DocumentExport


class ExportIn(msgspec.Struct, forbid_unknown_fields=True):
    format: Annotated[str, msgspec.Meta(max_length=16)]
    """markdown, html, pdf, docx or odt."""


class ExportOut(msgspec.Struct):
    id: uuid.UUID
    document_id: uuid.UUID
    format: str
    job_id: uuid.UUID
    ready: bool
    """Whether the file is made (then downloaded at ``download_url``)."""
    download_url: str

    @classmethod
    def of(cls, export: DocumentExport) -> ExportOut:
        return cls(
            id=export.id,
            document_id=export.document_id,
            format=export.format,
            job_id=export.job_id,
            ready=export.file_id is not None,
            download_url=f"/api/v1/docs/exports/{export.id}/file",
        )


class ImportOut(msgspec.Struct):
    job_id: uuid.UUID
    """Its ``result_url``, once succeeded, is the new page's address (``/docs/<id>``)."""


@post("/documents/{document_id:uuid}/exports", permission=READ, status_code=202)
async def export_document(
    document_id: FromPath[uuid.UUID],
    data: JSONBody[ExportIn],
    db: DbSession,
    actor: CurrentActor,
    jobs: Jobs,
) -> ExportOut:
    """Start making the document's file in a format (its readers)."""
    access = await services.document_for(db, actor, document_id)
    return ExportOut.of(await exports.request_export(db, jobs, actor, access.document, data.format))


@get("/exports/{export_id:uuid}", permission=READ)
async def get_export(
    export_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor
) -> ExportOut:
    """An export the caller asked for."""
    return ExportOut.of(await exports.asked_by(db, actor, export_id))


@get("/exports/{export_id:uuid}/file", permission=READ)
async def download_export(
    export_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor, files: Files
) -> Stream:
    """The exported file, for who asked for it while they may still read the document."""
    export = await exports.asked_by(db, actor, export_id)
    await services.document_for(db, actor, export.document_id)
    if export.file_id is None:
        raise exports.ExportNotReady()
    return await files.open(export.file_id, actor)


FileName = Annotated[str, QueryParameter(min_length=1, max_length=255)]


@post("/imports", permission="docs.document.create", status_code=202, request_max_body_size=None)
async def import_document(
    format: FromQuery[str],
    filename: FileName,
    request: Request[Any, Any, Any],
    db: DbSession,
    actor: CurrentActor,
    files: Files,
    jobs: Jobs,
    parent_id: FromQuery[uuid.UUID | None] = None,
) -> ImportOut:
    """Import the request body (a Markdown or DOCX file of at most 5 MiB) as a new page at
    the top level, or under a page the caller may edit; the caller owns it."""
    if parent_id is not None:
        await services.document_for(db, actor, parent_id, EDIT)
    if format not in IMPORT_FORMATS:
        raise imports.UnknownImportFormat()
    content = await _at_most(request.stream(), imports.MAX_BYTES)
    imports.check_upload(content, format)
    stored = await files.save(_once(content), filename=filename, allowed_types={"*/*"}, actor=actor)
    job_id = await jobs.enqueue(
        db,
        "docs.import_document",
        organization_id=actor.organization_id,
        file_id=str(stored.id),
        format=format,
        owner_id=str(actor.user_id),
        title=imports.title_of(filename),
        parent_id=str(parent_id) if parent_id else None,
    )
    return ImportOut(job_id=job_id)


async def _at_most(stream: AsyncIterator[bytes], max_bytes: int) -> bytes:
    content = bytearray()
    async for chunk in stream:
        content += chunk
        if len(content) > max_bytes:
            raise imports.ImportTooLarge()
    return bytes(content)


async def _once(content: bytes) -> AsyncIterator[bytes]:
    yield content


TRANSFER_ROUTES = [export_document, get_export, download_export, import_document]
