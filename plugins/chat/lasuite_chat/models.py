"""Chat tables."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal, get_args

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy import text as sql_text
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
        # The full-text index, per dialect, exists in the migrations only.
        {"info": {"migration_only": ("chat_message_fts", "ix_chat_message_search")}},
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
        ForeignKey("chat_message.id", ondelete="CASCADE"), default=None, index=True
    )
    """The root of the thread this message replies in; None in the channel's main history."""
    reply_count: Mapped[int] = mapped_column(Integer, default=0)
    """Replies in this message's thread (a root's; deleted replies still count)."""
    last_reply_at: Mapped[datetime | None] = mapped_column(default=None)
    edited_at: Mapped[datetime | None] = mapped_column(default=None)
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)
    sender_name: Mapped[str | None] = mapped_column(String(80), default=None)
    """Who posted a message that has no author: an incoming webhook or a plugin's card."""
    card: Mapped[dict[str, str] | None] = mapped_column(JSON, default=None)
    """A structured card (``title``, ``text``, ``link``) another plugin posted."""


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


class ThreadFollower(Model):
    """Someone notified of new replies in a thread: its root's author and repliers
    follow it by themselves; anyone who may read the channel may follow or unfollow."""

    __tablename__ = "chat_thread_follower"
    __table_args__ = (UniqueConstraint("root_id", "user_id"),)

    root_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("chat_message.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_user.id", ondelete="CASCADE"), index=True
    )
    following: Mapped[bool] = mapped_column(default=True)
    """False once they unfollowed: replying again follows anew."""


class Reaction(Model):
    """One person's emoji on a message: at most one of each emoji per person."""

    __tablename__ = "chat_reaction"
    __table_args__ = (UniqueConstraint("message_id", "user_id", "emoji"),)

    message_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("chat_message.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_user.id", ondelete="CASCADE"), index=True
    )
    emoji: Mapped[str] = mapped_column(String(64))


class Pin(Model):
    """A message pinned to its channel."""

    __tablename__ = "chat_pin"
    __table_args__ = (UniqueConstraint("message_id"),)

    channel_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("chat_channel.id", ondelete="CASCADE"), index=True
    )
    message_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("chat_message.id", ondelete="CASCADE"))
    pinned_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="SET NULL"), default=None
    )


class Attachment(Model):
    """A stored file uploaded to a channel, then attached to one message of it.

    Until its uploader posts it (``message_id`` None) only they may download it;
    afterwards, whoever may read the channel.
    """

    __tablename__ = "chat_attachment"
    __table_args__ = (UniqueConstraint("file_id"),)

    channel_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("chat_channel.id", ondelete="CASCADE"), index=True
    )
    file_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("core_file.id", ondelete="CASCADE"))
    message_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("chat_message.id", ondelete="CASCADE"), default=None, index=True
    )
    uploaded_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="SET NULL"), default=None
    )
    thumbnail_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("core_file.id", ondelete="SET NULL"), default=None
    )
    """A small picture of an image, made by the job ``chat.make_thumbnail`` after upload."""


REPORT_STATUSES = ("open", "resolved", "dismissed")


class Report(Model):
    """Someone flagging a message for the channel's moderators and the organization's
    reviewers; one open report per person and message."""

    __tablename__ = "chat_report"
    __table_args__ = (
        CheckConstraint(_in("status", REPORT_STATUSES), name="status"),
        Index(
            "uq_chat_report_open",
            "message_id",
            "reporter_id",
            unique=True,
            sqlite_where=sql_text("status = 'open'"),
            postgresql_where=sql_text("status = 'open'"),
        ),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_organization.id", ondelete="CASCADE"), index=True
    )
    channel_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("chat_channel.id", ondelete="CASCADE"), index=True
    )
    message_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("chat_message.id", ondelete="CASCADE"), index=True
    )
    reporter_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="SET NULL"), default=None
    )
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open")
    handled_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="SET NULL"), default=None
    )
    handled_at: Mapped[datetime | None] = mapped_column(default=None)


class Webhook(Model):
    """An incoming webhook: whoever knows its secret URL posts into its channel under
    its name. Only the secret's SHA-256 is kept; it is shown once, at creation.

    ``window_minute`` (minutes since the epoch) and ``window_count`` count the posts
    of the current minute, updated in one statement so that parallel posts cannot
    pass the limit together.
    """

    __tablename__ = "chat_webhook"

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_organization.id", ondelete="CASCADE"), index=True
    )
    channel_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("chat_channel.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(80))
    secret_hash: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="SET NULL"), default=None
    )
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    window_minute: Mapped[int] = mapped_column(Integer, default=0)
    window_count: Mapped[int] = mapped_column(Integer, default=0)
