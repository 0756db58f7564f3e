"""Flag trends: the red flags of a range of local days over time, by severity and rule, and
whether each severity came more or less often in the range's second half than in its first.

The flags are the engine's own (``tracker.flags``), evaluated once over the whole diary at
``now`` (a rule such as B7 looks back without limit, and a diary cut at the range's start could
move the time a flag was first met); the range then keeps the flags first met on its local days.
Counting says how often the diary met published "when to get help" guidance, nothing more: it
does not say whether anything got better or worse in the body.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

import pandas as pd
from sqlalchemy.engine import Engine

from tracker.core.models import ProfileRead
from tracker.core.timeutil import DEFAULT_TIMEZONE, local_date, local_day_bounds
from tracker.flags import Flag, Severity, evaluate, service
from tracker.insights.patterns import Period, _period_start

PERIODS: tuple[Period, ...] = ("day", "week", "month")

PER_DAYS = 30
"""Rates are given per this many days, so halves of unequal length compare fairly."""

MIN_TREND_DAYS = 14
"""A range shorter than this (halves under a week) gives no trend: "not enough data"."""

MIN_TREND_FLAGS = 3
"""Fewer flags of a severity than this in the whole range: "not enough data" for it."""

SAME_SHARE = 0.25
"""The halves' rates per 30 days are "about the same" when they differ by at most 25 % of the
larger. An app heuristic to keep one flag more or less from reading as news, not a test."""

SEVERITY_NOUNS = {
    Severity.EMERGENCY: "Emergency alerts",
    Severity.URGENT: "Urgent warnings",
    Severity.ROUTINE: "Routine flags",
    Severity.INFO: "Information notes",
}
"""How a sentence names the flags of each severity."""

TIMELINE_COLUMNS = ("period_start", "days", "severity", "rule", "count")
RULE_COLUMNS = ("rule", "severity", "title", "count", "latest_at")

Change = Literal["fewer", "more", "about the same"]


def flags_between(
    *, engine: Engine, profile: ProfileRead, first: date, last: date, now: datetime
) -> list[Flag]:
    """Every flag first met on the local days ``first``..``last`` (the profile's zone), as the
    engine finds them at ``now``, newest first."""
    start = local_day_bounds(first, profile.timezone)[0]
    diary = service.diary_from(engine, profile, start)
    return in_days(evaluate(diary, now), first=first, last=last, tz_name=profile.timezone)


def in_days(flags: Iterable[Flag], *, first: date, last: date, tz_name: str) -> list[Flag]:
    """The ``flags`` first met on the local days ``first``..``last`` in ``tz_name`` (order kept)."""
    zone = tz_name or DEFAULT_TIMEZONE
    return [f for f in flags if first <= local_date(f.at, zone) <= last]


def _flag_frame(flags: Iterable[Flag], first: date, last: date, tz_name: str) -> pd.DataFrame:
    """One row per flag of the range: ``local_day``, ``severity``, ``rule``, ``title``, ``at``."""
    kept = in_days(flags, first=first, last=last, tz_name=tz_name)
    zone = tz_name or DEFAULT_TIMEZONE
    return pd.DataFrame(
        {
            "local_day": pd.to_datetime([local_date(f.at, zone) for f in kept]),
            "severity": pd.Series([f.severity.value for f in kept], dtype="object"),
            "rule": pd.Series([f.rule for f in kept], dtype="object"),
            "title": pd.Series([f.title for f in kept], dtype="object"),
            "at": pd.to_datetime([f.at for f in kept], utc=True),
        }
    )


def flag_timeline(
    flags: Iterable[Flag], *, first: date, last: date, tz_name: str, period: Period = "week"
) -> pd.DataFrame:
    """Flags per day, ISO week (from Monday) or calendar month of the local days
    ``first``..``last``, for a stacked bar chart.

    One row per (``period_start``, ``severity``, ``rule``) for every period of the range and every
    (severity, rule) met in it, with ``count`` (0 where that rule gave nothing in that period) and
    ``days`` (days of the range in the period: the first and last week or month may be partial).
    ``period_start`` is the local day the period begins (naive midnight); ``severity`` is the
    code (``"urgent"``). Sorted by period, then severity (most serious first), then rule. No
    flags: no rows (the columns are there)."""
    zone = tz_name or DEFAULT_TIMEZONE
    kept = in_days(flags, first=first, last=last, tz_name=zone)
    if not kept:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in TIMELINE_COLUMNS})
    days = pd.Series(pd.date_range(first, last, freq="D"))
    periods = Counter(_period_start(days, period))
    starts = _period_start(
        pd.Series(pd.to_datetime([local_date(f.at, zone) for f in kept])), period
    )
    # Counted in plain Python: a flag list is short, and the pandas grid (groupby, a MultiIndex
    # reindexed, mapped and sorted) took ~40 ms of the page's first render.
    counts = Counter(zip(starts, (f.severity for f in kept), (f.rule for f in kept), strict=True))
    pairs = sorted({(f.severity, f.rule) for f in kept}, key=lambda pair: (pair[0].rank, pair[1]))
    rows = [
        (start, periods[start], severity.value, rule, counts[start, severity, rule])
        for start in sorted(periods)
        for severity, rule in pairs
    ]
    table = pd.DataFrame(rows, columns=list(TIMELINE_COLUMNS))
    return table.astype({"days": "int64", "count": "int64"})


def rule_counts(flags: Iterable[Flag], *, first: date, last: date, tz_name: str) -> pd.DataFrame:
    """One row per rule met on the local days ``first``..``last``: ``rule``, ``severity`` (the
    most serious it gave), ``title`` (of its latest flag), ``count`` and ``latest_at`` (aware
    UTC). Most serious first, then most flags, then rule id."""
    found = _flag_frame(flags, first, last, tz_name)
    if found.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in RULE_COLUMNS})
    found["rank"] = found["severity"].map(lambda s: Severity(s).rank)
    found = found.sort_values("at", kind="stable")
    by_rule = found.groupby("rule")
    table = pd.DataFrame(
        {
            "rank": by_rule["rank"].min(),
            "title": by_rule["title"].last(),
            "count": by_rule.size().astype("int64"),
            "latest_at": by_rule["at"].max(),
        }
    )
    table["severity"] = [list(Severity)[r].value for r in table["rank"]]
    table = table.reset_index().sort_values(
        ["rank", "count", "rule"], ascending=[True, False, True], kind="stable"
    )
    return table[list(RULE_COLUMNS)].reset_index(drop=True)


# --- first half against second half -------------------------------------------------------------


@dataclass(frozen=True)
class SeverityTrend:
    """The flags of one severity in the range's two halves."""

    severity: Severity
    first_count: int
    second_count: int
    first_per_30d: float
    second_per_30d: float
    change: Change | None
    """``None``: not enough data (or no flags at all)."""
    sentence: str

    @property
    def total(self) -> int:
        return self.first_count + self.second_count


@dataclass(frozen=True)
class FlagTrend:
    """First half of the range (``first_half``, inclusive local days) against the second."""

    first: date
    last: date
    first_half: tuple[date, date]
    second_half: tuple[date, date]
    severities: tuple[SeverityTrend, ...]
    """Every severity, most serious first."""
    enough_days: bool

    @property
    def sentences(self) -> list[str]:
        """The sentence of each severity that has flags in the range (most serious first), or
        one saying there were none."""
        found = [s.sentence for s in self.severities if s.total]
        if found:
            return found
        days = (self.last - self.first).days + 1
        return [f"No flags in these {days} days."]


def halves(first: date, last: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """The range's local days split in two: the first ``n // 2`` days and the rest (an odd
    day more goes to the second half; rates per 30 days make up for it)."""
    days = (last - first).days + 1
    split = first + timedelta(days=days // 2)
    return (first, split - timedelta(days=1)), (split, last)


def _days(span: tuple[date, date]) -> int:
    return (span[1] - span[0]).days + 1


def _change(first_rate: float, second_rate: float) -> Change:
    if abs(second_rate - first_rate) <= SAME_SHARE * max(first_rate, second_rate):
        return "about the same"
    return "fewer" if second_rate < first_rate else "more"


def _severity_trend(
    severity: Severity, counts: Sequence[int], spans: Sequence[tuple[date, date]], enough: bool
) -> SeverityTrend:
    first_count, second_count = counts
    rates = [
        n / _days(span) * PER_DAYS if _days(span) > 0 else 0.0
        for n, span in zip(counts, spans, strict=True)
    ]
    noun = SEVERITY_NOUNS[severity]
    total = first_count + second_count
    change: Change | None = None
    if total == 0:
        sentence = f"{noun}: none."
    elif not enough:
        sentence = (
            f"{noun}: {total} in all; not enough data to compare halves "
            f"(a range of at least {MIN_TREND_DAYS} days is needed)."
        )
    elif total < MIN_TREND_FLAGS:
        sentence = (
            f"{noun}: {first_count} in the first half, {second_count} in the second half: "
            f"not enough data to tell (at least {MIN_TREND_FLAGS} are needed)."
        )
    else:
        change = _change(rates[0], rates[1])
        sentence = (
            f"{noun}: {first_count} in the first half, {second_count} in the second half: {change}."
        )
    return SeverityTrend(severity, first_count, second_count, rates[0], rates[1], change, sentence)


def flag_trend(flags: Iterable[Flag], *, first: date, last: date, tz_name: str) -> FlagTrend:
    """Each severity's flags in the first and second half of the local days ``first``..``last``
    (``halves``), per 30 days, and in one sentence ("Urgent warnings: 4 in the first half, 1 in
    the second half: fewer."). "Not enough data" when the range is under ``MIN_TREND_DAYS`` or a
    severity has fewer than ``MIN_TREND_FLAGS`` flags."""
    first_half, second_half = halves(first, last)
    enough = (last - first).days + 1 >= MIN_TREND_DAYS
    found = _flag_frame(flags, first, last, tz_name)
    in_second = found["local_day"] >= pd.Timestamp(second_half[0])
    trends = []
    for severity in Severity:
        mine = found["severity"] == severity.value
        counts = (int((mine & ~in_second).sum()), int((mine & in_second).sum()))
        trends.append(_severity_trend(severity, counts, (first_half, second_half), enough))
    return FlagTrend(first, last, first_half, second_half, tuple(trends), enough)
