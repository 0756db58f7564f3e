"""Bounded reads give the same flags as the whole diary (hypothesis, over the random diaries of
``test_properties``): for every rule's declared look-back (``@rule(lookback=…)``), evaluating a
diary cut by ``read_bounds`` finds exactly the flags first met from the window's start, and
exactly the flags whose evidence includes an entry stamped in the window, that the whole diary
finds. A rule whose declared look-back is too short fails here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from tests.tracker.flags import builders as b
from tests.tracker.flags.test_properties import diaries, moments, profiles
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.entries import journal
from tracker.entries.profile import ensure_profile
from tracker.files import demo
from tracker.flags import RULES, Diary, EntryRef, Flag, evaluate, service
from tracker.flags.diary import load_diary
from tracker.flags.registry import SAME_ENTRY, read_bounds
from tracker.flags.service import URGENT_NOW, rules_giving

WINDOWS_H = (1, 6, 24, 3 * 24, 7 * 24, 14 * 24)


def in_window_or_involving(flags: Iterable[Flag], diary: Diary, start: datetime) -> set[Flag]:
    """The flags first met from ``start``, and those naming an entry stamped from ``start``."""
    recent = {
        EntryRef(kind, entry.id)
        for kind in EntryKind
        for entry in diary.entries(kind)
        if kind.spec.time_of(entry) >= start
    }
    return {f for f in flags if f.at >= start or set(f.evidence) & recent}


def check(
    rule_ids: list[str], person: ProfileRead, parts: dict[str, Any], at: datetime, hours: int
) -> None:
    whole = Diary.of(person, **parts)
    start = at - timedelta(hours=hours)
    bounds = read_bounds((RULES[r] for r in rule_ids), start)
    cut = whole.bounded(bounds.since, bounds.cramps_with)
    expected = in_window_or_involving(evaluate(whole, at, rules=rule_ids), whole, start)
    found = in_window_or_involving(evaluate(cut, at, rules=rule_ids), whole, start)
    assert found == expected


SETTINGS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(person=profiles(), parts=diaries(), at=moments, hours=st.sampled_from(WINDOWS_H))
def test_the_alert_rules_find_the_same_flags_in_a_bounded_read(
    person: ProfileRead, parts: dict[str, Any], at: datetime, hours: int
) -> None:
    check(rules_giving(URGENT_NOW), person, parts, at, hours)


@pytest.mark.parametrize(
    "rule_id",
    sorted(r for r, spec in RULES.items() if spec.lookback is not None or spec.cramps_with),
)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(person=profiles(), parts=diaries(), at=moments, hours=st.sampled_from(WINDOWS_H))
def test_each_bounded_rule_finds_the_same_flags_in_its_own_bounded_read(
    rule_id: str, person: ProfileRead, parts: dict[str, Any], at: datetime, hours: int
) -> None:
    check([rule_id], person, parts, at, hours)


def test_a_rule_with_no_limit_and_no_filter_reads_everything() -> None:
    unbounded = [s for s in RULES.values() if s.lookback is None and s.cramps_with is None]
    assert unbounded, "B6, L5, T1 and H1 look back over runs of weeks"
    at = datetime(2026, 3, 1, tzinfo=UTC)
    assert read_bounds(unbounded, at).since is None
    assert read_bounds([RULES["L1"]], at).since == at - 2 * SAME_ENTRY - timedelta(days=1)


def test_b7_keeps_every_numbness_episode_however_old() -> None:
    """B7 looks back without limit: its old episodes come in through ``cramps_with``, so a
    bounded read of the last day still finds the flag an episode of today takes part in."""
    at = b.utc(2026, 3, 1, 21, 40)
    numb = [
        b.cramp(
            at - timedelta(days=d),
            region="lower_back",
            intensity=i,
            symptoms={"leg_numbness_tingling"},
        )
        for d, i in ((40, 3), (30, 4))
    ]
    today = b.cramp(
        at - timedelta(hours=2),
        region="lower_back",
        intensity=7,
        symptoms={"leg_numbness_tingling"},
    )
    others = [b.cramp(at - timedelta(days=d), region="calf") for d in range(1, 60, 3)]
    whole = b.diary(b.profile(), numb, today, others)
    start = at - timedelta(days=1)
    bounds = read_bounds([RULES["B7"]], start)
    cut = whole.bounded(bounds.since, bounds.cramps_with)

    assert len(cut.cramps) < len(whole.cramps)
    expected = in_window_or_involving(evaluate(whole, at, rules=["B7"]), whole, start)
    assert expected, "B7 is met with today's episode as evidence"
    assert in_window_or_involving(evaluate(cut, at, rules=["B7"]), whole, start) == expected
    without_filter = whole.bounded(bounds.since)
    assert (
        in_window_or_involving(evaluate(without_filter, at, rules=["B7"]), whole, start) != expected
    )


def test_the_database_read_is_the_bounded_diary(engine: Engine, now: datetime) -> None:
    """``service.load_bounded`` (SQL) gives what ``Diary.bounded`` (memory) gives."""
    profile = ensure_profile(engine=engine, now=now, timezone="Europe/London")
    demo.fill(engine=engine, profile=profile, days=90, seed=4, now=now)
    for days in (80, 50, 2):
        journal.log_entry(
            engine=engine,
            kind=EntryKind.CRAMPS,
            profile_id=profile.id,
            values={
                "started_at": now - timedelta(days=days),
                "region": "calf",
                "side": "left",
                "intensity": 4,
                "quality": "cramp",
                "symptoms": {"leg_numbness_tingling"},
            },
            now=now,
        )
    bounds = service.alert_bounds(now)
    whole = load_diary(engine=engine, profile=profile)
    loaded = service.load_bounded(engine, profile, bounds)

    assert bounds.since is not None and bounds.cramps_with == {"leg_numbness_tingling"}
    assert loaded == whole.bounded(bounds.since, bounds.cramps_with)
    assert len(loaded.cramps) < len(whole.cramps) and len(loaded.drinks) < len(whole.drinks)
