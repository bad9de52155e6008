"""The pages other plugins create through :class:`~lasuite_docs.api.DocsPages`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import pycrdt
from pycrdt import XmlElement, XmlText
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


class TextPages:
    async def create_page(
        self,
        db: AsyncSession,
        events: EventBus,
        /,
        *,
        organization_id: uuid.UUID,
        owner_id: uuid.UUID,
        title: str,
        paragraphs: Sequence[str],
    ) -> uuid.UUID:
        document = Document(
            organization_id=organization_id,
            title=title[:200],
            created_by=owner_id,
            position=await tree.next_position(db, organization_id, None),
        )
        db.add(document)
        await db.flush()
        db.add(DocumentAccess(document_id=document.id, user_id=owner_id, role="owner"))
        if paragraphs:
            await store.append(db, document.id, [paragraphs_update(paragraphs)])
        await events.publish(
            db,
            DocumentCreated(
                document_id=document.id, title=document.title, parent_id=None, created_by=owner_id
            ),
            organization_id=organization_id,
        )
        return document.id
