"""The dashboard: the last 7, 30 and 90 local days at a glance.

Per window: episodes per day with a 7-day rolling average, whether cramps came more or less
often in the window's second half than in its first (a rate ratio with its exact 95 % interval,
``frequency_trend``), mean intensity and its trend (a least-squares slope per week, or "not
enough data"), days at or over the drinks goal among days with drinks, days with any supplement
or medicine taken, and open flags by severity.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy.engine import Engine

from tracker.core.models import ProfileRead
from tracker.flags import Severity, service
from tracker.insights.days import day_table
from tracker.insights.factors import rate_ratio_interval, ratio_text
from tracker.insights.frames import DiaryFrames

WINDOWS_DAYS: tuple[int, ...] = (7, 30, 90)
"""The dashboard's windows, in local days ending today."""

ROLLING_DAYS = 7
"""The rolling average of episodes per day runs over this many days (today's and before)."""

MIN_TREND_EPISODES = 5
"""Fewer episodes than this in a window: no intensity trend ("not enough data")."""

FLAT_SLOPE_PER_WEEK = 0.05
"""A slope smaller than this (intensity points a week) reads as "about the same"."""


MIN_HALF_DAYS = 7
"""Fewest days in each half of a window for a frequency trend (a 7-day window has none)."""


@dataclass(frozen=True)
class FrequencyTrend:
    """Episodes per day in a window's second half against its first (equal halves of
    ``half_days``; the oldest day of an odd window is left out): the rate ratio (late / early)
    and its exact conditional 95 % interval, as ``tracker.insights.factors`` computes them."""

    half_days: int
    episodes_early: int
    episodes_late: int
    rate_ratio: float | None
    ci95: tuple[float, float] | None
    enough_data: bool
    change: str | None
    """``"more"``, ``"fewer"`` or ``"about the same"`` (the interval holds 1); ``None`` without
    enough data or without any episode."""
    sentence: str


def frequency_trend(episodes: pd.Series) -> FrequencyTrend:
    """Whether cramps came more or less often lately: ``episodes`` per local day, oldest first,
    one entry per day of the window (days with nothing logged count as 0)."""
    half = len(episodes) // 2
    counts = episodes.to_numpy(dtype="int64")
    early = int(counts[len(counts) - 2 * half : len(counts) - half].sum()) if half else 0
    late = int(counts[len(counts) - half :].sum()) if half else 0
    if half < MIN_HALF_DAYS:
        return FrequencyTrend(
            half,
            early,
            late,
            None,
            None,
            False,
            None,
            "Not enough data to say whether cramps come more or less often: "
            f"{len(episodes)} days; at least {2 * MIN_HALF_DAYS} are needed.",
        )
    if early + late == 0:
        return FrequencyTrend(
            half,
            0,
            0,
            None,
            None,
            True,
            None,
            f"No cramp episodes in the last {half} days or in the {half} before.",
        )
    change = rate_change(early=early, early_days=half, late=late, late_days=half)
    before = f"{early / half:.2f}" if early else "none"
    figures = (
        f"{late / half:.2f} a day in the last {half} days against {before} in the {half} before"
    )
    words = {"more": "more often", "fewer": "less often", "about the same": "about as often"}
    assert change.change is not None  # some episode in either half
    sentence = f"Cramps came {words[change.change]} lately: {figures}"
    return FrequencyTrend(
        half,
        early,
        late,
        change.ratio,
        change.ci95,
        True,
        change.change,
        f"{sentence} ({change.words})." if change.words else f"{sentence}.",
    )


@dataclass(frozen=True)
class RateChange:
    """A later period's episodes per day against an earlier one's (``rate_change``)."""

    ratio: float | None
    ci95: tuple[float, float] | None
    change: str | None
    """``"more"``, ``"fewer"``, ``"about the same"`` (the interval holds 1); ``None`` when
    neither period has an episode."""
    words: str
    """``1.5×, 95 % interval 0.63–3.7: no clear change``; empty without a ratio."""


def rate_change(*, early: int, early_days: int, late: int, late_days: int) -> RateChange:
    """The rate ratio (late / early) with its exact conditional 95 % interval (as the factors
    compute it) and what it says: more, fewer, or no clear change when the interval holds 1.
    None early and some late is "more" without a ratio (it would be infinite)."""
    if early + late == 0:
        return RateChange(None, None, None, "")
    ratio, ci95 = rate_ratio_interval(
        episodes_with=late, days_with=late_days, episodes_without=early, days_without=early_days
    )
    if ratio is None or ci95 is None:
        return RateChange(None, None, "more", "")
    words = f"{ratio_text(ratio)}×, 95 % interval {ratio_text(ci95[0])}–{ratio_text(ci95[1])}"
    if ci95[0] > 1:
        return RateChange(ratio, ci95, "more", words)
    if ci95[1] < 1:
        return RateChange(ratio, ci95, "fewer", words)
    return RateChange(ratio, ci95, "about the same", f"{words}: no clear change")


@dataclass(frozen=True)
class Trend:
    """Mean intensity's least-squares slope over a window, in points (0–10) per week."""

    slope_per_week: float | None
    episodes: int
    enough_data: bool
    sentence: str


