"""One date range for every Insights page, kept in ``st.session_state`` across pages.

The range is stored under a plain key (``RANGE_KEY``), not in the widgets' own state:
Streamlit forgets (or, on another page, does not apply) a widget's value when a page without
that widget runs, so each change is copied there by the widgets' callbacks and the widgets are
seeded from it on every run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import streamlit as st

from tracker.core.timeutil import local_date
from tracker.ui.context import PageContext

PRESETS_DAYS: tuple[int, ...] = (7, 30, 90, 365)
"""Quick choices: the dashboard's windows of issue 9, and a year."""

DEFAULT_DAYS = 90
CUSTOM = "custom"
RANGE_KEY = "insights_range"
"""Session state: a preset's days (int) or a custom (first, last) pair of dates."""
TODAY_KEY = "insights_range_today"
"""The local day the range picker last ran on (the callbacks run before the page knows it)."""
CHOICE_WIDGET = "insights_range_choice"
DATES_WIDGET = "insights_range_dates"
EARLIEST = date(1900, 1, 1)

Choice = int | str


@dataclass(frozen=True)
class DateRange:
    """The local days ``first``..``last`` (inclusive)."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def describe(self) -> str:
        """ "1 Dec 2025 – 28 Feb 2026 (90 days)"."""
        count = f"{self.days} day{'' if self.days == 1 else 's'}"
        return f"{self.first:%-d %b %Y} – {self.last:%-d %b %Y} ({count})"


def last_days(today: date, days: int) -> DateRange:
    return DateRange(today - timedelta(days=days - 1), today)


def _label(choice: Choice) -> str:
    if choice == CUSTOM:
        return "Dates…"
    return "1 year" if choice == 365 else f"{choice} days"


def _stored() -> int | tuple[date, date]:
    value = st.session_state.get(RANGE_KEY, DEFAULT_DAYS)
    return value if isinstance(value, int | tuple) else DEFAULT_DAYS


def _choice_changed() -> None:
    choice = st.session_state.get(CHOICE_WIDGET)
    if choice is None:  # a segmented control can be unselected: keep the range as it was
        stored = _stored()
        st.session_state[CHOICE_WIDGET] = CUSTOM if isinstance(stored, tuple) else stored
    elif choice != CUSTOM:
        st.session_state[RANGE_KEY] = int(choice)
    elif isinstance(stored := _stored(), int):  # two dates, starting from the preset's
        today = st.session_state.get(TODAY_KEY)
        if isinstance(today, date):
            preset = last_days(today, stored)
            st.session_state[RANGE_KEY] = (preset.first, preset.last)


def _dates_changed() -> None:
    value = st.session_state.get(DATES_WIDGET)
    if isinstance(value, tuple | list) and len(value) == 2:
        st.session_state[RANGE_KEY] = (value[0], value[1])


def date_range(ctx: PageContext) -> DateRange:
    """The range picker (quick choices, or two dates) and the range it holds, ending today at
    the latest. Default: the last ``DEFAULT_DAYS`` days."""
    today = local_date(ctx.now, ctx.tz)
    st.session_state[TODAY_KEY] = today
    stored = _stored()
    # Seeded on every run: the widget's own state may belong to another page's widget.
    st.session_state[CHOICE_WIDGET] = CUSTOM if isinstance(stored, tuple) else stored
    choice = st.segmented_control(
        "Dates",
        [*PRESETS_DAYS, CUSTOM],
        format_func=_label,
        key=CHOICE_WIDGET,
        on_change=_choice_changed,
    )
    if choice == CUSTOM:
        if isinstance(stored, tuple):
            first, last = stored
        else:
            preset = last_days(today, stored)
            first, last = preset.first, preset.last
        last = min(last, today)
        first = min(first, last)
        picking = st.session_state.get(DATES_WIDGET)
        half_picked = isinstance(picking, tuple | list) and len(picking) == 1
        if not half_picked:  # a person choosing the second date keeps the first
            st.session_state[DATES_WIDGET] = (first, last)
        st.date_input(
            "From – to",
            min_value=EARLIEST,
            max_value=today,
            key=DATES_WIDGET,
            on_change=_dates_changed,
            format="YYYY-MM-DD",
        )
        st.session_state[RANGE_KEY] = (first, last)
        chosen = DateRange(first, last)
    else:
        st.session_state.pop(DATES_WIDGET, None)  # "Dates…" again starts from this preset
        chosen = last_days(today, choice if isinstance(choice, int) else DEFAULT_DAYS)
    st.caption(chosen.describe())
    return chosen
