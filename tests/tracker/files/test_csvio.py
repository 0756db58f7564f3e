"""CSV files of the five kinds: exact export text, the formula guard, and imports that are
all or nothing with every bad cell reported as ``line N: column: reason``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from db import bulk, crud
from tracker.cli import main
from tracker.core.errors import ImportRejected, TrackerError, UnreadableFile
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.core.thresholds import MAX_TIMER_IMPORT_ROWS
from tracker.entries import journal
from tracker.entries.profile import ensure_profile
from tracker.files import contraction_timer_app
from tracker.files.csvio import (
    COLUMNS,
    MAX_LISTED_PROBLEMS,
    csv_records,
    export_csv,
    format_number,
    guard_cell,
    import_csv,
    open_lines,
    read_text,
    unguard_cell,
)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def seed_every_kind(engine: Engine, profile_id: int, now: datetime) -> None:
    """A few entries of each kind around the Europe/London clock change of 26 October 2025,
    with notes a spreadsheet would run as formulas and notes that need CSV quoting."""

    def log(entry_kind: EntryKind, **values: Any) -> None:
        journal.log_entry(
            engine=engine, kind=entry_kind, profile_id=profile_id, values=values, now=now
        )

    log(
        EntryKind.CRAMPS,
        started_at=at("2025-10-25T23:30:00+00:00"),
        duration_min=2.5,
        region="calf",
        side="left",
        intensity=7,
        quality="cramp",
        triggers={"walking", "exercise"},
        symptoms={"leg_numbness_tingling"},
        relief={"stretching", "heat"},
        eased_by_rest="yes",
        note='=HYPERLINK("http://x")',
    )
    log(
        EntryKind.CRAMPS,
        started_at=at("2025-10-26T09:05:00+00:00"),
        region="lower_back",
        side="center",
        intensity=4,
        quality="dull_ache",
        note='after lifting, "heavy" box\nsecond line',
    )
    log(EntryKind.HYDRATION, taken_at=at("2025-10-25T07:00:00+00:00"), volume_ml=250)
    log(
        EntryKind.HYDRATION,
        taken_at=at("2025-10-26T12:00:00+00:00"),
        volume_ml=330.5,
        beverage="tea",
        note="-2 cups, '=odd",
    )
    diuretic = journal.add_product(
        engine=engine,
        profile_id=profile_id,
        values={
            "name": "Furosemide 20",
            "kind": "medicine",
            "medicine_class": "diuretic",
            "prescribed": True,
            "started_on": date(2025, 9, 1),
        },
        now=now,
    )
    magnesium = journal.add_product(
        engine=engine,
        profile_id=profile_id,
        values={
            "name": "Mag+Cal",
            "kind": "supplement",
            "contents": {"magnesium": 200, "calcium": 500},
        },
        now=now,
    )
    log(EntryKind.SUPPLEMENTS, taken_at=at("2025-10-25T08:00:00+00:00"), product_id=diuretic.id)
    log(
        EntryKind.SUPPLEMENTS,
        taken_at=at("2025-10-26T21:00:00+00:00"),
        product_id=magnesium.id,
        units=0.5,
        note="@bedtime",
    )
    log(EntryKind.SUPPLEMENTS, taken_at=at("2025-10-27T21:00:00+00:00"), product_id=magnesium.id)
    log(
        EntryKind.CONTRACTIONS,
        started_at=at("2025-10-26T00:40:00+00:00"),
        ended_at=at("2025-10-26T00:41:05+00:00"),
        intensity="moderate",
        location="back",
    )
    log(
        EntryKind.CONTRACTIONS,
        started_at=at("2025-10-26T01:10:00+00:00"),
        ended_at=at("2025-10-26T01:10:50.250000+00:00"),
        note="+ pressure",
    )
    log(EntryKind.CONTRACTIONS, started_at=at("2025-10-26T01:20:00+00:00"))
    log(
        EntryKind.EVENTS,
        occurred_at=at("2025-10-26T02:00:00+00:00"),
        kind="waters_broke",
        detail="clear",
    )
    log(EntryKind.EVENTS, occurred_at=at("2025-10-26T03:00:00+00:00"), kind="reduced_movement")


@pytest.fixture
def seeded(engine: Engine, profile: ProfileRead, now: datetime) -> ProfileRead:
    seed_every_kind(engine, profile.id, now)
    return profile


def export_text(engine: Engine, kind: EntryKind, profile: ProfileRead) -> str:
    return export_csv(engine=engine, kind=kind, profile=profile)[0]


EXPECTED_EXPORTS = {
    EntryKind.CRAMPS: (
        "started_at,duration_min,region,side,intensity,quality,triggers,symptoms,relief,"
        "eased_by_rest,note\r\n"
        "2025-10-26T00:30:00+01:00,2.5,calf,left,7,cramp,exercise;walking,leg_numbness_tingling,"
        'heat;stretching,yes,"\'=HYPERLINK(""http://x"")"\r\n'
        "2025-10-26T09:05:00+00:00,,lower_back,center,4,dull_ache,,,,unknown,"
        '"after lifting, ""heavy"" box\nsecond line"\r\n'
    ),
    EntryKind.HYDRATION: (
        "taken_at,volume_ml,beverage,note\r\n"
        "2025-10-25T08:00:00+01:00,250,water,\r\n"
        "2025-10-26T12:00:00+00:00,330.5,tea,\"'-2 cups, '=odd\"\r\n"
    ),
    EntryKind.SUPPLEMENTS: (
        "taken_at,product,kind,medicine_class,prescribed,started_on,contents,units,note\r\n"
        "2025-10-25T09:00:00+01:00,Furosemide 20,medicine,diuretic,yes,2025-09-01,,1,\r\n"
        "2025-10-26T21:00:00+00:00,Mag+Cal,supplement,,no,,calcium=500;magnesium=200,0.5,"
        "'@bedtime\r\n"
        "2025-10-27T21:00:00+00:00,Mag+Cal,supplement,,no,,calcium=500;magnesium=200,1,\r\n"
    ),
    EntryKind.CONTRACTIONS: (
        "started_at,ended_at,intensity,location,note\r\n"
        "2025-10-26T01:40:00+01:00,2025-10-26T01:41:05+01:00,moderate,back,\r\n"
        "2025-10-26T01:10:00+00:00,2025-10-26T01:10:50.250000+00:00,,,'+ pressure\r\n"
        "2025-10-26T01:20:00+00:00,,,,\r\n"
    ),
    EntryKind.EVENTS: (
        "occurred_at,kind,detail,note\r\n"
        "2025-10-26T02:00:00+00:00,waters_broke,clear,\r\n"
        "2025-10-26T03:00:00+00:00,reduced_movement,,\r\n"
    ),
}


@pytest.mark.parametrize("kind", list(EntryKind))
def test_export_writes_local_times_with_offset_sorted_sets_and_guarded_formulas(
    engine: Engine, seeded: ProfileRead, kind: EntryKind
) -> None:
    assert export_text(engine, kind, seeded) == EXPECTED_EXPORTS[kind]


@pytest.mark.parametrize("kind", list(EntryKind))
def test_exported_file_imports_into_a_fresh_profile_and_exports_identically(
    engine: Engine, seeded: ProfileRead, now: datetime, kind: EntryKind
) -> None:
    text = export_text(engine, kind, seeded)
    fresh = ensure_profile(engine=engine, name="fresh", now=now, timezone="Europe/London")
    count = import_csv(engine=engine, kind=kind, profile=fresh, text=text, now=now)
    assert count == text.count("\r\n") - 1
    assert export_text(engine, kind, fresh) == text


def test_import_strips_the_formula_guard(
    engine: Engine, seeded: ProfileRead, now: datetime
) -> None:
    fresh = ensure_profile(engine=engine, name="fresh", now=now, timezone="UTC")
    text = EXPECTED_EXPORTS[EntryKind.HYDRATION]
    import_csv(engine=engine, kind=EntryKind.HYDRATION, profile=fresh, text=text, now=now)
    drinks = crud.list_entries(engine=engine, kind=EntryKind.HYDRATION, profile_id=fresh.id)
    assert [d.note for d in drinks] == ["", "-2 cups, '=odd"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("stored", "written"),
    [
        ("=1+2", "'=1+2"),
        ("+44 20", "'+44 20"),
        ("-3", "'-3"),
        ("@me", "'@me"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),  # already looks guarded: guarded again so import gives it back
        ("'plain", "'plain"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_guard_cell_and_unguard_cell_are_inverse(stored: str, written: str) -> None:
    assert guard_cell(stored) == written
    assert unguard_cell(written) == stored


@pytest.mark.parametrize(
    ("value", "text"), [(200.0, "200"), (0.5, "0.5"), (330.25, "330.25"), (1500000.0, "1500000")]
)
def test_numbers_are_written_without_needless_decimals(value: float, text: str) -> None:
    assert format_number(value) == text


CRAMP_HEADER = ",".join(COLUMNS[EntryKind.CRAMPS])


def test_bad_rows_are_all_reported_and_nothing_is_written(
    engine: Engine, seeded: ProfileRead, now: datetime
) -> None:
    before = export_text(engine, EntryKind.CRAMPS, seeded)
    text = (
        f"{CRAMP_HEADER}\n"
        "2026-02-01T10:00,5,calf,left,7,cramp,,,,,fine row\n"
        "yesterday,5,elbow,left,11,cramp,exercise;dancing,,,,\n"
        '2026-02-01T11:00,,calf,left,3,cramp,,,,,"a note\nover two lines"\n'
        "2026-02-01T12:00,1441,calf,,3,cramp,,,,maybe,\n"
        "2026-03-01T21:46:00+00:00,5,calf,left,3,cramp,,,,,\n"
        "2026-02-01T13:00,5,calf,left\n"
    )
    with pytest.raises(ImportRejected) as caught:
        import_csv(engine=engine, kind=EntryKind.CRAMPS, profile=seeded, text=text, now=now)
    found = [(p.line, p.column) for p in caught.value.problems]
    assert found == [
        (3, "started_at"),
        (3, "region"),
        (3, "intensity"),
        (3, "triggers"),
        (6, "duration_min"),
        (6, "side"),
        (6, "eased_by_rest"),
        (7, "started_at"),
        (8, "row"),
    ]
    reasons = {(p.line, p.column): p.reason for p in caught.value.problems}
    assert "'yesterday' is not an ISO 8601 time" in reasons[(3, "started_at")]
    assert "in the future" in reasons[(7, "started_at")]
    assert reasons[(6, "side")] == "required"
    assert reasons[(8, "row")] == "has 4 cells, the header has 11"
    assert export_text(engine, EntryKind.CRAMPS, seeded) == before


def test_header_with_unknown_and_missing_columns_names_them(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    text = "taken_at,volume,beverage,colour\n2026-02-01T10:00,250,water,blue\n"
    with pytest.raises(ImportRejected) as caught:
        import_csv(engine=engine, kind=EntryKind.HYDRATION, profile=profile, text=text, now=now)
    expected = "unknown column; the hydration columns are taken_at,volume_ml,beverage,note"
    assert [str(p) for p in caught.value.problems] == [
        f"line 1: volume: {expected}",
        f"line 1: colour: {expected}",
        "line 1: volume_ml: missing column",
        "line 1: note: missing column",
    ]


def test_columns_may_come_in_any_order(engine: Engine, profile: ProfileRead, now: datetime) -> None:
    text = "note,beverage,volume_ml,taken_at\nmorning,tea,200,2026-02-01T07:30:00+00:00\n"
    import_csv(engine=engine, kind=EntryKind.HYDRATION, profile=profile, text=text, now=now)
    [drink] = crud.list_entries(engine=engine, kind=EntryKind.HYDRATION, profile_id=profile.id)
    assert drink.model_dump(include={"taken_at", "volume_ml", "beverage", "note"}) == {
        "taken_at": at("2026-02-01T07:30:00+00:00"),
        "volume_ml": 200,
        "beverage": "tea",
        "note": "morning",
    }


def test_naive_times_are_read_in_the_profiles_zone_across_the_clock_change(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    assert profile.timezone == "Europe/London"
    text = (
        "occurred_at,kind,detail,note\n"
        "2025-03-29T12:00,mucus_plug,,GMT day\n"
        "2025-03-30T12:00,mucus_plug,,BST day\n"
        "2025-10-26T00:30,mucus_plug,,BST before the change\n"
        "2025-10-26T12:00,mucus_plug,,GMT again\n"
        "2025-10-26T12:00:00-04:00,mucus_plug,,explicit offset wins\n"
    )
    import_csv(engine=engine, kind=EntryKind.EVENTS, profile=profile, text=text, now=now)
    events = crud.list_entries(engine=engine, kind=EntryKind.EVENTS, profile_id=profile.id)
    assert [(e.occurred_at, e.note) for e in events] == [  # type: ignore[attr-defined]
        (datetime(2025, 3, 29, 12, 0, tzinfo=UTC), "GMT day"),
        (datetime(2025, 3, 30, 11, 0, tzinfo=UTC), "BST day"),
        (datetime(2025, 10, 25, 23, 30, tzinfo=UTC), "BST before the change"),
        (datetime(2025, 10, 26, 12, 0, tzinfo=UTC), "GMT again"),
        (datetime(2025, 10, 26, 16, 0, tzinfo=UTC), "explicit offset wins"),
    ]


def test_a_byte_order_mark_is_accepted(
    engine: Engine, profile: ProfileRead, now: datetime, tmp_path: Path
) -> None:
    path = tmp_path / "drinks.csv"
    path.write_bytes(
        b"\xef\xbb\xbftaken_at,volume_ml,beverage,note\r\n2026-02-01T07:30,200,,caf\xc3\xa9\r\n"
    )
    text = read_text(path)
    assert text.startswith("taken_at,")
    import_csv(engine=engine, kind=EntryKind.HYDRATION, profile=profile, text=text, now=now)
    [drink] = crud.list_entries(engine=engine, kind=EntryKind.HYDRATION, profile_id=profile.id)
    assert (drink.volume_ml, drink.beverage, drink.note) == (200, "water", "café")  # type: ignore[attr-defined]


def test_a_file_that_is_not_utf8_is_rejected_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"taken_at,volume_ml,beverage,note\n2026-02-01T07:30,200,,caf\xe9\n")
    with pytest.raises(ImportRejected) as caught:
        read_text(path)
    assert [str(p) for p in caught.value.problems] == [
        "line 2: file: not UTF-8 text; save the file as CSV UTF-8"
    ]


def test_a_file_that_cannot_be_opened_is_an_error_of_the_one_hierarchy(tmp_path: Path) -> None:
    """``UnreadableFile`` lives in ``tracker.core.errors`` with every other error a person
    acts on."""
    missing = tmp_path / "missing.csv"
    for read in (read_text, lambda path: open_lines(path).__enter__()):
        with pytest.raises(UnreadableFile) as caught:
            read(missing)
        assert isinstance(caught.value, TrackerError)
        assert str(caught.value) == f"cannot read {missing}: No such file or directory"


def test_supplements_create_each_product_once_and_reuse_stored_ones(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    journal.add_product(
        engine=engine,
        profile_id=profile.id,
        values={"name": "Vit D", "kind": "supplement", "contents": {"vitamin_d": 25}},
        now=now,
    )
    text = (
        f"{','.join(COLUMNS[EntryKind.SUPPLEMENTS])}\n"
        "2026-02-01T08:00,Vit D,,,,,,1,stored product\n"
        "2026-02-01T08:00,Iron,supplement,,no,2026-01-15,iron=14,2,new product\n"
        "2026-02-02T08:00,Iron,,,,,,1,reused by name\n"
        "2026-02-02T09:00,Iron,supplement,,,,iron=14,1,same contents repeated\n"
    )
    assert (
        import_csv(engine=engine, kind=EntryKind.SUPPLEMENTS, profile=profile, text=text, now=now)
        == 4
    )
    products = crud.list_products(engine=engine, profile_id=profile.id)
    assert [(p.name, p.started_on, dict(p.contents)) for p in products] == [
        ("Iron", date(2026, 1, 15), {"iron": 14.0}),
        ("Vit D", None, {"vitamin_d": 25.0}),
    ]
    intakes = crud.list_entries(engine=engine, kind=EntryKind.SUPPLEMENTS, profile_id=profile.id)
    assert [(i.product_name, i.units) for i in intakes] == [  # type: ignore[attr-defined]
        ("Vit D", 1),
        ("Iron", 2),
        ("Iron", 1),
        ("Iron", 1),
    ]


def test_supplements_rows_that_contradict_a_product_are_rejected_with_no_product_created(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    text = (
        f"{','.join(COLUMNS[EntryKind.SUPPLEMENTS])}\n"
        "2026-02-01T08:00,Mag,supplement,,,,magnesium=200,1,\n"
        "2026-02-02T08:00,Mag,medicine,,,,magnesium=250,1,\n"
        "2026-02-02T08:00,,,,,,,1,\n"
        "2026-02-02T08:00,Pill,supplement,statin,,,magnesium200,1,\n"
        "2026-02-02T08:00,Zinc,,,,,zinc=10,30,\n"
    )
    with pytest.raises(ImportRejected) as caught:
        import_csv(engine=engine, kind=EntryKind.SUPPLEMENTS, profile=profile, text=text, now=now)
    assert [(p.line, p.column) for p in caught.value.problems] == [
        (3, "contents"),
        (3, "kind"),
        (4, "product"),
        (5, "contents"),
        (5, "medicine_class"),
        (6, "units"),
        (6, "kind"),
        (6, "contents"),
    ]
    assert "Mag already has contents magnesium=200" in caught.value.problems[0].reason
    assert crud.list_products(engine=engine, profile_id=profile.id) == []
    assert crud.count_entries(engine=engine, kind=EntryKind.SUPPLEMENTS, profile_id=profile.id) == 0


def test_contractions_may_not_overlap_each_other_or_stored_ones(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    journal.log_entry(
        engine=engine,
        kind=EntryKind.CONTRACTIONS,
        profile_id=profile.id,
        values={
            "started_at": at("2026-02-01T10:00:00+00:00"),
            "ended_at": at("2026-02-01T10:01:00+00:00"),
        },
        now=now,
    )
    text = (
        "started_at,ended_at,intensity,location,note\n"
        "2026-02-01T09:00:00+00:00,2026-02-01T09:01:00+00:00,,,ok\n"
        "2026-02-01T09:00:30+00:00,2026-02-01T09:01:30+00:00,,,overlaps line 2\n"
        "2026-02-01T10:00:30+00:00,2026-02-01T10:01:30+00:00,,,overlaps the stored one\n"
        "2026-02-01T11:00:00+00:00,,,,running\n"
        "2026-02-01T11:05:00+00:00,2026-02-01T11:06:00+00:00,,,after a running one\n"
        "2026-02-01T12:00:00+00:00,2026-02-01T11:59:00+00:00,,,ends before it starts\n"
    )
    with pytest.raises(ImportRejected) as caught:
        import_csv(engine=engine, kind=EntryKind.CONTRACTIONS, profile=profile, text=text, now=now)
    assert [str(p) for p in caught.value.problems] == [
        "line 3: started_at: it overlaps the contraction on line 2 (started 2026-02-01 09:00:00); "
        "change the times",
        "line 4: started_at: it would overlap the contraction that started at 10:00:00; "
        "change the times or edit that one",
        "line 6: started_at: it starts while the contraction on line 5 (started 2026-02-01 "
        "11:00:00) is still running; give that one an end time",
        "line 7: ended_at: the end must be after the start",
    ]
    assert (
        crud.count_entries(engine=engine, kind=EntryKind.CONTRACTIONS, profile_id=profile.id) == 1
    )


def test_an_empty_file_is_rejected(engine: Engine, profile: ProfileRead, now: datetime) -> None:
    with pytest.raises(ImportRejected) as caught:
        import_csv(engine=engine, kind=EntryKind.EVENTS, profile=profile, text="\n", now=now)
    assert str(caught.value.problems[0]) == (
        "line 1: header: the file is empty; expected occurred_at,kind,detail,note"
    )


def test_a_header_only_file_imports_nothing(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    text = "occurred_at,kind,detail,note\r\n"
    assert (
        import_csv(engine=engine, kind=EntryKind.EVENTS, profile=profile, text=text, now=now) == 0
    )


@pytest.mark.parametrize("kind", [EntryKind.SUPPLEMENTS, EntryKind.CONTRACTIONS])
def test_round_trip_on_every_backend(any_engine: Engine, now: datetime, kind: EntryKind) -> None:
    first = ensure_profile(engine=any_engine, name="first", now=now, timezone="Europe/London")
    seed_every_kind(any_engine, first.id, now)
    text = export_text(any_engine, kind, first)
    assert text == EXPECTED_EXPORTS[kind]
    fresh = ensure_profile(engine=any_engine, name="fresh", now=now, timezone="Europe/London")
    import_csv(engine=any_engine, kind=kind, profile=fresh, text=text, now=now)
    assert export_text(any_engine, kind, fresh) == text


# --- quotes: a stray quote is refused at the line where it opened -----------------------------

DRINKS_HEADER = ",".join(COLUMNS[EntryKind.HYDRATION])


def drinks(*notes: str, end: str = "\n") -> str:
    """A drinks file with one row per note (note last), at 08:00, 09:00, …"""
    rows = [f"2026-02-01T{8 + i:02d}:00:00+00:00,250,water,{note}" for i, note in enumerate(notes)]
    return end.join([DRINKS_HEADER, *rows]) + end


NEVER_CLOSED = "a quote opens a cell on this line and is never closed"
ENDS_EARLY = "the quoted cell that opens on this line ends on line"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        # The file: row 2 opens a quote, rows 3-5 would be stored inside its note.
        (drinks('"oops', "fine", "fine", "fine"), 2, NEVER_CLOSED),
        (drinks('"oops', "fine", "fine", "fine", end="\r\n"), 2, NEVER_CLOSED),
        (drinks('"oops', "fine", "fine", "fine").rstrip("\n"), 2, NEVER_CLOSED),
        # In the middle, closed by chance by a later quoted cell: wrong at line 4, opened at 2.
        (
            drinks('"oops', "fine", '"quoted"', "fine"),
            2,
            f"{ENDS_EARLY} 4 with a quote followed by 'q'",
        ),
        # In a cell that is not the last one.
        ('taken_at,volume_ml,beverage,note\n"2026-02-01T08:00,250,water,a\n', 2, NEVER_CLOSED),
        # At the last row, with and without a final newline.
        (drinks("fine", "fine", '"oops'), 4, NEVER_CLOSED),
        (drinks("fine", "fine", '"oops').rstrip("\n"), 4, NEVER_CLOSED),
        # After a good multi-line note, the stray quote's own line is named.
        (drinks('"two\nlines"', '"oops', "fine"), 4, NEVER_CLOSED),
        # An escaped quote does not close the cell; a quote followed by text is wrong at once.
        (drinks('"ends with ""', "fine"), 2, NEVER_CLOSED),
        (drinks('"say ""hi"" "then', "fine"), 2, f"{ENDS_EARLY} 2 with a quote followed by 't'"),
        (drinks('"closed" then', "fine"), 2, f"{ENDS_EARLY} 2 with a quote followed by ' '"),
    ],
)
def test_a_stray_quote_is_refused_at_its_line_and_nothing_is_written(
    engine: Engine, profile: ProfileRead, now: datetime, text: str, line: int, words: str
) -> None:
    with pytest.raises(ImportRejected) as caught:
        import_csv(engine=engine, kind=EntryKind.HYDRATION, profile=profile, text=text, now=now)
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (line, "file")
    assert words in problem.reason
    assert 'write a quote inside a cell as two ("")' in problem.reason
    assert crud.count_entries(engine=engine, kind=EntryKind.HYDRATION, profile_id=profile.id) == 0


@pytest.mark.parametrize(
    ("cell", "note"),
    [
        ('"a note\nover two lines"', "a note\nover two lines"),
        (
            '"three\r\nlines, with a comma\r\nand ""quotes"""',
            'three\r\nlines, with a comma\r\nand "quotes"',
        ),
        ('"""quoted"""', '"quoted"'),
        ('""', ""),
        ('5" tall', '5" tall'),  # a quote inside a cell that does not start with one
        (
            '"2026-02-01T09:00:00+00:00,250,water,looks like a row"',
            "2026-02-01T09:00:00+00:00,250,water,looks like a row",
        ),
    ],
)
def test_quoted_cells_closed_properly_are_kept_even_over_several_lines(
    engine: Engine, profile: ProfileRead, now: datetime, cell: str, note: str
) -> None:
    text = drinks("first", cell, "last")
    assert (
        import_csv(engine=engine, kind=EntryKind.HYDRATION, profile=profile, text=text, now=now)
        == 3
    )
    stored = crud.list_entries(engine=engine, kind=EntryKind.HYDRATION, profile_id=profile.id)
    assert [d.note for d in stored] == ["first", note, "last"]