@dataclass(frozen=True)
class DashboardWindow:
    """The figures of one window (``first``..``last``, ``days`` local days)."""

    days: int
    first: date
    last: date
    daily: pd.DataFrame
    """Index ``local_day`` (every day of the window); ``episodes`` and ``rolling_mean``
    (mean episodes per day over the ``ROLLING_DAYS`` days up to that day)."""
    episodes: int
    episodes_per_day: float
    frequency: FrequencyTrend
    mean_intensity: float | None
    trend: Trend
    goal_ml: int
    days_with_drinks: int
    days_at_goal: int
    """Days with drinks logged whose total reached the goal."""
    supplement_days: int
    """Days with at least one supplement or medicine intake."""
    open_flags: dict[str, int]
    """Unacknowledged flags first met in the window, by severity (every severity a key)."""


def intensity_trend(cramps: pd.DataFrame) -> Trend:
    """Least-squares slope of intensity against start time, per week, over ``cramps`` (rows of
    the cramps frame). Fewer than ``MIN_TREND_EPISODES``, or all at one instant: no trend."""
    count = len(cramps)
    times = cramps["started_at"]
    if count < MIN_TREND_EPISODES or times.nunique() < 2:
        return Trend(
            None,
            count,
            False,
            f"Not enough data for a trend: {count} episode{'' if count == 1 else 's'}; "
            f"at least {MIN_TREND_EPISODES} are needed.",
        )
    weeks = (times - times.min()).dt.total_seconds().to_numpy() / (7 * 24 * 3600)
    slope = float(np.polyfit(weeks, cramps["intensity"].to_numpy(dtype="float64"), 1)[0])
    if abs(slope) < FLAT_SLOPE_PER_WEEK:
        words = "stayed about the same"
    else:
        words = f"{'rose' if slope > 0 else 'fell'} by about {abs(slope):.1f} points a week"
    return Trend(slope, count, True, f"Intensity {words} over these {count} episodes.")


def window(
    frames: DiaryFrames,
    *,
    last: date,
    days: int,
    table: pd.DataFrame | None = None,
    open_flags: Mapping[str, int] | None = None,
) -> DashboardWindow:
    """The figures of the ``days`` local days ending ``last`` (which ``frames`` must cover;
    ``table`` is ``day_table(frames)``, passed in to compute it once)."""
    table = day_table(frames) if table is None else table
    first = last - timedelta(days=days - 1)
    start, end = pd.Timestamp(first), pd.Timestamp(last)
    rolling = table["episodes"].rolling(ROLLING_DAYS, min_periods=1).mean()
    part = table.loc[start:end]
    daily = pd.DataFrame({"episodes": part["episodes"], "rolling_mean": rolling.loc[start:end]})
    cramps = frames.cramps[frames.cramps["local_day"].between(start, end)]
    with_drinks = part["drinks_logged"] > 0
    flags = {s.value: 0 for s in Severity} | dict(open_flags or {})
    return DashboardWindow(
        days=days,
        first=first,
        last=last,
        daily=daily,
        episodes=int(part["episodes"].sum()),
        episodes_per_day=float(part["episodes"].sum()) / days,
        frequency=frequency_trend(part["episodes"]),
        mean_intensity=float(cramps["intensity"].mean()) if len(cramps) else None,
        trend=intensity_trend(cramps),
        goal_ml=frames.goal_ml,
        days_with_drinks=int(with_drinks.sum()),
        days_at_goal=int((with_drinks & (part["drinks_ml"] >= frames.goal_ml)).sum()),
        supplement_days=int((part["intakes_logged"] > 0).sum()),
        open_flags=flags,
    )


def dashboard(
    frames: DiaryFrames,
    *,
    today: date,
    windows: Sequence[int] = WINDOWS_DAYS,
    open_flags: Mapping[int, Mapping[str, int]] | None = None,
) -> list[DashboardWindow]:
    """One ``DashboardWindow`` per window ending ``today``; ``frames`` must cover the longest
    (``frames.first <= today - max(windows) + 1``). ``open_flags`` is
    ``open_flag_counts(...)``'s result (omitted: zero flags)."""
    table = day_table(frames)
    flags = open_flags or {}
    return [
        window(frames, last=today, days=days, table=table, open_flags=flags.get(days))
        for days in windows
    ]


def open_flag_counts(
    *, engine: Engine, profile: ProfileRead, now: datetime, windows: Iterable[int] = WINDOWS_DAYS
) -> dict[int, dict[str, int]]:
    """Unacknowledged flags first met in the last ``days`` of each window, by severity.

    One evaluation for the longest window (``service.current_flags``), counted per window."""
    windows = list(windows)
    longest = max(windows)
    listed = service.current_flags(engine, profile, now, longest)
    start = now - timedelta(days=longest)
    open_ = service.unacknowledged(engine, profile, listed, since=start) if listed else []
    counts: dict[int, dict[str, int]] = {}
    for days in windows:
        since = now - timedelta(days=days)
        shown = {s.value: 0 for s in Severity}
        for flag in open_:
            if flag.at >= since:
                shown[flag.severity.value] += 1
        counts[days] = shown
    return counts
