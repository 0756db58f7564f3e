"""What the contraction timer says about a labour: window trends, and the text to share with a
midwife or partner (issue 4, items 3 and 6; issue 11, item 8: written to its reader, in the
timer's one measure, with the go-in rule's checklist, the events and the notes).

Pure functions; ``now`` and the person's time zone are passed in. Numbers are computed on UTC
instants; local time appears only in the words.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import Final

from tracker.core.models import ContractionRead, EventRead
from tracker.core.timeutil import format_duration_s, to_local
from tracker.core.vocabulary import EVENT_DETAILS
from tracker.core.words import counted
from tracker.entries.profile import LabourRule
from tracker.labour.sessions import (
    LabourSession,
    RuleChecklist,
    Typical,
    latest_session,
    rule_checklist,
    typical_duration,
    typical_interval,
    until,
    words_apart,
    words_long,
)

SUMMARY_WINDOWS_MIN: Final = (30, 60, 120)
"""The windows the summary offers, in minutes (issue 4: "30 min, 1 h, 2 h")."""

MIN_TREND_POINTS: Final = 3
"""Fewest intervals (or finished durations) a trend is fitted to; fewer says "too few to tell".
App heuristic."""

TREND_MIN_CHANGE_SHARE: Final = 0.10
"""A fitted trend counts as "getting closer/longer" only when the least-squares line changes by
at least 10 % of the mean across the time it spans; less is "steady" (so rounding noise is not
news). App heuristic."""

REGULARITY_MIN_CHANGE: Final = 0.05
"""Intervals are "becoming more (less) regular" when the coefficient of variation of the newer
half of the window's intervals is at least 0.05 below (above) that of the older half. App
heuristic."""

REGULAR_CV: Final = 0.15
FAIRLY_REGULAR_CV: Final = 0.30
"""Intervals whose coefficient of variation (population SD / mean) is ≤ 0.15 are called
"regular", ≤ 0.30 "fairly regular", above that "irregular". App heuristic, no clinical
threshold."""


class Change(StrEnum):
    """Which way a measure moves across a window."""

    RISING = "rising"
    FALLING = "falling"
    STEADY = "steady"
    UNKNOWN = "unknown"


TOO_FEW = "too few to tell"
_CLOSER_WORDS = {
    Change.FALLING: "getting closer together",
    Change.RISING: "getting further apart",
    Change.STEADY: "staying about as far apart",
    Change.UNKNOWN: TOO_FEW,
}
_LONGER_WORDS = {
    Change.RISING: "getting longer",
    Change.FALLING: "getting shorter",
    Change.STEADY: "staying about as long",
    Change.UNKNOWN: TOO_FEW,
}
_REGULAR_WORDS = {
    Change.FALLING: "becoming more regular",
    Change.RISING: "becoming less regular",
}


@dataclass(frozen=True)
class WindowSummary:
    """Contractions starting in ``[start, end]`` (``end`` is now): counts, averages, trends.

    Intervals are those between consecutive starts inside the window; durations are of the
    finished contractions. Slopes are least-squares fits against start time, in seconds of
    interval (duration) per hour.
    """

    window_min: int
    start: datetime
    end: datetime
    count: int
    durations_s: tuple[float, ...]
    intervals_s: tuple[float, ...]
    interval_slope_s_per_h: float | None
    duration_slope_s_per_h: float | None
    interval_cv: float | None
    interval_cv_older_half: float | None
    interval_cv_newer_half: float | None
    interval_change: Change
    duration_change: Change
    regularity_change: Change
    """The change of the intervals' coefficient of variation (``FALLING``: more regular)."""

    @property
    def mean_duration_s(self) -> float | None:
        return statistics.fmean(self.durations_s) if self.durations_s else None

    @property
    def median_duration_s(self) -> float | None:
        return statistics.median(self.durations_s) if self.durations_s else None

    @property
    def mean_interval_s(self) -> float | None:
        return statistics.fmean(self.intervals_s) if self.intervals_s else None

    @property
    def median_interval_s(self) -> float | None:
        return statistics.median(self.intervals_s) if self.intervals_s else None

    @property
    def getting_closer(self) -> bool | None:
        return _yes_no(self.interval_change, Change.FALLING)

    @property
    def getting_longer(self) -> bool | None:
        return _yes_no(self.duration_change, Change.RISING)

    @property
    def more_regular(self) -> bool | None:
        return _yes_no(self.regularity_change, Change.FALLING)

    @property
    def closer_label(self) -> str:
        return _CLOSER_WORDS[self.interval_change]

    @property
    def longer_label(self) -> str:
        return _LONGER_WORDS[self.duration_change]

    @property
    def regular_label(self) -> str:
        """E.g. "becoming more regular (intervals vary by 12 %)", "regular (… 8 %)"."""
        if self.interval_cv is None:
            return TOO_FEW
        word = _REGULAR_WORDS.get(self.regularity_change) or regularity_word(self.interval_cv)
        return f"{word} (intervals vary by {round(self.interval_cv * 100)}\u00a0%)"

    @property
    def window_label(self) -> str:
        return window_label(self.window_min)

    @property
    def trends(self) -> str:
        """E.g. "getting closer together, getting longer, regular (intervals vary by 5 %)";
        empty when there are too few to tell. No averages: the timer's one measure is
        ``sessions.typical_interval`` (median of the last 6), said elsewhere."""
        found = [self.closer_label, self.longer_label, self.regular_label]
        return ", ".join(t for t in found if t != TOO_FEW)

    @property
    def sentence(self) -> str:
        """E.g. "Last hour: 12 contractions; getting closer together, getting longer, regular
        (intervals vary by 5 %)."."""
        head = window_label(self.window_min).capitalize()
        if self.count == 0:
            return f"{head}: no contractions."
        text = f"{head}: {_count(self.count)}"
        return f"{text}; {self.trends}." if self.trends else f"{text}."


