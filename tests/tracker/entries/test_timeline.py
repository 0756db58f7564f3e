"""tracker.entries.timeline: one line per entry as a person reads it, the timeline order,
local times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tracker.core.kinds import EntryKind
from tracker.core.models import ContractionRead, CrampRead, DrinkRead, EventRead, IntakeRead
from tracker.entries.timeline import summarize, timeline, timeline_frame

T0 = datetime(2026, 3, 1, 21, 40, tzinfo=UTC)


def stamped(entry_id: int = 1) -> dict[str, Any]:
    return {"id": entry_id, "created_at": T0, "updated_at": T0}


def cramp(entry_id: int = 1, at: datetime = T0, **changes: Any) -> CrampRead:
    values = {
        "started_at": at,
        "region": "calf",
        "side": "left",
        "intensity": 7,
        "quality": "cramp",
        "duration_min": 5,
    }
    return CrampRead.model_validate(stamped(entry_id) | values | changes)


def drink(entry_id: int = 1, at: datetime = T0, **changes: Any) -> DrinkRead:
    values = {"taken_at": at, "volume_ml": 250, "beverage": "water"}
    return DrinkRead.model_validate(stamped(entry_id) | values | changes)


@pytest.mark.parametrize(
    ("changes", "line"),
    [
        ({}, "Calf (left) · cramp · 7/10 · 5 min"),
        ({"duration_min": None}, "Calf (left) · cramp · 7/10"),
        ({"duration_min": 0.5}, "Calf (left) · cramp · 7/10 · 0.5 min"),
        ({"symptoms": {"fever"}}, "Calf (left) · cramp · 7/10 · 5 min · 1 symptom"),
        (
            {"symptoms": {"fever", "nausea"}, "region": "lower_back", "side": "center"},
            "Lower back (centre) · cramp · 7/10 · 5 min · 2 symptoms",
        ),
        ({"quality": "dull_ache", "intensity": 0}, "Calf (left) · dull ache · 0/10 · 5 min"),
    ],
)
def test_cramp_line(changes: dict[str, Any], line: str) -> None:
    assert summarize(EntryKind.CRAMPS, cramp(**changes)) == line


@pytest.mark.parametrize(
    ("units", "changes", "line"),
    [
        ("metric", {}, "250 ml water"),
        ("metric", {"volume_ml": 1500, "beverage": "electrolyte"}, "1,500 ml electrolyte drink"),
        ("us", {"beverage": "tea"}, "8.5 fl oz tea"),
    ],
)
def test_drink_line_in_the_persons_unit(units: str, changes: dict[str, Any], line: str) -> None:
    assert summarize(EntryKind.HYDRATION, drink(**changes), units) == line


def test_intake_contraction_and_event_lines() -> None:
    intake = IntakeRead.model_validate(
        stamped() | {"taken_at": T0, "product_id": 3, "units": 2, "product_name": "Mag 200"}
    )
    nameless = intake.model_copy(update={"product_name": "", "units": 1.5})
    running = ContractionRead.model_validate(stamped() | {"started_at": T0})
    finished = running.model_copy(update={"ended_at": T0 + timedelta(seconds=75)})
    waters = EventRead.model_validate(
        stamped() | {"occurred_at": T0, "kind": "waters_broke", "detail": "green_brown"}
    )
    movement = EventRead.model_validate(stamped() | {"occurred_at": T0, "kind": "reduced_movement"})

    assert summarize(EntryKind.SUPPLEMENTS, intake) == "Mag 200 × 2"
    assert summarize(EntryKind.SUPPLEMENTS, nameless) == "product #3 × 1.5"
    assert summarize(EntryKind.CONTRACTIONS, running) == "still running"
    assert summarize(EntryKind.CONTRACTIONS, finished) == "lasted 1:15"
    assert summarize(EntryKind.EVENTS, waters) == "Waters broke (green or brown)"
    assert summarize(EntryKind.EVENTS, movement) == "Baby moving less"


def test_timeline_mixes_kinds_newest_first_and_breaks_ties_by_newest_id() -> None:
    items = timeline(
        {
            EntryKind.CRAMPS: [cramp(1, T0 - timedelta(hours=2)), cramp(2, T0)],
            EntryKind.HYDRATION: [drink(7, T0 - timedelta(hours=1)), drink(8, T0)],
        }
    )
    assert [(i.kind, i.entry_id) for i in items] == [
        (EntryKind.HYDRATION, 8),
        (EntryKind.CRAMPS, 2),
        (EntryKind.HYDRATION, 7),
        (EntryKind.CRAMPS, 1),
    ]
    assert items[0].summary == "250 ml water"
    assert timeline({EntryKind.CRAMPS: []}) == []


def test_timeline_speaks_the_persons_unit() -> None:
    (item,) = timeline({EntryKind.HYDRATION: [drink(volume_ml=473.2)]}, "us")
    assert item.summary == "16 fl oz water"


@pytest.mark.parametrize(
    ("utc", "local"),
    [
        (datetime(2026, 1, 15, 22, 30, tzinfo=UTC), "Thu 15 Jan 22:30"),  # GMT = UTC
        (datetime(2026, 7, 1, 22, 30, tzinfo=UTC), "Wed 01 Jul 23:30"),  # BST = UTC+1
        (datetime(2026, 3, 28, 23, 30, tzinfo=UTC), "Sat 28 Mar 23:30"),  # night of the change
        (datetime(2026, 3, 29, 1, 30, tzinfo=UTC), "Sun 29 Mar 02:30"),
    ],
)
def test_table_shows_london_local_time(utc: datetime, local: str) -> None:
    table = timeline_frame(timeline({EntryKind.HYDRATION: [drink(4, utc)]}), "Europe/London")
    assert table["Time"].tolist() == [local]
    assert table[["Kind", "What", "kind", "id"]].values.tolist() == [
        ["Drink", "250 ml water", "hydration", 4]
    ]


def test_empty_table_still_has_its_columns() -> None:
    table = timeline_frame([], "Europe/London")
    assert table.empty
    assert list(table.columns) == ["Time", "Kind", "What", "kind", "id"]
