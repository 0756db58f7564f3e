"""The data version of each profile: a number in the database, bumped inside every write
transaction that touches the profile or anything it owns.

Caches of what a page shows are keyed on ``(profile, data_version)``: a write by this server
process, another one on the same database, or the command line changes the number in the same
transaction as the data, so every cache sees it on its next read, and an unchanged number means
nothing was written. ``db.crud.transaction`` calls ``bump_touched`` before it commits; ORM
changes are noticed by an ``after_flush`` hook, and Core inserts (``db.bulk``) call ``touch``.
"""

from __future__ import annotations

from itertools import chain
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session

from db.engine import READ_ONLY_OPTION
from db.tables import Profile

TOUCHED_KEY = "tracker.touched_profiles"
"""``Session.info`` key: the ids of the profiles this transaction wrote to."""

_PROFILE = Profile.__table__  # type: ignore[attr-defined]


def touch(session: Session, profile_id: int | None) -> None:
    """Note that this transaction writes to ``profile_id``'s diary."""
    if profile_id is not None:
        session.info.setdefault(TOUCHED_KEY, set()).add(profile_id)


@event.listens_for(Session, "after_flush")
def _touched_by_flush(session: Session, _context: Any) -> None:
    for row in chain(session.new, session.dirty, session.deleted):
        if isinstance(row, Profile):
            touch(session, row.id)
        else:
            touch(session, getattr(row, "profile_id", None))


def bump_touched(session: Session) -> None:
    """Add one to the data version of every profile this transaction wrote to (call last,
    inside the transaction)."""
    session.flush()
    touched = session.info.pop(TOUCHED_KEY, set())
    if touched:
        session.execute(
            sa.update(_PROFILE)
            .where(_PROFILE.c.id.in_(sorted(touched)))
            .values(data_version=_PROFILE.c.data_version + 1)
        )


def data_version(*, engine: Engine, profile_id: int) -> int:
    """The profile's data version now (0 for a profile never written to since version 0004)."""
    bind = engine.execution_options(**{READ_ONLY_OPTION: True})
    with bind.connect() as connection:
        found = connection.execute(
            sa.select(_PROFILE.c.data_version).where(_PROFILE.c.id == profile_id)
        ).scalar()
    return int(found or 0)
