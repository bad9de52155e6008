"""Docs tables."""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from lasuite.plugins import Model


class Document(Model):
    """A document owned by one organization."""

    __tablename__ = "docs_document"

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_organization.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    created_by: Mapped[uuid.UUID] = mapped_column(Uuid)
