"""The Contraction Timer (Android) CSV: read by position, re-imports update instead of copying,
and a bad row (a forgotten stop, a running row in the middle) rejects the whole file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from db import crud
from tracker.cli import main
from tracker.core.errors import Conflict, ImportRejected
from tracker.core.kinds import EntryKind
from tracker.core.models import ContractionCreate, ContractionRead, ProfileRead
from tracker.core.thresholds import MAX_TIMER_IMPORT_ROWS
from tracker.entries import journal
from tracker.entries.profile import ensure_profile
from tracker.files import contraction_timer_app
from tracker.files.contraction_timer_app import import_file, parse, parse_epoch_ms, preview
from tracker.files.csvio import read_text
from tracker.labour import timer

SAMPLE = Path(__file__).resolve().parents[4] / "shared" / "data" / "contractiontimer-sample.csv"
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
    quoted = note.replace('"', '""')  # as opencsv writes a quote inside a cell
    return f'"{ms(start)}","formatted","{end_ms}","formatted","{quoted}"\n'


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


# --- a re-import only adds what the app lacks (issue 7, item 2) ------------------------------

RUNNING_START = utc(2026, 3, 1, 23, 41, 46)
"""The sample's last contraction, still running when the phone exported the file."""
STOPPED_IN_APP = utc(2026, 3, 1, 23, 42, 31)


def by_start(engine: Engine, profile: ProfileRead) -> dict[datetime, ContractionRead]:
    return {r.started_at: r for r in stored(engine, profile)}


def test_reimport_keeps_a_stop_and_a_note_made_in_the_app(any_engine: Engine) -> None:
    profile = ensure_profile(engine=any_engine, now=AFTER_SAMPLE, timezone="Europe/London")
    text = read_text(SAMPLE)
    import_file(engine=any_engine, profile=profile, text=text, now=AFTER_SAMPLE)
    timer.stop(
        engine=any_engine,
        profile=profile,
        now=AFTER_SAMPLE,
        ended_at=STOPPED_IN_APP,
        note="waters broke",
    )
    before = stored(any_engine, profile)
    later = AFTER_SAMPLE + timedelta(hours=1)

    seen = preview(engine=any_engine, profile=profile, text=text, now=later)
    assert (seen.rows, seen.added, seen.updated, seen.kept) == (29, 0, 0, 1)
    done = import_file(engine=any_engine, profile=profile, text=text, now=later)
    assert (done.rows, done.added, done.updated, done.unchanged, done.kept) == (29, 0, 0, 29, 1)

    assert stored(any_engine, profile) == before  # updated_at too: nothing was written
    last = by_start(any_engine, profile)[RUNNING_START]
    assert (last.ended_at, last.note) == (STOPPED_IN_APP, "waters broke")
    assert crud.running_contraction(engine=any_engine, profile_id=profile.id) is None


def test_an_end_the_app_has_wins_over_a_later_export(any_engine: Engine) -> None:
    """Stopped in the app at 10:00:45; the phone (stopped a little later) says 10:00:50."""
    profile = ensure_profile(engine=any_engine, now=AFTER_SAMPLE, timezone="Europe/London")
    start = utc(2026, 2, 1, 10, 0)
    import_file(
        engine=any_engine, profile=profile, text=HEADER + row(start, None), now=AFTER_SAMPLE
    )
    timer.stop(
        engine=any_engine,
        profile=profile,
        now=AFTER_SAMPLE,
        ended_at=start + timedelta(seconds=45),
    )
    text = HEADER + row(start, start + timedelta(seconds=50))
    seen = preview(engine=any_engine, profile=profile, text=text, now=AFTER_SAMPLE)
    done = import_file(engine=any_engine, profile=profile, text=text, now=AFTER_SAMPLE)
    assert (
        (seen.added, seen.updated, seen.kept) == (done.added, done.updated, done.kept) == (0, 0, 1)
    )
    [kept] = stored(any_engine, profile)
    assert kept.ended_at == start + timedelta(seconds=45)


