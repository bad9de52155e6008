"""attachment thumbnails

An image attached in a channel gets a small picture, made by a job after its upload.

Revision ID: 4b9e2c7d1a3f
Revises: e7c41a9d2b58
Create Date: 2026-12-08 00:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "4b9e2c7d1a3f"
down_revision = "e7c41a9d2b58"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("chat_attachment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("thumbnail_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_chat_attachment_thumbnail_id_core_file"),
            "core_file",
            ["thumbnail_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("chat_attachment", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_chat_attachment_thumbnail_id_core_file"), type_="foreignkey"
        )
        batch_op.drop_column("thumbnail_id")