def test_csv_records_give_the_line_each_record_starts_on() -> None:
    text = 'a,b\n1,"x\ny\nz"\n\n2,w\r\n3,"v"'
    assert list(csv_records(text)) == [
        (1, ["a", "b"]),
        (2, ["1", "x\ny\nz"]),
        (6, ["2", "w"]),
        (7, ["3", "v"]),
    ]


def test_a_stray_quote_in_a_contraction_timer_file_is_refused_at_its_line(now: datetime) -> None:
    text = (
        '"1772350000000","x","1772350060000","x","first"\n'
        '"1772350300000","x","1772350360000","x","oops\n'
        '"1772350600000","x","1772350660000","x",""\n'
    )
    with pytest.raises(ImportRejected) as caught:
        contraction_timer_app.parse(text, now=now)
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (2, "file")


# --- control characters: refused the same way on SQLite and PostgreSQL --------------------------

ONE_ROW = {
    EntryKind.CRAMPS: "2026-02-01T10:00:00+00:00,5,calf,left,7,cramp,,,,,{}",
    EntryKind.HYDRATION: "2026-02-01T10:00:00+00:00,250,water,{}",
    EntryKind.SUPPLEMENTS: "2026-02-01T10:00:00+00:00,Mag,supplement,,,,magnesium=200,1,{}",
    EntryKind.CONTRACTIONS: "2026-02-01T10:00:00+00:00,2026-02-01T10:01:00+00:00,,,{}",
    EntryKind.EVENTS: "2026-02-01T10:00:00+00:00,mucus_plug,,{}",
}
"""One good row of each kind, the note (last column) left to fill in."""
TIMER_ROW = '"1769940000000","x","1769940060000","x",{}'
KINDS_WITH_TIMER = [*EntryKind, "contractiontimer"]


