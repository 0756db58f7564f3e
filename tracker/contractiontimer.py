"""Import of the CSV written by the Android app Contraction Timer (files-and-cli.md).

The app (``data/CSVTransformer.kt``, opencsv) writes five quoted columns whose labels are
translated on phones, so columns are read by position: 1 start and 3 end in epoch milliseconds
(3 empty while the contraction is still going), 2 and 4 display text (ignored), 5 the note.
A row whose start is already stored updates that contraction instead of adding a copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.engine import Engine

from db import bulk
from tracker.csvio import (
    check_row,
    contraction_overlaps,
    csv_records,
    decode_text,
    stored_contractions_around,
)
from tracker.errors import ImportRejected, RowProblem
from tracker.models import ContractionCreate, ContractionRead, ProfileRead
from tracker.timeutil import entry_utc

COLUMN_NAMES = ("Start time", "Start time (formatted)", "End time", "End time (formatted)", "Note")
"""The app's English header; only used to name columns in problems."""
START, END, NOTE = 0, 2, 4
"""Positions of the columns read."""
MIN_CELLS = END + 1
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
FIX_HINT = "fix it in Contraction Timer and export again"
UPDATED_FIELDS = ("ended_at", "note")
"""What a re-import may change on a stored contraction (intensity and location set in this app
are kept: the phone app does not record them)."""

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
    every bad row otherwise (overlaps with stored contractions are checked by ``import_file``)."""
    records = list(csv_records(text))
    if records and not records[0][1][0].strip().isdigit():
        records = records[1:]  # the header, in whatever language the phone uses
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


def import_file(*, engine: Engine, profile: ProfileRead, text: str, now: datetime) -> TimerImport:
    """Check the whole file, then add new contractions and update those already stored (same
    start) in one transaction. Raises ``ImportRejected`` (nothing written) for any bad row."""
    entries, _ = _checked(engine, profile, text, now)
    added, updated = bulk.upsert_contractions(
        engine=engine,
        profile_id=profile.id,
        contractions=entries,
        now=now,
        update_fields=UPDATED_FIELDS,
    )
    return TimerImport(rows=len(entries), added=added, updated=updated)


def _checked(
    engine: Engine, profile: ProfileRead, text: str, now: datetime
) -> tuple[list[ContractionCreate], list[ContractionRead]]:
    """The file's contractions, checked as ``import_file`` writes them (rows, then overlaps with
    stored ones), and the stored contractions around them; ``ImportRejected`` otherwise."""
    rows = parse(text, now=now)
    entries = [entry for _, entry in rows]
    starts = {entry.started_at for entry in entries}
    stored = stored_contractions_around(engine=engine, profile_id=profile.id, entries=entries)
    # A stored contraction with the same start is replaced by its row, so it is not a clash.
    others = [c for c in stored if c.started_at not in starts]
    problems = contraction_overlaps(
        rows, others, tz_name=profile.timezone, column=COLUMN_NAMES[START]
    )
    if problems:
        raise ImportRejected(problems)
    return entries, stored


@dataclass(frozen=True)
class ImportPreview(TimerImport):
    """What ``import_file`` would do with the same text now, and the span of the file."""

    first_started_at: datetime | None = None
    last_started_at: datetime | None = None
    last_running: bool = False
    """The newest contraction of the file has no end (still going when it was exported)."""


def preview(*, engine: Engine, profile: ProfileRead, text: str, now: datetime) -> ImportPreview:
    """The same checks as ``import_file`` and the counts it would return, writing nothing.
    Raises ``ImportRejected`` listing every bad row exactly as ``import_file`` would."""
    entries, stored = _checked(engine, profile, text, now)
    by_start = {c.started_at: c for c in stored}
    added = updated = 0
    for entry in entries:
        same = by_start.get(entry.started_at)
        if same is None:
            added += 1
        elif any(getattr(same, f) != getattr(entry, f) for f in UPDATED_FIELDS):
            updated += 1
    newest = max(entries, key=lambda e: e.started_at) if entries else None
    return ImportPreview(
        rows=len(entries),
        added=added,
        updated=updated,
        first_started_at=min(e.started_at for e in entries) if entries else None,
        last_started_at=newest.started_at if newest else None,
        last_running=newest is not None and newest.ended_at is None,
    )


def decode(data: bytes) -> str:
    """An uploaded file's bytes as text, as ``csvio.read_text`` reads a file."""
    return decode_text(data, hint=FIX_HINT)
