"""Profile favourites: cramp patterns pinned to Today (pattern key → usual intensity)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    # Existing profiles start with no favourites: an empty JSON object.
    op.add_column(
        "profile", sa.Column("favourites", JSON_TYPE, server_default="{}", nullable=False)
    )


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite >= 3.35), as in 0004: a batch copy of ``profile`` would drop the
    # old table, and with foreign keys on, ON DELETE CASCADE would empty every diary table with it.
    op.drop_column("profile", "favourites")
