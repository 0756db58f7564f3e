"""The contraction timer's arithmetic on plain values: durations, intervals, sessions, window
summaries and trends, the go-in rule's progress (red-flags.md P1) and the share text."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.tracker.flags.builders import contraction, diary, local, pregnant_profile, utc
from tracker.core.models import ContractionRead
from tracker.entries.profile import LabourRule
from tracker.flags.engine import evaluate
from tracker.flags.registry import first_met_runs
from tracker.labour.sessions import (
    SESSION_GAP_S,
    durations_s,
    intervals_s,
    latest_session,
    pattern_met,
    rule_checklist,
    rule_met,
    rule_progress,
    split_sessions,
    until,
    words_apart,
    words_long,
)
from tracker.labour.summary import (
    Change,
    local_clock,
    rule_lines,
    share_text,
    summarize_window,
    trend,
)

T0 = utc(2026, 3, 1, 21, 40)
S = timedelta(seconds=1)
M = timedelta(minutes=1)
FIRST_BABY = LabourRule(5, 60, 60, from_profile=False)
LATER_BABY = LabourRule(7, 60, 60, from_profile=False)


def series(
    start: datetime,
    gaps_s: list[float],
    lengths_s: list[float | None] | float | None = 60,
) -> list[ContractionRead]:
    """Contractions starting at ``start`` then after each gap; ``lengths_s`` one per
    contraction, or one value for all (``None``: running)."""
    starts = [start]
    for gap in gaps_s:
        starts.append(starts[-1] + timedelta(seconds=gap))
    lengths = lengths_s if isinstance(lengths_s, list) else [lengths_s] * len(starts)
    return [contraction(at, length) for at, length in zip(starts, lengths, strict=True)]


def every(gap_s: float, count: int, start: datetime = T0, length_s: float = 60) -> list:
    return series(start, [gap_s] * (count - 1), length_s)


# --- durations and intervals -------------------------------------------------------------------


def test_durations_and_intervals_in_start_order_whatever_the_input_order() -> None:
    made = series(T0, [240, 300, 270], [50, 65.5, 70, None])
    shuffled = [made[2], made[0], made[3], made[1]]
    assert durations_s(shuffled) == [50, 65.5, 70, None]
    assert intervals_s(shuffled) == [None, 240, 300, 270]


def test_until_drops_later_starts_and_treats_a_later_end_as_still_running() -> None:
    made = series(T0, [240, 240], [60, 90, 60])
    known = until(made, T0 + 4 * M + 30 * S)
    assert [c.id for c in known] == [made[0].id, made[1].id]
    assert durations_s(known) == [60, None]


# --- sessions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gap", "sessions"),
    [(timedelta(hours=2), 1), (timedelta(hours=2) + S, 2), (timedelta(hours=5), 2)],
)
def test_sessions_split_only_when_starts_are_more_than_two_hours_apart(
    gap: timedelta, sessions: int
) -> None:
    made = [*every(300, 3), *every(300, 2, start=T0 + 10 * M + gap)]
    found = split_sessions(reversed(made))
    assert [s.count for s in found] == ([5] if sessions == 1 else [3, 2])
    assert SESSION_GAP_S == 2 * 60 * 60


def test_a_session_starts_without_an_interval_and_knows_its_running_contraction() -> None:
    made = [*every(300, 2), *series(T0 + 3 * 60 * M, [240], [62, None])]
    session = latest_session(made)
    assert session is not None
    assert session.started_at == T0 + 3 * 60 * M
    assert [(r.duration_s, r.interval_s) for r in session.rows] == [(62, None), (None, 240)]
    assert session.running is made[-1]
    assert session.is_open(session.last_started_at + 2 * 60 * M)
    assert not session.is_open(session.last_started_at + 2 * 60 * M + S)
    assert latest_session([]) is None


# --- window summary ----------------------------------------------------------------------------


def test_summary_counts_averages_and_medians_exactly() -> None:
    made = series(T0, [240, 300, 270], [50, 60, 75, None])
    now = T0 + 20 * M
    summary = summarize_window(made, now, 60)
    assert summary.count == 4
    assert summary.intervals_s == (240, 300, 270)
    assert summary.mean_interval_s == 270
    assert summary.median_interval_s == 270
    assert summary.durations_s == (50, 60, 75)
    assert summary.mean_duration_s == 61.666666666666664
    assert summary.median_duration_s == 60
    assert summary.start == now - 60 * M and summary.end == now


@pytest.mark.parametrize(
    ("first_offset", "count"),
    [(-30 * M, 3), (-30 * M - S, 2), (-29 * M, 3)],
)
def test_summary_window_is_inclusive_of_its_start(first_offset: timedelta, count: int) -> None:
    now = T0 + 60 * M
    made = [contraction(now + first_offset, 60), *every(300, 2, start=now - 10 * M)]
    assert summarize_window(made, now, 30).count == count


def test_summary_of_an_empty_window() -> None:
    summary = summarize_window(every(300, 3), T0 + 3 * 60 * M, 30)
    assert summary.count == 0
    assert summary.mean_interval_s is None and summary.median_duration_s is None
    assert summary.sentence == "Last 30 minutes: no contractions."
    assert summary.getting_closer is None


@pytest.mark.parametrize(
    ("gaps_min", "change", "closer"),
    [
        ([8, 7, 6, 5, 4], Change.FALLING, True),
        ([4, 5, 6, 7, 8], Change.RISING, False),
        ([5, 5, 5, 5, 5], Change.STEADY, False),
        ([5, 5.1, 4.9, 5], Change.STEADY, False),
        ([6, 5], Change.UNKNOWN, None),
    ],
)
def test_getting_closer_is_a_falling_least_squares_trend_of_intervals(
    gaps_min: list[float], change: Change, closer: bool | None
) -> None:
    made = series(T0, [g * 60 for g in gaps_min])
    summary = summarize_window(made, made[-1].started_at + M, 120)
    assert summary.interval_change == change
    assert summary.getting_closer is closer
    if closer:
        assert summary.closer_label == "getting closer together"
        assert summary.interval_slope_s_per_h is not None and summary.interval_slope_s_per_h < 0


@pytest.mark.parametrize(
    ("lengths", "change", "label"),
    [
        ([40, 50, 60, 70], Change.RISING, "getting longer"),
        ([70, 60, 50, 40], Change.FALLING, "getting shorter"),
        ([60, 61, 60, 59], Change.STEADY, "staying about as long"),
        ([60, 70, None], Change.UNKNOWN, "too few to tell"),
    ],
)
def test_getting_longer_is_a_rising_trend_of_finished_durations(
    lengths: list[float | None], change: Change, label: str
) -> None:
    made = series(T0, [300] * (len(lengths) - 1), lengths)
    summary = summarize_window(made, made[-1].started_at + 2 * M, 60)
    assert (summary.duration_change, summary.longer_label) == (change, label)


def test_trend_is_linear_least_squares_over_time_not_over_position() -> None:
    # Same values, but the late fall happens over a long time: the fitted slope is gentle.
    points = [(T0, 300.0), (T0 + M, 300.0), (T0 + 2 * M, 300.0), (T0 + 60 * M, 240.0)]
    assert trend(points) == Change.FALLING
    assert trend(points[:3]) == Change.STEADY
    assert trend(points[:2]) == Change.UNKNOWN


@pytest.mark.parametrize(
    ("gaps_s", "change", "label"),
    [
        ([180, 420, 200, 400, 300, 300, 300, 300], Change.FALLING, "becoming more regular"),
        ([300, 300, 300, 300, 180, 420, 200, 400], Change.RISING, "becoming less regular"),
        ([300, 300, 300, 300, 300], Change.STEADY, "regular (intervals vary by 0\u00a0%)"),
        ([240, 300, 270], Change.UNKNOWN, "regular (intervals vary by 9\u00a0%)"),
        ([120, 420, 240], Change.UNKNOWN, "irregular (intervals vary by 47\u00a0%)"),
    ],
)
def test_regularity_compares_the_older_and_newer_half_of_the_intervals(
    gaps_s: list[float], change: Change, label: str
) -> None:
    made = series(T0, gaps_s)
    summary = summarize_window(made, made[-1].started_at, 120)
    assert summary.regularity_change == change
    assert summary.regular_label.startswith(label)
    assert summary.more_regular is {"falling": True, "rising": False, "steady": False}.get(change)


def test_summary_sentence_in_plain_words() -> None:
    made = every(250, 13, length_s=68)
    summary = summarize_window(made, made[-1].started_at + 2 * M, 60)
    assert summary.sentence == (
        "Last hour: 13 contractions; staying about as far apart, staying about as long, "
        "regular (intervals vary by 0\u00a0%)."
    )  # no averages: the timer's one measure (median of the last 6) is said elsewhere


# --- the go-in rule (P1) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gap_s", "count", "length_s", "met"),
    [
        (300, 12, 60, True),  # exactly 5:00 apart, 60 s, first start 55 min before the last
        (300, 11, 60, False),  # 50 min span: not yet
        (301, 12, 60, False),  # 5:01 apart
        (300, 12, 59, False),  # 59 s long
        (300, 13, 60, True),  # 60 min span: W = [s − 60, s] holds the first one exactly
        (240, 15, 75, True),  # 56 min span, closer and longer than the rule
    ],
)
def test_p1_at_its_boundaries(gap_s: float, count: int, length_s: float, met: bool) -> None:
    made = every(gap_s, count, length_s=length_s)
    last = made[-1].started_at
    assert rule_met(made, last, FIRST_BABY) is met
    progress = rule_progress(made, FIRST_BABY, last + 2 * M)
    assert progress.met is met
    assert (progress.fraction == 1.0) is met


@pytest.mark.parametrize(
    ("long_gaps", "met"),
    [(2, True), (3, False)],
)
def test_p1_needs_80_percent_of_intervals_short_enough(long_gaps: int, met: bool) -> None:
    # 10 intervals: the first long_gaps are 8 min, the rest 5 min; a 56 or 59 min span.
    made = series(T0, [480.0] * long_gaps + [300.0] * (10 - long_gaps))
    assert rule_met(made, made[-1].started_at, FIRST_BABY) is met


@pytest.mark.parametrize(("short_ones", "met"), [(2, True), (3, False)])
def test_p1_needs_80_percent_of_finished_contractions_long_enough(
    short_ones: int, met: bool
) -> None:
    # 12 contractions 5 min apart (55 min), the last still running: 11 finished, 9 must be long.
    lengths: list[float | None] = [45.0] * short_ones + [60.0] * (11 - short_ones) + [None]
    made = series(T0, [300] * 11, lengths)
    assert rule_met(made, made[-1].started_at, FIRST_BABY) is met


def test_p1_with_a_later_baby_rule_uses_its_own_interval() -> None:
    made = every(420, 9)  # 7 min apart, 56 min span ≥ 60 − 7
    last = made[-1].started_at
    assert rule_met(made, last, LATER_BABY)
    assert not rule_met(made, last, FIRST_BABY)


def test_pattern_met_takes_plain_numbers_for_the_flag_engine() -> None:
    made = every(300, 12)
    last = made[-1].started_at
    assert pattern_met(made, last, interval_min=5, duration_s=60, span_min=60)
    assert not pattern_met(made, last, interval_min=5, duration_s=60, span_min=61)
    assert not pattern_met([], last, interval_min=5, duration_s=60, span_min=60)


@pytest.mark.parametrize(
    ("count", "held", "line"),
    [
        (9, 38, "every ≤ 5 min ✓ · lasting ≥ 60 s ✓ · for 60 min: 38 of 60 ✗"),
        (15, 60, "every ≤ 5 min ✓ · lasting ≥ 60 s ✓ · for 60 min: 60 of 60 ✓"),
        (1, 0, "every ≤ 5 min (not known yet) · lasting ≥ 60 s ✓ · for 60 min: 0 of 60 ✗"),
    ],
)
def test_rule_progress_in_minutes_and_as_a_checklist(count: int, held: int, line: str) -> None:
    made = every(250, count, length_s=65)
    now = made[-1].started_at + 2 * M
    progress = rule_progress(made, FIRST_BABY, now)
    assert int(progress.held_min) == held
    assert progress.fraction == pytest.approx(min(progress.held_min / 60, 1))
    assert rule_checklist(made, FIRST_BABY, now).line == line


def test_rule_progress_counts_the_span_plus_one_interval_as_p1_does() -> None:
    made = every(300, 11)  # 50 min span: P1 not met; with one more 5-min interval it would be
    progress = rule_progress(made, FIRST_BABY, made[-1].started_at)
    assert not progress.met
    assert progress.held_min == 55
    assert progress.fraction == 55 / 60


def test_rule_progress_when_the_pattern_does_not_hold_and_when_contractions_pause() -> None:
    made = every(600, 6, length_s=45)
    progress = rule_progress(made, FIRST_BABY, made[-1].started_at + 12 * M)
    assert (progress.held_min, progress.fraction, progress.paused) == (0, 0, True)
    check = rule_checklist(made, FIRST_BABY, made[-1].started_at + 12 * M)
    assert rule_lines(check) == [
        "Go-in rule 5-1-1 (the app's default: every 5 minutes or less, each lasting 60 seconds "
        "or more, for 60 minutes): every ≤ 5 min ✗ · lasting ≥ 60 s ✗ · for 60 min: 0 of 60 ✗",
        "The 5-1-1 pattern is not met yet.",
        "No contraction has started for 12 min.",
    ]
    nothing = rule_progress([], FIRST_BABY, T0)
    assert nothing.at is None and nothing.fraction == 0


def test_rule_progress_ignores_what_starts_after_now() -> None:
    made = every(300, 12)
    progress = rule_progress(made, FIRST_BABY, made[-2].started_at + M)
    assert progress.at == made[-2].started_at
    assert not progress.met


@settings(max_examples=60, deadline=None)
@given(
    gaps=st.lists(st.integers(min_value=120, max_value=600), min_size=1, max_size=25),
    lengths=st.lists(st.integers(min_value=30, max_value=110), min_size=26, max_size=26),
    rule=st.sampled_from([FIRST_BABY, LATER_BABY, LabourRule(4, 45, 90, from_profile=True)]),
)
def test_progress_is_full_exactly_when_p1_is_met(
    gaps: list[int], lengths: list[int], rule: LabourRule
) -> None:
    made = series(T0, [float(g) for g in gaps], [float(x) for x in lengths[: len(gaps) + 1]])
    last = made[-1].started_at
    progress = rule_progress(made, rule, last)
    assert progress.met is rule_met(made, last, rule)
    assert 0 <= progress.held_min <= rule.sustained_min
    assert (progress.held_min == rule.sustained_min) is progress.met
    assert (progress.fraction == 1) is progress.met


@settings(max_examples=40, deadline=None)
@given(
    # Ranges around the 5-1-1 and 7-1-1 edges (300 s, 420 s, 60 s): about a quarter of the
    # examples meet P1 somewhere, the rest just miss.
    gaps=st.lists(st.integers(min_value=150, max_value=450), min_size=8, max_size=30),
    lengths=st.lists(st.integers(min_value=50, max_value=100), min_size=31, max_size=31),
    running=st.booleans(),
    births_before=st.sampled_from([0, 1]),
)
def test_rule_met_agrees_with_the_flag_engines_p1(
    gaps: list[int], lengths: list[int], running: bool, births_before: int
) -> None:
    chosen: list[float | None] = [float(x) for x in lengths[: len(gaps) + 1]]
    if running:
        chosen[-1] = None
    made = series(T0, [float(g) for g in gaps], chosen)
    person = pregnant_profile(39 * 7, T0.date(), births_before=births_before)
    rule = FIRST_BABY if births_before == 0 else LATER_BABY
    at = made[-1].started_at + 30 * S
    flagged = [f.at for f in evaluate(diary(person, made), at, rules=["P1"])]
    known = until(made, at)
    ours = first_met_runs((c.started_at for c in known), lambda s: rule_met(known, s, rule))
    assert sorted(flagged) == [when for when, _ in ours]


# --- words and the share text ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "apart", "long"),
    [
        (45, "45 s", "45 s"),
        (68.4, "1 min 8 s", "68 s"),
        (119.6, "2 min", "2 min"),
        (250, "4 min 10 s", "4 min 10 s"),
        (300, "5 min", "5 min"),
        (3900, "1 h 5 min", "1 h 5 min"),
    ],
)
def test_words(seconds: float, apart: str, long: str) -> None:
    assert (words_apart(seconds), words_long(seconds)) == (apart, long)


def test_share_text_of_the_latest_session() -> None:
    old = every(300, 3, start=T0 - 6 * 60 * M)  # an earlier false start: not in the text
    made = every(250, 14, length_s=68)
    running = contraction(made[-1].started_at + 250 * S)
    now = running.started_at + 40 * S
    text = share_text([*made, running, *old], now=now, tz_name="Europe/London", rule=FIRST_BABY)
    lines = text.splitlines()
    assert lines[1] == (
        "Since 21:40: 15 contractions, typically 4 min 10 s apart and lasting 68 s "
        "(medians of the last 6)."
    )
    assert (
        lines[2] == "Last hour: staying about as far apart, staying about as long, regular "
        "(intervals vary by 0\u00a0%)."
    )
    assert lines[3] == "The latest started at 22:38 and is still going (0:40 so far)."
    assert lines[5] == "The 5-1-1 pattern is met: it has held for 60 minutes."
    assert share_text([], now=now, tz_name="Europe/London") == "No contractions timed."


def test_a_labour_across_the_autumn_clock_change_keeps_four_minute_intervals() -> None:
    # Europe/London, 25 Oct 2026: 01:00–02:00 happens twice (BST, then GMT).
    start = local("2026-10-25T00:52")
    made = every(240, 25, start=start, length_s=70)  # 00:52 BST … 01:28 GMT, 96 min
    assert made[13].started_at == local("2026-10-25T01:44")
    assert made[-1].started_at == local("2026-10-25T01:28", fold=1)
    now = made[-1].started_at + 2 * M
    summary = summarize_window(made, now, 60)
    assert set(summary.intervals_s) == {240}
    assert summary.median_interval_s == 240 and summary.count == 15
    text = share_text(made, now=now, tz_name="Europe/London", rule=FIRST_BABY)
    lines = text.splitlines()
    assert lines[1] == (
        "Since 00:52: 25 contractions, typically 4 min apart and lasting 70 s "
        "(medians of the last 6)."
    )
    assert lines[3] == "The latest started at 01:28 GMT and lasted 70 s."


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (utc(2026, 3, 1, 21, 40), "21:40"),
        (utc(2026, 2, 28, 23, 5), "Sat 28 Feb 23:05"),
        (local("2026-10-25T01:30"), "01:30 BST"),
        (local("2026-10-25T01:30", fold=1), "01:30 GMT"),
        (local("2026-10-25T02:30"), "02:30"),
    ],
)
def test_local_clock_names_the_day_and_the_repeated_hour(moment: datetime, expected: str) -> None:
    now = moment if moment.month == 10 else utc(2026, 3, 1, 22)
    assert local_clock(moment, "Europe/London", now) == expected
