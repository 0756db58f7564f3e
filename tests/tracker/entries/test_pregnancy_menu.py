"""The Pregnancy pages are in the menu with a due date, or with pregnancy entries stored."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from tracker.core.kinds import EntryKind
from tracker.entries.journal import log_entry
from tracker.entries.pregnancy import shows_pregnancy
from tracker.entries.profile import ensure_profile, update_profile


def test_hidden_without_a_due_date_or_entries_shown_with_either(
    engine: Engine, now: datetime
) -> None:
    profile = ensure_profile(engine=engine, now=now, timezone="Europe/London")
    assert not shows_pregnancy(engine, profile)

    due = update_profile(
        engine=engine,
        profile=profile,
        changes={"due_date": (now + timedelta(days=20)).date()},
        now=now,
    )
    assert shows_pregnancy(engine, due)

    cleared = update_profile(engine=engine, profile=due, changes={"due_date": None}, now=now)
    assert not shows_pregnancy(engine, cleared)
    log_entry(
        engine=engine,
        kind=EntryKind.EVENTS,
        profile_id=cleared.id,
        values={"occurred_at": now - timedelta(days=3), "kind": "mucus_plug"},
        now=now,
    )
    assert shows_pregnancy(engine, cleared)
