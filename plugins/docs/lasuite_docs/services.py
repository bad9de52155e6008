"""Docs logic, independent of HTTP."""

from __future__ import annotations

import uuid

from litestar.exceptions import NotFoundException
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor, EventBus, authorize, plugin_enabled
from lasuite_docs import tree
from lasuite_docs.access import READ, Access, access_to, readable
from lasuite_docs.events import DocumentCreated
from lasuite_docs.models import Document, DocumentAccess


async def list_documents(db: AsyncSession, actor: Actor) -> list[Document]:
    """The documents ``actor`` may read, not in the trash, newest first."""
    result = await db.scalars(
        select(Document)
        .where(*tree.live(actor.organization_id), Document.id.in_(readable(actor)))
        .order_by(Document.created_at.desc(), Document.id)
    )
    return list(result)


async def recent_documents(db: AsyncSession, actor: Actor, *, limit: int) -> list[Document]:
    """The documents ``actor`` may read, not in the trash, the last edited first (one
    never edited counts from its creation)."""
    result = await db.scalars(
        select(Document)
        .where(*tree.live(actor.organization_id), Document.id.in_(readable(actor)))
        .order_by(func.coalesce(Document.edited_at, Document.created_at).desc(), Document.id)
        .limit(limit)
    )
    return list(result)


async def get_document(
    db: AsyncSession, organization_id: uuid.UUID, document_id: uuid.UUID
) -> Document | None:
    """The document, or None when it is not in this organization or is in the trash."""
    return await db.scalar(
        select(Document).where(*tree.live(organization_id), Document.id == document_id)
    )


async def find_document(
    db: AsyncSession, document_id: uuid.UUID, *, trashed_too: bool = False
) -> Document | None:
    """The document of whichever organization, or None when it is in the trash (unless
    ``trashed_too``) or its organization has not enabled docs: for who reaches it by a
    public link (their role says whether they may)."""
    found = select(Document).where(Document.id == document_id)
    if not trashed_too:
        found = found.where(Document.deleted_at.is_(None))
    document = await db.scalar(found)
    if document is None or not await plugin_enabled(
        db, plugin_id="docs", organization_id=document.organization_id
    ):
        return None
    return document


async def document_for(
    db: AsyncSession,
    actor: Actor,
    document_id: uuid.UUID,
    action: str = READ,
    *,
    trashed: bool | None = False,
) -> Access:
    """The document (in the trash with ``trashed``, in or out of it with None) as ``actor``
    sees it, if they may do ``action`` on it: a 404 when they may not read it, a 403 when
    they may read it only."""
    document = await tree.find(db, actor.organization_id, document_id)
    if document is None or (trashed is not None and (document.deleted_at is not None) != trashed):
        raise NotFoundException("No such document.")
    access = await access_to(db, actor, document)
    authorize(actor, action, access, hide=not access.may(READ))
    return access


async def create_document(
    db: AsyncSession,
    actor: Actor,
    *,
    title: str,
    parent_id: uuid.UUID | None = None,
    content: bytes | None = None,
) -> Document:
    """A new document, last of the pages under ``parent_id`` (or of the top level),
    holding ``content`` (a Yjs update; empty without it); its author owns it. A sub-page
    is open to whoever has its parent."""
    document = Document(
        organization_id=actor.organization_id,
        title=title,
        created_by=actor.user_id,
        parent_id=parent_id,
        content=content,
        position=await tree.next_position(db, actor.organization_id, parent_id),
    )
    db.add(document)
    await db.flush()
    db.add(DocumentAccess(document_id=document.id, user_id=actor.user_id, role="owner"))
    await db.flush()
    return document


async def announce_created(db: AsyncSession, events: EventBus, document: Document) -> None:
    await events.publish(
        db,
        DocumentCreated(
            document_id=document.id,
            title=document.title,
            parent_id=document.parent_id,
            created_by=document.created_by,
        ),
        organization_id=document.organization_id,
    )


async def rename_document(db: AsyncSession, document: Document, title: str) -> None:
    document.title = title
    await db.flush()
