"""The History list's rows: details in words under each entry, and a search that filters the
newest-first order without ever reordering it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.entries.history import NOTE_SHOWN_CHARS, history_rows, search_rows
from tracker.entries.journal import log_entry
from tracker.entries.profile import ensure_profile


def log(engine: Engine, profile: ProfileRead, kind: EntryKind, **values: Any) -> Any:
    at = values[kind.time_field]
    return log_entry(engine=engine, kind=kind, profile_id=profile.id, now=at, values=values)


def cramp(engine: Engine, profile: ProfileRead, at: datetime, **values: Any) -> Any:
    pattern = {"region": "calf", "side": "left", "intensity": 6, "quality": "cramp"}
    return log(engine, profile, EntryKind.CRAMPS, started_at=at, **(pattern | values))


def test_rows_say_the_details_in_words_in_local_time(any_engine: Engine, now: datetime) -> None:
    profile = ensure_profile(engine=any_engine, now=now, timezone="Europe/London")
    cramp(
        any_engine,
        profile,
        now - timedelta(hours=22),  # 23:40 UTC the day before = 23:40 in London (winter)
        triggers={"night_sleep", "exercise"},
        relief={"stretching"},
        eased_by_rest="yes",
        note="woke me up\ntwice",
    )
    log(any_engine, profile, EntryKind.HYDRATION, taken_at=now, volume_ml=250, note="")
    rows = history_rows(
        engine=any_engine, profile=profile, first=now.date() - timedelta(days=1), last=now.date()
    )
    assert [(r.item.summary, r.time, r.day) for r in rows] == [
        ("250 ml water", "21:40", now.date()),
        ("Calf (left) · cramp · 6/10", "23:40", now.date() - timedelta(days=1)),
    ]
    assert rows[0].details == ()
    assert rows[1].details == (
        "Triggers: exercise, at night / in sleep",  # the vocabulary's order, not the alphabet's
        "What helped: stretching",
        "Eased by rest: yes",
        "Note: woke me up twice",
    )


def test_symptoms_are_named_and_an_unknown_rest_is_not_said(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    cramp(engine, profile, now, symptoms={"fever"}, eased_by_rest="unknown")
    (row,) = history_rows(engine=engine, profile=profile, first=now.date(), last=now.date())
    assert row.details == ("Other symptoms: fever or feeling hot and shivery",)


def test_a_long_note_is_cut_in_the_list(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    cramp(engine, profile, now, note="x" * 500)
    (row,) = history_rows(engine=engine, profile=profile, first=now.date(), last=now.date())
    (note,) = row.details
    assert note.endswith("…") and len(note) == len("Note: ") + NOTE_SHOWN_CHARS


def test_search_keeps_the_newest_first_order(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    for hours, region in [(5, "calf"), (4, "foot"), (3, "calf"), (2, "thigh"), (1, "calf")]:
        cramp(engine, profile, now - timedelta(hours=hours), region=region, note=f"{hours} h ago")
    rows = history_rows(engine=engine, profile=profile, first=now.date(), last=now.date())

    found = search_rows(rows, "  CALF ")
    assert [r.details for r in found] == [
        ("Note: 1 h ago",),
        ("Note: 3 h ago",),
        ("Note: 5 h ago",),
    ]
    assert [r.item.at for r in found] == sorted((r.item.at for r in found), reverse=True)
    assert search_rows(rows, "") == rows
    assert [r.details for r in search_rows(rows, "calf 3 h")] == [("Note: 3 h ago",)]  # all words
    assert search_rows(rows, "knee") == []


def test_search_looks_in_details_kind_and_day(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    cramp(engine, profile, now - timedelta(hours=1), relief={"massage"})
    log(engine, profile, EntryKind.HYDRATION, taken_at=now, volume_ml=250, note="after a massage")
    rows = history_rows(engine=engine, profile=profile, first=now.date(), last=now.date())
    assert [r.item.kind for r in search_rows(rows, "massage")] == [
        EntryKind.HYDRATION,
        EntryKind.CRAMPS,
    ]
    assert [r.item.kind for r in search_rows(rows, "drink")] == [EntryKind.HYDRATION]
    assert len(search_rows(rows, now.strftime("%A"))) == 2  # "Sunday"
