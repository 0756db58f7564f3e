"""Every importer of the command line against hostile files (issue 7: "trying to break it").

Hypothesis feeds ``import cramps|hydration|supplements|contractions|events|contractiontimer``
random bytes, CSV-shaped text under the right header, and good rows with hostile values in any
column (far dates, control characters, quotes, line breaks, huge numbers, unknown codes, empty
cells). Whatever the file, the command ends in one of two ways, never with a traceback:

- exit 0, every row stored exactly (count, time and note of each row), and afterwards
  ``export csv`` of every kind and ``flags --json`` still exit 0;
- exit 2, nothing written, and stderr is one ``line N: column: reason`` per problem, then the
  ``error: N problem(s) found`` line.

Each example gets its own SQLite file, copied from one migrated at the start. The explicit tests
at the end run the issue's own files through the command line on SQLite and PostgreSQL.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from db import crud
from db.engine import make_engine
from db.migrate import open_database
from tracker.cli import main
from tracker.core.kinds import EntryKind
from tracker.core.timeutil import parse_timestamp
from tracker.core.vocabulary import (
    EVENT_DETAILS,
    Beverage,
    ContractionIntensity,
    ContractionLocation,
    EasedByRest,
    EventKind,
    Quality,
    Region,
    Relief,
    Side,
    Symptom,
    Trigger,
)
from tracker.entries.profile import ensure_profile
from tracker.files.contraction_timer_app import EPOCH
from tracker.files.csvio import COLUMNS, csv_records, unguard_cell

ZONE = "America/New_York"
"""The profile's zone: western, so a naive 9999-12-31T23:59:59 overflows when read in it."""
TIMER = "contractiontimer"
IMPORTERS = [*(kind.value for kind in EntryKind), TIMER]
SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FAST = settings(SETTINGS, max_examples=50)
"""For files refused at once (random bytes, CSV-shaped text): cheap, so more of them."""
PROBLEM_LINE = re.compile(r"^line \d+: .*\S.*: \S.*$")
MORE_LINE = re.compile(r"^and \d+ more problems?$")
COUNT_LINE = re.compile(r"^error: (\d+) problem\(s\) found; nothing was imported$")


# --- running the command line on a fresh database ---------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file with the default profile in ``ZONE``, copied for each example."""
    path = tmp_path_factory.mktemp("template") / "tracker.db"
    engine = open_database(f"sqlite:///{path}")
    ensure_profile(engine=engine, now=datetime.now(UTC), timezone=ZONE)
    engine.dispose()
    return path


@dataclass
class Run:
    status: int
    out: str
    err: str


class Diary:
    """One fresh copy of the template database and the files of one example."""

    def __init__(self, template: Path) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="import-prop-"))
        shutil.copy(template, self.folder / "tracker.db")
        self.url = f"sqlite:///{self.folder / 'tracker.db'}"

    def run(self, *args: str) -> Run:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            status = main(["--db", self.url, *args])
        return Run(status, out.getvalue(), err.getvalue())

    def import_file(self, importer: str, data: bytes) -> Run:
        path = self.folder / "input.csv"
        path.write_bytes(data)
        return self.run("import", importer, str(path))

    def counts(self) -> dict[str, int]:
        engine = make_engine(self.url)
        try:
            profile = crud.get_profile(engine=engine, name="default")
            assert profile is not None
            found = {
                kind.value: crud.count_entries(engine=engine, kind=kind, profile_id=profile.id)
                for kind in EntryKind
            }
            found["products"] = len(crud.list_products(engine=engine, profile_id=profile.id))
            return found
        finally:
            engine.dispose()

    def stored(self, kind: EntryKind) -> list[Any]:
        engine = make_engine(self.url)
        try:
            profile = crud.get_profile(engine=engine, name="default")
            assert profile is not None
            return list(crud.list_entries(engine=engine, kind=kind, profile_id=profile.id))
        finally:
            engine.dispose()

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def fresh(template: Path) -> Iterator[Diary]:
    """A diary for one example (a context manager: hypothesis runs a test many times, while a
    function-scoped fixture would be made once)."""
    diary = Diary(template)
    try:
        yield diary
    finally:
        diary.close()


