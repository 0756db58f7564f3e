"""Flag acknowledgements: store and read when the person said they acted on a flag.

Keyword-only and typed like ``db.crud``; it decides nothing about the rules (``tracker.flags``
names a flag by its rule and the time it was first met, and passes both in).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from db.crud import transaction
from db.tables import FlagAcknowledgement
from tracker.core.errors import Conflict


@dataclass(frozen=True)
class Acknowledgement:
    """One stored acknowledgement (times are aware UTC)."""

    id: int
    profile_id: int
    rule: str
    flag_at: datetime
    acknowledged_at: datetime

    @property
    def key(self) -> tuple[str, datetime]:
        """``(rule, flag_at)``: what names the flag it acknowledges."""
        return (self.rule, self.flag_at)


def _read(row: Any) -> Acknowledgement:
    return Acknowledgement(
        id=int(row.id),
        profile_id=int(row.profile_id),
        rule=str(row.rule),
        flag_at=row.flag_at,
        acknowledged_at=row.acknowledged_at,
    )


def _find(session: Any, profile_id: int, rule: str, flag_at: datetime) -> Any:
    query = select(FlagAcknowledgement).where(
        FlagAcknowledgement.profile_id == profile_id,
        FlagAcknowledgement.rule == rule,
        FlagAcknowledgement.flag_at == flag_at,
    )
    return session.exec(query).first()


def get_acknowledgement(
    *, engine: Engine, profile_id: int, rule: str, flag_at: datetime
) -> Acknowledgement | None:
    with transaction(engine, read_only=True) as session:
        row = _find(session, profile_id, rule, flag_at)
        return _read(row) if row else None


def acknowledge(
    *, engine: Engine, profile_id: int, rule: str, flag_at: datetime, now: datetime
) -> Acknowledgement:
    """Store that the flag ``(rule, flag_at)`` was acknowledged at ``now``.

    Idempotent: a flag acknowledged before (another tab, a double tap) keeps its first time."""
    try:
        with transaction(engine) as session:
            row = _find(session, profile_id, rule, flag_at)
            if row is None:
                row = FlagAcknowledgement(
                    profile_id=profile_id,
                    rule=rule,
                    flag_at=flag_at,
                    acknowledged_at=now,
                    created_at=now,
                    updated_at=now,
                )
                session.add(row)
                session.flush()
            return _read(row)
    except Conflict:  # stored by another tab between our look and our insert
        found = get_acknowledgement(
            engine=engine, profile_id=profile_id, rule=rule, flag_at=flag_at
        )
        if found is None:
            raise
        return found


def list_acknowledgements(
    *, engine: Engine, profile_id: int, since: datetime | None = None
) -> list[Acknowledgement]:
    """A profile's acknowledgements of flags first met at or after ``since`` (all when None),
    oldest flag first."""
    query: Any = select(FlagAcknowledgement).where(FlagAcknowledgement.profile_id == profile_id)
    if since is not None:
        query = query.where(FlagAcknowledgement.flag_at >= since)
    query = query.order_by(col(FlagAcknowledgement.flag_at), col(FlagAcknowledgement.id))
    with transaction(engine, read_only=True) as session:
        return [_read(row) for row in session.exec(query).all()]