def test_a_file_end_fills_a_contraction_still_running_in_the_app(any_engine: Engine) -> None:
    profile = ensure_profile(engine=any_engine, now=AFTER_SAMPLE, timezone="Europe/London")
    start = utc(2026, 2, 1, 10, 0)
    import_file(
        engine=any_engine, profile=profile, text=HEADER + row(start, None), now=AFTER_SAMPLE
    )
    text = HEADER + row(start, start + timedelta(seconds=50))
    seen = preview(engine=any_engine, profile=profile, text=text, now=AFTER_SAMPLE)
    done = import_file(engine=any_engine, profile=profile, text=text, now=AFTER_SAMPLE)
    assert (seen.updated, seen.ends_added, seen.notes_added, seen.kept) == (1, 1, 0, 0)
    assert (done.updated, done.ends_added, done.notes_added, done.kept) == (1, 1, 0, 0)
    [filled] = stored(any_engine, profile)
    assert (filled.ended_at, filled.updated_at) == (start + timedelta(seconds=50), AFTER_SAMPLE)


def test_a_file_note_fills_an_empty_app_note_and_a_different_one_is_appended(
    any_engine: Engine,
) -> None:
    profile = ensure_profile(engine=any_engine, now=AFTER_SAMPLE, timezone="Europe/London")
    a, b, c, d = (utc(2026, 2, 1, 10, 0) + timedelta(minutes=5 * i) for i in range(4))
    second = timedelta(seconds=40)
    first_file = HEADER + row(a, a + second) + row(b, b + second) + row(c, c + second)
    first_file += row(d, d + second, "back")
    import_file(engine=any_engine, profile=profile, text=first_file, now=AFTER_SAMPLE)
    ids = {r.started_at: r.id for r in stored(any_engine, profile)}
    for start, note in ((b, "strong, low"), (c, "in the car"), (d, "back and legs")):
        journal.update_entry(
            engine=any_engine,
            kind=EntryKind.CONTRACTIONS,
            profile_id=profile.id,
            entry_id=ids[start],
            changes={"note": note},
            now=AFTER_SAMPLE,
        )
    # The phone's later export: a note on a (none in the app), on b (different), on c (the
    # same), and none on d (the app's note was typed in the app).
    later_file = HEADER + row(a, a + second, 'said "ouch"') + row(b, b + second, "breathing")
    later_file += row(c, c + second, "in the car") + row(d, d + second)
    later = AFTER_SAMPLE + timedelta(hours=1)
    seen = preview(engine=any_engine, profile=profile, text=later_file, now=later)
    done = import_file(engine=any_engine, profile=profile, text=later_file, now=later)
    counts = (4, 0, 2, 0, 2, 2)  # rows, added, updated, ends added, notes added, kept
    assert (seen.rows, seen.added, seen.updated, seen.ends_added, seen.notes_added, seen.kept) == (
        counts
    )
    assert (done.rows, done.added, done.updated, done.ends_added, done.notes_added, done.kept) == (
        counts
    )
    notes = {start: r.note for start, r in by_start(any_engine, profile).items()}
    assert notes == {
        a: 'said "ouch"',
        b: "strong, low\nbreathing",
        c: "in the car",
        d: "back and legs",
    }
    again = import_file(engine=any_engine, profile=profile, text=later_file, now=later)
    assert (again.added, again.updated) == (0, 0)  # the appended note is not appended twice


def test_a_note_too_long_once_appended_is_refused_and_nothing_written(
    engine: Engine, profile: ProfileRead
) -> None:
    start = utc(2026, 2, 1, 10, 0)
    end = start + timedelta(seconds=40)
    import_file(
        engine=engine, profile=profile, text=HEADER + row(start, end, "a" * 1500), now=AFTER_SAMPLE
    )
    text = HEADER + row(start, end, "b" * 600) + row(start + timedelta(minutes=5), None)
    with pytest.raises(ImportRejected) as caught:
        preview(engine=engine, profile=profile, text=text, now=AFTER_SAMPLE)
    assert [str(p) for p in caught.value.problems] == [
        "line 2: Note: added to the note already stored (1500 characters) it would be longer "
        "than 2000 characters; shorten one of them"
    ]
    with pytest.raises(ImportRejected):
        import_file(engine=engine, profile=profile, text=text, now=AFTER_SAMPLE)
    assert [r.note for r in stored(engine, profile)] == ["a" * 1500]


