"""participant colour

Revision ID: c3d9a1e5b720
Revises: 9ad12068532a
Create Date: 2026-12-07 01:25:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "c3d9a1e5b720"
down_revision = "9ad12068532a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("visio_participant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("colour", sa.String(length=7), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("visio_participant", schema=None) as batch_op:
        batch_op.drop_column("colour")
