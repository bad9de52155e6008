"""Docs HTTP routes: parse, authorize, call a service, return a DTO."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec
from litestar import get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody

from lasuite.plugins import CurrentActor, DbSession
from lasuite_docs import services
from lasuite_docs.models import Document

DocumentTitle = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class DocumentIn(msgspec.Struct, forbid_unknown_fields=True):
    title: DocumentTitle


class DocumentOut(msgspec.Struct):
    id: uuid.UUID
    title: str
    created_by: uuid.UUID
    created_at: datetime

    @classmethod
    def of(cls, document: Document) -> DocumentOut:
        return cls(
            id=document.id,
            title=document.title,
            created_by=document.created_by,
            created_at=document.created_at,
        )


@get("/documents", permission="docs.document.read")
async def list_documents(db: DbSession, actor: CurrentActor) -> list[DocumentOut]:
    """Documents of the caller's organization, newest first."""
    return [DocumentOut.of(d) for d in await services.list_documents(db, actor.organization_id)]


@post("/documents", permission="docs.document.create")
async def create_document(
    data: JSONBody[DocumentIn], db: DbSession, actor: CurrentActor
) -> DocumentOut:
    """Create a document in the caller's organization."""
    return DocumentOut.of(await services.create_document(db, actor, title=data.title))


@get("/documents/{document_id:uuid}", permission="docs.document.read")
async def get_document(
    document_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor
) -> DocumentOut:
    """One document of the caller's organization."""
    document = await services.get_document(db, actor.organization_id, document_id)
    if document is None:
        raise NotFoundException("No such document.")
    return DocumentOut.of(document)
