"""What a test reads back from the database by itself (the app has no call for it)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from db.crud import transaction


def profile_names(engine: Engine) -> list[str]:
    """The names of the stored profiles, sorted; a read that never waits for a writer."""
    with transaction(engine, read_only=True) as session:
        rows = session.execute(sa.text("SELECT name FROM profile ORDER BY name"))
        return list(rows.scalars())