def import_one_note(
    engine: Engine, profile: ProfileRead, kind: Any, note: str, now: datetime
) -> None:
    cell = '"' + note.replace('"', '""') + '"'
    if kind == "contractiontimer":
        text = f"Start,x,End,x,Note\n{TIMER_ROW.format(cell)}\n"
        contraction_timer_app.import_file(engine=engine, profile=profile, text=text, now=now)
    else:
        text = f"{','.join(COLUMNS[kind])}\n{ONE_ROW[kind].format(cell)}\n"
        import_csv(engine=engine, kind=kind, profile=profile, text=text, now=now)


def stored_notes(engine: Engine, profile: ProfileRead, kind: Any) -> list[str]:
    kind = EntryKind.CONTRACTIONS if kind == "contractiontimer" else kind
    return [e.note for e in crud.list_entries(engine=engine, kind=kind, profile_id=profile.id)]


@pytest.mark.parametrize("kind", KINDS_WITH_TIMER)
def test_a_nul_in_a_note_is_refused_on_every_backend(
    any_engine: Engine, now: datetime, kind: Any
) -> None:
    profile = ensure_profile(engine=any_engine, now=now, timezone="Europe/London")
    with pytest.raises(ImportRejected) as caught:
        import_one_note(any_engine, profile, kind, "a\x00b", now)
    column = "Note" if kind == "contractiontimer" else "note"
    assert [str(p) for p in caught.value.problems] == [
        f"line 2: {column}: contains the control character U+0000 (position 2); remove it"
    ]
    assert stored_notes(any_engine, profile, kind) == []
    assert crud.list_products(engine=any_engine, profile_id=profile.id) == []


