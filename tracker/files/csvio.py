"""CSV import and export of the five kinds of entry (files-and-cli.md, "CSV files").

Import checks every row first and writes nothing unless all are good: ``ImportRejected`` lists
every bad cell as ``line N: column: reason``. Export writes the same columns, so a file exported
and imported into a fresh profile exports again byte for byte.
"""

from __future__ import annotations

import bisect
import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from db import bulk, crud
from tracker.core.errors import (
    ImportRejected,
    InvalidEntry,
    OverlapError,
    RowProblem,
    UnreadableFile,
)
from tracker.core.kinds import EntryKind
from tracker.core.models import (
    ContractionCreate,
    ContractionRead,
    EventCreate,
    IntakeCreate,
    ProductCreate,
    ProductRead,
    ProfileRead,
)
from tracker.core.thresholds import MAX_TIMER_IMPORT_ROWS
from tracker.core.timeutil import TimeOutOfRange, format_local, parse_timestamp, to_local
from tracker.entries.journal import (
    FIELD_LABELS,
    check_no_overlap,
    check_not_future,
    validate,
)
from tracker.labour.sessions import LabourSession

COLUMNS: dict[EntryKind, tuple[str, ...]] = {kind: kind.spec.csv_columns for kind in EntryKind}
"""The header of each kind's file, in the order export writes it (import takes any order)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is run as a formula by spreadsheets; export guards it."""
FORMULA_GUARD = "'"
SET_SEPARATOR = ";"
TIMESTAMP_COLUMNS = frozenset({"started_at", "ended_at", "taken_at", "occurred_at"})
SET_COLUMNS = frozenset({"triggers", "symptoms", "relief"})
PRODUCT_COLUMNS = {
    "product": "name",
    "kind": "kind",
    "medicine_class": "medicine_class",
    "prescribed": "prescribed",
    "started_on": "started_on",
    "contents": "contents",
}
"""Supplements columns that describe the product (CSV column → ``ProductCreate`` field)."""
_PRODUCT_FIELD_COLUMNS = {field: column for column, field in PRODUCT_COLUMNS.items()}
INTAKE_COLUMNS = ("taken_at", "units", "note")
CROSS_FIELD_COLUMN: dict[type[SQLModel], str] = {
    ContractionCreate: "ended_at",
    EventCreate: "detail",
    ProductCreate: "medicine_class",
}
"""Where a problem that concerns the whole entry (not one field) is reported."""
PLACEHOLDER_PRODUCT_ID = 0
"""Intakes are validated before their product exists; the real id is set when it is stored."""
_SPLIT = "import only this labour's contractions or split the file"
"""Most rows a contractions file may hold, as a Contraction Timer file: all its rows are kept
until checked for overlaps (each other's, and the stored ones), so they are capped, not streamed."""
MAX_LISTED_PROBLEMS = 100
"""A rejected import lists its first problems (by line), this many, and counts the others: a
file of 200,000 bad rows is told in a screenful, and is never held whole as problems."""


# --- cells -----------------------------------------------------------------------------------


def _needs_guard(text: str) -> bool:
    return text.startswith(FORMULA_STARTS) or (
        text.startswith(FORMULA_GUARD) and text[1:].startswith(FORMULA_STARTS)
    )


def guard_cell(text: str) -> str:
    """``'`` before a cell a spreadsheet would run as a formula (or that already looks guarded,
    so that import, which strips one ``'``, gives the text back unchanged)."""
    return FORMULA_GUARD + text if _needs_guard(text) else text


def unguard_cell(text: str) -> str:
    """The inverse of ``guard_cell``."""
    if text.startswith(FORMULA_GUARD) and _needs_guard(text[1:]):
        return text[1:]
    return text


def format_number(value: float) -> str:
    """``200`` for 200.0, ``0.5`` for 0.5: the shortest text that reads back as the same number."""
    text = repr(float(value))
    return text.removesuffix(".0")