def assert_refused_cleanly(diary: Diary, run: Run) -> None:
    """Exit 2: nothing written, one ``line N: column: reason`` per problem, then the count."""
    assert run.status == 2, run
    assert diary.counts() == dict.fromkeys([*(k.value for k in EntryKind), "products"], 0)
    lines = run.err.splitlines()
    assert lines, run
    counted = COUNT_LINE.match(lines[-1])
    if counted is None:  # a refusal of the whole file, not of its rows: one line
        assert len(lines) == 1 and lines[0].startswith("error: "), run
        return
    problems = [line for line in lines[:-1] if PROBLEM_LINE.match(line)]
    more = [int(line.split()[1]) for line in lines[:-1] if MORE_LINE.match(line)]
    assert len(problems) + len(more) == len(lines) - 1, run  # nothing else: no traceback
    assert len(problems) + sum(more) == int(counted.group(1)), run


def assert_still_readable(diary: Diary, kinds: Iterable[EntryKind]) -> None:
    """After an import that stored rows: the export of each kind it stored and the flags still
    work. (The other kinds stay empty in a fresh diary, as ``check`` asserts; the explicit tests
    below export every kind.)"""
    for kind in kinds:
        out = diary.folder / f"{kind.value}.csv"
        run = diary.run("export", "csv", "--kind", kind.value, "--out", str(out))
        assert run.status == 0, run
    run = diary.run("flags", "--json", "--days", "36500")
    assert run.status == 0, run
    assert isinstance(json.loads(run.out), list)


def check(
    diary: Diary, importer: str, run: Run, expect: Callable[[Diary], None] | None = None
) -> None:
    """The two allowed endings; ``expect`` checks the stored rows of an exit 0."""
    if run.status == 0:
        kind = EntryKind.CONTRACTIONS if importer == TIMER else EntryKind(importer)
        others = {name: n for name, n in diary.counts().items() if name not in (kind, "products")}
        assert others == dict.fromkeys(others, 0), run
        if expect is not None:
            expect(diary)
        assert_still_readable(diary, [kind])
    else:
        assert_refused_cleanly(diary, run)


# --- (a) random bytes ---------------------------------------------------------------------------

HEADERS = {
    **{kind.value: ",".join(COLUMNS[kind]).encode() for kind in EntryKind},
    TIMER: b'"Start time","Start time (formatted)","End time","End time (formatted)","Note"',
}


@FAST
@given(
    importer=st.sampled_from(IMPORTERS),
    with_header=st.booleans(),
    data=st.binary(max_size=600),
)
def test_random_bytes_are_imported_whole_or_refused_cleanly(
    template: Path, importer: str, with_header: bool, data: bytes
) -> None:
    if with_header:
        data = HEADERS[importer] + b"\n" + data
    with fresh(template) as diary:
        check(diary, importer, diary.import_file(importer, data))


# --- (b) CSV-shaped text under the right header --------------------------------------------------

CELL_CHARS = st.sampled_from(
    list("\",\n\r;=:+-.T Z0123456789abcxyz\t\x00\x07\x1b\x7f\x85\u2028é😀'")
)
CELL = st.one_of(
    st.text(CELL_CHARS, max_size=12),
    st.sampled_from(["", "2025-06-01T10:00:00Z", "1717236000000", "calf", "water", "1", '"']),
)


