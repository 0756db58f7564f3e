"""SQLModel tables. Every entry belongs to a profile; every time column used for ranges is indexed
together with ``profile_id`` (the only way entries are ever queried)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from tracker.core.columns import UTCDateTime
from tracker.core.kinds import EntryKind
from tracker.core.models import (
    ContractionBase,
    CrampBase,
    DrinkBase,
    EventBase,
    IntakeBase,
    ProductBase,
    ProfileBase,
)


class _Row(SQLModel):
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class _Owned(_Row):
    profile_id: int = Field(foreign_key="profile.id", ondelete="CASCADE")


class Profile(ProfileBase, _Row, table=True):
    __tablename__ = "profile"

    data_version: int = Field(
        default=0, sa_type=sa.BigInteger, sa_column_kwargs={"server_default": "0"}
    )
    """Bumped by every write to the profile or its diary (``db.versions``): the cache key."""
    account: str = Field(
        default="", max_length=400, index=True, sa_column_kwargs={"server_default": ""}
    )
    """The account that owns the profile (issuer and subject of its login); "" without one."""


class CrampEpisode(CrampBase, _Owned, table=True):
    __tablename__ = "cramp_episode"
    __table_args__ = (sa.Index("ix_cramp_episode_profile_started", "profile_id", "started_at"),)


class HydrationEntry(DrinkBase, _Owned, table=True):
    __tablename__ = "hydration_entry"
    __table_args__ = (sa.Index("ix_hydration_entry_profile_taken", "profile_id", "taken_at"),)


class Product(ProductBase, _Owned, table=True):
    __tablename__ = "product"
    __table_args__ = (sa.UniqueConstraint("profile_id", "name", name="uq_product_profile_name"),)


class Intake(IntakeBase, _Owned, table=True):
    __tablename__ = "intake"
    __table_args__ = (
        sa.Index("ix_intake_profile_taken", "profile_id", "taken_at"),
        sa.Index("ix_intake_product", "product_id"),
    )


class Contraction(ContractionBase, _Owned, table=True):
    __tablename__ = "contraction"
    __table_args__ = (
        sa.Index("ix_contraction_profile_started", "profile_id", "started_at"),
        sa.Index(
            "uq_contraction_one_running",
            "profile_id",
            unique=True,
            sqlite_where=sa.text("ended_at IS NULL"),
            postgresql_where=sa.text("ended_at IS NULL"),
        ),
    )


class PregnancyEvent(EventBase, _Owned, table=True):
    __tablename__ = "pregnancy_event"
    __table_args__ = (sa.Index("ix_pregnancy_event_profile_occurred", "profile_id", "occurred_at"),)


class FlagAcknowledgement(_Owned, table=True):
    """The person said they have acted on a flag (e.g. "I have got help"), and when.

    A flag is named by its rule and the time its condition was first met (``Flag.at``), so the
    acknowledgement holds however often the rules are evaluated again."""

    __tablename__ = "flag_acknowledgement"
    __table_args__ = (
        sa.UniqueConstraint(
            "profile_id", "rule", "flag_at", name="uq_flag_acknowledgement_profile_rule_at"
        ),
    )

    rule: str = Field(max_length=20)
    flag_at: datetime = Field(sa_type=UTCDateTime)
    acknowledged_at: datetime = Field(sa_type=UTCDateTime)


class AuditEvent(SQLModel, table=True):
    """Who signed in when, and each export, download and deletion (hosted mode): the account,
    the action's code and a short detail such as the file's format. Never health data."""

    __tablename__ = "audit_event"
    __table_args__ = (sa.Index("ix_audit_event_account_at", "account", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UTCDateTime)
    account: str = Field(max_length=400)
    action: str = Field(max_length=40)
    detail: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})


ENTRY_TABLES: dict[EntryKind, type[Any]] = {
    kind: next(t for t in _Owned.__subclasses__() if t.__tablename__ == kind.spec.table)
    for kind in EntryKind
}
"""Each kind's table, found by the name its ``KindSpec`` declares (``tracker.core.kinds``)."""
