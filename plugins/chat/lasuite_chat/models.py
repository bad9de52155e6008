"""Chat tables."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal, get_args

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from lasuite.plugins import Model

ChannelKind = Literal["public", "private", "direct", "group"]
"""Public: any non-guest member may join; private: by invitation; direct: two people;
group: a direct conversation of three to eight people."""

CHANNEL_KINDS: tuple[str, ...] = get_args(ChannelKind)
CONVERSATION_KINDS = ("direct", "group")
"""Kinds without a name, made by opening a conversation with people."""

ChannelRole = Literal["owner", "moderator", "member"]
CHANNEL_ROLES: tuple[str, ...] = get_args(ChannelRole)


def _in(column: str, values: tuple[str, ...]) -> str:
    return "{} IN ({})".format(column, ", ".join(f"'{value}'" for value in values))


class Channel(Model):
    """A conversation space inside one organization.

    ``last_seq`` is the sequence number of its latest message: posting increments it
    in the same statement that reads it, so numbers have no gap and no duplicate.
    """

    __tablename__ = "chat_channel"
    __table_args__ = (
        UniqueConstraint("organization_id", "name"),
        UniqueConstraint("organization_id", "direct_key"),
        CheckConstraint(_in("kind", CHANNEL_KINDS), name="kind"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_organization.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16), default="public")
    name: Mapped[str | None] = mapped_column(String(80), default=None)
    """Unique in the organization; None for direct and group conversations."""
    topic: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    direct_key: Mapped[str | None] = mapped_column(String(80), default=None)
    """The two user ids of a direct conversation, sorted: one conversation per pair."""
    created_by: Mapped[uuid.UUID] = mapped_column(Uuid)
    archived_at: Mapped[datetime | None] = mapped_column(default=None)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class ChannelMember(Model):
    """Someone in a channel, their role there and how far they have read."""

    __tablename__ = "chat_channel_member"
    __table_args__ = (
        UniqueConstraint("channel_id", "user_id"),
        CheckConstraint(_in("role", CHANNEL_ROLES), name="role"),
    )

    channel_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("chat_channel.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_user.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(16), default="member")
    last_read_seq: Mapped[int] = mapped_column(Integer, default=0)
    mention_count: Mapped[int] = mapped_column(Integer, default=0)
    """Mentions of this member since ``last_read_seq``."""


class ChannelTeam(Model):
    """A team a private channel is shared with: its members may read and join it."""

    __tablename__ = "chat_channel_team"
    __table_args__ = (UniqueConstraint("channel_id", "team_id"),)

    channel_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("chat_channel.id", ondelete="CASCADE"), index=True
    )
    team_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_team.id", ondelete="CASCADE"), index=True
    )


class Message(Model):
    """A message of a channel, numbered by ``seq`` (1, 2, 3… per channel).

    ``client_id`` is chosen by the sending client: a retry with the same one
    finds the message instead of posting it twice. A deleted message stays as a
    tombstone (text cleared, ``deleted_at`` set) so that the numbering has no hole.
    """

    __tablename__ = "chat_message"
    __table_args__ = (
        UniqueConstraint("channel_id", "seq"),
        UniqueConstraint("channel_id", "author_id", "client_id"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_organization.id", ondelete="CASCADE"), index=True
    )
    channel_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("chat_channel.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="SET NULL"), default=None
    )
    client_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, default=None)
    text: Mapped[str] = mapped_column(Text, default="")
    """The Markdown source, as written."""
    html: Mapped[str] = mapped_column(Text, default="")
    """The source rendered and sanitized on the server."""
    thread_root_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("chat_message.id", ondelete="CASCADE"), default=None
    )
    edited_at: Mapped[datetime | None] = mapped_column(default=None)
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)


class MessageEdit(Model):
    """A version of a message before one of its edits."""

    __tablename__ = "chat_message_edit"

    message_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("chat_message.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    edited_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="SET NULL"), default=None
    )