@pytest.mark.parametrize("kind", KINDS_WITH_TIMER)
def test_tabs_line_breaks_quotes_and_emoji_in_a_note_are_stored_exactly_on_every_backend(
    any_engine: Engine, now: datetime, kind: Any
) -> None:
    profile = ensure_profile(engine=any_engine, now=now, timezone="Europe/London")
    note = 'tab\there, "quoted"\r\nnext line, 😀 \u2028 é'
    import_one_note(any_engine, profile, kind, note, now)
    assert stored_notes(any_engine, profile, kind) == [note]


# --- large files: read and inserted a batch at a time, still all or nothing -------------------


def many_rows(kind: EntryKind, count: int, bad: Mapping[int, str] | None = None) -> str:
    """A file of ``count`` good rows of drinks or supplements, a minute apart in January 2025
    (row ``i``, from 1, is on line ``i + 1``); a row in ``bad`` has that amount instead (a volume
    or a number of units), and every supplements row names one product, made by the import."""
    rows = [",".join(COLUMNS[kind])]
    for i in range(1, count + 1):
        when = (datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=i)).isoformat()
        amount = (bad or {}).get(i, "250" if kind == EntryKind.HYDRATION else "1")
        if kind == EntryKind.HYDRATION:
            rows.append(f"{when},{amount},water,row {i}")
        else:
            rows.append(f"{when},Iron,supplement,,no,,iron=14,{amount},row {i}")
    return "\r\n".join(rows) + "\r\n"


