"""Installation-wide plugin switches, shared by every app instance."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from lasuite.db.base import Model


class DisabledPlugin(Model):
    """A plugin an operator disabled with ``lasuite plugins disable``: never loaded."""

    __tablename__ = "core_disabled_plugin"

    plugin_id: Mapped[str] = mapped_column(String(40), unique=True)
