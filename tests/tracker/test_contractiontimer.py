"""The Contraction Timer (Android) CSV: read by position, re-imports update instead of copying,
and a bad row (a forgotten stop, a running row in the middle) rejects the whole file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from db import crud
from tracker import journal
from tracker.contractiontimer import import_file, parse, parse_epoch_ms
from tracker.csvio import read_text
from tracker.errors import ImportRejected
from tracker.kinds import EntryKind
from tracker.models import ContractionRead, ProfileRead
from tracker.profile import ensure_profile

SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "data" / "contractiontimer-sample.csv"
AFTER_SAMPLE = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
"""A "now" just after the sample's last (running) contraction began."""
HEADER = '"Start time","Start time (formatted)","End time","End time (formatted)","Note"\n'


def stored(engine: Engine, profile: ProfileRead) -> list[ContractionRead]:
    entries = crud.list_entries(engine=engine, kind=EntryKind.CONTRACTIONS, profile_id=profile.id)
    return [ContractionRead.model_validate(e) for e in entries]


def utc(year: int, month: int, day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def ms(moment: datetime) -> str:
    return str(int(moment.timestamp() * 1000))


def row(start: datetime, end: datetime | None, note: str = "") -> str:
    end_ms = ms(end) if end else ""
    return f'"{ms(start)}","formatted","{end_ms}","formatted","{note}"\n'


def test_the_sample_imports_29_contractions_in_utc_with_notes_and_the_last_running(
    engine: Engine, profile: ProfileRead
) -> None:
    result = import_file(engine=engine, profile=profile, text=read_text(SAMPLE), now=AFTER_SAMPLE)
    assert (result.rows, result.added, result.updated) == (29, 29, 0)
    rows = stored(engine, profile)
    assert len(rows) == 29
    assert (rows[0].started_at, rows[0].ended_at) == (
        utc(2026, 3, 1, 20, 0),
        utc(2026, 3, 1, 20, 0, 45),
    )
    assert (rows[10].started_at, rows[10].ended_at, rows[10].note) == (
        utc(2026, 3, 1, 22, 23),
        utc(2026, 3, 1, 22, 24, 18),
        "back, strong",
    )
    assert (rows[-1].started_at, rows[-1].ended_at) == (utc(2026, 3, 1, 23, 41, 46), None)
    assert [i for i, r in enumerate(rows) if r.ended_at is None] == [28]
    assert [i for i, r in enumerate(rows) if r.note] == [10, 15, 20, 25]
    assert all(r.note in ("", "back, strong") for r in rows)
    assert crud.running_contraction(engine=engine, profile_id=profile.id) == rows[-1]


def test_importing_the_sample_twice_changes_nothing(engine: Engine, profile: ProfileRead) -> None:
    text = read_text(SAMPLE)
    import_file(engine=engine, profile=profile, text=text, now=AFTER_SAMPLE)
    before = stored(engine, profile)
    later = AFTER_SAMPLE + timedelta(hours=1)
    again = import_file(engine=engine, profile=profile, text=text, now=later)
    assert (again.rows, again.added, again.updated, again.unchanged) == (29, 0, 0, 29)
    assert stored(engine, profile) == before  # ids, times, notes and updated_at all the same


def test_a_later_export_updates_the_running_contraction_and_keeps_app_fields(
    engine: Engine, profile: ProfileRead
) -> None:
    first, second = utc(2026, 2, 1, 10, 0), utc(2026, 2, 1, 10, 5)
    import_file(engine=engine, profile=profile, text=HEADER + row(first, None), now=AFTER_SAMPLE)
    [running] = stored(engine, profile)
    journal.update_entry(
        engine=engine,
        kind=EntryKind.CONTRACTIONS,
        profile_id=profile.id,
        entry_id=running.id,
        changes={"intensity": "strong"},
        now=AFTER_SAMPLE,
    )
    text = HEADER + row(first, first + timedelta(seconds=50), "stopped") + row(second, None)
    result = import_file(engine=engine, profile=profile, text=text, now=AFTER_SAMPLE)
    assert (result.added, result.updated) == (1, 1)
    rows = stored(engine, profile)
    assert [(r.id, r.started_at, r.ended_at, r.intensity, r.note) for r in rows] == [
        (running.id, first, first + timedelta(seconds=50), "strong", "stopped"),
        (rows[1].id, second, None, None, ""),
    ]


def test_columns_are_read_by_position_whatever_the_header_language(
    engine: Engine, profile: ProfileRead
) -> None:
    start = utc(2026, 2, 1, 10, 0)
    text = '"Startzeit","Startzeit (formatiert)","Endzeit","Endzeit (formatiert)","Notiz"\n' + row(
        start, start + timedelta(seconds=61), "Rücken"
    )
    import_file(engine=engine, profile=profile, text=text, now=AFTER_SAMPLE)
    assert [(r.started_at, r.duration_s, r.note) for r in stored(engine, profile)] == [
        (start, 61.0, "Rücken")
    ]


def test_bad_rows_are_all_reported_with_a_hint_and_nothing_is_written(
    engine: Engine, profile: ProfileRead
) -> None:
    base = utc(2026, 2, 1, 10, 0)
    text = (
        HEADER
        + row(base, base + timedelta(seconds=40))
        + row(base + timedelta(minutes=5), None)
        + row(base + timedelta(minutes=10), base + timedelta(minutes=25))
        + '"yesterday","","","",""\n'
        + row(base + timedelta(minutes=40), base + timedelta(minutes=39))
        + '"12"\n'
        + row(base + timedelta(minutes=50), base + timedelta(minutes=51))
    )
    with pytest.raises(ImportRejected) as caught:
        parse(text, now=AFTER_SAMPLE)
    problems = [str(p) for p in caught.value.problems]
    hint = "fix it in Contraction Timer and export again"
    assert problems == [
        f"line 3: End time: empty (still running) but a later contraction follows; {hint}",
        "line 4: End time: a contraction of 15 minutes is longer than 10: probably a forgotten "
        f"stop; correct the end time; {hint}",
        "line 5: Start time: 'yesterday' is not a time in epoch milliseconds",
        f"line 6: End time: the end must be after the start; {hint}",
        "line 7: row: has 1 columns; Contraction Timer writes 5",
    ]
    with pytest.raises(ImportRejected):
        import_file(engine=engine, profile=profile, text=text, now=AFTER_SAMPLE)
    assert stored(engine, profile) == []


def test_a_row_overlapping_a_contraction_logged_in_the_app_is_refused(
    engine: Engine, profile: ProfileRead
) -> None:
    base = utc(2026, 2, 1, 10, 0)
    journal.log_entry(
        engine=engine,
        kind=EntryKind.CONTRACTIONS,
        profile_id=profile.id,
        values={
            "started_at": base + timedelta(seconds=30),
            "ended_at": base + timedelta(seconds=90),
        },
        now=AFTER_SAMPLE,
    )
    text = HEADER + row(base, base + timedelta(seconds=60))
    with pytest.raises(ImportRejected) as caught:
        import_file(engine=engine, profile=profile, text=text, now=AFTER_SAMPLE)
    assert [str(p) for p in caught.value.problems] == [
        "line 2: Start time: it would overlap the contraction that started at 10:00:30; "
        "change the times or edit that one"
    ]
    assert len(stored(engine, profile)) == 1


def test_times_in_the_future_are_refused(engine: Engine, profile: ProfileRead) -> None:
    start = AFTER_SAMPLE + timedelta(hours=1)
    with pytest.raises(ImportRejected) as caught:
        parse(HEADER + row(start, None), now=AFTER_SAMPLE)
    assert [(p.line, p.column) for p in caught.value.problems] == [(2, "Start time")]


def test_a_file_without_header_is_read_too() -> None:
    start = utc(2026, 2, 1, 10, 0)
    [(line, entry)] = parse(row(start, None), now=AFTER_SAMPLE)
    assert (line, entry.started_at, entry.ended_at) == (1, start, None)


@pytest.mark.parametrize("text", ["", "-5", "1.5e3", "12:00", "9" * 30])
def test_epoch_ms_must_be_a_plausible_whole_number(text: str) -> None:
    with pytest.raises(ValueError, match="epoch milliseconds"):
        parse_epoch_ms(text)


def test_epoch_ms_is_exact() -> None:
    assert parse_epoch_ms("1772408506001") == utc(2026, 3, 1, 23, 41, 46) + timedelta(
        milliseconds=1
    )


def test_import_and_reimport_on_every_backend(any_engine: Engine) -> None:
    """Matching by start time must hold on PostgreSQL (timestamptz) as on SQLite (naive UTC)."""
    profile = ensure_profile(engine=any_engine, now=AFTER_SAMPLE, timezone="Europe/London")
    text = read_text(SAMPLE)
    first = import_file(engine=any_engine, profile=profile, text=text, now=AFTER_SAMPLE)
    before = stored(any_engine, profile)
    finished = text.replace(
        '"1772408506000","Mar 1, 2026, 11:41:46 PM","",""',
        ('"1772408506000","Mar 1, 2026, 11:41:46 PM","1772408570000","Mar 1, 2026, 11:42:50 PM"'),
    )
    assert finished != text
    second = import_file(engine=any_engine, profile=profile, text=finished, now=AFTER_SAMPLE)
    after = stored(any_engine, profile)
    assert (first.added, second.added, second.updated, second.unchanged) == (29, 0, 1, 28)
    assert after[:-1] == before[:-1]
    assert (after[-1].id, after[-1].ended_at) == (before[-1].id, utc(2026, 3, 1, 23, 42, 50))
    assert crud.running_contraction(engine=any_engine, profile_id=profile.id) is None