@FAST
@given(
    importer=st.sampled_from(IMPORTERS),
    rows=st.lists(st.lists(CELL, min_size=0, max_size=12), max_size=6),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_csv_shaped_text_is_imported_whole_or_refused_cleanly(
    template: Path, importer: str, rows: list[list[str]], newline: str
) -> None:
    header = HEADERS[importer].decode()
    text = newline.join([header, *(",".join(cells) for cells in rows)]) + newline

    def expect(diary: Diary) -> None:
        records = list(csv_records(text))[1:]
        kind = EntryKind.CONTRACTIONS if importer == TIMER else EntryKind(importer)
        assert len(diary.stored(kind)) == len(records)

    with fresh(template) as diary:
        run = diary.import_file(importer, text.encode("utf-8"))
        check(diary, importer, run, expect)


# --- (c) good rows with hostile values in any column ---------------------------------------------

FAR_TIMES = [
    "9999-12-31T23:59:59-05:00",
    "9999-12-31T23:59:59",
    "0001-01-01T00:00:00+05:00",
    "0001-01-01T00:00:00+00:00",
    "1899-12-31T23:59:59Z",
    "2025-03-09T02:30",  # the skipped hour in New York
    "2025-11-02T01:30",  # the repeated hour
    "9999-12-31",
    "yesterday",
    "2025-13-01T00:00",
    "",
]
HOSTILE_TEXT = st.one_of(
    st.sampled_from(
        [
            "a\x00b",
            "\x1b[31mred",
            "del\x7f",
            "c1\x85",
            "\ud800",  # written with surrogatepass: not UTF-8
            '"',
            '"oops',
            '""',
            "x" * 2001,
            "=1+1",
            "'=1+1",
            "line\nbreak",
            "\r",
            " ",
        ]
    ),
    st.text(st.characters(max_codepoint=0xA0), max_size=8),
)
HOSTILE_NUMBER = st.sampled_from(
    ["0", "-1", "1e308", "-inf", "inf", "nan", "9" * 400, "1_000", "٣", "1,5", "½", "", " 2 "]
)
HOSTILE_CODE = st.sampled_from(["", "unknown", "CALF", "calf;calf", " calf ", "water;tea", "\x00"])
HOSTILE_EPOCH = st.sampled_from(["9" * 25, "253402300800000", "-5", "1e3", "١٢٣", "", " "])
HOSTILE = st.one_of(st.sampled_from(FAR_TIMES), HOSTILE_TEXT, HOSTILE_NUMBER, HOSTILE_CODE)
TIME_COLUMNS = {"started_at", "ended_at", "taken_at", "occurred_at", "Start time", "End time"}
NUMBER_COLUMNS = {"duration_min", "intensity", "volume_ml", "units"}
TEXT_COLUMNS = {"note", "Note", "product", "detail"}


def hostile_for(column: str, importer: str) -> st.SearchStrategy[str]:
    """Mostly what breaks that kind of column, sometimes anything."""
    if column in TIME_COLUMNS:
        own = HOSTILE_EPOCH if importer == TIMER else st.sampled_from(FAR_TIMES)
    elif column in NUMBER_COLUMNS:
        own = HOSTILE_NUMBER
    elif column in TEXT_COLUMNS:
        own = HOSTILE_TEXT
    else:
        own = HOSTILE_CODE
    return st.one_of(own, own, own, HOSTILE)


NOTE = st.text(
    st.one_of(
        st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]),
        st.sampled_from(list("\t\n\r\",;=+-@'")),
    ),
    max_size=40,
)
ZONES = st.sampled_from([UTC, ZoneInfo(ZONE), ZoneInfo("Asia/Kolkata"), ZoneInfo("Europe/London")])
MOMENT = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2025, 12, 31), timezones=st.none() | ZONES
)


def codes(enum: Any, *, blank: bool = False) -> st.SearchStrategy[str]:
    values = [str(code.value) for code in enum]
    return st.sampled_from([*values, ""] if blank else values)


def code_set(enum: Any) -> st.SearchStrategy[str]:
    return st.lists(codes(enum), max_size=3).map(";".join)


def number(low: float, high: float) -> st.SearchStrategy[str]:
    return st.floats(low, high, allow_nan=False).map(lambda v: repr(round(v, 3)))


def when() -> st.SearchStrategy[str]:
    return MOMENT.map(lambda m: m.isoformat())


@st.composite
def event_row(draw: st.DrawFn) -> dict[str, str]:
    kind = draw(st.sampled_from(list(EventKind)))
    details = EVENT_DETAILS.get(kind)
    detail = draw(codes(details, blank=True)) if details else ""
    return {"occurred_at": draw(when()), "kind": kind.value, "detail": detail, "note": draw(NOTE)}


