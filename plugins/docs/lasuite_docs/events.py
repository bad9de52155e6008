"""What the docs plugin tells other plugins (``ctx.on_event("docs.document.created", …)``)."""

from __future__ import annotations

import uuid
from typing import ClassVar

from lasuite.plugins import Event


class DocumentCreated(Event, frozen=True):
    name: ClassVar[str] = "docs.document.created"
    document_id: uuid.UUID
    title: str
    parent_id: uuid.UUID | None
    created_by: uuid.UUID


class DocumentRenamed(Event, frozen=True):
    name: ClassVar[str] = "docs.document.renamed"
    document_id: uuid.UUID
    title: str


class DocumentTrashed(Event, frozen=True):
    name: ClassVar[str] = "docs.document.trashed"
    document_id: uuid.UUID
    """The page trashed; the pages under it went with it."""


class DocumentRestored(Event, frozen=True):
    name: ClassVar[str] = "docs.document.restored"
    document_id: uuid.UUID


class AccessChanged(Event, frozen=True):
    name: ClassVar[str] = "docs.document.access_changed"
    document_id: uuid.UUID
    """Its grants or its link changed (for it and the pages under it)."""


EVENTS: tuple[type[Event], ...] = (
    DocumentCreated,
    DocumentRenamed,
    DocumentTrashed,
    DocumentRestored,
    AccessChanged,
)
