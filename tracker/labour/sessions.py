"""The contraction timer's arithmetic: order, durations, intervals, sessions and the go-in rule.

Pure functions over ``ContractionRead`` values in any order; nothing here reads the clock or the
database (``now`` is passed in). All arithmetic is on UTC instants, so a clock change in the
person's zone never bends an interval; local time only appears in words (``labour_summary``).

Words used (vocabulary.md, Contraction): *duration* = end − start (none while it is running);
*interval* = this start − the previous start (never "frequency").
"""

from __future__ import annotations

import math
import statistics
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from itertools import pairwise
from typing import Final

from tracker.core.models import ContractionRead
from tracker.core.thresholds import P1_MIN_SHARE
from tracker.entries.profile import LabourRule

SESSION_GAP_S: Final = 2 * 60 * 60
"""Two contractions whose starts are more than 2 hours apart belong to different sessions
(labours); exactly 2 hours apart still counts as one (issue 4: "sessions split automatically
when there is a gap of more than 2 hours"). An app choice, not a clinical threshold."""


def in_order(contractions: Iterable[ContractionRead]) -> list[ContractionRead]:
    """Oldest first, by start then id (the order every function here works in)."""
    return sorted(contractions, key=lambda c: (c.started_at, c.id))


def until(contractions: Iterable[ContractionRead], at: datetime) -> list[ContractionRead]:
    """What was known at ``at``, oldest first: contractions started at or before ``at``; one
    that ended after ``at`` is taken as still running then (as ``Diary.until`` does)."""
    return [
        c if c.ended_at is None or c.ended_at <= at else c.model_copy(update={"ended_at": None})
        for c in in_order(contractions)
        if c.started_at <= at
    ]


def durations_s(contractions: Iterable[ContractionRead]) -> list[float | None]:
    """Each contraction's duration in seconds, oldest first; ``None`` while it is running."""
    return [c.duration_s for c in in_order(contractions)]


def intervals_s(contractions: Iterable[ContractionRead]) -> list[float | None]:
    """Each contraction's interval in seconds (its start − the previous start), oldest first;
    ``None`` for the first one."""
    ordered = in_order(contractions)
    return [None] + [_gap_s(a, b) for a, b in pairwise(ordered)]


def _gap_s(earlier: ContractionRead, later: ContractionRead) -> float:
    return (later.started_at - earlier.started_at).total_seconds()


def finished_durations_s(contractions: Iterable[ContractionRead]) -> list[float]:
    """Durations of the finished contractions only, oldest first."""
    return [d for d in durations_s(contractions) if d is not None]


def known_intervals_s(contractions: Iterable[ContractionRead]) -> list[float]:
    """The start-to-start intervals between consecutive contractions, oldest first."""
    return [i for i in intervals_s(contractions) if i is not None]


# --- sessions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimedContraction:
    """A contraction with its duration and its interval inside its session (a table row)."""

    contraction: ContractionRead
    duration_s: float | None
    interval_s: float | None


@dataclass(frozen=True)
class LabourSession:
    """Contractions whose consecutive starts are at most ``SESSION_GAP_S`` apart, oldest first."""

    contractions: tuple[ContractionRead, ...]

    def __post_init__(self) -> None:
        if not self.contractions:
            raise ValueError("a session has at least one contraction")

    @property
    def started_at(self) -> datetime:
        return self.contractions[0].started_at

    @property
    def last_started_at(self) -> datetime:
        return self.contractions[-1].started_at

    @property
    def count(self) -> int:
        return len(self.contractions)

    @property
    def running(self) -> ContractionRead | None:
        """The contraction still going (no end), if any."""
        last = self.contractions[-1]
        return last if last.ended_at is None else None

    @property
    def rows(self) -> list[TimedContraction]:
        """Every contraction with its duration and interval, oldest first (the first has no
        interval: the one before it, if any, belongs to another session)."""
        gaps = intervals_s(self.contractions)
        return [
            TimedContraction(c, c.duration_s, gap)
            for c, gap in zip(self.contractions, gaps, strict=True)
        ]

    def is_open(self, now: datetime) -> bool:
        """Whether a contraction starting at ``now`` would still belong to this session."""
        return (now - self.last_started_at).total_seconds() <= SESSION_GAP_S


