"""Tables of organizations (ministries), who belongs to them, and what they enabled."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lasuite.db.base import Model

ROLE_CHECK = "role IN ('owner', 'admin', 'member', 'guest')"


def _org_fk() -> Mapped[uuid.UUID]:
    return mapped_column(ForeignKey("core_organization.id", ondelete="CASCADE"), index=True)


def _user_fk() -> Mapped[uuid.UUID]:
    return mapped_column(ForeignKey("core_user.id", ondelete="CASCADE"), index=True)


class Organization(Model):
    __tablename__ = "core_organization"

    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    siret: Mapped[str | None] = mapped_column(String(14), unique=True, default=None)
    """French establishment number; OIDC logins carrying it join this organization."""


class Membership(Model):
    __tablename__ = "core_membership"
    __table_args__ = (
        UniqueConstraint("organization_id", "user_id"),
        CheckConstraint(ROLE_CHECK, name="role"),
    )

    organization_id: Mapped[uuid.UUID] = _org_fk()
    user_id: Mapped[uuid.UUID] = _user_fk()
    role: Mapped[str] = mapped_column(String(16))


class Invitation(Model):
    """An e-mailed link to join an organization: expiring, single use."""

    __tablename__ = "core_invitation"
    __table_args__ = (CheckConstraint(ROLE_CHECK, name="role"),)

    organization_id: Mapped[uuid.UUID] = _org_fk()
    email: Mapped[str] = mapped_column(String(320))
    role: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="SET NULL"), default=None
    )
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None] = mapped_column(default=None)
    accepted_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="SET NULL"), default=None
    )
    note: Mapped[str | None] = mapped_column(String(300), default=None)
    """What the invitee is invited to, shown in the e-mail and the invitation page (a page's
    title when a plugin invites a guest to one)."""
    landing: Mapped[str | None] = mapped_column(String(500), default=None)
    """The workspace path the invitee lands on once they have joined."""


class Team(Model):
    """A named group of members that plugins can share with."""

    __tablename__ = "core_team"
    __table_args__ = (UniqueConstraint("organization_id", "name"),)

    organization_id: Mapped[uuid.UUID] = _org_fk()
    name: Mapped[str] = mapped_column(String(100))


class TeamMember(Model):
    __tablename__ = "core_team_member"
    __table_args__ = (UniqueConstraint("team_id", "user_id"),)

    team_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_team.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[uuid.UUID] = _user_fk()


class RoleGrant(Model):
    """An organization's change to a role's default grant of one permission."""

    __tablename__ = "core_role_grant"
    __table_args__ = (
        UniqueConstraint("organization_id", "role", "permission"),
        CheckConstraint(ROLE_CHECK, name="role"),
    )

    organization_id: Mapped[uuid.UUID] = _org_fk()
    role: Mapped[str] = mapped_column(String(16))
    permission: Mapped[str] = mapped_column(String(120))
    granted: Mapped[bool] = mapped_column(Boolean)


class OrganizationPlugin(Model):
    """Whether a plugin is enabled for an organization, and its settings there."""

    __tablename__ = "core_organization_plugin"
    __table_args__ = (UniqueConstraint("organization_id", "plugin_id"),)

    organization_id: Mapped[uuid.UUID] = _org_fk()
    plugin_id: Mapped[str] = mapped_column(String(40))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    settings_version: Mapped[int] = mapped_column(Integer, default=0)
    """Incremented on each settings write, so that concurrent edits are detected."""
