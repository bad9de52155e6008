"""threads reactions pins attachments

Revision ID: 35c37cf7077d
Revises: cd0b2d98fbed
Create Date: 2026-11-23 17:24:33.431843
"""

import sqlalchemy as sa
from alembic import op

revision = "35c37cf7077d"
down_revision = "cd0b2d98fbed"
branch_labels = None
depends_on = "b3193084bd91"  # core_file


def upgrade() -> None:
    op.create_table(
        "chat_attachment",
        sa.Column("channel_id", sa.Uuid(), nullable=False),
        sa.Column("file_id", sa.Uuid(), nullable=False),
        sa.Column("message_id", sa.Uuid(), nullable=True),
        sa.Column("uploaded_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["chat_channel.id"],
            name=op.f("fk_chat_attachment_channel_id_chat_channel"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["core_file.id"],
            name=op.f("fk_chat_attachment_file_id_core_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["chat_message.id"],
            name=op.f("fk_chat_attachment_message_id_chat_message"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by"],
            ["core_user.id"],
            name=op.f("fk_chat_attachment_uploaded_by_core_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_attachment")),
        sa.UniqueConstraint("file_id", name=op.f("uq_chat_attachment_file_id")),
    )
    with op.batch_alter_table("chat_attachment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_chat_attachment_channel_id"), ["channel_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_chat_attachment_message_id"), ["message_id"], unique=False
        )

    op.create_table(
        "chat_pin",
        sa.Column("channel_id", sa.Uuid(), nullable=False),
        sa.Column("message_id", sa.Uuid(), nullable=False),
        sa.Column("pinned_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["chat_channel.id"],
            name=op.f("fk_chat_pin_channel_id_chat_channel"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["chat_message.id"],
            name=op.f("fk_chat_pin_message_id_chat_message"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pinned_by"],
            ["core_user.id"],
            name=op.f("fk_chat_pin_pinned_by_core_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_pin")),
        sa.UniqueConstraint("message_id", name=op.f("uq_chat_pin_message_id")),
    )
    with op.batch_alter_table("chat_pin", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_chat_pin_channel_id"), ["channel_id"], unique=False)

    op.create_table(
        "chat_reaction",
        sa.Column("message_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("emoji", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["chat_message.id"],
            name=op.f("fk_chat_reaction_message_id_chat_message"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["core_user.id"],
            name=op.f("fk_chat_reaction_user_id_core_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_reaction")),
        sa.UniqueConstraint(
            "message_id",
            "user_id",
            "emoji",
            name=op.f("uq_chat_reaction_message_id_user_id_emoji"),
        ),
    )
    with op.batch_alter_table("chat_reaction", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_chat_reaction_message_id"), ["message_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_chat_reaction_user_id"), ["user_id"], unique=False)

    op.create_table(
        "chat_thread_follower",
        sa.Column("root_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("following", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["root_id"],
            ["chat_message.id"],
            name=op.f("fk_chat_thread_follower_root_id_chat_message"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["core_user.id"],
            name=op.f("fk_chat_thread_follower_user_id_core_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_thread_follower")),
        sa.UniqueConstraint(
            "root_id", "user_id", name=op.f("uq_chat_thread_follower_root_id_user_id")
        ),
    )
    with op.batch_alter_table("chat_thread_follower", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_chat_thread_follower_root_id"), ["root_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_chat_thread_follower_user_id"), ["user_id"], unique=False
        )

    with op.batch_alter_table("chat_message", schema=None) as batch_op:
        # Existing messages have no replies yet.
        batch_op.add_column(
            sa.Column("reply_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("last_reply_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_chat_message_thread_root_id"), ["thread_root_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("chat_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chat_message_thread_root_id"))
        batch_op.drop_column("last_reply_at")
        batch_op.drop_column("reply_count")

    with op.batch_alter_table("chat_thread_follower", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chat_thread_follower_user_id"))
        batch_op.drop_index(batch_op.f("ix_chat_thread_follower_root_id"))
    op.drop_table("chat_thread_follower")

    with op.batch_alter_table("chat_reaction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chat_reaction_user_id"))
        batch_op.drop_index(batch_op.f("ix_chat_reaction_message_id"))
    op.drop_table("chat_reaction")

    with op.batch_alter_table("chat_pin", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chat_pin_channel_id"))
    op.drop_table("chat_pin")

    with op.batch_alter_table("chat_attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chat_attachment_message_id"))
        batch_op.drop_index(batch_op.f("ix_chat_attachment_channel_id"))
    op.drop_table("chat_attachment")