def split_sessions(contractions: Iterable[ContractionRead]) -> list[LabourSession]:
    """Sessions, oldest first: a new one begins wherever a start lies more than
    ``SESSION_GAP_S`` after the previous start."""
    sessions: list[list[ContractionRead]] = []
    previous: ContractionRead | None = None
    for contraction in in_order(contractions):
        if previous is None or _gap_s(previous, contraction) > SESSION_GAP_S:
            sessions.append([])
        sessions[-1].append(contraction)
        previous = contraction
    return [LabourSession(tuple(s)) for s in sessions]


def latest_session(contractions: Iterable[ContractionRead]) -> LabourSession | None:
    """The most recent session (whether or not it is still going), or ``None``."""
    sessions = split_sessions(contractions)
    return sessions[-1] if sessions else None


# --- the go-in rule (red-flags.md P1) ---------------------------------------------------------


def pattern_window(
    ordered: Sequence[ContractionRead], at: datetime, span_min: float
) -> Sequence[ContractionRead]:
    """P1's W: the contractions of ``ordered`` (oldest first) starting in ``[at − span, at]``."""
    starts = [c.started_at for c in ordered]
    low = bisect_left(starts, at - timedelta(minutes=span_min))
    high = bisect_right(starts, at)
    return ordered[low:high]


_MIN_SHARE: Final = Fraction(str(P1_MIN_SHARE))


def _share_at_least(hits: int, total: int) -> bool:
    """``hits`` is at least ``P1_MIN_SHARE`` of ``total``, compared exactly, in integers (the
    flag engine asks at every start of a labour); an empty set never qualifies."""
    return total > 0 and hits * _MIN_SHARE.denominator >= _MIN_SHARE.numerator * total


def pattern_holds(
    window: Sequence[ContractionRead], *, interval_min: float, duration_s: float
) -> bool:
    """P1's 80 % tests on W (oldest first): at least 80 % of the start-to-start intervals inside
    W are ≤ the rule's interval, and at least 80 % of W's finished contractions last ≥ its
    duration. Needs at least one interval and one finished contraction. W is taken in the
    order given, not sorted again (the flag engine asks at every start of a labour)."""
    limit_s = interval_min * 60
    gaps = [(b.started_at - a.started_at).total_seconds() for a, b in pairwise(window)]
    lengths = [d for d in (c.duration_s for c in window) if d is not None]
    short = sum(1 for g in gaps if g <= limit_s)
    long_enough = sum(1 for d in lengths if d >= duration_s)
    return _share_at_least(short, len(gaps)) and _share_at_least(long_enough, len(lengths))


def pattern_met(
    ordered: Sequence[ContractionRead],
    at: datetime,
    *,
    interval_min: float,
    duration_s: float,
    span_min: float,
) -> bool:
    """Red-flags.md P1 (without its GA ≥ 37+0 condition) at a contraction starting at ``at``:
    with W = contractions of ``ordered`` (oldest first) starting in ``[at − S, at]``, met when
    W's earliest start ≤ ``at − (S − I)`` and ``pattern_holds(W)``.

    Ends are taken as ``ordered`` has them: pass the contractions as known at the time of
    evaluation (``until(contractions, now)``), as the flag engine does with ``Diary.until``.
    """
    window = pattern_window(ordered, at, span_min)
    return (
        bool(window)
        and window[0].started_at <= at - timedelta(minutes=span_min - interval_min)
        and pattern_holds(window, interval_min=interval_min, duration_s=duration_s)
    )


def rule_met(ordered: Sequence[ContractionRead], at: datetime, rule: LabourRule) -> bool:
    """``pattern_met`` with the person's ``LabourRule`` (its span S as ``span_min``)."""
    return _met(ordered, at, rule, rule.sustained_min)