def format_cell(value: Any, tz_name: str) -> str:
    """A stored value as CSV text: local ISO 8601 with offset, codes, ``;``-joined sorted sets."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return to_local(value, tz_name).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, dict):
        return SET_SEPARATOR.join(f"{k}={format_number(v)}" for k, v in sorted(value.items()))
    if isinstance(value, set | frozenset | list | tuple):
        return SET_SEPARATOR.join(sorted(str(item) for item in value))
    return str(value)


# --- reading ---------------------------------------------------------------------------------


def read_text(path: Path, *, hint: str = "save the file as CSV UTF-8") -> str:
    """The file as text: UTF-8, with or without a byte-order mark."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise UnreadableFile(f"cannot read {path}: {err.strerror or err}") from err
    return decode_text(data, hint=hint)


def decode_text(data: bytes, *, hint: str = "save the file as CSV UTF-8") -> str:
    """A file's bytes (read, or uploaded) as text: UTF-8, with or without a byte-order mark;
    ``ImportRejected`` naming the line of the first bad byte otherwise, with ``hint``."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ImportRejected([RowProblem(line, "file", f"not UTF-8 text; {hint}")]) from err


@contextmanager
def open_lines(path: Path, *, hint: str = "save the file as CSV UTF-8") -> Iterator[Iterator[str]]:
    """The file's lines as they are read (UTF-8, with or without a byte-order mark; line ends
    kept, as ``csv_records`` needs), for importing a file of any size without holding it whole.
    A bad byte raises ``ImportRejected`` naming its line, as ``read_text`` does."""
    try:
        raw = path.open("rb")
    except OSError as err:
        raise UnreadableFile(f"cannot read {path}: {err.strerror or err}") from err
    with raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as text:
        yield _decoded_lines(text, raw, hint)


def _decoded_lines(text: io.TextIOWrapper, raw: io.BufferedReader, hint: str) -> Iterator[str]:
    # Both stay open until ``open_lines`` ends, however far the lines were read.
    try:
        yield from text
    except UnicodeDecodeError as err:
        raw.seek(0)
        line = next((number for number, data in enumerate(raw, start=1) if not _is_utf8(data)), 1)
        raise ImportRejected([RowProblem(line, "file", f"not UTF-8 text; {hint}")]) from err
    except OSError as err:
        raise UnreadableFile(f"cannot read {raw.name}: {err.strerror or err}") from err


def _is_utf8(data: bytes) -> bool:
    # A line ends at b"\n", which is never part of a multi-byte character: lines decode alone.
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def csv_records(text: str | Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """``(line number where the record starts, cells)``; blank records are skipped. ``text`` is
    the whole file, or its lines as they are read (``open_lines``: line ends kept).

    Strict CSV: a quoted cell must be closed, and right before a comma or the end of its line.
    A stray quote (``"oops`` in a note) would otherwise read every later line into that cell,
    so ``ImportRejected`` names the line where the quote opened. A quoted cell that spans lines
    and is closed properly is a multi-line note, as export writes it: kept.
    """
    lines: list[str] = []  # the raw lines of the record being read

    def tracked() -> Iterator[str]:
        for line in io.StringIO(text, newline="") if isinstance(text, str) else text:
            lines.append(line)
            yield line

    reader = csv.reader(tracked(), strict=True)
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield start, cells
            start = reader.line_num + 1
            lines.clear()
    except csv.Error as err:
        raise ImportRejected([_quote_problem(lines, start, reader.line_num, err)]) from err


def _quote_problem(lines: Sequence[str], start: int, end: int, err: csv.Error) -> RowProblem:
    """Where and why the record of ``lines`` (from line ``start``) is not valid CSV."""
    opened: int | None = None  # line of the quote that opened the cell being read
    line, in_quotes, cell_start = start, False, True
    text = "".join(lines)
    i = 0
    while i < len(text):
        char = text[i]
        if in_quotes and char == '"':
            if text.startswith('""', i):
                i += 2
                continue
            after = text[i + 1 : i + 2]
            if after not in ("", ",", "\r", "\n"):
                return RowProblem(
                    opened or line,
                    "file",
                    f"the quoted cell that opens on this line ends on line {line} with a quote "
                    f"followed by {after!r}; {_QUOTE_HINT}",
                )
            in_quotes = False
        elif not in_quotes and char == '"' and cell_start:
            in_quotes, opened = True, line
        cell_start = char in ",\r\n"
        if char == "\n" or (char == "\r" and not text.startswith("\r\n", i)):
            line += 1
        i += 1
    if in_quotes and opened is not None and "field limit" not in str(err):
        return RowProblem(
            opened,
            "file",
            "a quote opens a cell on this line and is never closed, so every later line "
            f"would be read into that cell; {_QUOTE_HINT}",
        )
    return RowProblem(end, "file", f"not valid CSV: {err}")


_QUOTE_HINT = 'close the quote, or write a quote inside a cell as two ("")'


class _Problems:
    """The problems of an import as they are found: the first ``MAX_LISTED_PROBLEMS`` by line
    are kept (in line order, those of one line in the order found), the others only counted."""

    def __init__(self) -> None:
        self.listed: list[RowProblem] = []
        self.more = 0

    def __bool__(self) -> bool:
        return bool(self.listed)

    def add(self, problems: Iterable[RowProblem]) -> None:
        for problem in problems:
            bisect.insort_right(self.listed, problem, key=lambda p: p.line)
            if len(self.listed) > MAX_LISTED_PROBLEMS:
                self.listed.pop()
                self.more += 1

    def rejected(self) -> ImportRejected:
        return ImportRejected(self.listed, more=self.more)


def _records(
    kind: EntryKind, text: str | Iterable[str], problems: _Problems
) -> Iterator[tuple[int, dict[str, str]]]:
    """Data records as column → unguarded cell, read as they are needed, after checking the
    header (here, at once: ``ImportRejected`` for a bad one). A record with the wrong number
    of cells is added to ``problems`` and not given."""
    expected = COLUMNS[kind]
    records = csv_records(text)
    first = next(records, None)
    if first is None:
        raise ImportRejected(
            [RowProblem(1, "header", f"the file is empty; expected {','.join(expected)}")]
        )
    line, header = first
    names = [name.strip() for name in header]
    header_problems = [
        RowProblem(
            line,
            name or f"column {i}",
            f"unknown column; the {kind} columns are {','.join(expected)}",
        )
        for i, name in enumerate(names, start=1)
        if name not in expected
    ]
    header_problems += [
        RowProblem(line, name, "column appears twice")
        for name in sorted(set(names))
        if names.count(name) > 1
    ]
    header_problems += [
        RowProblem(line, name, "missing column") for name in expected if name not in names
    ]
    if header_problems:
        raise ImportRejected(header_problems)
    return _data_records(records, names, problems)


def _data_records(
    records: Iterator[tuple[int, list[str]]], names: Sequence[str], problems: _Problems
) -> Iterator[tuple[int, dict[str, str]]]:
    for line, cells in records:
        if len(cells) != len(names):
            problems.add(
                [RowProblem(line, "row", f"has {len(cells)} cells, the header has {len(names)}")]
            )
            continue
        yield line, {name: unguard_cell(cell) for name, cell in zip(names, cells, strict=True)}


def _parse_contents(text: str) -> dict[str, float]:
    contents: dict[str, float] = {}
    for pair in filter(None, (p.strip() for p in text.split(SET_SEPARATOR))):
        name, sep, amount = pair.partition("=")
        try:
            if not sep:
                raise ValueError
            value = float(amount)
        except ValueError:
            raise ValueError(f"{pair!r} is not ingredient=amount, e.g. magnesium=200") from None
        if name.strip() in contents:
            raise ValueError(f"{name.strip()} is given twice")
        contents[name.strip()] = value
    return contents


def _cell_values(
    cells: Mapping[str, str], columns: Sequence[str], tz_name: str
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Typed values of the non-empty cells, and ``(column, reason)`` for cells that do not parse."""
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for column in columns:
        text = cells[column].strip()
        if not text:
            continue
        try:
            if column in TIMESTAMP_COLUMNS:
                values[column] = _timestamp(text, tz_name)
            elif column in SET_COLUMNS:
                values[column] = [c.strip() for c in text.split(SET_SEPARATOR) if c.strip()]
            elif column == "contents":
                values[column] = _parse_contents(text)
            else:
                values[column] = text
        except ValueError as err:
            problems.append((column, str(err)))
    return values, problems


def _timestamp(text: str, tz_name: str) -> datetime:
    try:
        return parse_timestamp(text, tz_name)
    except TimeOutOfRange:
        raise  # its own reason: before 1900, or in the future
    except ValueError:
        raise ValueError(
            f"{text!r} is not an ISO 8601 time, e.g. 2026-03-01T21:40 or 2026-03-01T21:40:00+00:00"
        ) from None


def entry_problems(
    err: InvalidEntry,
    model: type[SQLModel],
    columns: Mapping[str, str] | None = None,
    whole_entry: str | None = None,
) -> list[tuple[str, str]]:
    """``(column, reason)`` for each problem of ``err``; ``columns`` renames fields to columns,
    and a problem with no field of ``model`` is put in ``whole_entry`` (or the kind's default)."""
    by_label: dict[str, str] = {}
    for name in model.model_fields:
        by_label[name.replace("_", " ")] = name
        by_label[FIELD_LABELS.get(name, name)] = name
    found = []
    for problem in err.problems:
        field = problem.name if problem.name in model.model_fields else by_label.get(problem.field)
        column = (columns or {}).get(field, field) if field else None
        reason = "required" if problem.message == "Field required" else problem.message
        found.append((column or whole_entry or CROSS_FIELD_COLUMN.get(model, "row"), reason))
    return found


def check_row(
    model: type[SQLModel],
    values: Mapping[str, Any],
    *,
    line: int,
    now: datetime,
    columns: Mapping[str, str] | None = None,
    reported: Sequence[str] = (),
) -> tuple[Any, list[RowProblem]]:
    """Validate one row (and that it is not in the future); problems in ``reported`` columns
    (already named by the caller) are not repeated."""
    try:
        entry = validate(model, values)
        check_not_future(entry, now)
    except InvalidEntry as err:
        return None, [
            RowProblem(line, column, reason)
            for column, reason in entry_problems(err, model, columns)
            if column not in reported
        ]
    return entry, []


# --- contractions ----------------------------------------------------------------------------


def stored_contractions_around(
    *, engine: Engine, profile_id: int, entries: Sequence[ContractionCreate]
) -> list[ContractionRead]:
    """Stored contractions that could overlap any of ``entries``."""
    if not entries:
        return []
    ends = [e.ended_at for e in entries]
    end = None if None in ends else max(e for e in ends if e is not None)
    start = min(e.started_at for e in entries)
    return crud.contractions_near(engine=engine, profile_id=profile_id, start=start, end=end)


_OVERLAPS = "it overlaps the contraction on line {} (started {}); change the times"
_STILL_RUNNING = (
    "it starts while the contraction on line {} (started {}) is still running; "
    "give that one an end time"
)


def contraction_overlaps(
    rows: Sequence[tuple[int, ContractionCreate]],
    stored: Sequence[ContractionRead],
    *,
    tz_name: str,
    column: str,
) -> list[RowProblem]:
    """Rows that overlap an earlier row of the file or a stored contraction."""
    problems: list[RowProblem] = []
    latest: tuple[int, ContractionCreate] | None = None  # the row that ends last so far
    for line, entry in sorted(rows, key=lambda r: (r[1].started_at, r[0])):
        if latest is not None:
            other_line, other = latest
            when = format_local(other.started_at, tz_name, "%Y-%m-%d %H:%M:%S")
            if other.ended_at is None:
                problems.append(RowProblem(line, column, _STILL_RUNNING.format(other_line, when)))
            elif entry.started_at < other.ended_at:
                problems.append(RowProblem(line, column, _OVERLAPS.format(other_line, when)))
        if latest is None or (
            latest[1].ended_at is not None
            and (entry.ended_at is None or entry.ended_at > latest[1].ended_at)
        ):
            latest = (line, entry)
        try:
            check_no_overlap(entry, stored, tz_name=tz_name)
        except OverlapError as err:
            problems.append(RowProblem(line, column, str(err)))
    return problems


# --- import ----------------------------------------------------------------------------------


def import_csv(
    *,
    engine: Engine,
    kind: EntryKind,
    profile: ProfileRead,
    text: str | Iterable[str],
    now: datetime,
) -> int:
    """Check every row of ``text`` (the whole file, or its lines as ``open_lines`` reads them)
    and insert them in one transaction, a batch at a time as they are read; returns the count.

    Raises ``ImportRejected`` when any row is bad, and nothing is written (the transaction is
    rolled back, batches already sent included). Once a row is bad no more are sent, but every
    row is still checked, so the problems are counted and the first ``MAX_LISTED_PROBLEMS`` (by
    line) listed. Contractions are all checked before any is written: whether one overlaps
    another needs them all, sorted by start.
    """
    problems = _Problems()
    rows = _records(kind, text, problems)
    if kind == EntryKind.CONTRACTIONS:
        return _import_contractions(engine, profile, rows, problems, now)
    stored_products = (
        crud.list_products(engine=engine, profile_id=profile.id)
        if kind == EntryKind.SUPPLEMENTS
        else []
    )
    with bulk.row_writer(engine=engine, kind=kind, profile_id=profile.id, now=now) as writer:
        if kind == EntryKind.SUPPLEMENTS:
            _write_intakes(writer, stored_products, profile, rows, problems, now)
        else:
            for _, entry in _entries(kind, profile, rows, problems, now):
                if not problems:
                    writer.add(entry.model_dump())
        if problems:
            raise problems.rejected()
        return writer.count


def _entries(
    kind: EntryKind,
    profile: ProfileRead,
    rows: Iterable[tuple[int, dict[str, str]]],
    problems: _Problems,
    now: datetime,
) -> Iterator[tuple[int, Any]]:
    """Each row checked as it is read: the valid ones given as ``…Create`` models with their
    line, the problems of the others added to ``problems``."""
    for line, cells in rows:
        values, bad = _cell_values(cells, COLUMNS[kind], profile.timezone)
        problems.add(RowProblem(line, column, reason) for column, reason in bad)
        reported = [column for column, _ in bad]
        entry, invalid = check_row(kind.spec.create, values, line=line, now=now, reported=reported)
        problems.add(invalid)
        if entry is not None and not bad:
            yield line, entry


def _import_contractions(
    engine: Engine,
    profile: ProfileRead,
    rows: Iterable[tuple[int, dict[str, str]]],
    problems: _Problems,
    now: datetime,
) -> int:
    """Contractions: all rows are kept until checked against each other and the stored ones
    (at most ``MAX_TIMER_IMPORT_ROWS``: the file is refused at the next one)."""
    entries = list(
        _entries(
            EntryKind.CONTRACTIONS, profile, capped_contractions(rows, hint=_SPLIT), problems, now
        )
    )
    found = [e for _, e in entries]
    stored = stored_contractions_around(engine=engine, profile_id=profile.id, entries=found)
    problems.add(
        contraction_overlaps(entries, stored, tz_name=profile.timezone, column="started_at")
    )
    if problems:
        raise problems.rejected()
    with bulk.row_writer(
        engine=engine, kind=EntryKind.CONTRACTIONS, profile_id=profile.id, now=now
    ) as writer:
        for _, entry in entries:
            writer.add(entry.model_dump())
    return len(entries)


R = TypeVar("R")


def capped_contractions(records: Iterable[tuple[int, R]], *, hint: str) -> Iterator[tuple[int, R]]:
    """``records`` (line, record) as they are read, refused at the ``MAX_TIMER_IMPORT_ROWS +
    1``-th with ``hint`` (how to make the file smaller): no labour has that many contractions,
    and the file is refused before any later record is read or checked."""
    for count, (line, record) in enumerate(records, start=1):
        if count > MAX_TIMER_IMPORT_ROWS:
            reason = (
                f"more than {MAX_TIMER_IMPORT_ROWS:,} contractions; no labour has that many: "
                + hint
            )
            raise ImportRejected([RowProblem(line, "file", reason)])
        yield line, record


def _write_intakes(
    writer: bulk.RowWriter,
    stored_products: Sequence[ProductRead],
    profile: ProfileRead,
    rows: Iterable[tuple[int, dict[str, str]]],
    problems: _Problems,
    now: datetime,
) -> None:
    """Supplements rows: each product is created on first sight by name, in the same
    transaction as the intakes; a product already in the cabinet is reused."""
    known: dict[str, ProductCreate | ProductRead] = {p.name: p for p in stored_products}
    ids: dict[str, int] = {p.name: p.id for p in stored_products}
    new_products: dict[str, ProductCreate] = {}
    for line, cells in rows:
        values, bad = _cell_values(cells, COLUMNS[EntryKind.SUPPLEMENTS], profile.timezone)
        row_problems = [RowProblem(line, column, reason) for column, reason in bad]
        reported = [column for column, _ in bad]
        intake_values = {c: values[c] for c in INTAKE_COLUMNS if c in values}
        intake_values["product_id"] = PLACEHOLDER_PRODUCT_ID
        intake, invalid = check_row(
            IntakeCreate, intake_values, line=line, now=now, reported=reported
        )
        row_problems += invalid
        name = cells["product"].strip()
        product = known.get(name)
        if not name:
            row_problems.append(RowProblem(line, "product", "required"))
        elif product is None:
            product_values = {f: values[c] for c, f in PRODUCT_COLUMNS.items() if c in values}
            product, invalid = check_row(
                ProductCreate,
                product_values,
                line=line,
                now=now,
                columns=_PRODUCT_FIELD_COLUMNS,
                reported=reported,
            )
            row_problems += invalid
            if product is not None:
                known[name] = new_products[name] = product
        else:
            row_problems += _product_mismatch(line, product, values)
        problems.add(row_problems)
        if intake is not None and not problems:
            if name not in ids:
                ids[name] = writer.add_product(new_products[name])
            writer.add(intake.model_dump() | {"product_id": ids[name]})


def _product_mismatch(
    line: int, product: ProductCreate | ProductRead, values: Mapping[str, Any]
) -> list[RowProblem]:
    """A row naming a known product may repeat its kind and contents, but not contradict them."""
    problems = []
    stored = {str(k): v for k, v in product.contents.items()}
    if "contents" in values and values["contents"] != stored:
        problems.append(
            RowProblem(
                line,
                "contents",
                f"{product.name} already has contents {format_cell(stored, 'UTC') or 'none'}; "
                "leave the cell empty or give the same contents",
            )
        )
    if "kind" in values and values["kind"] != str(product.kind):
        problems.append(RowProblem(line, "kind", f"{product.name} is already a {product.kind}"))
    return problems


# --- export ----------------------------------------------------------------------------------


def export_csv(
    *,
    engine: Engine,
    kind: EntryKind,
    profile: ProfileRead,
    start: datetime | None = None,
    end: datetime | None = None,
) -> tuple[str, int]:
    """The CSV text of the profile's entries of ``kind`` in ``[start, end)``, and their count."""
    entries = crud.list_entries(
        engine=engine, kind=kind, profile_id=profile.id, start=start, end=end
    )
    products: dict[int, ProductRead] = {}
    if kind == EntryKind.SUPPLEMENTS:
        products = {p.id: p for p in crud.list_products(engine=engine, profile_id=profile.id)}
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS[kind])
    for entry in entries:
        values = _export_values(kind, entry, products)
        writer.writerow([guard_cell(format_cell(v, profile.timezone)) for v in values])
    return buffer.getvalue(), len(entries)


def _export_values(kind: EntryKind, entry: Any, products: Mapping[int, ProductRead]) -> list[Any]:
    if kind != EntryKind.SUPPLEMENTS:
        return [getattr(entry, column) for column in COLUMNS[kind]]
    product = products[entry.product_id]
    return [
        entry.taken_at,
        *(getattr(product, field) for field in PRODUCT_COLUMNS.values()),
        entry.units,
        entry.note,
    ]


# --- a labour session, as the timer page offers it ------------------------------------------


def session_csv(*, engine: Engine, profile: ProfileRead, session: LabourSession) -> str:
    """The session's contractions as our contractions CSV (``export_csv``)."""
    text, _ = export_csv(
        engine=engine,
        kind=EntryKind.CONTRACTIONS,
        profile=profile,
        start=session.started_at,
        end=session.last_started_at + timedelta(microseconds=1),
    )
    return text


def session_csv_name(session: LabourSession, tz_name: str | None) -> str:
    """``contractions-2026-10-25-0040.csv``: the session's local start."""
    return f"contractions-{to_local(session.started_at, tz_name):%Y-%m-%d-%H%M}.csv"
