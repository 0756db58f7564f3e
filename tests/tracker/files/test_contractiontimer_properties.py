"""Properties of the Contraction Timer import over random files and random edits in the app
(hypothesis): a re-import only adds what the app lacks. It never clears or replaces a stored
end or note, never stores a contraction twice, preview and import agree, and importing the same
file twice in a row changes nothing the second time (issue 7, item 2)."""

from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from db import crud
from tracker.core.errors import ImportRejected
from tracker.core.kinds import EntryKind
from tracker.core.models import ContractionRead, ProfileRead
from tracker.entries import journal
from tracker.entries.profile import ensure_profile
from tracker.files.contraction_timer_app import COLUMN_NAMES, import_file, preview
from tracker.labour import timer

BASE = datetime(2026, 2, 1, 8, 0, tzinfo=UTC)
MAX_LENGTH_MS = 10 * 60 * 1000
"""A contraction lasts at most 10 minutes (longer ones are refused as forgotten stops)."""
_profiles = itertools.count()

notes = st.text(
    alphabet=st.one_of(
        st.characters(categories=["L", "M", "N", "P", "S", "Zs"]),
        st.sampled_from(['"', "'", ",", "\n", "\u00e9", "\U0001f476", ";"]),
    ),
    max_size=24,
)
"""Notes with quotes, commas, new lines and any letters or symbols (no control characters)."""


@dataclass
class Row:
    start_ms: int
    end_ms: int | None
    note: str


@st.composite
def timer_files(draw: st.DrawFn) -> list[Row]:
    """1–8 contractions in order, none overlapping; the newest may still be running."""
    rows: list[Row] = []
    at = int(BASE.timestamp() * 1000)
    for _ in range(draw(st.integers(1, 8))):
        at += draw(st.integers(1, 3 * 3600 * 1000))  # the gap after the previous end
        length = draw(st.integers(1, MAX_LENGTH_MS))
        rows.append(Row(at, at + length, draw(notes)))
        at += length
    if draw(st.booleans()):
        rows[-1].end_ms = None
    return rows


def csv_text(rows: list[Row], *, header: bool) -> str:
    """As the phone's opencsv writes it: every cell quoted, quotes doubled."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    if header:
        writer.writerow(COLUMN_NAMES)
    for row in rows:
        end = "" if row.end_ms is None else str(row.end_ms)
        writer.writerow([str(row.start_ms), "shown", end, "shown", row.note])
    return out.getvalue()


def moment(ms: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=ms)


@st.composite
def later_exports(draw: st.DrawFn, rows: list[Row]) -> list[Row]:
    """The phone's next export: notes edited there, the running one ended, maybe more after."""
    later = [
        Row(r.start_ms, r.end_ms, draw(notes) if draw(st.booleans()) else r.note) for r in rows
    ]
    last = later[-1]
    if last.end_ms is None and draw(st.booleans()):
        last.end_ms = last.start_ms + draw(st.integers(1, MAX_LENGTH_MS))
    if last.end_ms is not None:
        later += [r for r in draw(timer_files()) if r.start_ms > last.end_ms]
    return later


@dataclass
class AppEdit:
    """One change a person makes in the app: on the ``index``-th stored contraction (modulo)."""

    index: int
    what: str
    note: str
    fraction: float


app_edits = st.lists(
    st.builds(
        AppEdit,
        index=st.integers(0, 20),
        what=st.sampled_from(["stop", "note", "shorten", "delete"]),
        note=notes,
        fraction=st.floats(0.01, 1.0),
    ),
    max_size=5,
)


def stored(engine: Engine, profile: ProfileRead) -> list[ContractionRead]:
    rows = crud.list_entries(engine=engine, kind=EntryKind.CONTRACTIONS, profile_id=profile.id)
    return [ContractionRead.model_validate(r) for r in rows]


def apply_edit(engine: Engine, profile: ProfileRead, edit: AppEdit, now: datetime) -> None:
    rows = stored(engine, profile)
    if not rows:
        return
    target = rows[edit.index % len(rows)]
    kind = EntryKind.CONTRACTIONS
    if edit.what == "stop":
        running = timer.running(engine=engine, profile=profile)
        if running is not None:
            length = timedelta(milliseconds=max(1, int(MAX_LENGTH_MS * edit.fraction)))
            end = running.started_at + length
            timer.stop(engine=engine, profile=profile, now=now, ended_at=end, note=edit.note)
    elif edit.what == "note":
        changes = {"note": edit.note}
        journal.update_entry(
            engine=engine, kind=kind, profile_id=profile.id, entry_id=target.id,
            changes=changes, now=now,
        )  # fmt: skip
    elif edit.what == "shorten" and target.ended_at is not None:
        length = (target.ended_at - target.started_at) * edit.fraction
        end = target.started_at + max(length, timedelta(milliseconds=1))
        journal.update_entry(
            engine=engine, kind=kind, profile_id=profile.id, entry_id=target.id,
            changes={"ended_at": end}, now=now,
        )  # fmt: skip
    elif edit.what == "delete":
        journal.delete_entry(engine=engine, kind=kind, profile_id=profile.id, entry_id=target.id)


