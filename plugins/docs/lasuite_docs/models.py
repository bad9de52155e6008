"""Docs tables: documents, who may use them, and each document's log of edits."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from lasuite.plugins import Model


class Document(Model):
    """A document owned by one organization.

    Documents make a tree: a sub-page has a ``parent_id`` and a ``position`` among its
    siblings. A document in the trash has ``deleted_at``, as does every page under it,
    trashed with it.

    Its content is a Yjs document: ``content`` holds the edits up to ``content_seq``
    merged into one update (none before the first compaction), and ``docs_update`` the
    edits after it, in order.
    """

    __tablename__ = "docs_document"

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_organization.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    created_by: Mapped[uuid.UUID] = mapped_column(Uuid)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("docs_document.id", ondelete="CASCADE"), index=True, default=None
    )
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)
    content: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    content_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """The last edit merged into ``content``."""
    last_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """The last edit's number: the next edit takes the one after."""
    edited_at: Mapped[datetime | None] = mapped_column(default=None)
    """When its last edit was logged."""
    text: Mapped[str] = mapped_column(Text, default="", server_default="")
    """Its text as of edit ``text_seq``, for search and previews (kept up by a job)."""
    text_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    link_reach: Mapped[str] = mapped_column(
        String(16), default="restricted", server_default="restricted"
    )
    """Who reaches the page without a grant: nobody (``restricted``), the organization's
    members (``authenticated``) or anyone with the link (``public``); pages under it too."""
    link_role: Mapped[str] = mapped_column(String(16), default="reader", server_default="reader")
    """The role its link gives: reader, commenter or editor."""
    is_template: Mapped[bool] = mapped_column(default=False, server_default=false())
    """Offered as the start of new pages to whoever may read it (open its link to the
    organization for everyone's template)."""

    __table_args__ = (
        CheckConstraint(
            "link_reach IN ('restricted', 'authenticated', 'public')", name="link_reach"
        ),
        CheckConstraint("link_role IN ('reader', 'commenter', 'editor')", name="link_role"),
    )


class DocumentAccess(Model):
    """A role on a document (and the pages under it) granted to a user or a team."""

    __tablename__ = "docs_access"
    __table_args__ = (
        UniqueConstraint("document_id", "user_id"),
        UniqueConstraint("document_id", "team_id"),
        CheckConstraint("(user_id IS NULL) <> (team_id IS NULL)", name="user_or_team"),
        CheckConstraint(
            "role IN ('reader', 'commenter', 'editor', 'administrator', 'owner')", name="role"
        ),
    )

    document_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("docs_document.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="CASCADE"), default=None, index=True
    )
    team_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("core_team.id", ondelete="CASCADE"), default=None
    )
    role: Mapped[str] = mapped_column(String(16))


class DocumentInvitation(Model):
    """A role on a document kept for someone outside the organization, by e-mail address,
    while they are invited to join it as a guest; it becomes their grant when they join."""

    __tablename__ = "docs_invitation"
    __table_args__ = (
        UniqueConstraint("document_id", "email"),
        CheckConstraint("role IN ('reader', 'commenter', 'editor', 'administrator')", name="role"),
    )

    document_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("docs_document.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(320), index=True)
    """Lower case."""
    role: Mapped[str] = mapped_column(String(16))
    invited_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="SET NULL"), default=None
    )


class DocumentUpdate(Model):
    """One edit of a document (a Yjs update), numbered in the order it was applied."""

    __tablename__ = "docs_update"
    __table_args__ = (UniqueConstraint("document_id", "seq"),)

    document_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("docs_document.id", ondelete="CASCADE")
    )
    seq: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Favorite(Model):
    """A document a user keeps at hand."""

    __tablename__ = "docs_favorite"
    __table_args__ = (UniqueConstraint("document_id", "user_id"),)

    document_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("docs_document.id", ondelete="CASCADE")
    )
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)


class DocumentVersion(Model):
    """The document as it was after edit ``seq``: taken automatically once editing
    paused, or named by someone. Restoring one is a new edit; nothing is lost."""

    __tablename__ = "docs_version"

    document_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("docs_document.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[bytes] = mapped_column(LargeBinary)
    """The whole Yjs document then, as one update."""
    name: Mapped[str | None] = mapped_column(String(200), default=None)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, default=None)
    """Who named it; None for an automatic version."""


class DocumentExport(Model):
    """A file of the document asked for by someone (Markdown, HTML, PDF, DOCX or ODT),
    made by the job ``job_id``; ``file_id`` once made. Only who asked downloads it, and
    only while they may still read the document."""

    __tablename__ = "docs_export"

    document_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("docs_document.id", ondelete="CASCADE"), index=True
    )
    requested_by: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    format: Mapped[str] = mapped_column(String(16))
    job_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    file_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("core_file.id", ondelete="SET NULL"), default=None
    )


class CommentThread(Model):
    """A discussion about a passage of a document: where it is anchored, the passage as it
    read then, and whether it is resolved. Its comments are :class:`Comment` rows."""

    __tablename__ = "docs_comment_thread"

    document_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("docs_document.id", ondelete="CASCADE"), index=True
    )
    created_by: Mapped[uuid.UUID] = mapped_column(Uuid)
    anchor: Mapped[str | None] = mapped_column(Text, default=None)
    """The passage's start and end as Yjs relative positions (an opaque string the editor
    makes and reads); they follow the text through everyone's edits. None: the page."""
    quote: Mapped[str] = mapped_column(Text, default="", server_default="")
    """The passage when the thread started, shown once the text is gone."""
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)
    resolved_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, default=None)


class Comment(Model):
    """One comment of a thread, the first one opening it."""

    __tablename__ = "docs_comment"

    thread_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("docs_comment_thread.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    body: Mapped[str] = mapped_column(Text)
    mentions: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    """Handle → user id of the readers of the page the body mentioned when written."""
    edited_at: Mapped[datetime | None] = mapped_column(default=None)


class CommentReaction(Model):
    """An emoji someone put on a comment."""

    __tablename__ = "docs_comment_reaction"
    __table_args__ = (UniqueConstraint("comment_id", "user_id", "emoji"),)

    comment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("docs_comment.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    emoji: Mapped[str] = mapped_column(String(32))


class AccessRequest(Model):
    """Someone of the organization asking for a role on a document, until one of its
    administrators accepts (a grant is made) or refuses."""

    __tablename__ = "docs_access_request"
    __table_args__ = (
        UniqueConstraint("document_id", "user_id"),
        CheckConstraint("role IN ('reader', 'commenter', 'editor')", name="role"),
    )

    document_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("docs_document.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("core_user.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16))


class DocumentFile(Model):
    """A file of a document: an image or an attachment its editors uploaded, kept in the
    core's file storage (a ``StoredFile``). The page's content names it by ``file_id``.

    A duplicated page, or one started from a template, gets rows of its own pointing at
    the same stored files: the content is copied, not the files. A stored file goes when
    the last document holding it is purged."""

    __tablename__ = "docs_file"
    __table_args__ = (
        UniqueConstraint("document_id", "file_id"),
        CheckConstraint("kind IN ('image', 'attachment')", name="kind"),
    )

    document_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("docs_document.id", ondelete="CASCADE")
    )
    file_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_file.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    """``image`` (shown in the page) or ``attachment`` (a card to download)."""
    uploaded_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, default=None)
