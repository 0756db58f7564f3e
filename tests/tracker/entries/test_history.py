"""History: local date ranges, kind filters, newest first, and plain-words accounts of edits."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from tracker.core.errors import InvalidEntry
from tracker.core.kinds import EntryKind
from tracker.core.models import ContractionRead, ProfileRead
from tracker.core.units import fl_oz_to_ml
from tracker.core.vocabulary import Units
from tracker.entries.history import (
    changes_message,
    contraction_end,
    default_range,
    describe_changes,
    describe_entry,
    describe_item,
    entries_between,
    history_items,
    item_key,
    keep_unchanged_time,
    keep_unchanged_volume,
    parse_item_key,
    recent_items,
)
from tracker.entries.journal import log_entry, update_entry
from tracker.entries.profile import update_profile


def berlin(engine: Engine, profile: ProfileRead, now: datetime) -> ProfileRead:
    """Berlin is UTC+1 in February and March: local days start at 23:00 UTC."""
    return update_profile(
        engine=engine, profile=profile, changes={"timezone": "Europe/Berlin"}, now=now
    )


def drink(engine: Engine, profile: ProfileRead, at: datetime, volume_ml: float = 250) -> Any:
    return log_entry(
        engine=engine,
        kind=EntryKind.HYDRATION,
        profile_id=profile.id,
        now=at,
        values={"taken_at": at, "volume_ml": volume_ml, "beverage": "water"},
    )


def event(engine: Engine, profile: ProfileRead, at: datetime, **values: Any) -> Any:
    return log_entry(
        engine=engine,
        kind=EntryKind.EVENTS,
        profile_id=profile.id,
        now=at,
        values={"occurred_at": at} | values,
    )


def test_default_range_is_the_last_seven_local_days_including_today() -> None:
    assert default_range(date(2026, 3, 1)) == (date(2026, 2, 23), date(2026, 3, 1))
    assert default_range(date(2026, 3, 1), 30) == (date(2026, 1, 31), date(2026, 3, 1))


def test_range_is_inclusive_local_days(engine: Engine, profile: ProfileRead, now: datetime) -> None:
    profile = berlin(engine, profile, now)
    before = drink(engine, profile, datetime(2026, 2, 27, 22, 59, tzinfo=UTC))  # 27 Feb 23:59
    first = drink(engine, profile, datetime(2026, 2, 27, 23, 0, tzinfo=UTC))  # 28 Feb 00:00
    last = drink(engine, profile, datetime(2026, 3, 1, 22, 59, tzinfo=UTC))  # 1 Mar 23:59
    after = drink(engine, profile, datetime(2026, 3, 1, 23, 0, tzinfo=UTC))  # 2 Mar 00:00

    found = entries_between(
        engine=engine, profile=profile, first=date(2026, 2, 28), last=date(2026, 3, 1)
    )

    ids = [d.id for d in found[EntryKind.HYDRATION]]
    assert ids == [first.id, last.id]
    assert before.id not in ids and after.id not in ids


def test_kinds_filter_and_newest_first(engine: Engine, profile: ProfileRead, now: datetime) -> None:
    early = drink(engine, profile, now - timedelta(hours=3))
    late = drink(engine, profile, now - timedelta(hours=1))
    waters = event(engine, profile, now - timedelta(hours=2), kind="waters_broke", detail="clear")
    day = now.date()

    everything = history_items(engine=engine, profile=profile, first=day, last=day)
    only_events = history_items(
        engine=engine, profile=profile, first=day, last=day, kinds=[EntryKind.EVENTS]
    )

    assert [(i.kind, i.entry_id) for i in everything] == [
        (EntryKind.HYDRATION, late.id),
        (EntryKind.EVENTS, waters.id),
        (EntryKind.HYDRATION, early.id),
    ]
    assert [i.summary for i in only_events] == ["Waters broke (clear or pale)"]


def test_a_range_that_ends_before_it_starts_is_refused(
    engine: Engine, profile: ProfileRead
) -> None:
    with pytest.raises(InvalidEntry, match="starts after it ends"):
        entries_between(
            engine=engine, profile=profile, first=date(2026, 3, 2), last=date(2026, 3, 1)
        )


def test_recent_items_are_the_latest_few_whatever_the_day(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    for days in range(4):
        event(engine, profile, now - timedelta(days=days * 10), kind="mucus_plug")
    items = recent_items(engine=engine, profile=profile, kind=EntryKind.EVENTS, limit=3)
    assert [i.at for i in items] == [now - timedelta(days=d * 10) for d in range(3)]


def test_item_keys_round_trip_and_labels_use_local_time(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    profile = berlin(engine, profile, now)
    entry = drink(engine, profile, datetime(2026, 3, 1, 20, 40, tzinfo=UTC))
    (item,) = history_items(
        engine=engine, profile=profile, first=date(2026, 3, 1), last=date(2026, 3, 1)
    )
    assert parse_item_key(item_key(item)) == (EntryKind.HYDRATION, entry.id)
    assert describe_item(item, profile.timezone) == "Sun 01 Mar 21:40 · Drink · 250 ml water"
    assert describe_entry(EntryKind.HYDRATION, entry, profile.timezone) == (
        "the drink of Sun 01 Mar 21:40 (250 ml water)"
    )


def test_untouched_minute_keeps_stored_seconds() -> None:
    stored = datetime(2026, 3, 1, 21, 40, 37, tzinfo=UTC)
    assert keep_unchanged_time(stored, datetime(2026, 3, 1, 21, 40, tzinfo=UTC)) == stored
    moved = datetime(2026, 3, 1, 21, 41, tzinfo=UTC)
    assert keep_unchanged_time(stored, moved) == moved


def test_untouched_volume_keeps_stored_millilitres() -> None:
    eight_oz_ml = fl_oz_to_ml(8)
    assert keep_unchanged_volume(eight_oz_ml, 8.0, Units.US) == eight_oz_ml
    assert keep_unchanged_volume(250.0, 250.0, Units.METRIC) == 250.0
    assert keep_unchanged_volume(250.0, 400.0, Units.METRIC) == 400.0
    assert keep_unchanged_volume(eight_oz_ml, 12.0, Units.US) == pytest.approx(354.88, abs=0.01)
    assert keep_unchanged_volume(250.0, None, Units.METRIC) is None


def test_contraction_end_from_start_and_length() -> None:
    start = datetime(2026, 3, 1, 21, 0, 0, 400000, tzinfo=UTC)
    stored = ContractionRead(
        id=1,
        created_at=start,
        updated_at=start,
        started_at=start,
        ended_at=start + timedelta(seconds=59.6),
    )
    assert contraction_end(stored, start, 60) == stored.ended_at  # untouched: exact end kept
    assert contraction_end(stored, start, 75) == start + timedelta(seconds=75)
    later = start + timedelta(minutes=2)
    assert contraction_end(stored, later, 60) == later + timedelta(seconds=60)
    assert contraction_end(stored, start, None) is None  # empty length: still going


def test_changes_are_described_in_the_persons_words(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    profile = berlin(engine, profile, now)
    before = event(engine, profile, now - timedelta(hours=1), kind="waters_broke", detail="clear")
    after = update_entry(
        engine=engine,
        kind=EntryKind.EVENTS,
        profile_id=profile.id,
        entry_id=before.id,
        changes={"detail": "green_brown", "note": "at home"},
        now=now,
    )

    changes = describe_changes(EntryKind.EVENTS, before, after, profile.timezone)

    assert changes == ["detail clear or pale → green or brown", "note (none) → “at home”"]
    assert changes_message("Saved", "the event", changes) == (
        "Saved the event: detail clear or pale → green or brown; note (none) → “at home”."
    )
    assert changes_message("Saved", "the event", []) == "Nothing changed in the event."


def test_drink_changes_show_volume_and_local_time(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    profile = berlin(engine, profile, now)
    before = drink(engine, profile, datetime(2026, 3, 1, 20, 40, tzinfo=UTC))
    after = update_entry(
        engine=engine,
        kind=EntryKind.HYDRATION,
        profile_id=profile.id,
        entry_id=before.id,
        changes={"volume_ml": 400, "taken_at": datetime(2026, 3, 1, 20, 10, tzinfo=UTC)},
        now=now,
    )
    assert describe_changes(EntryKind.HYDRATION, before, after, profile.timezone) == [
        "time Sun 01 Mar 21:40 → Sun 01 Mar 21:10",
        "amount 250 ml → 400 ml",
    ]