def test_an_end_kept_from_the_app_is_checked_for_overlaps_with_new_rows(
    any_engine: Engine,
) -> None:
    """The app's end (10:02, edited there) stays, so a new row at 10:01:30 would overlap it;
    the file alone (10:00–10:01) would not. Preview and import refuse alike."""
    profile = ensure_profile(engine=any_engine, now=AFTER_SAMPLE, timezone="Europe/London")
    start = utc(2026, 2, 1, 10, 0)
    import_file(
        engine=any_engine,
        profile=profile,
        text=HEADER + row(start, start + timedelta(minutes=1)),
        now=AFTER_SAMPLE,
    )
    [first] = stored(any_engine, profile)
    journal.update_entry(
        engine=any_engine,
        kind=EntryKind.CONTRACTIONS,
        profile_id=profile.id,
        entry_id=first.id,
        changes={"ended_at": start + timedelta(minutes=2)},
        now=AFTER_SAMPLE,
    )
    later = start + timedelta(seconds=90)
    text = (
        HEADER + row(start, start + timedelta(minutes=1)) + row(later, later + timedelta(minutes=1))
    )
    expected = [
        "line 3: Start time: it would overlap the contraction that started at 10:00:00; "
        "change the times or edit that one"
    ]
    with pytest.raises(ImportRejected) as previewed:
        preview(engine=any_engine, profile=profile, text=text, now=AFTER_SAMPLE)
    with pytest.raises(ImportRejected) as imported:
        import_file(engine=any_engine, profile=profile, text=text, now=AFTER_SAMPLE)
    assert [str(p) for p in previewed.value.problems] == expected
    assert [str(p) for p in imported.value.problems] == expected
    assert [(r.started_at, r.ended_at) for r in stored(any_engine, profile)] == [
        (start, start + timedelta(minutes=2))
    ]


def test_an_end_filled_in_is_checked_against_the_other_stored_contractions(
    engine: Engine, profile: ProfileRead
) -> None:
    """The app never stores a contraction after a running one, but a store written by hand (or
    by an older version) may: filling the running one's end must not make them overlap."""
    start = utc(2026, 2, 1, 10, 0)
    inside = start + timedelta(seconds=20)
    crud.create_entries(
        engine=engine,
        kind=EntryKind.CONTRACTIONS,
        profile_id=profile.id,
        values=[
            ContractionCreate(started_at=start),
            ContractionCreate(started_at=inside, ended_at=inside + timedelta(seconds=10)),
        ],
        now=AFTER_SAMPLE,
    )
    before = stored(engine, profile)
    text = HEADER + row(start, start + timedelta(seconds=50))
    expected = [
        "line 2: Start time: it would overlap the contraction that started at 10:00:20; "
        "change the times or edit that one"
    ]
    for check in (preview, import_file):
        with pytest.raises(ImportRejected) as caught:
            check(engine=engine, profile=profile, text=text, now=AFTER_SAMPLE)
        assert [str(p) for p in caught.value.problems] == expected
    assert stored(engine, profile) == before


def test_filling_an_end_and_adding_the_next_running_one_in_one_import(
    engine: Engine, profile: ProfileRead
) -> None:
    """The stored running contraction gets its end before the file's new running one is added
    (one running contraction at a time), and neither is taken for an overlap."""
    first, second = utc(2026, 2, 1, 10, 0), utc(2026, 2, 1, 10, 5)
    import_file(engine=engine, profile=profile, text=HEADER + row(first, None), now=AFTER_SAMPLE)
    text = HEADER + row(first, first + timedelta(seconds=50)) + row(second, None)
    seen = preview(engine=engine, profile=profile, text=text, now=AFTER_SAMPLE)
    done = import_file(engine=engine, profile=profile, text=text, now=AFTER_SAMPLE)
    assert (seen.added, seen.updated) == (done.added, done.updated) == (1, 1)
    assert [(r.started_at, r.ended_at) for r in stored(engine, profile)] == [
        (first, first + timedelta(seconds=50)),
        (second, None),
    ]


def test_a_change_in_the_app_between_reading_and_writing_is_not_overwritten(
    engine: Engine, profile: ProfileRead
) -> None:
    """The store refuses a change planned on values that are no longer there (stopped on
    another device meanwhile): nothing written, the app's end kept."""
    start = utc(2026, 2, 1, 10, 0)
    import_file(engine=engine, profile=profile, text=HEADER + row(start, None), now=AFTER_SAMPLE)
    [running] = stored(engine, profile)
    plan = contraction_timer_app.plan_import(
        engine=engine,
        profile=profile,
        text=HEADER + row(start, start + timedelta(seconds=50)),
        now=AFTER_SAMPLE,
    )
    timer.stop(
        engine=engine, profile=profile, now=AFTER_SAMPLE, ended_at=start + timedelta(seconds=45)
    )
    with pytest.raises(Conflict, match="changed while the file was being imported"):
        contraction_timer_app.store(engine=engine, profile=profile, plan=plan, now=AFTER_SAMPLE)
    [kept] = stored(engine, profile)
    assert (kept.id, kept.ended_at) == (running.id, start + timedelta(seconds=45))


