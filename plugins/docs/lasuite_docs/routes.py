"""Docs HTTP routes: parse, authorize, call a service, return a DTO."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec
from litestar import get, patch, post
from litestar.params import FromPath, JSONBody

from lasuite.plugins import CurrentActor, DbSession
from lasuite_docs import services
from lasuite_docs.models import Document

DocumentTitle = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class DocumentIn(msgspec.Struct, forbid_unknown_fields=True):
    title: DocumentTitle
    parent_id: uuid.UUID | None = None
    """Create it as a sub-page of this document (last of its pages)."""


class DocumentChange(msgspec.Struct, forbid_unknown_fields=True):
    title: DocumentTitle


class DocumentOut(msgspec.Struct):
    id: uuid.UUID
    title: str
    created_by: uuid.UUID
    created_at: datetime
    parent_id: uuid.UUID | None
    position: int
    deleted_at: datetime | None

    @classmethod
    def of(cls, document: Document) -> DocumentOut:
        return cls(
            id=document.id,
            title=document.title,
            created_by=document.created_by,
            created_at=document.created_at,
            parent_id=document.parent_id,
            position=document.position,
            deleted_at=document.deleted_at,
        )


@get("/documents", permission="docs.document.read")
async def list_documents(db: DbSession, actor: CurrentActor) -> list[DocumentOut]:
    """Documents of the caller's organization, newest first."""
    return [DocumentOut.of(d) for d in await services.list_documents(db, actor.organization_id)]


@post("/documents", permission="docs.document.create")
async def create_document(
    data: JSONBody[DocumentIn], db: DbSession, actor: CurrentActor
) -> DocumentOut:
    """Create a document in the caller's organization, at the top level or under a page."""
    document = await services.create_document(db, actor, title=data.title, parent_id=data.parent_id)
    return DocumentOut.of(document)


@get("/documents/{document_id:uuid}", permission="docs.document.read")
async def get_document(
    document_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor
) -> DocumentOut:
    """One document of the caller's organization (not in the trash)."""
    return DocumentOut.of(await services.document_or_404(db, actor.organization_id, document_id))


@patch("/documents/{document_id:uuid}", permission="docs.document.edit")
async def rename_document(
    document_id: FromPath[uuid.UUID],
    data: JSONBody[DocumentChange],
    db: DbSession,
    actor: CurrentActor,
) -> DocumentOut:
    """Give the document another title."""
    document = await services.document_or_404(db, actor.organization_id, document_id)
    await services.rename_document(db, document, data.title)
    return DocumentOut.of(document)
