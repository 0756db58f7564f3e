"""Import of the CSV written by the Android app Contraction Timer (files-and-cli.md).

The app (``data/CSVTransformer.kt``, opencsv) writes five quoted columns whose labels are
translated on phones, so columns are read by position: 1 start and 3 end in epoch milliseconds
(3 empty while the contraction is still going), 2 and 4 display text (ignored), 5 the note.

A row whose start is already stored is that contraction, not a copy, and a re-import only adds
what the app lacks (``additions``): an end it has none of, a note it has none of (or appended to
the one typed in the app). It never clears or replaces a value: what was changed in the app since
the phone's export (a stop, a note, a corrected end) stays. ``plan_import`` decides all of it from
what is stored; ``preview`` reports the plan, ``import_file`` stores it (``store``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Engine

from db import bulk
from tracker.core.errors import ImportRejected, OverlapError, RowProblem
from tracker.core.models import ContractionCreate, ContractionRead, ProfileRead
from tracker.core.thresholds import MAX_NOTE_CHARS
from tracker.core.timeutil import entry_utc
from tracker.entries.journal import check_no_overlap
from tracker.files.csvio import (
    capped_contractions,
    check_row,
    contraction_overlaps,
    csv_records,
    decode_text,
    stored_contractions_around,
)

COLUMN_NAMES = ("Start time", "Start time (formatted)", "End time", "End time (formatted)", "Note")
"""The app's English header; only used to name columns in problems."""
START, END, NOTE = 0, 2, 4
"""Positions of the columns read."""
MIN_CELLS = END + 1
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
FIX_HINT = "fix it in Contraction Timer and export again"
NOTE_SEPARATOR = "\n"
"""Between the note typed in the app and a different note from the file, appended after it."""

_FIELD_COLUMNS = {
    "started_at": COLUMN_NAMES[START],
    "ended_at": COLUMN_NAMES[END],
    "note": COLUMN_NAMES[NOTE],
}


@dataclass(frozen=True)
class TimerImport:
    """What an import did: rows in the file, contractions added, stored ones updated."""

    rows: int
    added: int
    updated: int
    """Stored contractions given something they lacked (an end, a note, or both)."""
    ends_added: int
    """Stored contractions still running in the app that were given the file's end."""
    notes_added: int
    """Stored contractions given the file's note (where the app had none, or appended)."""
    kept: int
    """Stored contractions whose end or note differs from the file's and stays as the app has
    it (stopped, noted or corrected in the app since the phone's export)."""

    @property
    def unchanged(self) -> int:
        return self.rows - self.added - self.updated


def parse_epoch_ms(text: str) -> datetime:
    """Epoch milliseconds as aware UTC; ``ValueError`` for anything else."""
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"{text!r} is not a time in epoch milliseconds")
    return entry_utc(EPOCH, plus_ms=int(text), shown=f"{text} (epoch milliseconds)")


def parse(text: str, *, now: datetime) -> list[tuple[int, ContractionCreate]]:
    """Every row as a validated contraction with its line number; ``ImportRejected`` listing
    every bad row otherwise (overlaps with stored contractions are checked by ``plan_import``).
    An empty file, a header alone, or more than ``MAX_TIMER_IMPORT_ROWS`` rows is refused."""
    records = list(_data_records(text))
    rows: list[tuple[int, ContractionCreate]] = []
    problems: list[RowProblem] = []
    for line, cells in records:
        if len(cells) < MIN_CELLS:
            reason = f"has {len(cells)} columns; Contraction Timer writes {len(COLUMN_NAMES)}"
            problems.append(RowProblem(line, "row", reason))
            continue
        values: dict[str, object] = {"note": cells[NOTE] if len(cells) > NOTE else ""}
        bad: list[str] = []
        for field, position in (("started_at", START), ("ended_at", END)):
            cell = cells[position].strip()
            if not cell:
                continue
            try:
                values[field] = parse_epoch_ms(cell)
            except ValueError as err:
                problems.append(RowProblem(line, COLUMN_NAMES[position], str(err)))
                bad.append(COLUMN_NAMES[position])
        entry, invalid = check_row(
            ContractionCreate, values, line=line, now=now, columns=_FIELD_COLUMNS, reported=bad
        )
        problems += [_with_hint(p) for p in invalid]
        if entry is not None and not bad:
            rows.append((line, entry))
    problems += _running_not_newest(rows)
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: p.line))
    return rows


