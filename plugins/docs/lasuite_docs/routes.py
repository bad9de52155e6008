"""Docs HTTP routes: parse, authorize, call a service, return a DTO."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec
from litestar import get, patch, post
from litestar.params import FromPath, JSONBody, Parameter

from lasuite.plugins import CurrentActor, DbSession, Events
from lasuite_docs import document_files, services, templates
from lasuite_docs.access import EDIT, READ, Access
from lasuite_docs.events import DocumentRenamed
from lasuite_docs.models import Document

DocumentTitle = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class DocumentIn(msgspec.Struct, forbid_unknown_fields=True):
    title: DocumentTitle
    parent_id: uuid.UUID | None = None
    """Create it as a sub-page of this document (last of its pages)."""
    template_id: uuid.UUID | None = None
    """Start it with the content of this template (one the caller may read)."""


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
    link_reach: str
    link_role: str
    is_template: bool = False
    edited_at: datetime | None = None
    """When its content last changed; None while nobody has written in it."""
    my_role: str | None = None
    """The caller's role on the document (on a single document's answers, not in lists)."""

    @classmethod
    def of(cls, document: Document, my_role: str | None = None) -> DocumentOut:
        return cls(
            id=document.id,
            title=document.title,
            created_by=document.created_by,
            created_at=document.created_at,
            parent_id=document.parent_id,
            position=document.position,
            deleted_at=document.deleted_at,
            link_reach=document.link_reach,
            link_role=document.link_role,
            is_template=document.is_template,
            edited_at=document.edited_at,
            my_role=my_role,
        )

    @classmethod
    def seen(cls, access: Access) -> DocumentOut:
        return cls.of(access.document, access.role)


@get("/documents", permission=READ)
async def list_documents(db: DbSession, actor: CurrentActor) -> list[DocumentOut]:
    """The documents the caller may read, newest first."""
    return [DocumentOut.of(d) for d in await services.list_documents(db, actor)]


@get("/documents/recent", permission=READ)
async def list_recent_documents(
    db: DbSession,
    actor: CurrentActor,
    limit: Annotated[int, Parameter(ge=1, le=50)] = 5,
) -> list[DocumentOut]:
    """The documents the caller may read, the last edited first (the home page's "En ce
    moment")."""
    return [DocumentOut.of(d) for d in await services.recent_documents(db, actor, limit=limit)]


@post("/documents", permission="docs.document.create")
async def create_document(
    data: JSONBody[DocumentIn], db: DbSession, actor: CurrentActor, events: Events
) -> DocumentOut:
    """Create a document at the top level, or a sub-page of a page the caller may edit;
    the caller owns it."""
    if data.parent_id is not None:
        await services.document_for(db, actor, data.parent_id, EDIT)
    content = None
    if data.template_id is not None:
        content = await templates.content_of(db, actor, data.template_id)
    document = await services.create_document(
        db, actor, title=data.title, parent_id=data.parent_id, content=content
    )
    if data.template_id is not None:
        await document_files.share(db, source_id=data.template_id, target_id=document.id)
    await services.announce_created(db, events, document)
    return DocumentOut.of(document, "owner")


@get("/documents/{document_id:uuid}", permission=READ)
async def get_document(
    document_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor
) -> DocumentOut:
    """One document the caller may read (not in the trash), with their role on it."""
    return DocumentOut.seen(await services.document_for(db, actor, document_id))


@patch("/documents/{document_id:uuid}", permission=READ)
async def rename_document(
    document_id: FromPath[uuid.UUID],
    data: JSONBody[DocumentChange],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
) -> DocumentOut:
    """Give the document another title (editors)."""
    access = await services.document_for(db, actor, document_id, EDIT)
    await services.rename_document(db, access.document, data.title)
    await events.publish(
        db,
        DocumentRenamed(document_id=document_id, title=data.title),
        organization_id=actor.organization_id,
    )
    return DocumentOut.seen(access)
