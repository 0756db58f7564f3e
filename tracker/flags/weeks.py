"""Wording and local week blocks shared by the back and leg rules (red-flags.md).

A "7-day block ending at t" runs from the same wall-clock time 7 local days earlier (exclusive)
to t (inclusive), so across a clock change it lasts 167 or 169 h. Times are compared as integer
microseconds since the epoch (``micros``) so bisection over years of episodes stays fast.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate

from tracker.core.models import CrampRead
from tracker.core.thresholds import B6_BLOCK_DAYS
from tracker.core.timeutil import zone
from tracker.core.vocabulary import Symptom, Trigger
from tracker.flags.diary import Diary

# --- wording shared by the back and leg rules -------------------------------------------------

EMERGENCY_ADVICE = (
    "Call 999 / 112 / 911 or your local emergency number now, or go to the emergency department."
)
URGENT_ADVICE = (
    "Contact your doctor or an urgent care service today "
    "(if you are pregnant: your midwife or maternity unit)."
)
ROUTINE_ADVICE = "Mention it to your doctor at your next appointment, or book one."
HEURISTIC_NOTE = (
    "This is a pattern the app noticed in your own diary (an app heuristic), "
    "not a threshold from medical guidance."
)


def day_month(day: date) -> str:
    """``3 March 2026``."""
    return f"{day.day} {day:%B %Y}"


def logged(codes: Iterable[Symptom | Trigger]) -> str:
    """``You logged: A; B.`` with the labels of ``codes`` in vocabulary order."""
    chosen = set(codes)
    ordered = [c for c in (*Symptom, *Trigger) if c in chosen]
    return "You logged: " + "; ".join(c.label.lower() for c in ordered) + "."


# --- week blocks (shared with legs.py) --------------------------------------------------------


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


def micros(moment: datetime) -> int:
    """``moment`` as whole microseconds since 1970 (exact; compares far faster than datetimes)."""
    return (moment - EPOCH) // MICROSECOND


Edges = tuple[int, ...]
"""Block edges at an instant t, newest first, in ``micros``: ``(t, t − 7 d, t − 14 d, …)``
(local days); block j is ``(edges[j + 1], edges[j]]``."""


def block_edges(
    diary: Diary, times: Iterable[datetime], weeks: int, at: datetime
) -> dict[datetime, Edges]:
    """The candidate instants of a rule over ``weeks`` 7-day blocks, each with its block edges.

    A time e lies in block j (``(t − 7(j+1) d, t − 7j d]``) exactly while
    ``e + 7j d ≤ t < e + 7(j+1) d``, so a condition on the blocks' contents only changes at
    ``e + 7k d`` (k = 0 … ``weeks``): checking those instants up to ``at`` (and ``at``) finds the
    exact moment a pattern began. The edges of ``e + 7k d`` are ``e + 7(k − j) d``, so each
    time is shifted 2·weeks + 1 times, not once per candidate and edge."""
    tz = zone(diary.tz)
    week = timedelta(days=B6_BLOCK_DAYS)
    found: dict[datetime, Edges] = {}
    for time in times:
        local = time.astimezone(tz)
        shifted = [(local + week * m).astimezone(UTC) for m in range(-weeks, weeks + 1)]
        keys = [micros(moment) for moment in shifted]
        for k in range(weeks + 1):
            moment = shifted[weeks + k]
            if moment <= at and moment not in found:
                found[moment] = tuple(keys[weeks + k - j] for j in range(weeks + 1))
    if at not in found:
        local = at.astimezone(tz)
        found[at] = tuple(micros((local - week * j).astimezone(UTC)) for j in range(weeks + 1))
    return found


class Timeline:
    """Episodes sorted by start, with fast index ranges and mean intensities over them."""

    def __init__(self, episodes: Sequence[CrampRead]) -> None:
        self.episodes = tuple(episodes)
        self.times = [e.started_at for e in self.episodes]
        self.keys = [micros(t) for t in self.times]
        self._sums = list(accumulate((e.intensity for e in self.episodes), initial=0))

    def after_until(self, start: int, end: int) -> range:
        """Indices of the episodes that started after ``start`` and at or before ``end``
        (``micros``)."""
        return range(bisect_right(self.keys, start), bisect_right(self.keys, end))

    def block(self, edges: Edges, j: int) -> range:
        """Indices of the episodes in block ``j`` of ``edges``."""
        return self.after_until(edges[j + 1], edges[j])

    def from_until(self, start: int, end: int) -> range:
        """Indices of the episodes that started at or after ``start`` and before ``end``
        (``micros``)."""
        return range(bisect_left(self.keys, start), bisect_left(self.keys, end))

    def take(self, *spans: range) -> tuple[CrampRead, ...]:
        return tuple(self.episodes[i] for span in spans for i in span)

    def mean(self, span: range) -> float:
        """Mean intensity of a non-empty span."""
        return (self._sums[span.stop] - self._sums[span.start]) / len(span)