def _data_records(text: str) -> Iterator[tuple[int, list[str]]]:
    """The records after the header (if any), counted while the file is read: the file is
    refused at its ``MAX_TIMER_IMPORT_ROWS + 1``-th record, before any later one is read."""
    records = csv_records(text)
    first = next(records, None)
    header_line: int | None = None
    if first is not None and not first[1][0].strip().isdigit():
        header_line = first[0]  # the header, in whatever language the phone uses
    elif first is not None:
        records = itertools.chain([first], records)
    count = 0
    hint = "export only this labour's contractions or split the file"
    for line, cells in capped_contractions(records, hint=hint):
        count += 1
        yield line, cells
    if count:
        return
    if header_line is not None:
        reason = (
            "only the header, no contractions; "
            "export again from Contraction Timer once one is timed"
        )
        raise ImportRejected([RowProblem(header_line, "file", reason)])
    expected = ",".join(COLUMN_NAMES)
    reason = f"the file is empty; expected Contraction Timer's columns {expected}"
    raise ImportRejected([RowProblem(1, "header", reason)])


def _with_hint(problem: RowProblem) -> RowProblem:
    if problem.column != COLUMN_NAMES[END]:
        return problem
    return RowProblem(problem.line, problem.column, f"{problem.reason}; {FIX_HINT}")


def _running_not_newest(rows: list[tuple[int, ContractionCreate]]) -> list[RowProblem]:
    if not rows:
        return []
    newest = max(entry.started_at for _, entry in rows)
    return [
        RowProblem(
            line,
            COLUMN_NAMES[END],
            f"empty (still running) but a later contraction follows; {FIX_HINT}",
        )
        for line, entry in rows
        if entry.ended_at is None and entry.started_at != newest
    ]


def additions(stored: ContractionRead, entry: ContractionCreate) -> dict[str, Any]:
    """What a re-imported row adds to the stored contraction with its start: only what the app
    lacks, never clearing or replacing a value.

    - ``ended_at``: the file's end when the app has none (still running there); an end the app
      has wins (stopped or corrected in the app), even if the file's differs.
    - ``note``: the file's note when the app has none; when the app's note differs and does not
      already contain it, the app's note, a new line, then the file's; an empty file note adds
      nothing. Importing the same file again therefore adds nothing the second time.
    """
    changes: dict[str, Any] = {}
    if stored.ended_at is None and entry.ended_at is not None:
        changes["ended_at"] = entry.ended_at
    if entry.note and entry.note not in stored.note:
        changes["note"] = (
            f"{stored.note}{NOTE_SEPARATOR}{entry.note}" if stored.note else entry.note
        )
    return changes


@dataclass(frozen=True)
class ImportPlan:
    """What importing a file does to the store as it is now: decided by ``plan_import``,
    reported by ``preview``, written by ``store``."""

    entries: list[ContractionCreate]
    """Every contraction of the file, as the file has it."""
    new: list[ContractionCreate]
    """Contractions not stored yet (no stored one with the same start)."""
    changes: list[bulk.RowChange]
    """For each stored contraction given something: its id, the values it was read with, and
    the ``additions``."""
    result: TimerImport
    last_running: bool
    """The file's newest contraction will be running once imported: it has no end in the file,
    nor in the app (not stopped there since the export)."""


def plan_import(*, engine: Engine, profile: ProfileRead, text: str, now: datetime) -> ImportPlan:
    """Check the whole file, and decide, against what is stored now, what to add and what to
    fill in. Raises ``ImportRejected`` listing every problem: bad rows, rows of the file that
    overlap each other, and any contraction that would overlap a stored one once imported (with
    the stored ends and notes as they will be: an end kept from the app counts)."""
    rows = parse(text, now=now)
    entries = [entry for _, entry in rows]
    column = COLUMN_NAMES[START]
    problems = contraction_overlaps(rows, [], tz_name=profile.timezone, column=column)
    stored = stored_contractions_around(engine=engine, profile_id=profile.id, entries=entries)
    by_start = {c.started_at: c for c in stored}
    new: list[tuple[int, ContractionCreate]] = []
    changes: list[bulk.RowChange] = []
    timed: list[tuple[int, ContractionCreate, int | None]] = []  # an end filled in
    ends = notes = kept = 0
    newest = max(entries, key=lambda e: e.started_at)
    last_running = newest.ended_at is None
    for line, entry in rows:
        same = by_start.get(entry.started_at)
        if same is None:
            new.append((line, entry))
            continue
        added = additions(same, entry)
        if len(added.get("note", "")) > MAX_NOTE_CHARS:
            problems.append(_note_too_long(line, same))
            continue
        after = same.model_copy(update=added)
        if entry is newest:
            last_running = after.ended_at is None
        kept += after.ended_at != entry.ended_at or after.note != entry.note
        if not added:
            continue
        changes.append(bulk.RowChange(same.id, {f: getattr(same, f) for f in added}, added))
        ends += "ended_at" in added
        notes += "note" in added
        if "ended_at" in added:
            timed.append((line, _as_create(after), same.id))
    new_times: list[tuple[int, ContractionCreate, int | None]] = [(n, e, None) for n, e in new]
    problems += _overlaps_once_stored(
        new_times + timed,
        stored,
        {c.row_id: c.values for c in changes},
        profile.timezone,
    )
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: p.line))
    result = TimerImport(
        rows=len(rows),
        added=len(new),
        updated=len(changes),
        ends_added=ends,
        notes_added=notes,
        kept=kept,
    )
    return ImportPlan(entries, [entry for _, entry in new], changes, result, last_running)


