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
from tracker.core.thresholds import H1_DAYS
from tracker.entries import journal
from tracker.entries.profile import ensure_profile, update_profile
from tracker.files import demo
from tracker.flags import RULES, Diary, EntryRef, Flag, evaluate, service
from tracker.flags.diary import NOT_READ, load_diary
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
    cut = whole.bounded(bounds.since, bounds.cramps_with, bounds.drink_days, bounds.kinds)
    expected = in_window_or_involving(evaluate(whole, at, rules=rule_ids), whole, start)
    found = in_window_or_involving(evaluate(cut, at, rules=rule_ids), whole, start)
    assert found == expected


SETTINGS = settings(
    max_examples=40,
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
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(person=profiles(), parts=diaries(), at=moments, hours=st.sampled_from(WINDOWS_H))
def test_each_bounded_rule_finds_the_same_flags_in_its_own_bounded_read(
    rule_id: str, person: ProfileRead, parts: dict[str, Any], at: datetime, hours: int
) -> None:
    check([rule_id], person, parts, at, hours)


def test_every_rule_is_bounded_so_the_flags_page_reads_months_not_years() -> None:
    assert all(s.lookback is not None or s.cramps_with for s in RULES.values())
    at = datetime(2026, 3, 1, tzinfo=UTC)
    listing = read_bounds(RULES.values(), at - timedelta(days=90))
    assert listing.since is not None and at - listing.since < timedelta(days=170)
    assert listing.cramps_with == {"leg_numbness_tingling"}
    assert listing.drink_days == H1_DAYS + 1
    assert read_bounds([RULES["L1"]], at).since == at - 2 * SAME_ENTRY - timedelta(days=1)


LONG_BASE = datetime(2026, 1, 1, tzinfo=UTC)
LONG_DAYS = 200
long_moments = st.integers(0, LONG_DAYS * 24 * 60).map(lambda m: LONG_BASE + timedelta(minutes=m))


@st.composite
def long_diaries(draw: st.DrawFn) -> Diary:
    """200 days across March's clock change, dense enough for the weekly patterns (B6, L5,
    T1) and the low fluid days (H1) to begin and end several times."""
    person = b.profile(tz=draw(st.sampled_from(["Europe/London", "UTC", "America/New_York"])))
    cramps = [
        b.cramp(
            draw(long_moments),
            region=draw(st.sampled_from(["lower_back", "calf", "upper_back"])),
            quality=draw(st.sampled_from(["cramp", "dull_ache", "spasm"])),
            intensity=draw(st.integers(0, 10)),
            triggers=draw(st.sampled_from([(), ("night_sleep",), ("walking",)])),
            id=n,
        )
        for n in range(1, draw(st.integers(0, 150)) + 1)
    ]
    drinks = [
        b.drink(draw(long_moments), draw(st.sampled_from([100, 400, 900, 2500])), id=n)
        for n in range(1, draw(st.integers(0, 150)) + 1)
    ]
    return b.diary(person, cramps, drinks)


@pytest.mark.parametrize("rule_id", ["B6", "L5", "T1", "H1"])
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    whole=long_diaries(),
    at=st.integers(100, LONG_DAYS).map(lambda d: LONG_BASE + timedelta(days=d, hours=13)),
    days=st.sampled_from([1, 7, 14, 30, 90]),
)
def test_the_weekly_patterns_find_the_same_flags_in_a_bounded_read(
    rule_id: str, whole: Diary, at: datetime, days: int
) -> None:
    """The rules over runs of weeks give, from a bounded read, exactly the flags of the whole
    diary: a pattern met before the read's start is not reported as new in the window."""
    start = at - timedelta(days=days)
    bounds = read_bounds([RULES[rule_id]], start)
    cut = whole.bounded(bounds.since, bounds.cramps_with, bounds.drink_days, bounds.kinds)
    expected = in_window_or_involving(evaluate(whole, at, rules=[rule_id]), whole, start)
    found = in_window_or_involving(evaluate(cut, at, rules=[rule_id]), whole, start)
    assert found == expected


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


