"""This labour's contractions on the timer page: the table, edit and delete, a missed one added by
hand, and the window summary with the go-in rule's progress.

The arithmetic is ``tracker.labour.sessions`` and ``tracker.labour.summary``; this module only
lays it out.
Editing reuses the History page's editor (``history_editor.entry_editor``); the missed one and
the edit draw the same timing fields (``tracker.ui.forms.contraction``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import streamlit as st

from tracker.core.errors import OverlapError, TrackerError
from tracker.core.kinds import EntryKind
from tracker.core.models import ContractionRead
from tracker.core.timeutil import format_duration_s, format_logged_at, local_date, to_local
from tracker.entries.profile import is_pregnant, labour_rule
from tracker.labour import timer
from tracker.labour.sessions import LabourSession, TimedContraction, rule_progress
from tracker.labour.summary import SUMMARY_WINDOWS_MIN, WindowSummary, summarize_window
from tracker.labour.summary import window_label as summary_window_label
from tracker.ui.context import PageContext
from tracker.ui.forms.contraction import contraction_timing
from tracker.ui.history_editor import entry_editor
from tracker.ui.widgets import (
    flash,
    forget_widgets,
    fresh_select,
    md_escape,
    show_error,
)

PICK_KEY = "contraction_pick"
WINDOW_KEY = "summary_window"
DEFAULT_WINDOW_MIN = 60
COLUMNS = ["Start", "Duration", "Interval", "Intensity", "Where", "Note"]
OFFERED_DAYS = 30
"""Past sessions offered by the chart's picker: those of the last 30 days (a late pregnancy's
practice runs and the labour); older ones are in History and the export."""


def recent_contractions(ctx: PageContext, session: LabourSession | None) -> list[ContractionRead]:
    """The contractions whose sessions the chart and share box offer: the last
    ``OFFERED_DAYS`` days, and at least the latest session (one indexed range query)."""
    if session is None:
        return []
    since = min(session.started_at, ctx.now - timedelta(days=OFFERED_DAYS))
    return timer.contractions(ctx.engine, ctx.profile, start=since)


def _m_ss(seconds: float | None) -> str:
    return "" if seconds is None else format_duration_s(seconds)


def _start_text(moment: datetime, ctx: PageContext) -> str:
    """``02:13:05`` today, ``Sat 02:13:05`` on another local day."""
    local = to_local(moment, ctx.tz)
    if local.date() == local_date(ctx.now, ctx.tz):
        return f"{local:%H:%M:%S}"
    return f"{local:%a %H:%M:%S}"


def _row(item: TimedContraction, ctx: PageContext) -> dict[str, str]:
    c = item.contraction
    return {
        "Start": _start_text(c.started_at, ctx),
        "Duration": "running" if item.duration_s is None else _m_ss(item.duration_s),
        "Interval": _m_ss(item.interval_s),
        "Intensity": c.intensity.label if c.intensity else "",
        "Where": c.location.label if c.location else "",
        "Note": c.note,
    }


def table_frame(session: LabourSession | None, ctx: PageContext) -> pd.DataFrame:
    """One row per contraction of the session, newest first (times in the person's zone)."""
    rows = [] if session is None else [_row(r, ctx) for r in reversed(session.rows)]
    return pd.DataFrame(rows, columns=COLUMNS)


def contraction_table(ctx: PageContext, session: LabourSession | None) -> None:
    if session is None:
        st.info("No contractions timed yet.", icon=":material/timer:")
        return
    first = _start_text(session.started_at, ctx)
    st.caption(
        f"Since {first}: {session.count} contraction{'s' if session.count != 1 else ''}, "
        "newest first. Interval = from the start of the one before. A gap of more than 2 hours "
        "starts a new labour."
    )
    st.dataframe(table_frame(session, ctx), hide_index=True, width="stretch", key="timer_table")


def edit_contraction(ctx: PageContext, session: LabourSession | None) -> None:
    """Pick one of the session's contractions to edit or delete (with a confirmation)."""
    if session is None:
        return
    labels = {
        c.id: f"{_start_text(c.started_at, ctx)} · "
        + ("running" if c.duration_s is None else _m_ss(c.duration_s))
        for c in reversed(session.contractions)
    }
    chosen = fresh_select(
        "Contraction to edit or delete", labels, key=PICK_KEY, placeholder="Choose one…"
    )
    if chosen is not None:
        entry_editor(ctx, EntryKind.CONTRACTIONS, chosen, products=[], pick_key=PICK_KEY)


def add_missed_form(ctx: PageContext) -> None:
    """A contraction that was not timed: its start and about how long it lasted."""
    with st.form("missed_form"):
        timing = contraction_timing(ctx, key="missed")
        save = st.form_submit_button("Add this contraction", key="missed_save")
    if not save:
        return
    try:
        saved = timer.add_missed(
            engine=ctx.engine,
            profile=ctx.profile,
            started_at=timing["started_at"],
            duration_s=float(timing["duration_s"]),
            now=ctx.now,
        )
    except OverlapError as err:
        st.error(
            f"Not added: {md_escape(str(err))}. Change the start time or the length above, or "
            "pick that contraction under Edit or delete to correct it.",
            icon=":material/error:",
        )
        return
    except TrackerError as err:
        show_error(err)
        return
    flash(
        f"Added the contraction at "
        f"{format_logged_at(saved.started_at, ctx.tz, ctx.now, seconds=True)}."
    )
    forget_widgets("missed_")
    st.rerun()


# --- summary and the go-in rule ------------------------------------------------------------------


def _window_choice() -> int:
    choice = st.segmented_control(
        "Window",
        SUMMARY_WINDOWS_MIN,
        default=DEFAULT_WINDOW_MIN,
        format_func=lambda m: summary_window_label(m).removeprefix("last ").capitalize(),
        required=True,
        key=WINDOW_KEY,
    )
    return int(choice or DEFAULT_WINDOW_MIN)


def _both(mean: float | None, median: float | None) -> tuple[str, str]:
    if mean is None or median is None:
        return "–", ""
    return format_duration_s(mean), f"median {format_duration_s(median)}"


def summary_metrics(summary: WindowSummary) -> list[tuple[str, str, str]]:
    """``(label, value, below)`` for the window's count, durations and intervals."""
    length, length_median = _both(summary.mean_duration_s, summary.median_duration_s)
    gap, gap_median = _both(summary.mean_interval_s, summary.median_interval_s)
    return [
        ("Contractions", str(summary.count), summary.window_label),
        ("Average duration", length, length_median),
        ("Average interval", gap, gap_median),
    ]


def summary(ctx: PageContext, session: LabourSession | None) -> None:
    """Count, average and median length and interval in the chosen window, the trends, and the
    go-in rule with how close the contractions are to it (words and a bar)."""
    window_min = _window_choice()
    contractions = session.contractions if session else ()
    found = summarize_window(contractions, ctx.now, window_min)
    with st.container(horizontal=True, gap="medium", key="timer_summary"):
        for label, value, below in summary_metrics(found):
            st.metric(
                label,
                value,
                delta=below or None,
                delta_color="off",
                delta_arrow="off",
                width="content",
            )
    if found.count:
        st.markdown(
            f"Intervals: **{found.closer_label}** · Durations: **{found.longer_label}** · "
            f"Rhythm: **{found.regular_label}**"
        )
    rule = labour_rule(ctx.profile)
    progress = rule_progress(contractions, rule, ctx.now)
    st.progress(progress.fraction, text=md_escape(progress.sentence))
    whose = (
        "as set in your profile"
        if rule.from_profile
        else (
            "the default for a first baby"
            if ctx.profile.births_before == 0
            else "the default after a previous birth"
        )
    )
    st.caption(
        f"Your go-in rule {rule}: {rule.sentence} ({whose}). Use what your midwife told you."
    )
    st.page_link(
        "pages/settings.py", label="Change your go-in rule in Settings", icon=":material/settings:"
    )
    if not is_pregnant(ctx.profile):
        st.info(
            "No due date is set, so the app cannot check the guidance on when to go in "
            "(it depends on the week of pregnancy).",
            icon=":material/event_busy:",
        )
        st.page_link(
            "pages/settings.py", label="Set your due date in Settings", icon=":material/event:"
        )
