"""The Pregnancy & labour page's parts: the cached figures of this pregnancy, the GA chart, and
the timed sessions side by side (a table and a small chart).

The figures depend only on the diary and the days of the pregnancy, so they are an
``st.cache_data`` value keyed on (database, profile, data version, range). The go-in rule is the
person's (their midwife's) rule from Settings; nothing here says whether a session was labour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots
from sqlalchemy.engine import Engine

from tracker.core.models import ProfileRead
from tracker.core.timeutil import local_range_bounds
from tracker.entries.profile import labour_rule
from tracker.insights.frames import load_frames
from tracker.insights.pregnancy import (
    CONTRACTION,
    SessionStats,
    ga_daily,
    ga_timeline,
    session_stats,
)
from tracker.labour.sessions import words_apart, words_long
from tracker.labour.timer import contractions
from tracker.ui.cached import MAX_ENTRIES
from tracker.ui.context import PageContext

CHART_CONFIG = {"displayModeBar": False, "scrollZoom": False, "responsive": True}
BAR = "#5b8def"
"""Contractions and the practice sessions: a mid blue readable on light and dark themes."""
EVENT = "#d9534f"
MET = "#e8710a"
"""Sessions that met the go-in rule: orange, as an urgent flag (P1 is urgent); darker than
Streamlit's #ffa421, which is 2:1 on white, so that it stands out at 3:1 on both themes."""

SESSIONS_KEY = "Orange: the session met your go-in rule. Blue: practice."

DataKey = tuple[str, int, int, date, date]


@dataclass(frozen=True)
class PregnancyFigures:
    """What the page shows for the local days ``first``..``last`` of this pregnancy."""

    timeline: pd.DataFrame
    daily: pd.DataFrame
    sessions: list[SessionStats]


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def _figures(key: DataKey, _engine: Engine, _profile: ProfileRead) -> PregnancyFigures:
    first, last = key[3], key[4]
    frames = load_frames(engine=_engine, profile=_profile, first=first, last=last)
    timeline = ga_timeline(frames, _profile)
    start, end = local_range_bounds(first, last, _profile.timezone)
    timed = contractions(_engine, _profile, start=start, end=end)
    sessions = session_stats(
        timed, labour_rule(_profile), _profile.timezone, due_date=_profile.due_date
    )
    return PregnancyFigures(timeline, ga_daily(timeline), sessions)


def figures(ctx: PageContext, first: date, last: date) -> PregnancyFigures:
    """This pregnancy's GA timeline, per-day counts and sessions, cached per data version."""
    database = ctx.engine.url.render_as_string(hide_password=True)
    key = (database, ctx.profile.id, ctx.data_version, first, last)
    return _figures(key, ctx.engine, ctx.profile)


def _layout(fig: go.Figure, height: int, *, top: int = 36) -> go.Figure:
    """Small margins, the legend above the plot (``top`` px), no zoom or drag."""
    fig.update_layout(
        height=height,
        margin={"l": 8, "r": 8, "t": top, "b": 8},
        font={"size": 14},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "xanchor": "left"},
        dragmode=False,
        bargap=0.1,
    )
    fig.update_xaxes(fixedrange=True, automargin=True)
    fig.update_yaxes(fixedrange=True, automargin=True, rangemode="tozero")
    return fig


def ga_figure(daily: pd.DataFrame, timeline: pd.DataFrame) -> go.Figure:
    """Contractions per day as bars against weeks pregnant, and each event as a marked point
    (hover: what and when in weeks+days)."""
    fig = go.Figure()
    fig.add_bar(
        x=daily["ga_days"] / 7,
        y=daily["contractions"],
        width=1 / 7 * 0.9,
        name="Contractions a day",
        marker_color=BAR,
        customdata=daily["ga_label"],
        hovertemplate="%{customdata}: %{y} contractions<extra></extra>",
    )
    events = timeline[timeline["kind"] != CONTRACTION]
    if len(events):
        fig.add_scatter(
            x=events["ga_days"] / 7,
            y=[0] * len(events),
            mode="markers",
            name="Pregnancy events",
            marker={"color": EVENT, "size": 12, "symbol": "diamond"},
            customdata=list(zip(events["ga_label"], events["label"], strict=True)),
            hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>",
        )
    low = int(timeline["ga_days"].min() // 7)
    high = int(timeline["ga_days"].max() // 7) + 1
    fig.update_xaxes(
        title="Weeks pregnant", range=[low - 0.2, high + 0.2], dtick=1 if high - low <= 12 else 2
    )
    fig.update_yaxes(title="Contractions")
    return _layout(fig, 300)


def show(fig: go.Figure, key: str) -> None:
    st.plotly_chart(fig, width="stretch", config=CHART_CONFIG, theme="streamlit", key=key)


def _apart(seconds: float | None) -> str:
    return "–" if seconds is None else words_apart(seconds)


def _long(seconds: float | None) -> str:
    return "–" if seconds is None else words_long(seconds)


def _regularity(session: SessionStats) -> str:
    if session.interval_cv is None:
        return session.regularity
    return f"{session.regularity} ({round(session.interval_cv * 100)} %)"


def _outcome(session: SessionStats) -> str:
    """``Met at 23:56`` or ``Practice``: the table's short form of ``SessionStats.sentence``."""
    if session.rule_met_at is None:
        return "Practice"
    return f"Met at {session.rule_met_at.astimezone(session.local_start.tzinfo):%H:%M}"


def sessions_table(sessions: Sequence[SessionStats]) -> pd.DataFrame:
    """One row per session, newest first, as a person reads it: the comparison (go-in rule,
    interval, duration) right after when, so a phone shows it without scrolling sideways."""
    rows = [
        {
            "Weeks": s.ga_label or "–",
            "When": s.when,
            "Go-in rule": _outcome(s),
            "Median interval": _apart(s.median_interval_s),
            "Median duration": _long(s.median_duration_s),
            "Regularity": _regularity(s),
            "Contractions": s.count,
        }
        for s in reversed(sessions)
    ]
    return pd.DataFrame(rows)


def show_sessions_table(sessions: Sequence[SessionStats]) -> None:
    st.dataframe(
        sessions_table(sessions),
        hide_index=True,
        width="stretch",
        column_config={"Weeks": st.column_config.TextColumn(pinned=True)},
    )


def sessions_figure(sessions: Sequence[SessionStats]) -> go.Figure:
    """Median interval (minutes) above, median duration (seconds) below, one bar per session
    named by its weeks of pregnancy; orange where the go-in rule was met (``SESSIONS_KEY``
    says so in words below the chart: a legend would crowd a phone)."""
    names = [s.ga_label or "" for s in sessions]
    if "" in names or len(set(names)) < len(names):  # no due date, or two sessions in one day
        names = [f"{s.local_start:%-d %b %H:%M}" for s in sessions]
    colours = [MET if s.rule_met else BAR for s in sessions]
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.12,
        subplot_titles=("Median interval (min)", "Median duration (s)"),
    )
    intervals = [
        None if s.median_interval_s is None else s.median_interval_s / 60 for s in sessions
    ]
    durations = [s.median_duration_s for s in sessions]
    fig.add_bar(
        x=names,
        y=intervals,
        marker_color=colours,
        showlegend=False,
        row=1,
        col=1,
        hovertemplate="%{x}: %{y:.1f} min apart<extra></extra>",
    )
    fig.add_bar(
        x=names,
        y=durations,
        marker_color=colours,
        showlegend=False,
        row=2,
        col=1,
        hovertemplate="%{x}: %{y:.0f} s<extra></extra>",
    )
    fig.update_xaxes(type="category")
    return _layout(fig, 360)