def test_old_numbness_episodes_are_read_only_when_the_read_holds_one() -> None:
    """B7 begins a run only at an episode listing leg numbness and names only such episodes up
    to it, so without one from the read's start no B7 flag can be first met in the window or
    name an entry of it: the old ones are not read then (at ten heavy years they were ~200
    episodes read on every tap of Today, all of them before the window)."""
    at = b.utc(2026, 3, 1, 21, 40)
    old = [
        b.cramp(
            at - timedelta(days=d),
            region="lower_back",
            intensity=i,
            symptoms={"leg_numbness_tingling"},
        )
        for d, i in ((200, 3), (150, 4), (120, 6))
    ]
    recent = [b.cramp(at - timedelta(days=d), region="calf") for d in range(0, 20, 2)]
    whole = b.diary(b.profile(), old, recent)
    start = at - timedelta(days=1)
    bounds = read_bounds(RULES.values(), start)
    assert bounds.since is not None and bounds.since > old[-1].started_at

    cut = whole.bounded(bounds.since, bounds.cramps_with, bounds.drink_days, bounds.kinds)

    assert not any(e in cut.cramps for e in old)
    expected = in_window_or_involving(evaluate(whole, at), whole, start)
    assert in_window_or_involving(evaluate(cut, at), whole, start) == expected
    # One numbness episode in the read brings every old one back (B7 needs them all).
    numb_now = b.cramp(at - timedelta(hours=3), intensity=7, symptoms={"leg_numbness_tingling"})
    whole = b.diary(b.profile(), old, recent, numb_now)
    cut = whole.bounded(bounds.since, bounds.cramps_with, bounds.drink_days, bounds.kinds)
    assert all(e in cut.cramps for e in old)


def test_the_database_read_skips_old_numbness_episodes_as_the_bounded_diary_does(
    engine: Engine, now: datetime
) -> None:
    profile = ensure_profile(engine=engine, now=now, timezone="Europe/London")
    for days, symptoms in ((80, {"leg_numbness_tingling"}), (50, {"leg_numbness_tingling"})):
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
                "symptoms": symptoms,
            },
            now=now,
        )
    bounds = service.alert_bounds(now)
    whole = load_diary(engine=engine, profile=profile)

    loaded = service.load_bounded(engine, profile, bounds)

    assert len(whole.cramps) == 2 and loaded.cramps == ()
    assert loaded == whole.bounded(
        bounds.since, bounds.cramps_with, bounds.drink_days, bounds.kinds
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
    assert loaded == whole.bounded(
        bounds.since, bounds.cramps_with, bounds.drink_days, bounds.kinds
    )
    assert len(loaded.cramps) < len(whole.cramps)
    # No urgent or emergency rule reads drinks or intakes: the alerts leave them unread.
    assert loaded.drinks is NOT_READ and loaded.intakes is NOT_READ

    listing = read_bounds(RULES.values(), now - timedelta(days=1))
    loaded = service.load_bounded(engine, profile, listing)
    assert loaded == whole.bounded(
        listing.since, listing.cramps_with, listing.drink_days, listing.kinds
    )
    assert 0 < len(loaded.drinks) < len(whole.drinks)


@pytest.mark.parametrize("pregnant", [False, True])
def test_every_rule_reads_only_the_kinds_it_declares(
    engine: Engine, now: datetime, pregnant: bool
) -> None:
    """Each rule on a diary holding only its declared kinds (``@rule(reads=…)``; the others
    ``NOT_READ``, which refuses to be read) finds what it finds in the whole diary."""
    profile = ensure_profile(engine=engine, now=now, timezone="Europe/London")
    if pregnant:
        profile = update_profile(
            engine=engine,
            profile=profile,
            changes={"due_date": (now + timedelta(days=10)).date(), "sex": "female"},
            now=now,
        )
    demo.fill(engine=engine, profile=profile, days=120, seed=9, now=now)
    whole = load_diary(engine=engine, profile=profile)
    for spec in RULES.values():
        cut = whole.bounded(None, kinds=spec.reads)
        assert evaluate(cut, now, rules=[spec.id]) == evaluate(whole, now, rules=[spec.id])


def test_a_kind_not_read_refuses_to_be_read(now: datetime) -> None:
    diary = Diary.of(b.profile(), drinks=NOT_READ).bounded(None, kinds=frozenset())
    assert diary.until(now).cramps is NOT_READ
    for touch in (list, len, bool, lambda e: e[0]):
        with pytest.raises(LookupError, match="not read"):
            touch(diary.drinks)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    whole=long_diaries(),
    at=st.integers(100, LONG_DAYS).map(lambda d: LONG_BASE + timedelta(days=d, hours=13)),
    days=st.sampled_from([7, 14, 30, 90]),
)
def test_the_flags_page_finds_the_same_flags_in_its_bounded_read(
    whole: Diary, at: datetime, days: int
) -> None:
    """Every rule at once, as the Flags page and Flag trends read (``service.diary_from``)."""
    start = at - timedelta(days=days)
    bounds = read_bounds(RULES.values(), start)
    cut = whole.bounded(bounds.since, bounds.cramps_with, bounds.drink_days, bounds.kinds)
    expected = in_window_or_involving(evaluate(whole, at), whole, start)
    assert in_window_or_involving(evaluate(cut, at), whole, start) == expected