def _note_too_long(line: int, stored: ContractionRead) -> RowProblem:
    reason = (
        f"added to the note already stored ({len(stored.note)} characters) it would be longer "
        f"than {MAX_NOTE_CHARS} characters; shorten one of them"
    )
    return RowProblem(line, COLUMN_NAMES[NOTE], reason)


def _as_create(contraction: ContractionRead) -> ContractionCreate:
    return ContractionCreate.model_validate(
        contraction.model_dump(include=set(ContractionCreate.model_fields))
    )


def _overlaps_once_stored(
    rows: list[tuple[int, ContractionCreate, int | None]],
    stored: list[ContractionRead],
    changes: Mapping[int, Mapping[str, Any]],
    tz_name: str,
) -> list[RowProblem]:
    """Rows whose times are new to the store (a new contraction, or an end filled in; each
    with the id of the stored one it fills) that would overlap a stored contraction as it will
    be after the import. ``stored`` holds every contraction that could (those around the file:
    an end is only ever filled with the file's own, inside the file's span)."""
    after = [c.model_copy(update=changes[c.id]) if c.id in changes else c for c in stored]
    problems = []
    for line, entry, stored_id in rows:
        try:
            check_no_overlap(entry, after, tz_name=tz_name, ignore_id=stored_id)
        except OverlapError as err:
            problems.append(RowProblem(line, COLUMN_NAMES[START], str(err)))
    return problems


def store(*, engine: Engine, profile: ProfileRead, plan: ImportPlan, now: datetime) -> TimerImport:
    """Write ``plan`` in one transaction: all of it, or (``Conflict``, when a contraction it
    fills in or adds was changed or stored meanwhile, e.g. stopped on another device) nothing."""
    bulk.upsert_contractions(
        engine=engine, profile_id=profile.id, added=plan.new, changes=plan.changes, now=now
    )
    return plan.result


def import_file(*, engine: Engine, profile: ProfileRead, text: str, now: datetime) -> TimerImport:
    """Check the whole file, then add new contractions and fill in what stored ones (same
    start) lack, in one transaction. Raises ``ImportRejected`` (nothing written) for any bad
    row; the counts are those ``preview`` reports for the same text and store."""
    plan = plan_import(engine=engine, profile=profile, text=text, now=now)
    return store(engine=engine, profile=profile, plan=plan, now=now)


@dataclass(frozen=True)
class ImportPreview(TimerImport):
    """What ``import_file`` would do with the same text now, and the span of the file."""

    first_started_at: datetime | None = None
    last_started_at: datetime | None = None
    last_running: bool = False
    """The newest contraction of the file has no end (still going when it was exported) and
    was not stopped in the app since: once imported, it is the running one."""


def preview(*, engine: Engine, profile: ProfileRead, text: str, now: datetime) -> ImportPreview:
    """The same checks as ``import_file`` and the counts it would return, writing nothing.
    Raises ``ImportRejected`` listing every bad row exactly as ``import_file`` would."""
    plan = plan_import(engine=engine, profile=profile, text=text, now=now)
    starts = [e.started_at for e in plan.entries]
    return ImportPreview(
        **vars(plan.result),
        first_started_at=min(starts),
        last_started_at=max(starts),
        last_running=plan.last_running,
    )


def decode(data: bytes) -> str:
    """An uploaded file's bytes as text, as ``csvio.read_text`` reads a file."""
    return decode_text(data, hint=FIX_HINT)
