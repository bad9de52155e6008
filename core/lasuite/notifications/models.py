"""The ``core_notification``, ``core_notification_preference`` and
``core_notification_email`` tables."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lasuite.db.base import Model


class Notification(Model):
    """One notification of one user, shown in the workspace until they read it."""

    __tablename__ = "core_notification"
    __table_args__ = (Index("ix_core_notification_user_read", "user_id", "read_at"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_organization.id", ondelete="CASCADE")
    )
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("core_user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(120))
    """The kind a plugin declared, ``<plugin id>.<kind>``."""
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(2000), default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    read_at: Mapped[datetime | None] = mapped_column(default=None)


class NotificationPreference(Model):
    """How one user wants the notifications of one kind: in the workspace, by e-mail."""

    __tablename__ = "core_notification_preference"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("core_user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(120))
    email: Mapped[bool] = mapped_column(Boolean)
    in_app: Mapped[bool] = mapped_column(Boolean, default=True)


class NotificationEmail(Model):
    """A notification e-mail sent to one user by one e-mail job, written once the SMTP
    server took it: a retry of the job sends only the e-mails not recorded yet."""

    __tablename__ = "core_notification_email"
    __table_args__ = (UniqueConstraint("job_id", "user_id"),)

    job_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("core_job.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("core_user.id", ondelete="CASCADE"))
