"""The profile: created once, edited only when the whole profile is still valid, and what
follows from it (labour rule, drinks goal, gestational age)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from db import crud
from tests.support.stored import profile_names
from tracker.core.errors import InvalidEntry
from tracker.core.models import ProfileRead
from tracker.core.vocabulary import HistoryItem, Sex, Units
from tracker.entries.profile import (
    LabourRule,
    ensure_profile,
    gestational_age_label,
    gestational_age_on,
    hydration_goal_ml,
    is_pregnant,
    labour_rule,
    parse_labour_rule,
    update_profile,
)

LATER = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def make_profile(**fields: Any) -> ProfileRead:
    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    return ProfileRead.model_validate({"id": 1, "created_at": stamp, "updated_at": stamp} | fields)


# --- ensure_profile ---------------------------------------------------------------------------


def test_ensure_profile_creates_once_and_then_returns_the_same(
    engine: Engine, now: datetime
) -> None:
    first = ensure_profile(engine=engine, now=now, timezone="Europe/London")
    again = ensure_profile(engine=engine, now=LATER, timezone="America/New_York")
    assert again == first
    assert again.timezone == "Europe/London"
    assert again.created_at == now
    assert profile_names(engine) == ["default"]


@pytest.mark.parametrize(
    ("given", "stored"),
    [("Europe/Berlin", "Europe/Berlin"), (None, "UTC"), ("", "UTC"), ("Not/AZone", "UTC")],
)
def test_new_profile_takes_the_browser_zone_when_it_is_valid(
    engine: Engine, now: datetime, given: str | None, stored: str
) -> None:
    profile = ensure_profile(engine=engine, now=now, timezone=given)
    assert profile.timezone == stored
    assert crud.get_profile(engine=engine, name="default") == profile


def test_new_profile_starts_with_the_defaults(engine: Engine, now: datetime) -> None:
    profile = ensure_profile(engine=engine, now=now)
    assert profile.name == "default"
    assert profile.units == Units.METRIC
    assert profile.births_before == 0
    assert profile.history == set()
    assert profile.due_date is None and profile.sex is None


def test_profiles_with_other_names_are_separate(engine: Engine, now: datetime) -> None:
    mine = ensure_profile(engine=engine, now=now)
    other = ensure_profile(engine=engine, name="partner", now=now)
    assert other.id != mine.id
    assert profile_names(engine) == ["default", "partner"]


# --- update_profile ---------------------------------------------------------------------------


def test_update_profile_stores_the_changes(engine: Engine, profile: ProfileRead) -> None:
    changes = {
        "display_name": "  Sam  ",
        "sex": "female",
        "birth_year": 1990,
        "due_date": date(2026, 5, 1),
        "births_before": 1,
        "history": ["osteoporosis", "cancer"],
        "timezone": "America/Chicago",
        "units": "us",
        "hydration_goal_ml": 2200,
        "labour_interval_min": 4,
        "labour_duration_s": 45,
        "labour_sustained_min": 90,
    }
    updated = update_profile(engine=engine, profile=profile, changes=changes, now=LATER)
    stored = crud.get_profile(engine=engine, name="default")
    assert stored == updated
    assert stored is not None
    assert stored.display_name == "Sam"
    assert stored.sex == Sex.FEMALE
    assert stored.history == {HistoryItem.OSTEOPOROSIS, HistoryItem.CANCER}
    assert (stored.timezone, stored.units, stored.hydration_goal_ml) == (
        "America/Chicago",
        Units.US,
        2200,
    )
    assert stored.updated_at == LATER
    assert stored.created_at == profile.created_at


def test_update_profile_keeps_fields_not_mentioned(engine: Engine, profile: ProfileRead) -> None:
    first = update_profile(
        engine=engine, profile=profile, changes={"sex": "male", "birth_year": 1980}, now=LATER
    )
    second = update_profile(engine=engine, profile=first, changes={"units": "us"}, now=LATER)
    assert (second.sex, second.birth_year, second.units) == (Sex.MALE, 1980, Units.US)


def test_update_profile_can_clear_optional_fields(engine: Engine, profile: ProfileRead) -> None:
    pregnant = update_profile(
        engine=engine, profile=profile, changes={"due_date": date(2026, 5, 1)}, now=LATER
    )
    cleared = update_profile(engine=engine, profile=pregnant, changes={"due_date": None}, now=LATER)
    assert cleared.due_date is None
    stored = crud.get_profile(engine=engine, name="default")
    assert stored is not None
    assert stored.due_date is None


def test_update_profile_never_renames(engine: Engine, profile: ProfileRead) -> None:
    updated = update_profile(engine=engine, profile=profile, changes={"name": "x"}, now=LATER)
    assert updated.name == "default"


def test_birth_year_of_this_year_is_accepted(engine: Engine, profile: ProfileRead) -> None:
    updated = update_profile(
        engine=engine, profile=profile, changes={"birth_year": 2026}, now=LATER
    )
    assert updated.birth_year == 2026


BAD_CHANGES = [
    ({"birth_year": 2027}, "Birth year: 2027 is in the future"),
    ({"birth_year": 2100}, "Birth year: 2100 is in the future"),
    ({"birth_year": 1850}, "Birth year"),
    ({"timezone": "Europe/Atlantis"}, "Time zone: unknown time zone 'Europe/Atlantis'"),
    ({"labour_interval_min": 5}, "labour rule needs all three numbers"),
    ({"hydration_goal_ml": 100}, "Daily drinks goal"),
    ({"births_before": -1}, "Births before"),
    ({"sex": "robot"}, "sex"),
    ({"history": ["cancer", "gout"]}, "history"),
    ({"display_name": "x" * 61}, "Name"),
]


@pytest.mark.parametrize(("changes", "words"), BAD_CHANGES)
def test_bad_profile_changes_are_refused_and_nothing_is_stored(
    engine: Engine, profile: ProfileRead, changes: dict[str, Any], words: str
) -> None:
    # Change something valid too: it must not be stored either.
    with pytest.raises(InvalidEntry, match=words):
        update_profile(engine=engine, profile=profile, changes={"units": "us"} | changes, now=LATER)
    assert crud.get_profile(engine=engine, name="default") == profile


# --- labour rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("births_before", "rule", "text"),
    [(0, (5, 60, 60), "5-1-1"), (1, (7, 60, 60), "7-1-1"), (4, (7, 60, 60), "7-1-1")],
)
def test_labour_rule_default_depends_on_births_before(
    births_before: int, rule: tuple[int, int, int], text: str
) -> None:
    found = labour_rule(make_profile(births_before=births_before))
    assert (found.interval_min, found.duration_s, found.sustained_min) == rule
    assert found.from_profile is False
    assert str(found) == text


def test_own_labour_rule_wins_over_the_default() -> None:
    own = make_profile(
        births_before=0, labour_interval_min=3, labour_duration_s=45, labour_sustained_min=90
    )
    assert labour_rule(own) == LabourRule(3, 45, 90, from_profile=True)
    assert str(labour_rule(own)) == "3 min / 45 s / 90 min"
    assert labour_rule(own).sentence == (
        "contractions every 3 minutes or less, each lasting 45 seconds or more, for 90 minutes"
    )


@pytest.mark.parametrize(
    ("text", "parts"),
    [("5/60/60", (5, 60, 60)), (" 7 / 60 / 90 ", (7, 60, 90)), ("3/45/120", (3, 45, 120))],
)
def test_parse_labour_rule(text: str, parts: tuple[int, int, int]) -> None:
    assert parse_labour_rule(text) == parts


@pytest.mark.parametrize(
    "text", ["5-1-1", "5/60", "5/60/60/1", "a/b/c", "5/-60/60", "", "5.5/60/60"]
)
def test_parse_labour_rule_refuses_other_shapes(text: str) -> None:
    with pytest.raises(InvalidEntry) as caught:
        parse_labour_rule(text)
    assert caught.value.problems[0].field == "Labour rule"
    assert "5/60/60" in str(caught.value)


# --- drinks goal ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "goal"),
    [
        ({"sex": "female"}, 1600),
        ({"sex": "female", "due_date": date(2026, 5, 1)}, 1900),
        ({"sex": "male"}, 2000),
        ({"sex": "other"}, 1600),
        ({}, 1600),
        ({"due_date": date(2026, 5, 1)}, 1900),
        ({"sex": "other", "due_date": date(2026, 5, 1)}, 1900),
        ({"sex": "male", "hydration_goal_ml": 1500}, 1500),
        ({"sex": "female", "due_date": date(2026, 5, 1), "hydration_goal_ml": 2500}, 2500),
    ],
)
def test_hydration_goal_ml(fields: dict[str, Any], goal: int) -> None:
    assert hydration_goal_ml(make_profile(**fields)) == goal


# --- pregnancy --------------------------------------------------------------------------------


def test_a_due_date_means_pregnant() -> None:
    assert is_pregnant(make_profile(due_date=date(2026, 5, 1)))
    assert not is_pregnant(make_profile())
    assert gestational_age_on(make_profile(), date(2026, 4, 1)) is None


@pytest.mark.parametrize(
    ("due_date", "now", "tz_name", "label"),
    [
        (date(2026, 5, 1), datetime(2026, 4, 12, 12, tzinfo=UTC), "UTC", "37+2 weeks"),
        # 23:30 UTC on 11 April is 00:30 on 12 April in London, still 11 April in UTC
        (
            date(2026, 5, 1),
            datetime(2026, 4, 11, 23, 30, tzinfo=UTC),
            "Europe/London",
            "37+2 weeks",
        ),
        (date(2026, 5, 1), datetime(2026, 4, 11, 23, 30, tzinfo=UTC), "UTC", "37+1 weeks"),
        (date(2026, 5, 1), datetime(2025, 7, 25, 12, tzinfo=UTC), "UTC", "0+0 weeks"),
        (date(2025, 6, 1), datetime(2026, 3, 1, 12, tzinfo=UTC), "UTC", "79+0 weeks"),
        (date(2026, 5, 1), datetime(2025, 7, 24, 12, tzinfo=UTC), "UTC", None),
        (date(2026, 5, 1), datetime(2025, 1, 1, 12, tzinfo=UTC), "UTC", None),
        (None, datetime(2026, 4, 12, 12, tzinfo=UTC), "UTC", None),
    ],
)
def test_gestational_age_label(
    due_date: date | None, now: datetime, tz_name: str, label: str | None
) -> None:
    profile = make_profile(due_date=due_date, timezone=tz_name)
    assert gestational_age_label(profile, now) == label


def test_gestational_age_on_a_day_before_the_pregnancy_is_negative() -> None:
    profile = make_profile(due_date=date(2026, 5, 1))
    assert gestational_age_on(profile, date(2026, 5, 1) - timedelta(days=300)) == -20
