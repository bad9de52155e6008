"""plugin revisions

Revision ID: 15b5d91a0eed
Revises: 6aa10a5c0bd5
Create Date: 2026-12-06 07:24:54.488821
"""

import sqlalchemy as sa
from alembic import op

revision = "15b5d91a0eed"
down_revision = "6aa10a5c0bd5"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "core_plugin_revision",
        sa.Column("revision", sa.String(length=64), nullable=False),
        sa.Column("plugin_id", sa.String(length=40), nullable=False),
        sa.Column("needs", sa.String(length=1000), nullable=False),
        sa.Column("parked", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_core_plugin_revision")),
        sa.UniqueConstraint("revision", name=op.f("uq_core_plugin_revision_revision")),
    )
    with op.batch_alter_table("core_plugin_revision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_core_plugin_revision_plugin_id"), ["plugin_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("core_plugin_revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_core_plugin_revision_plugin_id"))

    op.drop_table("core_plugin_revision")
