"""tracker.entries.today: what one local day holds, in the profile's zone, and ingredient totals."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from tracker.core.kinds import EntryKind
from tracker.core.models import IntakeRead, ProductRead, ProfileRead
from tracker.entries.journal import log_entry
from tracker.entries.profile import update_profile
from tracker.entries.today import DaySummary, day_summary, entries_on, ingredient_totals

LATER = datetime(2026, 12, 31, tzinfo=UTC)
"""A "now" after every entry below, so none is refused as being in the future."""


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def drink_at(engine: Engine, profile: ProfileRead, at: datetime, volume_ml: float) -> None:
    log_entry(
        engine=engine,
        kind=EntryKind.HYDRATION,
        profile_id=profile.id,
        values={"taken_at": at, "volume_ml": volume_ml},
        now=LATER,
    )


def cramp_at(engine: Engine, profile: ProfileRead, at: datetime) -> None:
    values = {"started_at": at, "region": "calf", "side": "left", "intensity": 6}
    log_entry(
        engine=engine,
        kind=EntryKind.CRAMPS,
        profile_id=profile.id,
        values=values | {"quality": "cramp"},
        now=LATER,
    )


def test_a_summer_day_runs_from_london_midnight_to_midnight(
    engine: Engine, profile: ProfileRead
) -> None:
    drink_at(engine, profile, utc(2026, 6, 30, 22, 59), 111)  # 23:59 BST on 30 June
    drink_at(engine, profile, utc(2026, 6, 30, 23, 0), 200)  # 00:00 BST on 1 July
    drink_at(engine, profile, utc(2026, 7, 1, 22, 59), 300)  # 23:59 BST on 1 July
    drink_at(engine, profile, utc(2026, 7, 1, 23, 0), 444)  # 00:00 BST on 2 July
    cramp_at(engine, profile, utc(2026, 7, 1, 12, 0))

    summary = day_summary(engine=engine, profile=profile, day=date(2026, 7, 1))

    assert summary.drinks_ml == 500
    assert summary.cramp_count == 1
    assert [i.summary for i in summary.items] == [
        "300 ml water",
        "Calf (left) · cramp · 6/10",
        "200 ml water",
    ]
    assert summary.goal_ml == 1600
    assert summary.drinks_fraction == pytest.approx(500 / 1600)


def test_the_spring_clock_change_day_has_23_hours(engine: Engine, profile: ProfileRead) -> None:
    drink_at(engine, profile, utc(2026, 3, 29, 0, 30), 100)  # 00:30 GMT on 29 March
    drink_at(engine, profile, utc(2026, 3, 29, 22, 59), 200)  # 23:59 BST on 29 March
    drink_at(engine, profile, utc(2026, 3, 29, 23, 30), 400)  # 00:30 BST on 30 March

    assert day_summary(engine=engine, profile=profile, day=date(2026, 3, 29)).drinks_ml == 300
    assert day_summary(engine=engine, profile=profile, day=date(2026, 3, 30)).drinks_ml == 400


def test_the_day_follows_the_profiles_zone(engine: Engine, profile: ProfileRead) -> None:
    drink_at(engine, profile, utc(2026, 7, 1, 3, 0), 250)  # 04:00 London, 23:00 on 30 June NY
    new_york = update_profile(
        engine=engine, profile=profile, changes={"timezone": "America/New_York"}, now=LATER
    )
    assert day_summary(engine=engine, profile=new_york, day=date(2026, 7, 1)).drinks_ml == 0
    assert day_summary(engine=engine, profile=new_york, day=date(2026, 6, 30)).drinks_ml == 250


def test_goal_and_fraction_follow_the_profile(engine: Engine, profile: ProfileRead) -> None:
    drink_at(engine, profile, utc(2026, 7, 1, 9, 0), 2500)
    man = update_profile(engine=engine, profile=profile, changes={"sex": "male"}, now=LATER)
    summary = day_summary(engine=engine, profile=man, day=date(2026, 7, 1))
    assert summary.goal_ml == 2000
    assert summary.drinks_fraction == 1.0  # capped: the bar is full, not overflowing


def test_an_empty_day(engine: Engine, profile: ProfileRead) -> None:
    summary = day_summary(engine=engine, profile=profile, day=date(2026, 7, 1))
    assert (summary.items, summary.drinks_ml, summary.cramp_count) == ([], 0, 0)
    assert summary.drinks_fraction == 0.0
    no_goal = DaySummary(day=date(2026, 7, 1), items=[], drinks_ml=500, goal_ml=0, cramp_count=0)
    assert no_goal.drinks_fraction == 0.0


def test_entries_on_returns_only_the_kinds_asked(engine: Engine, profile: ProfileRead) -> None:
    drink_at(engine, profile, utc(2026, 7, 1, 9, 0), 250)
    cramp_at(engine, profile, utc(2026, 7, 1, 10, 0))
    found = entries_on(
        engine=engine, profile=profile, day=date(2026, 7, 1), kinds=(EntryKind.CRAMPS,)
    )
    assert list(found) == [EntryKind.CRAMPS]
    assert [c.region for c in found[EntryKind.CRAMPS]] == ["calf"]


def product(product_id: int, contents: dict[str, float]) -> ProductRead:
    t0 = utc(2026, 1, 1)
    return ProductRead.model_validate(
        {"id": product_id, "created_at": t0, "updated_at": t0}
        | {"name": f"P{product_id}", "kind": "supplement", "contents": contents}
    )


def intake(product_id: int, units: float) -> IntakeRead:
    t0 = utc(2026, 1, 1)
    values: dict[str, Any] = {"id": 1, "created_at": t0, "updated_at": t0, "taken_at": t0}
    return IntakeRead.model_validate(values | {"product_id": product_id, "units": units})


def test_ingredient_totals_are_units_times_amount_summed() -> None:
    products = [
        product(1, {"magnesium": 200, "vitamin_d": 25}),
        product(2, {"magnesium": 100, "calcium": 500}),
    ]
    intakes = [intake(1, 2), intake(2, 0.5), intake(1, 1), intake(99, 3)]  # 99: unknown

    assert ingredient_totals(intakes, products) == {
        "magnesium": 3 * 200 + 0.5 * 100,
        "vitamin_d": 3 * 25,
        "calcium": 0.5 * 500,
    }
    assert ingredient_totals([], products) == {}
