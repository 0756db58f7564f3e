"""Profile data version (the cache key bumped by every write, ``db.versions``)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        'profile', sa.Column('data_version', sa.BigInteger(), server_default='0', nullable=False)
    )


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite >= 3.35): a batch copy of ``profile`` would drop the old table,
    # and with foreign keys on, ON DELETE CASCADE would empty every diary table with it.
    op.drop_column('profile', 'data_version')
