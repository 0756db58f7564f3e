"""Validation of every entry against the ranges and codes of vocabulary.md.

Entries are built the way pages and the command line build them, through
``tracker.entries.journal.validate``, so a failure is the ``InvalidEntry`` a person would see.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from db import crud
from db.tables import HydrationEntry
from tracker.core.errors import InvalidEntry
from tracker.core.kinds import EntryKind
from tracker.core.models import (
    ContractionCreate,
    CrampCreate,
    DrinkCreate,
    EventCreate,
    IntakeCreate,
    ProductCreate,
    ProfileCreate,
)
from tracker.core.thresholds import EARLIEST_ENTRY
from tracker.core.vocabulary import (
    EventKind,
    HistoryItem,
    Ingredient,
    MedicineClass,
    Region,
    Relief,
    Symptom,
    Trigger,
)
from tracker.entries import journal
from tracker.entries.journal import check_not_future, validate
from tracker.entries.profile import ensure_profile
from tracker.files.csvio import export_csv

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
NAN, INF = float("nan"), float("inf")

CRAMP = {"started_at": T0, "region": "calf", "side": "left", "intensity": 5, "quality": "cramp"}
DRINK = {"taken_at": T0, "volume_ml": 250}
INTAKE = {"taken_at": T0, "product_id": 1, "units": 1}
PRODUCT = {"name": "Magnesium citrate", "kind": "supplement", "contents": {"magnesium": 150}}
CONTRACTION = {"started_at": T0, "ended_at": T0 + timedelta(seconds=60)}
EVENT = {"occurred_at": T0, "kind": "waters_broke", "detail": "clear"}

MODELS: dict[str, tuple[type[SQLModel], dict[str, Any]]] = {
    "cramp": (CrampCreate, CRAMP),
    "drink": (DrinkCreate, DRINK),
    "intake": (IntakeCreate, INTAKE),
    "product": (ProductCreate, PRODUCT),
    "contraction": (ContractionCreate, CONTRACTION),
    "event": (EventCreate, EVENT),
    "profile": (ProfileCreate, {}),
}


def refused(model: type[SQLModel], values: dict[str, Any]) -> InvalidEntry:
    with pytest.raises(InvalidEntry) as caught:
        validate(model, values)
    return caught.value


# --- numeric ranges: the last good value and the first bad one on each side -----------------

RANGES: list[tuple[str, str, list[Any], list[Any], str]] = [
    # (entity, field, accepted values, refused values, label the person sees)
    ("cramp", "intensity", [0, 10], [-1, 11], "Intensity"),
    ("cramp", "duration_min", [0.5, 1440, None], [0, -1, 1440.01, NAN, INF], "Duration (minutes)"),
    ("drink", "volume_ml", [0.1, 3000], [0, -5, 3000.5, NAN, INF], "Amount"),
    ("intake", "units", [0.5, 20], [0, -1, 20.01, NAN, INF], "Units taken"),
    ("profile", "births_before", [0, 30], [-1], "Births before"),
    ("profile", "hydration_goal_ml", [500, 6000, None], [499, 6001], "Daily drinks goal"),
    ("profile", "birth_year", [1900, 2000, None], [1899, 2101], "Birth year"),
]


@pytest.mark.parametrize(
    ("entity", "field", "value"),
    [(e, f, v) for e, f, good, _bad, _label in RANGES for v in good],
)
def test_values_inside_the_range_are_kept(entity: str, field: str, value: Any) -> None:
    model, base = MODELS[entity]
    entry = validate(model, base | {field: value})
    assert getattr(entry, field) == value


@pytest.mark.parametrize(
    ("entity", "field", "value", "label"),
    [(e, f, v, label) for e, f, _good, bad, label in RANGES for v in bad],
)
def test_values_outside_the_range_are_refused_naming_the_field(
    entity: str, field: str, value: Any, label: str
) -> None:
    model, base = MODELS[entity]
    err = refused(model, base | {field: value})
    assert [p.field for p in err.problems] == [label]
    assert str(err).startswith(f"{label}: ")


@pytest.mark.parametrize("intensity", [5.5, "strong", None])
def test_cramp_intensity_must_be_a_whole_number(intensity: Any) -> None:
    err = refused(CrampCreate, CRAMP | {"intensity": intensity})
    assert err.problems[0].field == "Intensity"


@pytest.mark.parametrize("entity", ["cramp", "drink", "intake", "contraction", "event"])
@pytest.mark.parametrize(("length", "ok"), [(0, True), (2000, True), (2001, False)])
def test_note_is_at_most_2000_characters(entity: str, length: int, ok: bool) -> None:
    model, base = MODELS[entity]
    values = base | {"note": "n" * length}
    if ok:
        entry: Any = validate(model, values)
        assert len(entry.note) == length
    else:
        assert refused(model, values).problems[0].field == "Note"


def test_note_is_trimmed_before_its_length_is_checked() -> None:
    entry = validate(CrampCreate, CRAMP | {"note": "  " + "n" * 2000 + "\n"})
    assert entry.note == "n" * 2000


def test_a_missing_note_becomes_empty_text() -> None:
    assert validate(DrinkCreate, DRINK | {"note": None}).note == ""


# --- codes ------------------------------------------------------------------------------------

UNKNOWN_CODES = [
    ("cramp", "region", "toe", "Where"),
    ("cramp", "side", "up", "Side"),
    ("cramp", "quality", "itchy", "What it felt like"),
    ("cramp", "eased_by_rest", "maybe", "eased by rest"),
    ("drink", "beverage", "beer", "beverage"),
    ("product", "kind", "vitamin", "kind"),
    ("contraction", "intensity", "agony", "Intensity"),
    ("contraction", "location", "side", "location"),
    ("event", "kind", "hiccups", "kind"),
    ("profile", "sex", "unknown", "sex"),
]


@pytest.mark.parametrize(("entity", "field", "code", "label"), UNKNOWN_CODES)
def test_unknown_codes_are_refused(entity: str, field: str, code: str, label: str) -> None:
    model, base = MODELS[entity]
    err = refused(model, base | {field: code})
    assert err.problems[0].field == label


def test_unknown_display_units_are_refused_listing_the_choices() -> None:
    err = refused(ProfileCreate, {"units": "imperial"})
    assert len(err.problems) == 1
    assert "'metric' or 'us'" in str(err)


@pytest.mark.parametrize("region", [r.value for r in Region])
def test_every_region_of_the_vocabulary_is_accepted(region: str) -> None:
    assert validate(CrampCreate, CRAMP | {"region": region}).region == region


@pytest.mark.parametrize(
    ("field", "codes"),
    [
        ("triggers", Trigger.codes()),
        ("symptoms", Symptom.codes()),
        ("relief", Relief.codes()),
    ],
)
def test_code_sets_accept_every_code_and_drop_repeats(field: str, codes: list[str]) -> None:
    entry = validate(CrampCreate, CRAMP | {field: [*codes, codes[0]]})
    assert getattr(entry, field) == set(codes)


@pytest.mark.parametrize(
    ("field", "codes"),
    [
        ("triggers", ["exercise", "dancing"]),
        ("symptoms", ["fever", "headache"]),
        ("relief", ["Rest"]),
    ],
)
def test_a_set_with_one_unknown_code_is_refused_naming_the_set(
    field: str, codes: list[str]
) -> None:
    err = refused(CrampCreate, CRAMP | {field: codes})
    assert [p.field for p in err.problems] == [field]
    assert str(err).startswith(f"{field}: ")


def test_profile_history_is_a_set_of_known_codes() -> None:
    profile = validate(ProfileCreate, {"history": ["cancer", "osteoporosis", "cancer"]})
    assert profile.history == {HistoryItem.CANCER, HistoryItem.OSTEOPOROSIS}
    assert refused(ProfileCreate, {"history": ["gout"]}).problems[0].field == "history"


@pytest.mark.parametrize("blank", ["", "   ", None])
def test_blank_optional_codes_mean_not_given(blank: Any) -> None:
    assert validate(ProfileCreate, {"sex": blank}).sex is None
    assert validate(ContractionCreate, CONTRACTION | {"intensity": blank}).intensity is None


def test_several_problems_are_all_reported() -> None:
    err = refused(CrampCreate, CRAMP | {"intensity": 12, "region": "toe", "note": "x" * 2001})
    assert {p.field for p in err.problems} == {"Intensity", "Where", "Note"}


# --- pregnancy events: the detail must fit the kind ------------------------------------------

DETAILS_OK = [
    ("waters_broke", "clear"),
    ("waters_broke", "green_brown"),
    ("waters_broke", "unsure"),
    ("waters_broke", None),
    ("bleeding", "spotting"),
    ("bleeding", "soaked_pad_in_hour"),
    ("reduced_movement", None),
    ("no_movement", ""),
    ("cord_felt", None),
]


@pytest.mark.parametrize(("kind", "detail"), DETAILS_OK)
def test_event_detail_that_fits_its_kind_is_kept(kind: str, detail: str | None) -> None:
    event = validate(EventCreate, {"occurred_at": T0, "kind": kind, "detail": detail})
    assert event.kind == kind
    assert event.detail == (detail or None)


@pytest.mark.parametrize(
    ("kind", "detail", "words"),
    [
        ("waters_broke", "heavy", "clear, green_brown, bloody, smelly, unsure"),
        ("bleeding", "green_brown", "spotting, light, heavy, soaked_pad_in_hour"),
        ("reduced_movement", "clear", "takes no detail"),
        ("seizure", "heavy", "takes no detail"),
    ],
)
def test_event_detail_that_does_not_fit_is_refused(kind: str, detail: str, words: str) -> None:
    err = refused(EventCreate, {"occurred_at": T0, "kind": kind, "detail": detail})
    assert err.problems[0].field == "Detail"
    assert words in str(err)
    assert EventKind(kind).label in str(err)


# --- products ---------------------------------------------------------------------------------


@pytest.mark.parametrize("medicine_class", ["diuretic", "statin", "other", None])
def test_medicines_may_have_a_class(medicine_class: str | None) -> None:
    product = validate(
        ProductCreate, {"name": "Pill", "kind": "medicine", "medicine_class": medicine_class}
    )
    assert product.medicine_class == (MedicineClass(medicine_class) if medicine_class else None)


@pytest.mark.parametrize("medicine_class", ["diuretic", "statin", "other"])
def test_a_supplement_with_a_medicine_class_is_refused(medicine_class: str) -> None:
    err = refused(ProductCreate, PRODUCT | {"medicine_class": medicine_class})
    assert err.problems[0].field == "Medicine class"
    assert "only for medicines" in str(err)


def test_unknown_medicine_class_is_refused() -> None:
    err = refused(ProductCreate, {"name": "Pill", "kind": "medicine", "medicine_class": "opioid"})
    assert err.problems[0].field == "Medicine class"


@pytest.mark.parametrize(
    ("contents", "field"),
    [
        ({"magnesium": 0}, "Contents"),
        ({"iron": -14}, "Contents"),
        ({"unobtainium": 5}, "Contents"),
    ],
)
def test_product_contents_need_known_ingredients_and_positive_amounts(
    contents: dict[str, float], field: str
) -> None:
    err = refused(ProductCreate, PRODUCT | {"contents": contents})
    assert [p.field for p in err.problems] == [field]


def test_product_contents_keep_every_ingredient() -> None:
    contents = {i.value: n + 1.5 for n, i in enumerate(Ingredient)}
    product = validate(ProductCreate, PRODUCT | {"contents": contents})
    assert product.contents == {Ingredient(k): v for k, v in contents.items()}


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_product_name_must_be_given_and_short(name: str) -> None:
    assert refused(ProductCreate, PRODUCT | {"name": name}).problems[0].field == "Name"


def test_product_name_is_trimmed() -> None:
    assert validate(ProductCreate, PRODUCT | {"name": "  Mag  "}).name == "Mag"


# --- contractions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "length",
    [timedelta(seconds=1), timedelta(seconds=75), timedelta(minutes=10)],
)
def test_contraction_of_up_to_ten_minutes_is_kept(length: timedelta) -> None:
    entry = validate(ContractionCreate, {"started_at": T0, "ended_at": T0 + length})
    assert entry.duration_s == length.total_seconds()


def test_running_contraction_has_no_end_and_no_duration() -> None:
    entry = validate(ContractionCreate, {"started_at": T0})
    assert entry.ended_at is None
    assert entry.duration_s is None


@pytest.mark.parametrize(
    ("length", "words"),
    [
        (timedelta(0), "the end must be after the start"),
        (timedelta(seconds=-30), "the end must be after the start"),
        (timedelta(minutes=10, seconds=1), "forgotten stop"),
        (timedelta(hours=2), "a contraction of 120 minutes is longer than 10"),
    ],
)
def test_contraction_end_must_follow_start_within_ten_minutes(
    length: timedelta, words: str
) -> None:
    err = refused(ContractionCreate, {"started_at": T0, "ended_at": T0 + length})
    assert err.problems[0].field == "End time"
    assert words in str(err)


# --- timestamps -------------------------------------------------------------------------------

TIME_FIELDS = [
    ("cramp", "started_at", "Start time"),
    ("drink", "taken_at", "Time"),
    ("intake", "taken_at", "Time"),
    ("contraction", "started_at", "Start time"),
    ("contraction", "ended_at", "End time"),
    ("event", "occurred_at", "Time"),
]


@pytest.mark.parametrize(("entity", "field", "label"), TIME_FIELDS)
@pytest.mark.parametrize(
    "naive", [datetime(2026, 3, 1, 9, 0, 30), "2026-03-01T09:00:30", "2026-03-01 09:00:30"]
)
def test_naive_timestamps_are_refused(entity: str, field: str, label: str, naive: Any) -> None:
    model, base = MODELS[entity]
    err = refused(model, base | {field: naive})
    assert err.problems[0].field == label
    assert "time zone" in str(err)


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 3, 1, 10, 0, 0, 250, tzinfo=ZoneInfo("Europe/Berlin")),
        datetime(2026, 3, 1, 4, 0, 0, 250, tzinfo=timezone(timedelta(hours=-5))),
        "2026-03-01T09:00:00.000250Z",
        "2026-03-01T14:30:00.000250+05:30",
    ],
)
def test_aware_timestamps_are_stored_as_the_same_instant_in_utc(moment: Any) -> None:
    entry = validate(CrampCreate, CRAMP | {"started_at": moment})
    assert entry.started_at == datetime(2026, 3, 1, 9, 0, 0, 250, tzinfo=UTC)
    assert entry.started_at.tzinfo is UTC


# --- profile ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "parts",
    [
        {"labour_interval_min": 5},
        {"labour_duration_s": 60},
        {"labour_sustained_min": 60},
        {"labour_interval_min": 5, "labour_duration_s": 60},
        {"labour_duration_s": 60, "labour_sustained_min": 60},
    ],
)
def test_labour_rule_is_all_three_numbers_or_none(parts: dict[str, int]) -> None:
    err = refused(ProfileCreate, parts)
    assert "labour rule needs all three numbers" in str(err)


def test_complete_labour_rule_is_kept() -> None:
    profile = validate(
        ProfileCreate,
        {"labour_interval_min": 4, "labour_duration_s": 45, "labour_sustained_min": 90},
    )
    assert (profile.labour_interval_min, profile.labour_duration_s) == (4, 45)
    assert profile.labour_sustained_min == 90


def test_labour_rule_span_must_be_longer_than_interval() -> None:
    err = refused(
        ProfileCreate,
        {"labour_interval_min": 20, "labour_duration_s": 60, "labour_sustained_min": 20},
    )
    assert "span must be longer than its interval" in str(err)


@pytest.mark.parametrize(
    "zone", ["Europe/Londn", "Mars/Olympus", "GMT+1", "", "europe/london", "localtime", "Factory"]
)
def test_unknown_time_zone_is_refused(zone: str) -> None:
    err = refused(ProfileCreate, {"timezone": zone})
    assert err.problems[0].field == "Time zone"
    assert "IANA name" in str(err)


@pytest.mark.parametrize("zone", ["UTC", "Europe/London", "America/Los_Angeles", "Asia/Kolkata"])
def test_known_time_zones_are_kept(zone: str) -> None:
    assert validate(ProfileCreate, {"timezone": zone}).timezone == zone


def test_due_date_is_a_date() -> None:
    assert validate(ProfileCreate, {"due_date": "2026-05-01"}).due_date == date(2026, 5, 1)
    assert refused(ProfileCreate, {"due_date": "soon"}).problems[0].field == "due date"


# --- far times: refused with a reason, never an OverflowError ----------------------------------

FAR_TIMES = [
    # The four far dates of issue 7, as files give them (text) and as code gives them (aware).
    ("9999-12-31T23:59:59-05:00", "in the future"),
    (datetime(9999, 12, 31, 23, 59, 59, tzinfo=ZoneInfo("America/New_York")), "in the future"),
    ("0001-01-01T00:00:00+05:00", "before 1900-01-01"),
    ("0001-01-01T00:00:00+00:00", "before 1900-01-01"),
    (datetime(1899, 12, 31, 23, 59, 59, tzinfo=UTC), "before 1900-01-01"),
]


@pytest.mark.parametrize(("entity", "field", "label"), TIME_FIELDS)
@pytest.mark.parametrize(("moment", "words"), FAR_TIMES)
def test_far_times_are_refused_naming_the_field(
    entity: str, field: str, label: str, moment: Any, words: str
) -> None:
    model, base = MODELS[entity]
    values = base | {field: moment}
    if field == "ended_at":
        values["started_at"] = T0
    err = refused(model, values)
    assert [p.field for p in err.problems] == [label]
    assert words in str(err)


def test_the_earliest_time_is_kept() -> None:
    entry = validate(DrinkCreate, DRINK | {"taken_at": "1900-01-01T00:00:00Z"})
    assert entry.taken_at == EARLIEST_ENTRY


@pytest.mark.parametrize("tz_name", ["Asia/Tokyo", "America/New_York", None])
def test_a_time_in_the_year_9999_is_in_the_future_in_every_zone(tz_name: str | None) -> None:
    entry = validate(DrinkCreate, DRINK | {"taken_at": "9999-12-31T23:59:59Z"})
    with pytest.raises(InvalidEntry, match="is in the future; entries can be at most 5 minutes"):
        check_not_future(entry, T0, tz_name)


# --- text: control characters refused, the same way on every backend ----------------------------

NOTES = [
    (name, model, base) for name, (model, base) in MODELS.items() if "note" in model.model_fields
]
TEXT_FIELDS = [
    *((name, "note", "Note") for name, _, _ in NOTES),
    ("product", "name", "Name"),
    ("profile", "name", "Profile name"),
    ("profile", "display_name", "Name"),
    ("event", "detail", "Detail"),
]
CONTROLS = [
    ("\x00", "U+0000"),
    ("\x07", "U+0007"),
    ("\x0b", "U+000B"),
    ("\x1f", "U+001F"),
    ("\x7f", "U+007F"),
    ("\x85", "U+0085"),
    ("\x9f", "U+009F"),
]


@pytest.mark.parametrize(("entity", "field", "label"), TEXT_FIELDS)
@pytest.mark.parametrize(("char", "code"), CONTROLS)
def test_control_characters_are_refused_naming_the_character_and_its_position(
    entity: str, field: str, label: str, char: str, code: str
) -> None:
    model, base = MODELS[entity]
    err = refused(model, base | {field: f"ab{char}c"})
    assert [str(p) for p in err.problems] == [
        f"{label}: contains the control character {code} (position 3); remove it"
    ]


@pytest.mark.parametrize(("entity", "field", "label"), TEXT_FIELDS)
def test_a_lone_surrogate_is_refused(entity: str, field: str, label: str) -> None:
    model, base = MODELS[entity]
    err = refused(model, base | {field: "\ud83dx"})
    assert str(err) == (
        f"{label}: contains U+D83D, half of a character that cannot be stored (position 1); "
        "remove it"
    )


def test_a_control_character_is_refused_even_at_the_ends_where_spaces_are_trimmed() -> None:
    err = refused(DrinkCreate, DRINK | {"note": " \x1cnote"})  # str.strip() would drop U+001C
    assert str(err) == "Note: contains the control character U+001C (position 2); remove it"


@pytest.mark.parametrize("entity", [name for name, _, _ in NOTES])
def test_notes_keep_tabs_line_breaks_and_any_printable_character(entity: str) -> None:
    model, base = MODELS[entity]
    note = "line one\twith a tab\r\nline two\nline three: é ß 😀 \u200b \u2028 ok"
    assert validate(model, base | {"note": note}).note == note  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("entity", "field", "label"), [f for f in TEXT_FIELDS if f[1] in ("name", "display_name")]
)
@pytest.mark.parametrize("line_break", ["\n", "\r", "\r\n", "\u2028"])
def test_names_are_one_line(entity: str, field: str, label: str, line_break: str) -> None:
    model, base = MODELS[entity]
    err = refused(model, base | {field: f"Mag{line_break}nesium"})
    assert (
        str(err) == f"{label}: must be one line; it contains a line break (position 4); remove it"
    )


@pytest.mark.parametrize(
    ("due", "ok"),
    [
        (date(1900, 1, 1), True),
        (date(2100, 12, 31), True),
        (date(1, 1, 1), False),
        (date(1899, 12, 31), False),
        (date(2101, 1, 1), False),
        (date(9999, 12, 31), False),
    ],
)
def test_due_date_is_between_1900_and_2100(due: date, ok: bool) -> None:
    if ok:
        assert validate(ProfileCreate, {"due_date": due}).due_date == due
    else:
        err = refused(ProfileCreate, {"due_date": due})
        assert str(err) == f"due date: {due.isoformat()} is not between 1900-01-01 and 2100-12-31"


# --- rows stored before these checks: still read, refused only when edited -------------------


def test_a_row_stored_before_the_checks_is_still_read_and_an_edit_names_the_problem(
    engine: Engine, now: datetime
) -> None:
    """The importers once stored a year-1 time and a NUL in a note (SQLite took both); the diary
    must stay readable, and saving an edit says what to fix."""
    profile = ensure_profile(engine=engine, now=now, timezone="UTC")
    with Session(engine) as session:
        for taken_at, note in [(datetime(1, 1, 1, tzinfo=UTC), "old"), (T0, "a\x00b")]:
            session.add(
                HydrationEntry(
                    profile_id=profile.id,
                    taken_at=taken_at,
                    volume_ml=250,
                    beverage="water",
                    note=note,
                    created_at=now,
                    updated_at=now,
                )
            )
        session.commit()
    stored = crud.list_entries(engine=engine, kind=EntryKind.HYDRATION, profile_id=profile.id)
    assert [(d.taken_at, d.note) for d in stored] == [
        (datetime(1, 1, 1, tzinfo=UTC), "old"),
        (T0, "a\x00b"),
    ]
    text, count = export_csv(engine=engine, kind=EntryKind.HYDRATION, profile=profile)
    assert (count, text.count("\n")) == (2, 3)
    with pytest.raises(InvalidEntry, match=r"Note: contains the control character U\+0000"):
        journal.update_entry(
            engine=engine,
            kind=EntryKind.HYDRATION,
            profile_id=profile.id,
            entry_id=stored[1].id,
            changes={"volume_ml": 300},
            now=now,
        )
    with pytest.raises(InvalidEntry, match="before 1900-01-01"):
        journal.update_entry(
            engine=engine,
            kind=EntryKind.HYDRATION,
            profile_id=profile.id,
            entry_id=stored[0].id,
            changes={"note": "fixed?"},
            now=now,
        )
