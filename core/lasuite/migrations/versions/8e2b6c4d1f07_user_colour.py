"""user colour

Revision ID: 8e2b6c4d1f07
Revises: 5c1e0a7d9b42
Create Date: 2026-12-07 01:20:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "8e2b6c4d1f07"
down_revision = "5c1e0a7d9b42"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("core_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("colour", sa.String(length=7), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("core_user", schema=None) as batch_op:
        batch_op.drop_column("colour")
