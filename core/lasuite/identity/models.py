"""Tables of people, how they sign in, and the tokens their scripts use."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lasuite.db.base import Model


class User(Model):
    __tablename__ = "core_user"
    __table_args__ = (UniqueConstraint("oidc_issuer", "oidc_subject"),)

    email: Mapped[str] = mapped_column(String(320), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200), default=None)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_staff: Mapped[bool] = mapped_column(Boolean, default=False)
    """Installation administrator: may create organizations."""
    oidc_issuer: Mapped[str | None] = mapped_column(String(300), default=None)
    oidc_subject: Mapped[str | None] = mapped_column(String(255), default=None)
    last_login_at: Mapped[datetime | None] = mapped_column(default=None)
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Moves on at each password change: a session started under an older epoch is over."""
    locale: Mapped[str | None] = mapped_column(String(8), default=None)
    """The language the person chose (``fr``, ``en``): the workspace's on every device, and
    their e-mails'; None until they choose."""
    colour: Mapped[str | None] = mapped_column(String(7), default=None)
    """The colour the person chose for their badge and caret; None: derived from the id."""


class ApiToken(Model):
    """A personal token for scripts and bots, acting as its owner in one organization."""

    __tablename__ = "core_api_token"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_user.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_organization.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    """SHA-256 of the secret; the secret itself is shown once, never stored."""
    prefix: Mapped[str] = mapped_column(String(16))
    scopes: Mapped[list[str]] = mapped_column(JSON)
    """Permission names (``chat.channel.read``) or patterns (``chat.*``) the token may use."""
    expires_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)


class SignedInSession(Model):
    """A sign-in of a person on one device, listed on their account page until it ends.

    The session's data (in the session store) names this row; a request whose row is
    gone is signed out: the person ended that session from another device. The store's
    key is never written here: this row is what may be shown, not what signs in.
    """

    __tablename__ = "core_signed_in_session"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_user.id", ondelete="CASCADE"), index=True
    )
    last_seen_at: Mapped[datetime]
    """When a request last came with it, give or take
    :data:`~lasuite.identity.signed_in.SEEN_EVERY`."""
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    ip: Mapped[str] = mapped_column(String(45), default="")
