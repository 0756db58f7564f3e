"""Pregnancy insights: GA of each contraction and event, and timed sessions side by side.

Due date 10 April 2026, so GA = 280 − (10 April − local day): 14 March is 36+1, 30 March 38+3.
London changes to summer time on 29 March at 01:00 UTC. Hand-computed figures in comments."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.tracker.flags.builders import contraction, contractions, diary, event, profile, utc
from tracker.core.models import ContractionRead, EventRead
from tracker.entries.profile import LabourRule
from tracker.flags import evaluate
from tracker.insights.frames import DiaryFrames, frames_from_records
from tracker.insights.pregnancy import (
    ga_daily,
    ga_timeline,
    pregnancy_days,
    session_stats,
)

LONDON = "Europe/London"
DUE = date(2026, 4, 10)
FIVE_ONE_ONE = LabourRule(5, 60, 60, from_profile=False)
SEVEN_ONE_ONE = LabourRule(7, 60, 60, from_profile=False)


def as_frames(
    found: list[ContractionRead], events: list[EventRead], tz: str = LONDON
) -> DiaryFrames:
    return frames_from_records(
        first=date(2025, 1, 1),
        last=date(2026, 6, 1),
        timezone=tz,
        goal_ml=1900,
        contractions=[
            {"id": c.id, "started_at": c.started_at, "ended_at": c.ended_at} for c in found
        ],
        events=[
            {"id": e.id, "occurred_at": e.occurred_at, "kind": str(e.kind), "detail": e.detail}
            for e in events
        ],
    )


def test_pregnancy_days_run_from_ga_0_to_today() -> None:
    pregnant = profile(due_date=DUE)
    assert pregnancy_days(pregnant, date(2026, 3, 30)) == (date(2025, 7, 4), date(2026, 3, 30))
    # Long after the birth: at most 44+0.
    assert pregnancy_days(pregnant, date(2027, 1, 1)) == (date(2025, 7, 4), date(2026, 5, 8))
    assert pregnancy_days(profile(), date(2026, 3, 30)) is None
    assert pregnancy_days(profile(due_date=date(2027, 6, 1)), date(2026, 3, 30)) is None


def test_ga_timeline_uses_the_local_day_across_the_clock_change() -> None:
    found = [
        contraction(utc(2026, 3, 29, 23, 30), 60),  # 00:30 BST on 30 March: 38+3
        contraction(utc(2026, 3, 14, 19, 0), 40),  # 14 March: 36+1
        contraction(utc(2026, 5, 20, 9, 0), 40),  # 320 days: after 44+0, left out
    ]
    events = [
        event(utc(2026, 4, 1, 10, 0), "waters_broke", "clear"),  # 1 April: 38+5
        event(utc(2025, 7, 1, 10, 0), "bleeding", "spotting"),  # before GA 0, left out
    ]
    table = ga_timeline(as_frames(found, events), profile(due_date=DUE))
    assert table[["kind", "label", "ga_days", "ga_label"]].values.tolist() == [
        ["contraction", "Contraction", 253, "36+1"],
        ["contraction", "Contraction", 269, "38+3"],
        ["waters_broke", "Waters broke", 271, "38+5"],
    ]
    assert table["ga_weeks"].tolist() == pytest.approx([253 / 7, 269 / 7, 271 / 7])
    # Read in UTC, the 23:30 contraction is on 29 March: 38+2.
    in_utc = ga_timeline(as_frames(found, events, "UTC"), profile(due_date=DUE, tz="UTC"))
    assert in_utc["ga_label"].tolist() == ["36+1", "38+2", "38+5"]


def test_ga_timeline_without_a_due_date_or_entries_is_empty() -> None:
    found = [contraction(utc(2026, 3, 14, 19, 0), 40)]
    assert ga_timeline(as_frames(found, []), profile()).empty
    assert ga_timeline(as_frames([], []), profile(due_date=DUE)).empty
    assert ga_daily(ga_timeline(as_frames([], []), profile(due_date=DUE))).empty


def test_ga_daily_counts_contractions_and_events_per_day() -> None:
    found = [
        *contractions(utc(2026, 3, 14, 19, 0), 3, every_s=600),
        contraction(utc(2026, 3, 29, 23, 30), 60),
    ]
    events = [event(utc(2026, 3, 14, 21, 0), "mucus_plug")]
    daily = ga_daily(ga_timeline(as_frames(found, events), profile(due_date=DUE)))
    assert daily[["ga_label", "contractions", "events"]].values.tolist() == [
        ["36+1", 3, 1],
        ["38+3", 1, 0],
    ]
    assert [d.date() for d in daily["local_day"]] == [date(2026, 3, 14), date(2026, 3, 30)]


# Practice evening, Saturday 14 March (GMT): starts 19:00, 19:10, 19:25, 19:33, 19:53.
PRACTICE_STARTS = [utc(2026, 3, 14, 19, m) for m in (0, 10, 25, 33, 53)]
PRACTICE = [contraction(at, s) for at, s in zip(PRACTICE_STARTS, (30, 40, 35, 45, 50), strict=True)]
# Labour-like: from 22:00 UTC (23:00 BST) on 31 March every 4 min for 20 contractions of 65 s.
LABOUR = contractions(utc(2026, 3, 31, 22, 0), 20, every_s=240, seconds=65)
RUNNING = contraction(utc(2026, 4, 2, 10, 0), None)


def test_sessions_side_by_side() -> None:
    first, second, third = session_stats(
        [RUNNING, *LABOUR, *PRACTICE], FIVE_ONE_ONE, LONDON, due_date=DUE
    )

    # Intervals 600, 900, 480, 1200 s: median (600 + 900) / 2; mean 795, population SD
    # sqrt((195² + 315² + 105² + 405²) / 4) = 279.42, CV 0.351: irregular.
    assert (first.number, first.count, first.ga_label) == (1, 5, "36+1")
    assert first.median_interval_s == 750
    assert first.median_duration_s == 40
    assert first.interval_cv == pytest.approx(279.41904 / 795, abs=1e-6)
    assert first.regularity == "irregular"
    assert first.when == "Sat 14 Mar 19:00–19:53"
    assert first.ended_at == utc(2026, 3, 14, 19, 53, 50)
    assert first.span_min == pytest.approx(53 + 50 / 60)
    assert (first.rule_met, first.outcome) == (False, "Practice")
    assert first.sentence == "Practice: did not meet your go-in rule (5-1-1)."

    # Met at the first start with a contraction 55 min (S − I) before it: 56 min in, 22:56 UTC.
    assert (second.count, second.ga_label) == (20, "38+4")
    assert (second.median_interval_s, second.median_duration_s) == (240, 65)
    assert second.interval_cv == 0 and second.regularity == "regular"
    assert second.when == "Tue 31 Mar 23:00 – Wed 1 Apr 00:17"
    assert second.rule_met_at == utc(2026, 3, 31, 22, 56)
    assert second.outcome == "Met your go-in rule"
    assert second.sentence == "Met your go-in rule (5-1-1) at 23:56."

    assert (third.count, third.median_interval_s, third.median_duration_s) == (1, None, None)
    assert third.regularity == "too few to tell" and third.ended_at == third.started_at
    assert not third.rule_met


def test_the_session_meets_the_rule_exactly_when_the_p1_flag_does() -> None:
    pregnant = profile(due_date=DUE)
    (labour,) = session_stats(LABOUR, FIVE_ONE_ONE, LONDON)
    flags = evaluate(diary(pregnant, LABOUR), utc(2026, 4, 1, 6), rules=["P1"])
    assert [f.at for f in flags] == [labour.rule_met_at]
    assert labour.ga_label is None  # no due date passed


def test_the_persons_own_rule_decides() -> None:
    # Every 6 min for 70 min, 70 s each: too far apart for 5-1-1, close enough for 7-1-1.
    six_apart = contractions(utc(2026, 3, 20, 18, 0), 12, every_s=360, seconds=70)
    (strict,) = session_stats(six_apart, FIVE_ONE_ONE, LONDON)
    (later_baby,) = session_stats(six_apart, SEVEN_ONE_ONE, LONDON)
    assert not strict.rule_met
    # 7-1-1: met at the first start with one 53 min (S − I) before it: 54 min in.
    assert later_baby.rule_met_at == utc(2026, 3, 20, 18, 0) + timedelta(minutes=54)
    assert later_baby.sentence == "Met your go-in rule (7-1-1) at 18:54."


def test_no_contractions_no_sessions() -> None:
    assert session_stats([], FIVE_ONE_ONE, LONDON) == []