@st.composite
def contraction_row(draw: st.DrawFn) -> dict[str, str]:
    start = draw(MOMENT)
    end = start + timedelta(seconds=draw(st.integers(1, 600)))
    return {
        "started_at": start.isoformat(),
        "ended_at": end.isoformat(),
        "intensity": draw(codes(ContractionIntensity, blank=True)),
        "location": draw(codes(ContractionLocation, blank=True)),
        "note": draw(NOTE),
    }


PRODUCTS = {
    "Magnesium 200": ("supplement", "", "no", "", "magnesium=200"),
    "Furosemide 20": ("medicine", "diuretic", "yes", "2025-01-02", ""),
    "Calm+ 😀": ("supplement", "", "", "", "calcium=500;magnesium=100"),
}


@st.composite
def intake_row(draw: st.DrawFn) -> dict[str, str]:
    name = draw(st.sampled_from(sorted(PRODUCTS)))
    kind, medicine_class, prescribed, started_on, contents = PRODUCTS[name]
    return {
        "taken_at": draw(when()),
        "product": name,
        "kind": kind,
        "medicine_class": medicine_class,
        "prescribed": prescribed,
        "started_on": started_on,
        "contents": contents,
        "units": draw(number(0.5, 20)),
        "note": draw(NOTE),
    }


GOOD_ROWS: dict[str, st.SearchStrategy[dict[str, str]]] = {
    "cramps": st.fixed_dictionaries(
        {
            "started_at": when(),
            "duration_min": st.one_of(st.just(""), number(0.5, 1440)),
            "region": codes(Region),
            "side": codes(Side),
            "intensity": st.integers(0, 10).map(str),
            "quality": codes(Quality),
            "triggers": code_set(Trigger),
            "symptoms": code_set(Symptom),
            "relief": code_set(Relief),
            "eased_by_rest": codes(EasedByRest, blank=True),
            "note": NOTE,
        }
    ),
    "hydration": st.fixed_dictionaries(
        {
            "taken_at": when(),
            "volume_ml": number(1, 3000),
            "beverage": codes(Beverage, blank=True),
            "note": NOTE,
        }
    ),
    "supplements": intake_row(),
    "contractions": contraction_row(),
    "events": event_row(),
}


@st.composite
def timer_row(draw: st.DrawFn) -> list[str]:
    start_ms = draw(st.integers(946_684_800_000, 1_767_139_200_000))  # 2000 to 2025
    end_ms = start_ms + draw(st.integers(1_000, 600_000))
    return [str(start_ms), "x", str(end_ms), "x", draw(NOTE)]


@st.composite
def hostile_file(draw: st.DrawFn, importer: str) -> tuple[list[str], list[list[str]]]:
    """A header and rows of good values, a few cells of which are replaced by hostile ones."""
    if importer == TIMER:
        header = [
            "Start time",
            "Start time (formatted)",
            "End time",
            "End time (formatted)",
            "Note",
        ]
        rows = draw(st.lists(timer_row(), min_size=1, max_size=5))
        rows.sort(key=lambda r: int(r[0]))  # only the newest may be running
    else:
        header = list(COLUMNS[EntryKind(importer)])
        dicts = draw(st.lists(GOOD_ROWS[importer], min_size=1, max_size=5))
        rows = [[row[column] for column in header] for row in dicts]
    for _ in range(draw(st.integers(0, 3))):
        row, column = draw(st.integers(0, len(rows) - 1)), draw(st.integers(0, len(header) - 1))
        rows[row][column] = draw(hostile_for(header[column], importer))
    return header, rows


