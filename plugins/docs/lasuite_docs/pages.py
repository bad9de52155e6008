"""The pages other plugins create through :class:`~lasuite_docs.api.DocsPages`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import pycrdt
from pycrdt import XmlElement, XmlText
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import EventBus
from lasuite_docs import store, tree
from lasuite_docs.content import fragment_of
from lasuite_docs.events import DocumentCreated
from lasuite_docs.models import Document, DocumentAccess


def paragraphs_update(paragraphs: Sequence[str]) -> bytes:
    """A document's content made of these paragraphs, as one update."""
    doc: pycrdt.Doc[Any] = pycrdt.Doc()
    content = fragment_of(doc)
    with doc.transaction():
        for paragraph in paragraphs:
            content.children.append(XmlElement("paragraph")).children.append(XmlText(paragraph))
    return doc.get_update()


async def add_page(
    db: AsyncSession,
    *,
    organization_id: uuid.UUID,
    owner_id: uuid.UUID,
    title: str,
    parent_id: uuid.UUID | None = None,
    content: bytes | None = None,
) -> Document:
    """A new page owned by ``owner_id``, last under ``parent_id`` (or of the top level),
    with ``content`` (an update of an empty document) as its first edit."""
    document = Document(
        organization_id=organization_id,
        title=title[:200],
        created_by=owner_id,
        parent_id=parent_id,
        position=await tree.next_position(db, organization_id, parent_id),
    )
    db.add(document)
    await db.flush()
    db.add(DocumentAccess(document_id=document.id, user_id=owner_id, role="owner"))
    if content is not None:
        await store.append(db, document.id, [content])
    return document


class TextPages:
    async def create_page(
        self,
        db: AsyncSession,
        events: EventBus | None,
        /,
        *,
        organization_id: uuid.UUID,
        owner_id: uuid.UUID,
        title: str,
        paragraphs: Sequence[str],
        editors: Sequence[uuid.UUID] = (),
    ) -> uuid.UUID:
        document = await add_page(
            db,
            organization_id=organization_id,
            owner_id=owner_id,
            title=title,
            content=paragraphs_update(paragraphs) if paragraphs else None,
        )
        for user_id in dict.fromkeys(editors):
            if user_id != owner_id:
                db.add(DocumentAccess(document_id=document.id, user_id=user_id, role="editor"))
        if events is None:
            return document.id
        await events.publish(
            db,
            DocumentCreated(
                document_id=document.id, title=document.title, parent_id=None, created_by=owner_id
            ),
            organization_id=organization_id,
        )
        return document.id

    async def add_editors(
        self,
        db: AsyncSession,
        /,
        *,
        organization_id: uuid.UUID,
        page_id: uuid.UUID,
        editors: Sequence[uuid.UUID],
    ) -> bool:
        document = await db.scalar(
            select(Document).where(
                Document.id == page_id,
                Document.organization_id == organization_id,
                Document.deleted_at.is_(None),
            )
        )
        if document is None:
            return False
        holding = set(
            await db.scalars(
                select(DocumentAccess.user_id).where(
                    DocumentAccess.document_id == page_id, DocumentAccess.user_id.in_(editors)
                )
            )
        )
        for user_id in dict.fromkeys(editors):
            if user_id not in holding:
                db.add(DocumentAccess(document_id=page_id, user_id=user_id, role="editor"))
        await db.flush()
        return True
