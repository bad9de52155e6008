"""Docs logic, independent of HTTP."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor
from lasuite_docs.models import Document


async def list_documents(db: AsyncSession, organization_id: uuid.UUID) -> list[Document]:
    result = await db.scalars(
        select(Document)
        .where(Document.organization_id == organization_id)
        .order_by(Document.created_at.desc(), Document.id)
    )
    return list(result)


async def get_document(
    db: AsyncSession, organization_id: uuid.UUID, document_id: uuid.UUID
) -> Document | None:
    """The document, or None when it does not exist in this organization."""
    return await db.scalar(
        select(Document).where(
            Document.organization_id == organization_id, Document.id == document_id
        )
    )


async def create_document(db: AsyncSession, actor: Actor, *, title: str) -> Document:
    document = Document(
        organization_id=actor.organization_id, title=title, created_by=actor.user_id
    )
    db.add(document)
    await db.flush()
    return document