def _met(
    ordered: Sequence[ContractionRead], at: datetime, rule: LabourRule, span_min: float
) -> bool:
    return pattern_met(
        ordered, at, interval_min=rule.interval_min, duration_s=rule.duration_s, span_min=span_min
    )


TYPICAL_OF_LAST: Final = 6
"""The timer's one measure, used by its big figures, its checklist, its sentences and the share
text: the median of the session's last 6 intervals (and of its last 6 finished durations).
The median, not the mean, so that one missed or doubled tap (a 12-minute or a 20-second
interval) does not move it much; the last 6 (about half an hour at 5-minute intervals) so that
it follows the labour as it changes. App choice, not a clinical threshold."""


@dataclass(frozen=True)
class Typical:
    """The median of the last ``TYPICAL_OF_LAST`` values (``of``: how many there were)."""

    seconds: float | None
    of: int

    def label(self, what: str) -> str:
        """``Typical interval (median of last 6)``: the measure says what it is."""
        if self.of == 0:
            return f"Typical {what} (none yet)"
        if self.of == 1:
            return f"Typical {what} (the last one)"
        return f"Typical {what} (median of last {self.of})"

    @property
    def words(self) -> str:
        """``4 min 10 s``; a dash when unknown."""
        return "–" if self.seconds is None else words_apart(self.seconds)

    @property
    def clock(self) -> str:
        """``4:10`` (m:ss); a dash when unknown."""
        if self.seconds is None:
            return "–"
        minutes, secs = divmod(round(self.seconds), 60)
        return f"{minutes}:{secs:02d}"


def _typical(values: Sequence[float]) -> Typical:
    last = list(values)[-TYPICAL_OF_LAST:]
    return Typical(statistics.median(last) if last else None, len(last))


def _latest(contractions: Iterable[ContractionRead]) -> tuple[ContractionRead, ...]:
    session = latest_session(contractions)
    return session.contractions if session else ()


def typical_interval(contractions: Iterable[ContractionRead]) -> Typical:
    """The median of the latest session's last 6 start-to-start intervals."""
    return _typical(known_intervals_s(_latest(contractions)))


def typical_duration(contractions: Iterable[ContractionRead]) -> Typical:
    """The median of the latest session's last 6 finished durations (a running one has none)."""
    return _typical(finished_durations_s(_latest(contractions)))


@dataclass(frozen=True)
class RuleProgress:
    """How close the latest contractions are to the go-in rule.

    ``held_min`` is the longest span T ≤ S for which P1 with S replaced by T is met at the latest
    start (P1 counts a stretch whose first start is S − I before the latest as S minutes, the
    next contraction being due within I); so ``held_min == S`` exactly when P1 is met.
    """

    rule: LabourRule
    at: datetime | None
    """The latest contraction start looked at (``None``: nothing timed yet)."""
    met: bool
    held_min: float
    since_last_start_s: float | None

    @property
    def fraction(self) -> float:
        """``held_min`` as a share of the rule's span (1.0 only when met)."""
        return 1.0 if self.met else min(self.held_min / self.rule.sustained_min, 1.0)

    @property
    def held_whole_min(self) -> int:
        """Whole minutes held (rounded down: 38 min 20 s is "38 of 60")."""
        return math.floor(self.held_min)

    @property
    def paused(self) -> bool:
        """No contraction has started within the rule's interval before now."""
        return (
            self.since_last_start_s is not None
            and self.since_last_start_s > self.rule.interval_min * 60
        )


