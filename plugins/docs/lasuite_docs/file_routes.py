"""Docs HTTP routes for a page's images and attachments: upload (editors), download
(whoever may read the page, a visitor of a public page too)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import msgspec
from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter
from litestar.response import Stream

from lasuite.plugins import Caller, CurrentActor, DbSession, Files, StoredFile
from lasuite_docs import document_files, services
from lasuite_docs.access import READ, at_least, role_for
from lasuite_docs.document_files import FileKind

FileName = Annotated[str, QueryParameter(min_length=1, max_length=255)]
KindParameter = Annotated[FileKind, QueryParameter()]


class FileOut(msgspec.Struct):
    id: uuid.UUID
    document_id: uuid.UUID
    kind: str
    filename: str
    content_type: str
    size: int
    url: str
    """Where the page's readers download it (the editor's nodes name the file by ``id``)."""

    @classmethod
    def of(cls, document_id: uuid.UUID, stored: StoredFile, kind: str) -> FileOut:
        return cls(
            id=stored.id,
            document_id=document_id,
            kind=kind,
            filename=stored.filename,
            content_type=stored.content_type,
            size=stored.size,
            url=f"/api/v1/docs/documents/{document_id}/files/{stored.id}",
        )


@post("/documents/{document_id:uuid}/files", permission=READ, request_max_body_size=None)
async def upload_file(
    document_id: FromPath[uuid.UUID],
    filename: FileName,
    request: Request[Any, Any, Any],
    db: DbSession,
    actor: CurrentActor,
    files: Files,
    kind: KindParameter = "attachment",
) -> FileOut:
    """Upload the request body as an image (PNG, JPEG, GIF or WebP) or an attachment
    (PDF, office and OpenDocument files, text, ZIP, images) of the page, for its editors;
    up to ``LASUITE_MAX_UPLOAD_BYTES`` (413), of an allowed type (415)."""
    access = await services.document_for(db, actor, document_id)
    stored = await document_files.upload(
        db, actor, files, access, request.stream(), filename=filename, kind=kind
    )
    return FileOut.of(document_id, stored, kind)


@get("/documents/{document_id:uuid}/files/{file_id:uuid}", public=True)
async def download_file(
    document_id: FromPath[uuid.UUID],
    file_id: FromPath[uuid.UUID],
    caller: Caller,
    db: DbSession,
    files: Files,
) -> Stream:
    """A file of the page for whoever may read it (a visitor through a public link too):
    an image shows in the browser, anything else downloads. A page in the trash serves
    its files to its administrators only."""
    document = await services.find_document(db, document_id, trashed_too=True)
    role = None if document is None else await role_for(db, caller, document)
    if document is None or not at_least(role, "reader"):
        raise NotFoundException("No such document.")
    if document.deleted_at is not None and not at_least(role, "administrator"):
        raise NotFoundException("No such document.")
    held = await document_files.file_of(db, document.id, file_id)
    return await files.serve(
        file_id, organization_id=document.organization_id, inline=held.kind == "image"
    )


FILE_ROUTES = (upload_file, download_file)
