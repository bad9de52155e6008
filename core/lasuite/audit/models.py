"""The audit log table: rows are inserted, never updated or deleted."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from lasuite.db.base import Model


class AuditEvent(Model):
    __tablename__ = "core_audit_event"
    __table_args__ = (
        Index("ix_core_audit_event_org_time", "organization_id", "created_at"),
        Index("ix_core_audit_event_org_action", "organization_id", "action"),
        Index("ix_core_audit_event_org_actor", "organization_id", "actor_id"),
    )

    organization_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("core_organization.id", ondelete="CASCADE"), default=None
    )
    actor_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="SET NULL"), default=None
    )
    action: Mapped[str] = mapped_column(String(80))
    """``<namespace>.<noun>.<verb>``, e.g. ``core.login.failed``."""
    target: Mapped[str] = mapped_column(String(200), default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ip: Mapped[str] = mapped_column(String(45), default="")