AMOUNT_COLUMN = {EntryKind.HYDRATION: "volume_ml", EntryKind.SUPPLEMENTS: "units"}


@pytest.mark.parametrize("kind", [EntryKind.HYDRATION, EntryKind.SUPPLEMENTS])
def test_a_bad_row_after_several_full_batches_writes_nothing_and_later_problems_are_listed(
    any_engine: Engine, now: datetime, kind: EntryKind
) -> None:
    profile = ensure_profile(engine=any_engine, now=now, timezone="Europe/London")
    assert 2 * bulk.INSERT_BATCH_ROWS < 2_500  # two full batches are sent before row 2,500
    text = many_rows(kind, 3_000, bad={2_500: "0", 2_900: "lots"})
    with pytest.raises(ImportRejected) as caught:
        import_csv(engine=any_engine, kind=kind, profile=profile, text=text, now=now)
    column = AMOUNT_COLUMN[kind]
    assert [(p.line, p.column) for p in caught.value.problems] == [
        (2_501, column),
        (2_901, column),
    ]
    assert "valid number" in caught.value.problems[1].reason
    assert caught.value.more == 0
    assert crud.count_entries(engine=any_engine, kind=kind, profile_id=profile.id) == 0
    assert crud.list_products(engine=any_engine, profile_id=profile.id) == []


