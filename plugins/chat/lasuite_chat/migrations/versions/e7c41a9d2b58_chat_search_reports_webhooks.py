"""chat search reports webhooks

Full-text search of messages, moderation reports, incoming webhooks, and the sender
name and card of messages posted without an author.

The search index is dialect-specific and lives here only (the models do not describe
it):

- SQLite: ``chat_message_fts``, an FTS5 table whose content is ``chat_message``
  (external content, joined on ``rowid``), kept in sync by three triggers; only
  messages that are not deleted are indexed. A later migration that makes Alembic
  recreate ``chat_message`` on SQLite (batch mode) drops the triggers with the table:
  it must create them again and rebuild the index
  (``INSERT INTO chat_message_fts(chat_message_fts) VALUES ('rebuild')``), as after a
  ``VACUUM``, which may renumber the rowids.
- PostgreSQL: a GIN index on ``to_tsvector('simple', text)``; the ``simple``
  configuration (lower-cased words, no stemming) because a message's language is not
  known, and a French stemmer would mangle other languages and proper nouns.

Revision ID: e7c41a9d2b58
Revises: 35c37cf7077d
Create Date: 2026-11-23 17:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "e7c41a9d2b58"
down_revision = "35c37cf7077d"
branch_labels = None
depends_on = None

SQLITE_SEARCH = (
    "CREATE VIRTUAL TABLE chat_message_fts USING fts5("
    "text, content='chat_message', content_rowid='rowid')",
    "CREATE TRIGGER chat_message_fts_insert AFTER INSERT ON chat_message "
    "WHEN new.deleted_at IS NULL BEGIN "
    "INSERT INTO chat_message_fts(rowid, text) VALUES (new.rowid, new.text); END",
    "CREATE TRIGGER chat_message_fts_delete AFTER DELETE ON chat_message "
    "WHEN old.deleted_at IS NULL BEGIN "
    "INSERT INTO chat_message_fts(chat_message_fts, rowid, text) "
    "VALUES ('delete', old.rowid, old.text); END",
    "CREATE TRIGGER chat_message_fts_update AFTER UPDATE OF text, deleted_at ON chat_message "
    "BEGIN "
    "INSERT INTO chat_message_fts(chat_message_fts, rowid, text) "
    "SELECT 'delete', old.rowid, old.text WHERE old.deleted_at IS NULL; "
    "INSERT INTO chat_message_fts(rowid, text) "
    "SELECT new.rowid, new.text WHERE new.deleted_at IS NULL; END",
    "INSERT INTO chat_message_fts(rowid, text) "
    "SELECT rowid, text FROM chat_message WHERE deleted_at IS NULL",
)
# IF EXISTS: a later revision's downgrade that recreated chat_message took the triggers.
SQLITE_SEARCH_DROP = (
    "DROP TRIGGER IF EXISTS chat_message_fts_update",
    "DROP TRIGGER IF EXISTS chat_message_fts_delete",
    "DROP TRIGGER IF EXISTS chat_message_fts_insert",
    "DROP TABLE IF EXISTS chat_message_fts",
)
POSTGRES_SEARCH = (
    "CREATE INDEX ix_chat_message_search ON chat_message "
    "USING gin (to_tsvector('simple'::regconfig, text))",
)
POSTGRES_SEARCH_DROP = ("DROP INDEX ix_chat_message_search",)


def _run(statements: tuple[str, ...]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    op.add_column("chat_message", sa.Column("sender_name", sa.String(length=80), nullable=True))
    op.add_column("chat_message", sa.Column("card", sa.JSON(), nullable=True))
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_SEARCH)
    elif dialect == "postgresql":
        _run(POSTGRES_SEARCH)

    op.create_table(
        "chat_report",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("channel_id", sa.Uuid(), nullable=False),
        sa.Column("message_id", sa.Uuid(), nullable=False),
        sa.Column("reporter_id", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("handled_by", sa.Uuid(), nullable=True),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'resolved', 'dismissed')", name=op.f("ck_chat_report_status")
        ),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["chat_channel.id"],
            name=op.f("fk_chat_report_channel_id_chat_channel"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["handled_by"],
            ["core_user.id"],
            name=op.f("fk_chat_report_handled_by_core_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["chat_message.id"],
            name=op.f("fk_chat_report_message_id_chat_message"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["core_organization.id"],
            name=op.f("fk_chat_report_organization_id_core_organization"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["core_user.id"],
            name=op.f("fk_chat_report_reporter_id_core_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_report")),
    )
    op.create_index(op.f("ix_chat_report_channel_id"), "chat_report", ["channel_id"])
    op.create_index(op.f("ix_chat_report_message_id"), "chat_report", ["message_id"])
    op.create_index(op.f("ix_chat_report_organization_id"), "chat_report", ["organization_id"])
    op.create_index(
        "uq_chat_report_open",
        "chat_report",
        ["message_id", "reporter_id"],
        unique=True,
        sqlite_where=sa.text("status = 'open'"),
        postgresql_where=sa.text("status = 'open'"),
    )

    op.create_table(
        "chat_webhook",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("channel_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("window_minute", sa.Integer(), nullable=False),
        sa.Column("window_count", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["chat_channel.id"],
            name=op.f("fk_chat_webhook_channel_id_chat_channel"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["core_user.id"],
            name=op.f("fk_chat_webhook_created_by_core_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["core_organization.id"],
            name=op.f("fk_chat_webhook_organization_id_core_organization"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_webhook")),
    )
    op.create_index(op.f("ix_chat_webhook_channel_id"), "chat_webhook", ["channel_id"])
    op.create_index(op.f("ix_chat_webhook_organization_id"), "chat_webhook", ["organization_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_chat_webhook_organization_id"), table_name="chat_webhook")
    op.drop_index(op.f("ix_chat_webhook_channel_id"), table_name="chat_webhook")
    op.drop_table("chat_webhook")
    op.drop_index("uq_chat_report_open", table_name="chat_report")
    op.drop_index(op.f("ix_chat_report_organization_id"), table_name="chat_report")
    op.drop_index(op.f("ix_chat_report_message_id"), table_name="chat_report")
    op.drop_index(op.f("ix_chat_report_channel_id"), table_name="chat_report")
    op.drop_table("chat_report")
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_SEARCH_DROP)
    elif dialect == "postgresql":
        _run(POSTGRES_SEARCH_DROP)
    with op.batch_alter_table("chat_message", schema=None) as batch_op:
        batch_op.drop_column("card")
        batch_op.drop_column("sender_name")