def _yes_no(change: Change, yes: Change) -> bool | None:
    return None if change == Change.UNKNOWN else change == yes


def _count(n: int) -> str:
    return counted(n, "contraction")


def window_label(window_min: int) -> str:
    """``last 30 minutes``, ``last hour``, ``last 2 hours``."""
    if window_min == 60:
        return "last hour"
    if window_min % 60 == 0:
        return f"last {window_min // 60} hours"
    return f"last {window_min} minutes"


def regularity_word(cv: float) -> str:
    """``regular``, ``fairly regular`` or ``irregular`` for a coefficient of variation."""
    if cv <= REGULAR_CV:
        return "regular"
    return "fairly regular" if cv <= FAIRLY_REGULAR_CV else "irregular"


def coefficient_of_variation(values: Sequence[float]) -> float | None:
    """Population standard deviation / mean; ``None`` for fewer than 2 values."""
    if len(values) < 2:
        return None
    mean = statistics.fmean(values)
    return statistics.pstdev(values) / mean if mean > 0 else None


def slope_per_h(points: Sequence[tuple[datetime, float]]) -> float | None:
    """Least-squares slope of the values against time, per hour; ``None`` for fewer than
    ``MIN_TREND_POINTS`` points (or all at one instant)."""
    if len(points) < MIN_TREND_POINTS:
        return None
    origin = points[0][0]
    hours = [(when - origin).total_seconds() / 3600 for when, _ in points]
    if max(hours) == min(hours):
        return None
    return statistics.linear_regression(hours, [value for _, value in points]).slope


def trend(points: Sequence[tuple[datetime, float]]) -> Change:
    """Rising or falling when the fitted line moves by ``TREND_MIN_CHANGE_SHARE`` of the mean
    across the time the points span; else steady; unknown with too few points."""
    slope = slope_per_h(points)
    if slope is None:
        return Change.UNKNOWN
    span_h = (points[-1][0] - points[0][0]).total_seconds() / 3600
    mean = statistics.fmean(value for _, value in points)
    if abs(slope * span_h) < TREND_MIN_CHANGE_SHARE * mean:
        return Change.STEADY
    return Change.RISING if slope > 0 else Change.FALLING