def write_csv(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8", errors="surrogatepass")


def expected_times_and_notes(
    importer: str, header: list[str], rows: list[list[str]]
) -> list[tuple[datetime, str]]:
    """What an accepted file must have stored: each row's time (UTC) and note, as import reads
    them (the formula guard taken off, spaces trimmed)."""
    if importer == TIMER:
        return sorted((EPOCH + timedelta(milliseconds=int(r[0])), r[4].strip()) for r in rows)
    note = header.index("note")
    return sorted(
        (parse_timestamp(unguard_cell(r[0]).strip(), ZONE), unguard_cell(r[note]).strip())
        for r in rows
    )


@SETTINGS
@given(st.data())
@pytest.mark.parametrize("importer", IMPORTERS)
def test_hostile_values_in_good_rows_are_stored_exactly_or_refused_cleanly(
    template: Path, importer: str, data: st.DataObject
) -> None:
    header, rows = data.draw(hostile_file(importer))

    def expect(diary: Diary) -> None:
        kind = EntryKind.CONTRACTIONS if importer == TIMER else EntryKind(importer)
        time_field = "started_at" if importer == TIMER else header[0]
        stored = sorted((getattr(e, time_field), e.note) for e in diary.stored(kind))
        assert stored == expected_times_and_notes(importer, header, rows)
        if importer == "supplements":
            assert diary.counts()["products"] == len({r[1].strip() for r in rows})

    with fresh(template) as diary:
        check(diary, importer, diary.import_file(importer, write_csv(header, rows)), expect)


# --- the issue's own files, through the command line, on SQLite and PostgreSQL --------------------

ROWS = {
    "cramps": "{when},5,calf,left,7,cramp,,,,,{note}",
    "hydration": "{when},250,water,{note}",
    "supplements": "{when},Mag,supplement,,,,magnesium=200,1,{note}",
    "contractions": "{when},,,,{note}",
    "events": "{when},mucus_plug,,{note}",
}
"""One row of each kind with its time first and its note last."""


def issue_file(importer: str, whens: list[str], notes: list[str]) -> str:
    if importer == TIMER:
        lines = [HEADERS[TIMER].decode()]
        lines += [f'"{w}","x","","x",{n}' for w, n in zip(whens, notes, strict=True)]
    else:
        lines = [",".join(COLUMNS[EntryKind(importer)])]
        lines += [ROWS[importer].format(when=w, note=n) for w, n in zip(whens, notes, strict=True)]
    return "\n".join(lines) + "\n"


def run_cli(url: str, *args: str) -> Run:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(["--db", url, *args])
    return Run(status, out.getvalue(), err.getvalue())


def stored_count(engine: Engine, importer: str) -> int:
    kind = EntryKind.CONTRACTIONS if importer == TIMER else EntryKind(importer)
    profile = crud.get_profile(engine=engine, name="default")
    return (
        0
        if profile is None
        else crud.count_entries(engine=engine, kind=kind, profile_id=profile.id)
    )


@pytest.fixture
def western(any_url: str) -> str:
    """A database whose default profile lives in New York."""
    engine = open_database(any_url)
    ensure_profile(engine=engine, now=datetime.now(UTC), timezone=ZONE)
    engine.dispose()
    return any_url


TIMER_TIMES = ["1772000000000", "1772000300000", "1772000600000", "1772000900000"]
ISO_TIMES = [
    "2026-02-01T08:00:00+00:00",
    "2026-02-01T09:00:00+00:00",
    "2026-02-01T10:00:00+00:00",
    "2026-02-01T11:00:00+00:00",
]


@pytest.mark.parametrize("importer", IMPORTERS)
def test_a_stray_quote_in_row_2_is_refused_with_its_line_and_nothing_is_imported(
    western: str, tmp_path: Path, importer: str
) -> None:
    whens = TIMER_TIMES if importer == TIMER else ISO_TIMES
    path = tmp_path / "stray.csv"
    path.write_text(issue_file(importer, whens, ['"oops', "fine", "fine", "fine"]))
    run = run_cli(western, "import", importer, str(path))
    assert run.status == 2, run
    first = run.err.splitlines()[0]
    assert first.startswith("line 2: file: "), run  # where the quote opened
    assert "quote" in first
    engine = open_database(western)
    assert stored_count(engine, importer) == 0
    engine.dispose()


FAR = [
    ("9999-12-31T23:59:59-05:00", "is in the future"),
    ("9999-12-31T23:59:59", "is in the future"),  # read in New York
    ("0001-01-01T00:00:00+05:00", "is before 1900-01-01"),
    ("0001-01-01T00:00:00+00:00", "is before 1900-01-01"),
]


@pytest.mark.parametrize("importer", [kind.value for kind in EntryKind])
def test_the_four_far_dates_are_refused_naming_line_and_column_on_every_backend(
    western: str, tmp_path: Path, importer: str
) -> None:
    path = tmp_path / "far.csv"
    path.write_text(issue_file(importer, [t for t, _ in FAR], ["", "", "", ""]))
    run = run_cli(western, "import", importer, str(path))
    column = COLUMNS[EntryKind(importer)][0]
    assert run.status == 2, run
    lines = run.err.splitlines()
    assert len(lines) == len(FAR) + 1, run
    for n, ((text, words), line) in enumerate(zip(FAR, lines, strict=False), start=2):
        assert line.startswith(f"line {n}: {column}: {text} {words}"), line
    assert lines[-1] == "error: 4 problem(s) found; nothing was imported"
    engine = open_database(western)
    assert stored_count(engine, importer) == 0
    engine.dispose()
    for kind in EntryKind:
        out = tmp_path / f"{kind.value}.csv"
        assert (
            run_cli(western, "export", "csv", "--kind", kind.value, "--out", str(out)).status == 0
        )
    assert run_cli(western, "flags", "--json").status == 0


def test_a_huge_epoch_time_in_a_contraction_timer_file_is_refused(
    western: str, tmp_path: Path
) -> None:
    path = tmp_path / "far.csv"
    path.write_text(issue_file(TIMER, ["9" * 25], ['""']))
    run = run_cli(western, "import", TIMER, str(path))
    assert run.status == 2, run
    assert run.err.splitlines()[0] == (
        f"line 2: Start time: {'9' * 25} (epoch milliseconds) is in the future; "
        "entries can be at most 5 minutes ahead of now"
    )


@pytest.mark.parametrize("importer", IMPORTERS)
def test_a_nul_in_a_note_is_refused_the_same_way_on_every_backend(
    western: str, tmp_path: Path, importer: str
) -> None:
    whens = TIMER_TIMES[:1] if importer == TIMER else ISO_TIMES[:1]
    path = tmp_path / "nul.csv"
    path.write_text(issue_file(importer, whens, ['"a\x00b"']))
    run = run_cli(western, "import", importer, str(path))
    column = "Note" if importer == TIMER else "note"
    assert (run.status, run.err.splitlines()) == (
        2,
        [
            f"line 2: {column}: contains the control character U+0000 (position 2); remove it",
            "error: 1 problem(s) found; nothing was imported",
        ],
    )
    engine = open_database(western)
    assert stored_count(engine, importer) == 0
    engine.dispose()


# --- the command line's own time options ----------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ["flags", "--at", "0001-01-01T00:00:00+05:00"],
            "--at: 0001-01-01T00:00:00+05:00 is before",
        ),
        (
            ["flags", "--at", "0001-01-01T00:00:00+00:00"],
            "--at: 0001-01-01T00:00:00+00:00 is before",
        ),
        (["flags", "--at", "9999-12-31T23:59:59-05:00"], "is in the future"),
        (["flags", "--at", "9999-12-31T23:00:00Z"], "is in the future"),
        (["flags", "--json", "--at", "9999-12-31T00:00:00Z"], "is in the future"),
        (["export", "csv", "--kind", "events", "--from", "0001-01-01"], "not between 1900-01-01"),
        (["export", "csv", "--kind", "events", "--to", "9999-12-31"], "and 9998-12-31"),
        (["profile", "set", "--due-date", "0001-01-01"], "--due-date: 0001-01-01 is not between"),
        (["profile", "set", "--due-date", "9999-12-31"], "--due-date: 9999-12-31 is not between"),
    ],
)
def test_far_times_in_options_are_bad_input_with_a_message(
    sqlite_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    words: str,
) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")  # east: year 9999 UTC overflows when shown here
    if args[0] == "export":
        args = [*args, "--out", str(tmp_path / "out.csv")]
    assert main(["--db", sqlite_url, *args]) == 2
    err = capsys.readouterr().err
    assert words in err
    assert "Traceback" not in err
