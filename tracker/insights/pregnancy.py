"""Pregnancy insights: contractions and pregnancy events against gestational age, and the timed
sessions (practice evenings, labour) side by side.

Gestational age (GA) is the vocabulary's: ``280 − (due_date − local day)`` days, shown as
``38+2``. The session arithmetic is the contraction timer's own (``tracker.labour``: sessions
split at a gap of more than 2 hours, intervals start to start, the go-in rule's 80 % tests, the
coefficient of variation and its words), so this page and the timer never disagree.

"Met your go-in rule" says only that the timed pattern matched the rule the person set (or the
default for their births); it does not say whether a session was labour.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd

from tracker.core.models import ContractionRead, ProfileRead
from tracker.core.timeutil import DUE_DATE_TERM_DAYS, format_gestational_age, local_date, to_local
from tracker.core.vocabulary import EventKind
from tracker.entries.profile import LabourRule
from tracker.insights.frames import DiaryFrames
from tracker.labour.sessions import (
    finished_durations_s,
    known_intervals_s,
    rule_met,
    split_sessions,
)
from tracker.labour.summary import TOO_FEW, coefficient_of_variation, regularity_word

MAX_GA_DAYS = 44 * 7
"""The latest GA this page charts (44+0): later entries belong after the birth. App choice (a
pregnancy is induced by about 42 weeks); entries before GA 0 belong to an earlier time."""

CONTRACTION = "contraction"
"""The ``kind`` of a contraction in the GA timeline (events carry their ``EventKind`` code)."""

TIMELINE_COLUMNS = ("at", "local_day", "kind", "label", "ga_days", "ga_label", "ga_weeks")
DAILY_COLUMNS = ("local_day", "ga_days", "ga_label", "ga_weeks", "contractions", "events")

PRACTICE = "Practice"
MET = "Met your go-in rule"


def pregnancy_days(profile: ProfileRead, today: date) -> tuple[date, date] | None:
    """The local days this pregnancy's insights cover: GA 0 to today (at most GA
    ``MAX_GA_DAYS``); ``None`` without a due date or before GA 0."""
    if profile.due_date is None:
        return None
    first = profile.due_date - timedelta(days=DUE_DATE_TERM_DAYS)
    last = min(today, first + timedelta(days=MAX_GA_DAYS))
    return (first, last) if first <= last else None


def _ga_columns(days: pd.Series, due: date) -> pd.DataFrame:
    ga = (DUE_DATE_TERM_DAYS - (pd.Timestamp(due) - days).dt.days).astype("int64")
    return pd.DataFrame(
        {
            "ga_days": ga,
            "ga_label": [format_gestational_age(int(d)) for d in ga],
            "ga_weeks": ga / 7,
        },
        index=days.index,
    )


def ga_timeline(frames: DiaryFrames, profile: ProfileRead) -> pd.DataFrame:
    """Each contraction and pregnancy event of ``frames`` with its GA on its local day.

    Columns: ``at`` (aware UTC), ``local_day``, ``kind`` (``"contraction"`` or the event's
    code), ``label`` ("Contraction", "Waters broke"), ``ga_days`` (int), ``ga_label`` ("38+2")
    and ``ga_weeks`` (``ga_days / 7``, for a chart's axis). Oldest first; only GA 0 to
    ``MAX_GA_DAYS``. No due date: no rows."""
    empty = pd.DataFrame({c: pd.Series(dtype="object") for c in TIMELINE_COLUMNS})
    if profile.due_date is None:
        return empty
    contractions = pd.DataFrame(
        {
            "at": frames.contractions["started_at"],
            "local_day": frames.contractions["local_day"],
            "kind": CONTRACTION,
            "label": "Contraction",
        }
    )
    events = pd.DataFrame(
        {
            "at": frames.events["occurred_at"],
            "local_day": frames.events["local_day"],
            "kind": frames.events["kind"].astype("object"),
            "label": [EventKind(k).label for k in frames.events["kind"]],
        }
    )
    parts = [part for part in (contractions, events) if len(part)]
    if not parts:
        return empty
    rows = pd.concat(parts, ignore_index=True)
    rows = rows.join(_ga_columns(rows["local_day"], profile.due_date))
    rows = rows[rows["ga_days"].between(0, MAX_GA_DAYS)]
    rows = rows.sort_values(["at", "kind"], kind="stable").reset_index(drop=True)
    return rows[list(TIMELINE_COLUMNS)]


def ga_daily(timeline: pd.DataFrame) -> pd.DataFrame:
    """``ga_timeline``'s rows counted per local day that has any: ``local_day``, ``ga_days``,
    ``ga_label``, ``ga_weeks``, ``contractions`` and ``events`` (ints). Oldest first."""
    if timeline.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in DAILY_COLUMNS})
    is_contraction = timeline["kind"] == CONTRACTION
    counted = timeline.assign(
        contractions=is_contraction.astype("int64"), events=(~is_contraction).astype("int64")
    )
    table = counted.groupby(["local_day", "ga_days", "ga_label", "ga_weeks"], as_index=False)[
        ["contractions", "events"]
    ].sum()
    return table[list(DAILY_COLUMNS)].reset_index(drop=True)


# --- sessions side by side ----------------------------------------------------------------------


@dataclass(frozen=True)
class SessionStats:
    """One timed session (``tracker.labour.sessions.LabourSession``) in figures."""

    number: int
    """1 for the oldest session."""
    started_at: datetime
    ended_at: datetime
    """The last contraction's end (its start while it is still running), aware UTC."""
    local_start: datetime
    local_end: datetime
    """``started_at`` and ``ended_at`` in the person's zone."""
    ga_label: str | None
    """GA on the session's first local day ("38+2"), when a due date is known."""
    count: int
    median_interval_s: float | None
    median_duration_s: float | None
    interval_cv: float | None
    regularity: str
    """``regular``, ``fairly regular``, ``irregular`` (the timer's words) or "too few to tell"."""
    rule: LabourRule
    rule_met_at: datetime | None
    """The first contraction start at which the go-in rule's pattern had held (P1's test,
    without its 37-week condition), or ``None``."""

    @property
    def rule_met(self) -> bool:
        return self.rule_met_at is not None

    @property
    def span_min(self) -> float:
        return (self.ended_at - self.started_at).total_seconds() / 60

    @property
    def outcome(self) -> str:
        """``Met your go-in rule`` or ``Practice`` (did not meet it)."""
        return MET if self.rule_met else PRACTICE

    @property
    def when(self) -> str:
        """``Sat 14 Mar 19:05–20:40``, or both days when it ran past midnight."""
        start, end = self.local_start, self.local_end
        head = f"{start:%a %-d %b %H:%M}"
        if end.date() == start.date():
            return f"{head}–{end:%H:%M}"
        return f"{head} – {end:%a %-d %b %H:%M}"

    @property
    def sentence(self) -> str:
        """E.g. "Met your go-in rule (5-1-1) at 21:40." or "Practice: did not meet your go-in
        rule (5-1-1).". Never says whether it was labour."""
        if self.rule_met_at is None:
            return f"{PRACTICE}: did not meet your go-in rule ({self.rule})."
        at = self.rule_met_at.astimezone(self.local_start.tzinfo)
        return f"{MET} ({self.rule}) at {at:%H:%M}."


def _first_met(contractions: tuple[ContractionRead, ...], rule: LabourRule) -> datetime | None:
    ordered = list(contractions)
    return next((c.started_at for c in ordered if rule_met(ordered, c.started_at, rule)), None)


def session_stats(
    contractions: Iterable[ContractionRead],
    rule: LabourRule,
    tz_name: str,
    *,
    due_date: date | None = None,
) -> list[SessionStats]:
    """Every session of ``contractions`` (``split_sessions``), oldest first: local start and end,
    count, median interval and duration, regularity (coefficient of variation of the intervals
    and its word) and whether ``rule`` (the person's go-in rule) was met during it."""
    found = []
    for number, session in enumerate(split_sessions(contractions), start=1):
        ended_at = max(c.ended_at or c.started_at for c in session.contractions)
        gaps = known_intervals_s(session.contractions)
        lengths = finished_durations_s(session.contractions)
        cv = coefficient_of_variation(gaps)
        ga = None
        if due_date is not None:
            ga_days = DUE_DATE_TERM_DAYS - (due_date - local_date(session.started_at, tz_name)).days
            ga = format_gestational_age(ga_days) if ga_days >= 0 else None
        found.append(
            SessionStats(
                number=number,
                started_at=session.started_at,
                ended_at=ended_at,
                local_start=to_local(session.started_at, tz_name),
                local_end=to_local(ended_at, tz_name),
                ga_label=ga,
                count=session.count,
                median_interval_s=statistics.median(gaps) if gaps else None,
                median_duration_s=statistics.median(lengths) if lengths else None,
                interval_cv=cv,
                regularity=TOO_FEW if cv is None else regularity_word(cv),
                rule=rule,
                rule_met_at=_first_met(session.contractions, rule),
            )
        )
    return found
