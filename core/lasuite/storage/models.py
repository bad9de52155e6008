"""The table of stored files: what was uploaded, by whom, for which plugin."""

from __future__ import annotations

import uuid

from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from lasuite.db.base import Model


class StoredFile(Model):
    """A file a plugin stored for an organization; its content is in the file store.

    Plugins get one from ``files.save(...)`` and decide who may download it
    through the generic route by registering a policy for this type::

        def attachment_policy(actor, action, file: StoredFile) -> bool | None:
            if file.plugin_id != "chat":
                return None
            return file.owner_id == actor.user_id

        ctx.add_policy(StoredFile, policy=attachment_policy)
    """

    __tablename__ = "core_file"
    __table_args__ = (Index("ix_core_file_org_plugin", "organization_id", "plugin_id"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_organization.id", ondelete="CASCADE")
    )
    plugin_id: Mapped[str] = mapped_column(String(31))
    owner_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="SET NULL"), default=None
    )
    filename: Mapped[str] = mapped_column(String(255))
    """Sanitized: no directory, no control character; for Content-Disposition only."""
    content_type: Mapped[str] = mapped_column(String(127))
    """Sniffed from the first bytes, never taken from the client."""
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(120), unique=True)
    """``<organization_id>/<plugin_id>/<id>`` in the file store."""
