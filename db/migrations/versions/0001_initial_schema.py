"""Profile, cramp episodes and drinks

Revision ID: 0001
Revises: 
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sqlalchemy.dialects import postgresql

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table('profile',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('display_name', sa.String(length=60), nullable=False),
    sa.Column('sex', sa.String(length=40), nullable=True),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('births_before', sa.Integer(), nullable=False),
    sa.Column('history', JSON_TYPE, nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('units', sa.String(length=40), nullable=False),
    sa.Column('hydration_goal_ml', sa.Integer(), nullable=True),
    sa.Column('labour_interval_min', sa.Integer(), nullable=True),
    sa.Column('labour_duration_s', sa.Integer(), nullable=True),
    sa.Column('labour_sustained_min', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )

    op.create_table('cramp_episode',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('duration_min', sa.Float(), nullable=True),
    sa.Column('region', sa.String(length=40), nullable=False),
    sa.Column('side', sa.String(length=40), nullable=False),
    sa.Column('intensity', sa.Integer(), nullable=False),
    sa.Column('quality', sa.String(length=40), nullable=False),
    sa.Column('triggers', JSON_TYPE, nullable=False),
    sa.Column('symptoms', JSON_TYPE, nullable=False),
    sa.Column('relief', JSON_TYPE, nullable=False),
    sa.Column('eased_by_rest', sa.String(length=40), nullable=False),
    sa.Column('note', sa.String(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['profile_id'], ['profile.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('cramp_episode', schema=None) as batch_op:
        batch_op.create_index('ix_cramp_episode_profile_started', ['profile_id', 'started_at'], unique=False)

    op.create_table('hydration_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('volume_ml', sa.Float(), nullable=False),
    sa.Column('beverage', sa.String(length=40), nullable=False),
    sa.Column('note', sa.String(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['profile_id'], ['profile.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('hydration_entry', schema=None) as batch_op:
        batch_op.create_index('ix_hydration_entry_profile_taken', ['profile_id', 'taken_at'], unique=False)


def downgrade() -> None:
    op.drop_table('hydration_entry')
    op.drop_table('cramp_episode')
    op.drop_table('profile')
