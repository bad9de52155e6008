"""Visio tables."""

from __future__ import annotations

import uuid
from typing import Literal, get_args

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from lasuite.plugins import Model

AccessLevel = Literal["public", "trusted", "restricted"]
"""Who may enter a room: anyone with the link, signed-in users, or invited members only."""

ACCESS_LEVELS: tuple[str, ...] = get_args(AccessLevel)


class Room(Model):
    """A meeting room of one organization, reached by its slug."""

    __tablename__ = "visio_room"
    __table_args__ = (
        UniqueConstraint("organization_id", "slug"),
        CheckConstraint(
            "access_level IN ({})".format(", ".join(f"'{level}'" for level in ACCESS_LEVELS)),
            name="access_level",
        ),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_organization.id", ondelete="CASCADE"), index=True
    )
    slug: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    access_level: Mapped[str] = mapped_column(String(16), default="trusted")
    created_by: Mapped[uuid.UUID] = mapped_column(Uuid)
