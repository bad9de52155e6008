"""Docs logic, independent of HTTP."""

from __future__ import annotations

import uuid

from litestar.exceptions import NotFoundException
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor
from lasuite_docs import tree
from lasuite_docs.models import Document


async def list_documents(db: AsyncSession, organization_id: uuid.UUID) -> list[Document]:
    """The organization's documents not in the trash, newest first."""
    result = await db.scalars(
        select(Document)
        .where(*tree.live(organization_id))
        .order_by(Document.created_at.desc(), Document.id)
    )
    return list(result)


async def get_document(
    db: AsyncSession, organization_id: uuid.UUID, document_id: uuid.UUID
) -> Document | None:
    """The document, or None when it is not in this organization or is in the trash."""
    return await db.scalar(
        select(Document).where(*tree.live(organization_id), Document.id == document_id)
    )


async def document_or_404(
    db: AsyncSession, organization_id: uuid.UUID, document_id: uuid.UUID
) -> Document:
    document = await get_document(db, organization_id, document_id)
    if document is None:
        raise NotFoundException("No such document.")
    return document


async def create_document(
    db: AsyncSession, actor: Actor, *, title: str, parent_id: uuid.UUID | None = None
) -> Document:
    """A new document, last of the pages under ``parent_id`` (or of the top level)."""
    if parent_id is not None:
        await document_or_404(db, actor.organization_id, parent_id)
    document = Document(
        organization_id=actor.organization_id,
        title=title,
        created_by=actor.user_id,
        parent_id=parent_id,
        position=await tree.next_position(db, actor.organization_id, parent_id),
    )
    db.add(document)
    await db.flush()
    return document


async def rename_document(db: AsyncSession, document: Document, title: str) -> None:
    document.title = title
    await db.flush()
