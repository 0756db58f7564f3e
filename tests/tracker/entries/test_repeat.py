"""tracker.entries.repeat: recent patterns, the latest episode, favourites on the profile."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from db import crud
from tracker.core.errors import InvalidEntry
from tracker.core.kinds import EntryKind
from tracker.core.models import MAX_FAVOURITES, ProfileCreate, ProfileRead
from tracker.core.vocabulary import Quality, Region, Side
from tracker.entries.journal import log_entry, validate
from tracker.entries.repeat import (
    Pattern,
    favourites,
    latest_episode,
    pattern_of,
    pin,
    recent_patterns,
    unpin,
)

CALF = Pattern(Region.CALF, Side.LEFT, Quality.CRAMP, 6)
BACK = Pattern(Region.LOWER_BACK, Side.CENTER, Quality.DULL_ACHE, 4)
FOOT = Pattern(Region.FOOT, Side.RIGHT, Quality.SPASM, 3)


def episode(engine: Engine, profile: ProfileRead, at: datetime, **values: Any) -> Any:
    fields = {"region": "calf", "side": "left", "quality": "cramp", "intensity": 6} | values
    return log_entry(
        engine=engine,
        kind=EntryKind.CRAMPS,
        profile_id=profile.id,
        values={"started_at": at, **fields},
        now=at + timedelta(days=400),
    )


def test_a_pattern_copies_where_and_how_bad_and_nothing_else(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    last = episode(
        engine,
        profile,
        now - timedelta(hours=20),
        intensity=7,
        triggers={"night_sleep"},
        relief={"stretching"},
        symptoms={"saddle_numbness"},
        duration_min=4,
        note="woke me",
    )
    pattern = pattern_of(last)
    assert pattern == Pattern(Region.CALF, Side.LEFT, Quality.CRAMP, 7)
    assert pattern.label == "Calf (left) · cramp · 7/10"
    assert pattern.values(now) == {
        "started_at": now,
        "region": Region.CALF,
        "side": Side.LEFT,
        "quality": Quality.CRAMP,
        "intensity": 7,
    }
    again = log_entry(
        engine=engine,
        kind=EntryKind.CRAMPS,
        profile_id=profile.id,
        values=pattern.with_intensity(3).values(now),
        now=now,
    )
    assert (again.intensity, again.symptoms, again.triggers, again.note) == (3, set(), set(), "")
    assert again.duration_min is None


def test_latest_episode_is_the_one_that_started_last(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    assert latest_episode(engine=engine, profile=profile) is None
    episode(engine, profile, now - timedelta(hours=1), region="foot")
    episode(engine, profile, now - timedelta(days=2), region="thigh")  # logged later, older
    found = latest_episode(engine=engine, profile=profile)
    assert found is not None and found.region == "foot"


def test_recent_patterns_newest_first_distinct_at_their_last_intensity(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    episode(engine, profile, now - timedelta(days=40), region="knee")  # too old
    episode(engine, profile, now - timedelta(days=5), intensity=9)
    episode(engine, profile, now - timedelta(days=4), **_codes(FOOT))
    episode(engine, profile, now - timedelta(days=3), **_codes(BACK))
    episode(engine, profile, now - timedelta(days=1), intensity=6)
    episode(engine, profile, now - timedelta(hours=2), region="thigh", side="right")

    found = recent_patterns(engine=engine, profile=profile, now=now)
    assert [p.label for p in found] == [
        "Thigh (right) · cramp · 6/10",
        "Calf (left) · cramp · 6/10",  # the last calf cramp's 6, not the older 9
        "Lower back (centre) · dull ache · 4/10",
    ]
    assert [
        p.key
        for p in recent_patterns(
            engine=engine, profile=profile, now=now, leave_out=frozenset({CALF.key}), limit=5
        )
    ] == ["thigh/right/cramp", BACK.key, FOOT.key]


def _codes(pattern: Pattern) -> dict[str, Any]:
    return {
        "region": pattern.region,
        "side": pattern.side,
        "quality": pattern.quality,
        "intensity": pattern.intensity,
    }


def test_pin_and_unpin_are_stored_on_the_profile(any_engine: Engine, now: datetime) -> None:
    from tracker.entries.profile import ensure_profile

    profile = ensure_profile(engine=any_engine, now=now, timezone="Europe/London")
    pinned = pin(engine=any_engine, profile=profile, pattern=CALF, now=now)
    pinned = pin(engine=any_engine, profile=pinned, pattern=BACK, now=now)
    stored = crud.get_profile(engine=any_engine, name=profile.name)
    assert stored is not None
    assert stored.favourites == {"calf/left/cramp": 6, "lower_back/center/dull_ache": 4}
    assert favourites(stored) == [CALF, BACK]  # by label: "Calf …" before "Lower back …"

    again = pin(engine=any_engine, profile=stored, pattern=CALF.with_intensity(8), now=now)
    assert again.favourites["calf/left/cramp"] == 8  # the same pattern: its intensity updated
    left = unpin(engine=any_engine, profile=again, key=CALF.key, now=now)
    assert crud.get_profile(engine=any_engine, name=profile.name).favourites == {  # type: ignore[union-attr]
        BACK.key: 4
    }
    assert unpin(engine=any_engine, profile=left, key=CALF.key, now=now) == left


def test_a_seventh_favourite_is_refused_and_nothing_stored(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    current = profile
    regions = list(Region)
    for region in regions[:MAX_FAVOURITES]:
        current = pin(
            engine=engine,
            profile=current,
            pattern=Pattern(region, Side.LEFT, Quality.CRAMP, 5),
            now=now,
        )
    with pytest.raises(InvalidEntry, match="unpin one"):
        pin(
            engine=engine,
            profile=current,
            pattern=Pattern(regions[MAX_FAVOURITES], Side.LEFT, Quality.CRAMP, 5),
            now=now,
        )
    stored = crud.get_profile(engine=engine, name=profile.name)
    assert stored is not None and len(stored.favourites) == MAX_FAVOURITES


@pytest.mark.parametrize(
    ("favourites_in", "reason"),
    [
        ({"calf/left": 5}, "not a pattern"),
        ({"calf/up/cramp": 5}, "known codes"),
        ({"calf/left/cramp": 11}, "0 to 10"),
        ({f"{r.value}/left/cramp": 5 for r in list(Region)[: MAX_FAVOURITES + 1]}, "at most"),
    ],
)
def test_the_profile_refuses_favourites_that_are_not_patterns(
    favourites_in: dict[str, int], reason: str
) -> None:
    with pytest.raises(InvalidEntry, match=reason):
        validate(ProfileCreate, {"name": "x", "favourites": favourites_in})


def test_favourites_travel_in_the_full_backup(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    """The backup writes every ProfileCreate field: the pinned patterns come back on restore."""
    from tracker.files.backup import backup_json, restore_json

    pinned = pin(engine=engine, profile=profile, pattern=CALF, now=now)
    pinned = pin(engine=engine, profile=pinned, pattern=BACK, now=now)
    text = backup_json(engine, pinned)
    restore_json(engine=engine, text=text, profile_name="restored", now=now)
    restored = crud.get_profile(engine=engine, name="restored")
    assert restored is not None
    assert favourites(restored) == [CALF, BACK]
    assert backup_json(engine, restored) == text  # the same bytes again