@pytest.mark.parametrize("kind", [EntryKind.HYDRATION, EntryKind.SUPPLEMENTS])
def test_a_file_of_several_batches_imports_whole_and_exports_identically(
    any_engine: Engine, now: datetime, kind: EntryKind
) -> None:
    first = ensure_profile(engine=any_engine, name="first", now=now, timezone="Europe/London")
    count = 2 * bulk.INSERT_BATCH_ROWS + 1
    text = many_rows(kind, count)
    assert import_csv(engine=any_engine, kind=kind, profile=first, text=text, now=now) == count
    exported = export_text(any_engine, kind, first)
    assert exported.count("\r\n") == count + 1
    fresh = ensure_profile(engine=any_engine, name="fresh", now=now, timezone="Europe/London")
    import_csv(engine=any_engine, kind=kind, profile=fresh, text=exported, now=now)
    assert export_text(any_engine, kind, fresh) == exported
    assert [p.name for p in crud.list_products(engine=any_engine, profile_id=fresh.id)] == (
        ["Iron"] if kind == EntryKind.SUPPLEMENTS else []
    )


def test_only_the_first_problems_are_listed_and_the_others_counted(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    text = many_rows(EntryKind.HYDRATION, 400, bad={i: "0" for i in range(1, 301, 2)})
    text += "2026-01-01T00:00:00+00:00,250,wine,last\r\n"  # another column, the last line
    with pytest.raises(ImportRejected) as caught:
        import_csv(engine=engine, kind=EntryKind.HYDRATION, profile=profile, text=text, now=now)
    listed = caught.value.problems
    assert len(listed) == MAX_LISTED_PROBLEMS == 100
    assert [p.line for p in listed] == list(range(2, 2 * MAX_LISTED_PROBLEMS + 1, 2))
    assert caught.value.more == 150 + 1 - MAX_LISTED_PROBLEMS
    assert str(caught.value).startswith("151 problems found, nothing imported: line 2: volume_ml")
    assert crud.count_entries(engine=engine, kind=EntryKind.HYDRATION, profile_id=profile.id) == 0


def test_the_command_line_lists_the_first_problems_and_says_how_many_more(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "drinks.csv"
    path.write_text(many_rows(EntryKind.HYDRATION, 300, bad={i: "0" for i in range(1, 251)}))
    assert main(["--db", sqlite_url, "import", "hydration", str(path)]) == 2
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == MAX_LISTED_PROBLEMS + 2
    assert errors[0].startswith("line 2: volume_ml: ")
    assert errors[-2:] == [
        "and 150 more problems",
        "error: 250 problem(s) found; nothing was imported",
    ]


def test_a_bad_byte_late_in_a_file_read_as_it_is_imported_names_its_line_and_writes_nothing(
    engine: Engine, profile: ProfileRead, now: datetime, tmp_path: Path
) -> None:
    lines = many_rows(EntryKind.HYDRATION, 3_000).encode().split(b"\r\n")
    lines[2_799] = lines[2_799].replace(b"row", b"caf\xe9")  # line 2,800
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"\r\n".join(lines))
    with pytest.raises(ImportRejected) as caught, open_lines(path) as rows:
        import_csv(engine=engine, kind=EntryKind.HYDRATION, profile=profile, text=rows, now=now)
    assert [str(p) for p in caught.value.problems] == [
        "line 2800: file: not UTF-8 text; save the file as CSV UTF-8"
    ]
    assert crud.count_entries(engine=engine, kind=EntryKind.HYDRATION, profile_id=profile.id) == 0


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_a_file_read_as_it_is_imported_gives_what_its_whole_text_gives(
    engine: Engine, now: datetime, tmp_path: Path, newline: str, bom: bytes
) -> None:
    """Line numbers over multi-line notes, line ends and the byte-order mark are the same
    whether ``import_csv`` is given the file's text or its lines as they are read."""
    text = newline.join(
        [
            CRAMP_HEADER,
            '2026-02-01T10:00,5,calf,left,7,cramp,,,,,"a note\nover two lines"',
            "yesterday,5,elbow,left,11,cramp,,,,,",
            "2026-02-01T13:00,5,calf,left",
            "",
            "2026-02-01T14:00,5,calf,left,7,cramp,,,,,=x",
        ]
    )
    path = tmp_path / "cramps.csv"
    path.write_bytes(bom + text.encode())

    def problems(profile: ProfileRead, source: Any) -> list[str]:
        with pytest.raises(ImportRejected) as caught:
            import_csv(engine=engine, kind=EntryKind.CRAMPS, profile=profile, text=source, now=now)
        return [str(p) for p in caught.value.problems]

    whole = ensure_profile(engine=engine, name="whole", now=now, timezone="UTC")
    read = ensure_profile(engine=engine, name="read", now=now, timezone="UTC")
    expected = problems(whole, read_text(path))
    assert [p.split(":")[0] for p in expected] == ["line 4", "line 4", "line 4", "line 5"]
    with open_lines(path) as lines:
        assert problems(read, lines) == expected


def test_a_contractions_file_of_more_rows_than_any_labour_is_refused_at_the_first_too_many(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    """Contractions are all held until checked for overlaps, so their number is capped."""
    start = datetime(2025, 1, 1, tzinfo=UTC)
    rows = [",".join(COLUMNS[EntryKind.CONTRACTIONS])]
    for i in range(MAX_TIMER_IMPORT_ROWS + 2):
        began = start + timedelta(minutes=5 * i)
        rows.append(f"{began.isoformat()},{(began + timedelta(seconds=50)).isoformat()},,,")
    text = "\n".join(rows) + "\n"
    with pytest.raises(ImportRejected) as caught:
        import_csv(engine=engine, kind=EntryKind.CONTRACTIONS, profile=profile, text=text, now=now)
    assert [str(p) for p in caught.value.problems] == [
        f"line {MAX_TIMER_IMPORT_ROWS + 2}: file: "
        f"more than {MAX_TIMER_IMPORT_ROWS:,} contractions; no labour has that many: "
        "import only this labour's contractions or split the file"
    ]
    assert (
        crud.count_entries(engine=engine, kind=EntryKind.CONTRACTIONS, profile_id=profile.id) == 0
    )
    exactly = "\n".join(rows[: MAX_TIMER_IMPORT_ROWS + 1]) + "\n"
    assert (
        import_csv(
            engine=engine, kind=EntryKind.CONTRACTIONS, profile=profile, text=exactly, now=now
        )
        == MAX_TIMER_IMPORT_ROWS
    )