def import_twice_checked(engine: Engine, profile: ProfileRead, text: str, now: datetime) -> None:
    """Preview and import agree; a second import of the same text changes nothing at all."""
    seen = preview(engine=engine, profile=profile, text=text, now=now)
    done = import_file(engine=engine, profile=profile, text=text, now=now)
    assert (seen.rows, seen.added, seen.updated, seen.ends_added, seen.notes_added, seen.kept) == (
        done.rows,
        done.added,
        done.updated,
        done.ends_added,
        done.notes_added,
        done.kept,
    )
    before = stored(engine, profile)
    again = import_file(engine=engine, profile=profile, text=text, now=now + timedelta(hours=1))
    assert (again.added, again.updated) == (0, 0)
    assert stored(engine, profile) == before  # updated_at included: nothing written


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), first=timer_files(), header=st.booleans(), edits=app_edits)
def test_a_reimport_never_clears_replaces_or_duplicates(
    any_engine: Engine, data: st.DataObject, first: list[Row], header: bool, edits: list[AppEdit]
) -> None:
    engine = any_engine
    now = BASE + timedelta(hours=30)  # after every row a draw can make (8 × (3 h + 10 min))
    profile = ensure_profile(engine=engine, name=f"p{next(_profiles)}", now=now, timezone="UTC")
    import_twice_checked(engine, profile, csv_text(first, header=header), now)
    for edit in edits:
        apply_edit(engine, profile, edit, now)
    before = {r.id: r for r in stored(engine, profile)}

    second = data.draw(st.one_of(st.just(first), later_exports(first)), label="second file")
    text = csv_text(second, header=header)
    try:
        import_twice_checked(engine, profile, text, now)
    except ImportRejected as err:
        # Only an end kept from the app can make the later export's new rows overlap.
        assert all("overlap" in p.reason for p in err.problems), err.problems
        assert {r.id: r for r in stored(engine, profile)} == before
        return

    after = stored(engine, profile)
    starts = [r.started_at for r in after]
    assert len(starts) == len(set(starts))  # never a contraction twice
    file_rows = {moment(r.start_ms): r for r in second}
    assert set(file_rows) <= set(starts)  # every row of the file is there
    by_id = {r.id: r for r in after}
    assert set(before) <= set(by_id)  # nothing stored was removed
    for row_id, old in before.items():
        new = by_id[row_id]
        assert (new.started_at, new.intensity, new.location) == (
            old.started_at,
            old.intensity,
            old.location,
        )
        if old.ended_at is not None:
            assert new.ended_at == old.ended_at  # never cleared, never replaced
        assert new.note.startswith(old.note)  # kept, with the file's note at most appended
        given_row = file_rows.get(old.started_at)
        if given_row is None:
            assert new == old  # not in the file: untouched
            continue
        if old.ended_at is None and given_row.end_ms is not None:
            assert new.ended_at == moment(given_row.end_ms)  # what the app lacked is added
        if given_row.note.strip():
            assert given_row.note.strip() in new.note


@pytest.mark.parametrize("header", [True, False])
def test_the_property_helpers_write_what_the_importer_reads(engine: Engine, header: bool) -> None:
    """The generated CSV (quotes, commas, new lines, emoji in notes) reads back exactly."""
    rows = [
        Row(int(BASE.timestamp() * 1000), int(BASE.timestamp() * 1000) + 45_000, 'a "b", c\nd 👶'),
        Row(int(BASE.timestamp() * 1000) + 600_000, None, ""),
    ]
    now = BASE + timedelta(hours=1)
    profile = ensure_profile(engine=engine, now=now, timezone="UTC")
    import_file(engine=engine, profile=profile, text=csv_text(rows, header=header), now=now)
    assert [(r.started_at, r.ended_at, r.note) for r in stored(engine, profile)] == [
        (BASE, BASE + timedelta(seconds=45), 'a "b", c\nd 👶'),
        (BASE + timedelta(minutes=10), None, ""),
    ]