def rule_progress(
    contractions: Iterable[ContractionRead], rule: LabourRule, now: datetime
) -> RuleProgress:
    """The go-in rule's progress at the latest contraction started at or before ``now``."""
    ordered = until(contractions, now)
    if not ordered:
        return RuleProgress(rule, None, False, 0.0, None)
    at = ordered[-1].started_at
    full = pattern_window(ordered, at, rule.sustained_min)
    best_min = 0.0
    for first in full[:-1]:
        span_min = (at - first.started_at).total_seconds() / 60
        # Two candidate spans per stretch: exactly its length, and its length + I (P1's own
        # allowance), capped at S so that only P1 itself can reach S.
        for candidate in (span_min, min(span_min + rule.interval_min, rule.sustained_min)):
            window = pattern_window(full, at, candidate)
            if candidate > best_min and _met(window, at, rule, candidate):
                best_min = candidate
    met = rule_met(ordered, at, rule)
    return RuleProgress(
        rule=rule,
        at=at,
        met=met,
        held_min=float(rule.sustained_min) if met else best_min,
        since_last_start_s=(now - at).total_seconds(),
    )


# --- the go-in rule as a checklist of its three parts ---------------------------------------------

CHECK = "✓"
CROSS = "✗"


@dataclass(frozen=True)
class RulePart:
    """One part of the go-in rule and whether it holds now (``None``: not known yet)."""

    label: str
    """``every ≤ 5 min``, ``lasting ≥ 60 s`` or ``for 60 min: 16 of 60``."""
    ok: bool | None

    @property
    def mark(self) -> str:
        return "(not known yet)" if self.ok is None else (CHECK if self.ok else CROSS)

    @property
    def text(self) -> str:
        return f"{self.label} {self.mark}"


@dataclass(frozen=True)
class RuleChecklist:
    """The go-in rule's three parts at ``now``, judged with the timer's one measure.

    *every* compares the typical interval (median of the last 6) with the rule's interval,
    *lasting* the typical length with its duration; *for* counts the minutes the pattern has
    held (``RuleProgress.held_min``, P1 of red-flags.md) and is ticked exactly when P1 is met,
    which is also when ``met`` is true (the flag engine's verdict; the first two marks only
    describe the typical contraction)."""

    rule: LabourRule
    interval: Typical
    duration: Typical
    progress: RuleProgress

    @property
    def every(self) -> RulePart:
        limit = self.rule.interval_min * 60
        seconds = self.interval.seconds
        ok = None if seconds is None else seconds <= limit
        return RulePart(f"every ≤ {self.rule.interval_min} min", ok)

    @property
    def lasting(self) -> RulePart:
        seconds = self.duration.seconds
        ok = None if seconds is None else seconds >= self.rule.duration_s
        return RulePart(f"lasting ≥ {self.rule.duration_s} s", ok)

    @property
    def sustained(self) -> RulePart:
        span = self.rule.sustained_min
        held = span if self.met else self.progress.held_whole_min
        return RulePart(f"for {span} min: {held} of {span}", self.met)

    @property
    def parts(self) -> tuple[RulePart, RulePart, RulePart]:
        return (self.every, self.lasting, self.sustained)

    @property
    def met(self) -> bool:
        return self.progress.met

    @property
    def line(self) -> str:
        """``every ≤ 5 min ✓ · lasting ≥ 60 s ✗ · for 60 min: 16 of 60 ✗``."""
        return " · ".join(part.text for part in self.parts)


def rule_checklist(
    contractions: Iterable[ContractionRead], rule: LabourRule, now: datetime
) -> RuleChecklist:
    """The checklist of the latest session as known at ``now``."""
    known = until(contractions, now)
    return RuleChecklist(
        rule=rule,
        interval=typical_interval(known),
        duration=typical_duration(known),
        progress=rule_progress(known, rule, now),
    )


# --- words ------------------------------------------------------------------------------------


def words_apart(seconds: float) -> str:
    """An interval in words: ``4 min 10 s``, ``5 min``, ``45 s``, ``2 h 5 min``."""
    total = round(seconds)
    if total < 60:
        return f"{total} s"
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min {secs} s" if secs else f"{minutes} min"


def words_long(seconds: float) -> str:
    """A contraction's length in words: seconds up to 2 minutes (``68 s``), then ``2 min 5 s``
    (how midwives ask: "how long do they last?")."""
    return f"{round(seconds)} s" if round(seconds) < 120 else words_apart(seconds)