def summarize_window(
    contractions: Iterable[ContractionRead], now: datetime, window_min: int = 60
) -> WindowSummary:
    """The summary of the contractions starting in ``[now − window, now]`` (as known at now)."""
    start = now - timedelta(minutes=window_min)
    inside = [c for c in until(contractions, now) if c.started_at >= start]
    interval_points = [
        (b.started_at, (b.started_at - a.started_at).total_seconds()) for a, b in pairwise(inside)
    ]
    duration_points = [(c.started_at, c.duration_s) for c in inside if c.duration_s is not None]
    intervals = tuple(value for _, value in interval_points)
    half = len(intervals) // 2
    older = coefficient_of_variation(intervals[:half])
    newer = coefficient_of_variation(intervals[len(intervals) - half :])
    return WindowSummary(
        window_min=window_min,
        start=start,
        end=now,
        count=len(inside),
        durations_s=tuple(value for _, value in duration_points),
        intervals_s=intervals,
        interval_slope_s_per_h=slope_per_h(interval_points),
        duration_slope_s_per_h=slope_per_h(duration_points),
        interval_cv=coefficient_of_variation(intervals),
        interval_cv_older_half=older,
        interval_cv_newer_half=newer,
        interval_change=trend(interval_points),
        duration_change=trend(duration_points),
        regularity_change=_cv_change(older, newer),
    )


def _cv_change(older: float | None, newer: float | None) -> Change:
    if older is None or newer is None:
        return Change.UNKNOWN
    if abs(newer - older) < REGULARITY_MIN_CHANGE:
        return Change.STEADY
    return Change.FALLING if newer < older else Change.RISING


# --- share text -------------------------------------------------------------------------------


def local_clock(moment: datetime, tz_name: str | None, now: datetime) -> str:
    """``21:40`` in the person's zone; with the day (``Sat 24 Oct 23:40``) when not on the
    local day of ``now``; with the zone (``01:30 BST``) in the repeated hour of a clock change."""
    local = to_local(moment, tz_name)
    text = local.strftime("%H:%M")
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        text += local.strftime(" %Z")
    if local.date() != to_local(now, tz_name).date():
        text = f"{local:%a} {local.day} {local:%b} {text}"
    return text


EVENTS_BEFORE_SESSION: Final = timedelta(hours=24)
"""The share text lists the pregnancy events (waters, bleeding…) from 24 hours before the
session's first contraction until now: waters often break hours before contractions start, and
a midwife asks how long ago. App choice."""


def measure_words(gap: Typical, length: Typical) -> str:
    """What the typical values are: ``medians of the last 6``, or with fewer so far ``medians
    of the last 3 intervals and 4 lengths``; ``the last one`` for a single value."""
    known = [t for t in (gap, length) if t.seconds is not None]
    counts = {t.of for t in known}
    if len(counts) == 1:
        (n,) = counts
        if n == 1:
            return "the last one" if len(known) == 1 else "the last ones"
        return f"{'median' if len(known) == 1 else 'medians'} of the last {n}"
    return f"medians of the last {gap.of} intervals and {length.of} lengths"


def session_sentence(session: LabourSession, *, now: datetime, tz_name: str | None) -> str:
    """E.g. "Since 21:40: 14 contractions, typically 4 min 10 s apart and lasting 68 s
    (medians of the last 6)." (the timer's one measure)."""
    gap = typical_interval(session.contractions)
    length = typical_duration(session.contractions)
    text = f"Since {local_clock(session.started_at, tz_name, now)}: {_count(session.count)}"
    parts = []
    if gap.seconds is not None:
        parts.append(f"{gap.words} apart")
    if length.seconds is not None:
        parts.append(f"lasting {words_long(length.seconds)}")
    if parts:
        text += f", typically {' and '.join(parts)} ({measure_words(gap, length)})"
    return text + "."


def latest_sentence(session: LabourSession, *, now: datetime, tz_name: str | None) -> str:
    """What the newest contraction is doing: still going, or when it started and how long."""
    last = session.contractions[-1]
    when = local_clock(last.started_at, tz_name, now)
    if last.duration_s is None:
        going = format_duration_s(max((now - last.started_at).total_seconds(), 0))
        return f"The latest started at {when} and is still going ({going} so far)."
    return f"The latest started at {when} and lasted {words_long(last.duration_s)}."


