"""What the sections read: the period's diary and the insights' own statistics, each computed
at most once per report (``cached_property``) and only when a chosen section asks for it.

Nothing here is a new statistic: the figures come from ``tracker.insights`` (dashboard window,
day table, patterns, intake, factors, flag trends, pregnancy sessions); this module only holds
them and turns codes into the words a person reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property

import pandas as pd
from sqlalchemy.engine import Engine

from tracker.core.models import ContractionRead, ProfileRead
from tracker.core.timeutil import DEFAULT_TIMEZONE, local_date, local_range_bounds, to_local
from tracker.core.vocabulary import Region, Side
from tracker.entries.profile import labour_rule
from tracker.flags import Flag
from tracker.insights.dashboard import DashboardWindow, window
from tracker.insights.days import day_table
from tracker.insights.factors import FactorResult, factor_results
from tracker.insights.flag_trends import flags_between
from tracker.insights.frames import DiaryFrames, load_frames
from tracker.insights.pregnancy import SessionStats, session_stats
from tracker.labour.sessions import LabourSession, latest_session
from tracker.labour.timer import contractions


def day_words(day: date) -> str:
    """ "3 Dec 2026"."""
    return f"{day.day} {day:%b %Y}"


def period_words(first: date, last: date) -> str:
    """ "5 Sep – 3 Dec 2026 (90 days)", or with both years when they differ."""
    days = (last - first).days + 1
    head = f"{first.day} {first:%b}" if first.year == last.year else day_words(first)
    if first == last:
        return f"{day_words(last)} (1 day)"
    return f"{head} – {day_words(last)} ({days} days)"


def place(region: str, side: str) -> str:
    """ "Left calf", "Lower back (centre)", "Calf (both sides)": labels, never codes."""
    name = Region(region).label
    code = Side(side)
    if code in (Side.LEFT, Side.RIGHT):
        return f"{code.label} {name[0].lower()}{name[1:]}"
    return f"{name} ({code.label.lower()})"


@dataclass
class ReportData:
    """One report's inputs; every statistic is computed on first use and kept."""

    engine: Engine
    profile: ProfileRead
    first: date
    last: date
    now: datetime

    @property
    def timezone(self) -> str:
        return self.profile.timezone or DEFAULT_TIMEZONE

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def local(self, moment: datetime, fmt: str = "%d %b %Y %H:%M") -> str:
        """A moment in the person's zone (``03 Dec 2026 15:02``; no leading zero on the day)."""
        shown = to_local(moment, self.timezone)
        return shown.strftime(fmt.replace("%d", str(shown.day)))

    @cached_property
    def frames(self) -> DiaryFrames:
        return load_frames(
            engine=self.engine, profile=self.profile, first=self.first, last=self.last
        )

    @cached_property
    def table(self) -> pd.DataFrame:
        """``insights.days.day_table`` of the period."""
        return day_table(self.frames)

    @cached_property
    def figures(self) -> DashboardWindow:
        """The dashboard's figures for the whole period."""
        return window(self.frames, last=self.last, days=self.days, table=self.table)

    def half_figures(self) -> tuple[DashboardWindow, DashboardWindow] | None:
        """The dashboard's figures for each half of the period (the first ``days // 2`` days and
        the rest), or ``None`` when the period is under two weeks."""
        if self.days < 14:
            return None
        split = self.first + timedelta(days=self.days // 2)
        first_days = (split - self.first).days
        early = window(
            self.frames, last=split - timedelta(days=1), days=first_days, table=self.table
        )
        late = window(self.frames, last=self.last, days=self.days - first_days, table=self.table)
        return early, late

    @cached_property
    def factors(self) -> list[FactorResult]:
        return factor_results(self.table)

    @cached_property
    def flags(self) -> list[Flag]:
        """Flags first met on the period's local days (the engine's whole-diary view at the
        end of the period, or ``now`` if earlier), newest first."""
        end = local_range_bounds(self.first, self.last, self.timezone)[1]
        at = min(self.now, end)
        if local_date(at, self.timezone) < self.first:
            return []
        return flags_between(
            engine=self.engine, profile=self.profile, first=self.first, last=self.last, now=at
        )

    @cached_property
    def contractions(self) -> list[ContractionRead]:
        """The contractions timed on the period's local days."""
        start, end = local_range_bounds(self.first, self.last, self.timezone)
        return contractions(self.engine, self.profile, start=start, end=end)

    @cached_property
    def sessions(self) -> list[SessionStats]:
        """The timed contraction sessions of the period, oldest first (the timer's arithmetic)."""
        return session_stats(
            self.contractions,
            labour_rule(self.profile),
            self.timezone,
            due_date=self.profile.due_date,
        )

    @cached_property
    def latest_session(self) -> LabourSession | None:
        """The period's newest session, contraction by contraction (``LabourSession.rows``)."""
        return latest_session(self.contractions)

    @property
    def pregnant(self) -> bool:
        return self.profile.due_date is not None
