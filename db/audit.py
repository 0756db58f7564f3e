"""The audit trail (``audit_event``): who signed in when, and each export, download and deletion.

Rows name an account, an action code and a short detail (a file format, a period); never health
data. They are not owned by a profile, so deleting a profile's data keeps the record that it was
deleted."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from db.crud import transaction
from db.tables import AuditEvent

_AUDIT = AuditEvent.__table__  # type: ignore[attr-defined]


def record(*, engine: Engine, account: str, action: str, detail: str, at: datetime) -> None:
    with transaction(engine) as session:
        session.execute(
            sa.insert(_AUDIT).values(account=account, action=action, detail=detail, at=at)
        )


def record_once(*, engine: Engine, account: str, action: str, detail: str, at: datetime) -> bool:
    """Record the event unless the same one (account, action, detail, time) is there already;
    True when it was recorded. A sign-in is seen by every tab and rerun of its session."""
    with transaction(engine) as session:
        seen = session.execute(
            sa.select(_AUDIT.c.id).where(
                _AUDIT.c.account == account,
                _AUDIT.c.action == action,
                _AUDIT.c.detail == detail,
                _AUDIT.c.at == at,
            )
        ).first()
        if seen is not None:
            return False
        session.execute(
            sa.insert(_AUDIT).values(account=account, action=action, detail=detail, at=at)
        )
        return True


def events_of(*, engine: Engine, account: str, limit: int) -> list[tuple[datetime, str, str]]:
    """The account's newest events first: (time, action code, detail)."""
    with transaction(engine, read_only=True) as session:
        rows = session.execute(
            sa.select(_AUDIT.c.at, _AUDIT.c.action, _AUDIT.c.detail)
            .where(_AUDIT.c.account == account)
            .order_by(_AUDIT.c.at.desc(), _AUDIT.c.id.desc())
            .limit(limit)
        )
        return [(row.at, row.action, row.detail) for row in rows]