# --- empty files and too many rows (issue 7, items 6 and 9) ---------------------------------

EMPTY = "line 1: header: the file is empty; expected Contraction Timer's columns " + (
    "Start time,Start time (formatted),End time,End time (formatted),Note"
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", EMPTY),
        ("\n\n  \n", EMPTY),
        ('"","","","",""\n', EMPTY),
        (
            HEADER,
            "line 1: file: only the header, no contractions; "
            "export again from Contraction Timer once one is timed",
        ),
        (
            HEADER + "\n\n",
            "line 1: file: only the header, no contractions; "
            "export again from Contraction Timer once one is timed",
        ),
    ],
)
def test_an_empty_file_is_refused_and_nothing_written(
    engine: Engine, profile: ProfileRead, text: str, message: str
) -> None:
    with pytest.raises(ImportRejected) as caught:
        parse(text, now=AFTER_SAMPLE)
    assert [str(p) for p in caught.value.problems] == [message]
    with pytest.raises(ImportRejected):
        preview(engine=engine, profile=profile, text=text, now=AFTER_SAMPLE)
    with pytest.raises(ImportRejected):
        import_file(engine=engine, profile=profile, text=text, now=AFTER_SAMPLE)
    assert stored(engine, profile) == []


@pytest.mark.parametrize("content", ["", "\n\n", HEADER])
def test_the_command_line_refuses_an_empty_file_with_exit_2(
    sqlite_url: str,
    engine: Engine,
    profile: ProfileRead,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(content, encoding="utf-8")
    assert main(["--db", sqlite_url, "import", "contractiontimer", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    first, last = err.splitlines()
    assert first.startswith("line 1: ")
    assert "contractions" in first or "the file is empty" in first
    assert last == "error: 1 problem(s) found; nothing was imported"
    assert stored(engine, profile) == []


def many_rows(count: int, *, header: bool = True) -> str:
    """``count`` finished 30 s contractions, 2 minutes apart, ending before ``AFTER_SAMPLE``."""
    first = AFTER_SAMPLE - timedelta(minutes=2 * count + 1)
    lines = [HEADER] if header else []
    for i in range(count):
        start = first + timedelta(minutes=2 * i)
        lines.append(row(start, start + timedelta(seconds=30)))
    return "".join(lines)


def test_more_than_the_cap_is_refused_before_reading_on(
    engine: Engine, profile: ProfileRead
) -> None:
    assert MAX_TIMER_IMPORT_ROWS == 10_000
    text = many_rows(MAX_TIMER_IMPORT_ROWS + 1) + '"garbage after the cap"\n'
    with pytest.raises(ImportRejected) as caught:
        parse(text, now=AFTER_SAMPLE)
    # The 10,001st contraction is on line 10,002 (after the header); the bad line after it is
    # never read.
    assert [str(p) for p in caught.value.problems] == [
        "line 10002: file: more than 10,000 contractions; no labour has that many: "
        "export only this labour's contractions or split the file"
    ]
    with pytest.raises(ImportRejected):
        import_file(engine=engine, profile=profile, text=text, now=AFTER_SAMPLE)
    assert stored(engine, profile) == []
    without_header = many_rows(MAX_TIMER_IMPORT_ROWS + 1, header=False)
    with pytest.raises(ImportRejected) as caught:
        parse(without_header, now=AFTER_SAMPLE)
    assert [p.line for p in caught.value.problems] == [10_001]


def test_the_cap_stops_reading_early(monkeypatch: pytest.MonkeyPatch) -> None:
    """No model is built for any row once the file is known to be too long."""
    built: list[object] = []
    original = contraction_timer_app.check_row

    def counting(*args: object, **kwargs: object) -> object:
        built.append(args)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(contraction_timer_app, "check_row", counting)
    with pytest.raises(ImportRejected):
        parse(many_rows(MAX_TIMER_IMPORT_ROWS + 1), now=AFTER_SAMPLE)
    assert built == []


def test_exactly_the_cap_is_imported(engine: Engine, profile: ProfileRead) -> None:
    text = many_rows(MAX_TIMER_IMPORT_ROWS)
    done = import_file(engine=engine, profile=profile, text=text, now=AFTER_SAMPLE)
    assert (done.rows, done.added) == (10_000, 10_000)
    count = crud.count_entries(engine=engine, kind=EntryKind.CONTRACTIONS, profile_id=profile.id)
    assert count == 10_000
