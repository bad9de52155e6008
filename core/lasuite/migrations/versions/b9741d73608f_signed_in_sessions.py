"""signed in sessions

Revision ID: b9741d73608f
Revises: 8e2b6c4d1f07
Create Date: 2026-12-07 03:23:35.563820
"""

import sqlalchemy as sa
from alembic import op

revision = "b9741d73608f"
down_revision = "8e2b6c4d1f07"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "core_signed_in_session",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_agent", sa.String(length=300), nullable=False),
        sa.Column("ip", sa.String(length=45), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["core_user.id"],
            name=op.f("fk_core_signed_in_session_user_id_core_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_core_signed_in_session")),
    )
    with op.batch_alter_table("core_signed_in_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_core_signed_in_session_user_id"), ["user_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("core_signed_in_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_core_signed_in_session_user_id"))

    op.drop_table("core_signed_in_session")
