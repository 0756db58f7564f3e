"""Accounts (hosted mode): the signed-in account that owns each profile, and an audit trail of
sign-ins, exports, downloads and deletions, with no health data

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing profiles belong to the local person (no login): the empty account.
    op.add_column(
        "profile",
        sa.Column("account", sa.String(length=400), server_default="", nullable=False),
    )
    op.create_index("ix_profile_account", "profile", ["account"], unique=False)
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("account", sa.String(length=400), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.String(length=200), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_event_account_at", "audit_event", ["account", "at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_audit_event_account_at", table_name="audit_event")
    op.drop_table("audit_event")
    op.drop_index("ix_profile_account", table_name="profile")
    # A plain DROP COLUMN (SQLite >= 3.35), as in 0004/0005: never a batch copy of ``profile``.
    op.drop_column("profile", "account")
