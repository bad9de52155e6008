"""Installation-wide plugin state, shared by every app instance."""

from __future__ import annotations

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from lasuite.db.base import Model


class DisabledPlugin(Model):
    """A plugin an operator disabled with ``lasuite plugins disable``: never loaded."""

    __tablename__ = "core_disabled_plugin"

    plugin_id: Mapped[str] = mapped_column(String(40), unique=True)


class PluginRevision(Model):
    """A migration revision of a plugin's branch, recorded when the database is migrated,
    so that a revision left by a plugin no longer installed is known as that plugin's.

    ``parked``: the revision was applied, but its plugin is gone; it is kept here, out of
    Alembic's version table, until the plugin comes back or its data is purged."""

    __tablename__ = "core_plugin_revision"

    revision: Mapped[str] = mapped_column(String(64), unique=True)
    plugin_id: Mapped[str] = mapped_column(String(40), index=True)
    needs: Mapped[str] = mapped_column(String(1000), default="")
    """The revisions it comes after (its down revisions and dependencies), space-separated:
    parked, it no longer vouches for them in Alembic's table, so they are put back."""
    parked: Mapped[bool] = mapped_column(Boolean, default=False)