def rule_lines(check: RuleChecklist) -> list[str]:
    """The go-in rule by name, its checklist and whether it is met, in plain words for whoever
    reads them (never "you", never a diagnosis)."""
    rule = check.rule
    whose = "their own, set in the app" if rule.from_profile else "the app's default"
    lines = [f"Go-in rule {rule} ({whose}: {_rule_words(rule)}): {check.line}"]
    if check.met:
        lines.append(f"The {rule} pattern is met: it has held for {rule.sustained_min} minutes.")
    else:
        lines.append(f"The {rule} pattern is not met yet.")
    progress = check.progress
    if progress.paused and progress.since_last_start_s is not None:
        lines.append(f"No contraction has started for {words_apart(progress.since_last_start_s)}.")
    return lines


def _rule_words(rule: LabourRule) -> str:
    return rule.sentence.removeprefix("contractions ")


def event_line(item: EventRead, *, tz_name: str | None, now: datetime) -> str:
    """``- 18:40 Waters broke: clear or pale. Note: …`` (labels, never codes)."""
    text = f"- {local_clock(item.occurred_at, tz_name, now)} {item.kind.label}"
    codes = EVENT_DETAILS.get(item.kind)
    if item.detail and codes is not None:
        text += f": {codes(item.detail).label.lower()}"
    if item.note:
        text += f". Note: {_one_line(item.note)}"
    return text


def _one_line(text: str) -> str:
    return " ".join(text.split())


def session_events(
    events: Iterable[EventRead], session: LabourSession, now: datetime
) -> list[EventRead]:
    """The events from ``EVENTS_BEFORE_SESSION`` before the session's first start until
    ``now``, oldest first."""
    since = session.started_at - EVENTS_BEFORE_SESSION
    return sorted(
        (e for e in events if since <= e.occurred_at <= now), key=lambda e: (e.occurred_at, e.id)
    )


def share_text(
    contractions: Iterable[ContractionRead],
    *,
    now: datetime,
    tz_name: str | None,
    rule: LabourRule | None = None,
    events: Iterable[EventRead] = (),
    name: str = "",
    window_min: int = 60,
) -> str:
    """A summary of the latest session for a midwife (or whoever the person sends it to),
    written to its reader: the date, the session in the timer's one measure, the trends of
    the last ``window_min`` minutes, the newest contraction, the go-in rule by name with its
    checklist and whether it is met, the events around the session with their local times, and
    the notes. Local times in ``tz_name``; plain words, never a diagnosis."""
    known = until(contractions, now)
    session = latest_session(known)
    if session is None:
        return "No contractions timed."
    local_now = to_local(now, tz_name)
    who = f" from {_one_line(name)}" if name.strip() else ""
    zone_name = tz_name or "UTC"
    lines = [
        f"Contraction timings{who}, {local_now:%a} {local_now.day} {local_now:%b %Y} "
        f"(local times, {zone_name})",
        session_sentence(session, now=now, tz_name=tz_name),
    ]
    summary = summarize_window(session.contractions, now, window_min)
    if summary.trends:
        lines.append(f"{window_label(window_min).capitalize()}: {summary.trends}.")
    lines.append(latest_sentence(session, now=now, tz_name=tz_name))
    if rule is not None:
        lines += rule_lines(rule_checklist(session.contractions, rule, now))
    happened = session_events(events, session, now)
    if happened:
        lines.append("Events:")
        lines += [event_line(e, tz_name=tz_name, now=now) for e in happened]
    noted = [c for c in session.contractions if c.note.strip()]
    if noted:
        lines.append("Notes on contractions:")
        lines += [f"- {local_clock(c.started_at, tz_name, now)} {_one_line(c.note)}" for c in noted]
    lines.append(
        "Timed with Cramp Tracker, a timer and diary: the person's own timings, not a diagnosis."
    )
    return "\n".join(lines)
