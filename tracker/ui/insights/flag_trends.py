"""The Flag trends page's parts: its range, the cached flags of that range, the timeline chart
and the per-rule table.

Flags are evaluated over the whole diary (``tracker.insights.flag_trends.flags_between``), which
is the slow part, so the range's flags are an ``st.cache_data`` value keyed on (database,
profile, data version, minute, range): changing the period or the chart costs nothing.
Colours follow the Flags page's badges (``tracker.ui.flags.BADGE_COLOURS``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from sqlalchemy.engine import Engine

from tracker.core.models import ProfileRead
from tracker.core.timeutil import format_local, local_date
from tracker.flags import Flag, Severity
from tracker.insights.flag_trends import Period, flags_between
from tracker.ui.cached import MAX_ENTRIES, Key, key
from tracker.ui.context import PageContext
from tracker.ui.flags import BADGE_COLOURS, BADGE_LABELS

RANGES_DAYS: tuple[int, ...] = (30, 90, 180, 365)
DEFAULT_DAYS = 180
PERIOD_LABELS: dict[Period, str] = {"day": "Day", "week": "Week", "month": "Month"}

STREAMLIT_HEX = {"red": "#ff4b4b", "orange": "#e8710a", "blue": "#1c83e1", "gray": "#8a8f9c"}
"""The badge colours by name, so a bar matches its badge: Streamlit's red and blue; its orange
(#ffa421) and gray (#a3a8b8) darkened, which were 2.0:1 and 2.4:1 on white, so that every bar
stands out at 3:1 on the light and the dark theme."""
SEVERITY_HEX = {s: STREAMLIT_HEX[str(BADGE_COLOURS[s])] for s in Severity}

CHART_CONFIG = {"displayModeBar": False, "scrollZoom": False, "responsive": True}
LATEST_FORMAT = "%-d %b %Y %H:%M"


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def _flags(
    key: Key, first: date, last: date, _engine: Engine, _profile: ProfileRead, _now: datetime
) -> list[Flag]:
    return flags_between(engine=_engine, profile=_profile, first=first, last=last, now=_now)


def flags_in_range(ctx: PageContext, first: date, last: date) -> list[Flag]:
    """``flags_between`` for the local days ``first``..``last``, cached per data version."""
    return _flags(key(ctx), first, last, ctx.engine, ctx.profile, ctx.now)


def range_picker(ctx: PageContext) -> tuple[date, date]:
    """The last 30, 90, 180 (default) or 365 local days ending today."""
    days = st.segmented_control(
        "Flags from the last",
        RANGES_DAYS,
        default=DEFAULT_DAYS,
        format_func=lambda d: "year" if d == 365 else f"{d} days",
        key="flag_trends_days",
    )
    today = local_date(ctx.now, ctx.tz)
    return today - timedelta(days=(days or DEFAULT_DAYS) - 1), today


def period_picker() -> Period:
    chosen = st.segmented_control(
        "Bars per",
        list(PERIOD_LABELS),
        default="week",
        format_func=lambda p: PERIOD_LABELS[p],
        key="flag_trends_period",
    )
    return chosen or "week"


def timeline_figure(timeline: pd.DataFrame, period: Period) -> go.Figure:
    """Stacked bars of flags per period, one colour per severity (most serious at the bottom);
    hovering a bar lists its rules.

    Built in one constructor (traces and layout together): adding the bars one by one and then
    updating the layout and each axis validated the figure again at every step (twice the
    time)."""
    totals = timeline.groupby(["period_start", "severity"])["count"].sum()
    periods = pd.Index(sorted(timeline["period_start"].unique()))
    met = timeline[timeline["count"] > 0]
    named = met["rule"] + " ×" + met["count"].astype(str)  # in the timeline's order
    hover = named.groupby([met["severity"], met["period_start"]]).agg(", ".join)
    bars = []
    for severity in Severity:
        if not (timeline["severity"] == severity.value).any():
            continue
        counts = totals.xs(severity.value, level="severity").reindex(periods, fill_value=0)
        rules = [hover.get((severity.value, p), "") for p in periods]
        bars.append(
            go.Bar(
                x=periods,
                y=counts.to_numpy(),
                name=BADGE_LABELS[severity],
                marker_color=SEVERITY_HEX[severity],
                customdata=rules,
                hovertemplate="%{y} "
                + BADGE_LABELS[severity].lower()
                + ": %{customdata}<extra></extra>",
            )
        )
    layout = {
        "barmode": "stack",
        "height": 320,
        "margin": {"l": 8, "r": 8, "t": 36, "b": 8},
        "font": {"size": 14},
        "legend": {
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.02,
            "x": 0,
            "xanchor": "left",
            "traceorder": "normal",
        },
        "dragmode": False,
        "hovermode": "x unified",
        "bargap": 0.15,
        "xaxis": {"fixedrange": True, "automargin": True, "title": {}},
        "yaxis": {
            "fixedrange": True,
            "automargin": True,
            "title": f"Flags a {period}",
            "rangemode": "tozero",
            "dtick": 1 if int(totals.groupby(level="period_start").sum().max()) <= 6 else None,
        },
    }
    return go.Figure(data=bars, layout=layout)


def show_timeline(timeline: pd.DataFrame, period: Period) -> None:
    st.plotly_chart(
        timeline_figure(timeline, period),
        width="stretch",
        config=CHART_CONFIG,
        theme="streamlit",
        key="flag_trends_chart",
    )


def rule_table(rules: pd.DataFrame, tz_name: str) -> pd.DataFrame:
    """``rule_counts`` as a person reads it: severity, rule, what it is about, count, latest."""
    return pd.DataFrame(
        {
            "Severity": [BADGE_LABELS[Severity(s)] for s in rules["severity"]],
            "Rule": rules["rule"],
            "Flags": rules["count"].astype("int64"),
            "Latest": [
                format_local(at.to_pydatetime(), tz_name, LATEST_FORMAT)
                for at in rules["latest_at"]
            ],
            "What": rules["title"],
        }
    )
