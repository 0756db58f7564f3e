"""The labour chart: intervals and durations of one session over time, with the go-in rule's
thresholds drawn (issue 4, item 5). A plotly figure and nothing else: no streamlit here, and the
command line never imports this module (it would pull in plotly).

Time runs along x as real time, so the hour repeated when the clocks go back is not folded onto
itself (two contractions an hour apart would sit on top of each other on a wall-clock axis) and
the hour skipped in spring leaves no false gap. Everything the person reads is local wall time
in the profile's zone: the tick labels, with the zone in a repeated hour (``01:30 BST``,
``01:30 GMT``), and the hover text. Intervals and durations are computed on UTC instants.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from tracker.core.timeutil import to_local
from tracker.core.words import counted
from tracker.entries.profile import LabourRule
from tracker.labour.sessions import LabourSession, words_apart, words_long

INTERVAL_COLOUR: Final = "#0072B2"
DURATION_COLOUR: Final = "#D55E00"
"""Okabe–Ito blue and vermillion: told apart with every common colour-vision deficiency, and
the two series also differ in marker shape and sit on separate panels."""
RULE_COLOUR: Final = "#8a8a8a"
"""The rule's dashed line: a mid grey, 3.4:1 on white and 5.6:1 on the dark theme."""
GRID_COLOUR: Final = "rgba(128, 128, 128, 0.25)"
FONT_PX: Final = 14
"""Base font size: readable on a 390 px wide phone."""
HEIGHT_PX: Final = 480
MAX_TICKS: Final = 4
"""At most this many time labels along x (a phone’s width holds four ``01:30 BST`` comfortably)."""
TICK_STEPS_MIN: Final = (5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 720, 1440)
PAD_SHARE: Final = 0.04
"""Room left and right of the first and last start, as a share of the session's span."""
MIN_PAD: Final = timedelta(minutes=2)


@dataclass(frozen=True)
class TimeTicks:
    """Where the x labels go (UTC instants, as the traces' x) and what they say (local time)."""

    values: list[datetime]
    labels: list[str]


def session_label(session: LabourSession, tz_name: str | None) -> str:
    """``Sun 1 Mar 20:00–23:41 · 29 contractions``, local; the end with its day when the
    session runs past midnight, a time in a repeated hour with its zone (``01:08 GMT``)."""
    first = to_local(session.started_at, tz_name)
    last = to_local(session.last_started_at, tz_name)
    end = wall_clock(session.last_started_at, tz_name)
    if last.date() != first.date():
        end = f"{_day(last)} {end}"
    count = counted(session.count, "contraction")
    return f"{_day(first)} {wall_clock(session.started_at, tz_name)}–{end} · {count}"


def _day(local: datetime) -> str:
    return f"{local:%a} {local.day} {local:%b}"


def wall_clock(moment: datetime, tz_name: str | None) -> str:
    """``21:40`` in the profile's zone; ``01:30 BST`` / ``01:30 GMT`` in an hour the clocks
    show twice."""
    local = to_local(moment, tz_name)
    text = f"{local:%H:%M}"
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        text += f" {local:%Z}"
    return text


def time_ticks(start: datetime, end: datetime, tz_name: str | None) -> TimeTicks:
    """Labels at round local times (every 5, 10, 15 … minutes) between ``start`` and ``end``,
    at most ``MAX_TICKS``; the first label and any label on a new local day carry the day."""
    span_min = (end - start).total_seconds() / 60
    step = next((s for s in TICK_STEPS_MIN if span_min / s <= MAX_TICKS), TICK_STEPS_MIN[-1])
    local = to_local(start, tz_name)
    into_day = local.hour * 60 + local.minute
    floor = local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(
        minutes=into_day - into_day % step
    )
    # Stepping in UTC keeps equal spacing through a clock change (steps of an hour or less
    # stay on round local times too).
    moment = floor.astimezone(UTC)
    values: list[datetime] = []
    labels: list[str] = []
    previous_day = None
    while moment <= end:
        if moment >= start:
            day = to_local(moment, tz_name).date()
            label = wall_clock(moment, tz_name)
            if day != previous_day:
                label += f"<br>{_day(to_local(moment, tz_name))}"
            values.append(moment)
            labels.append(label)
            previous_day = day
        moment += timedelta(minutes=step)
    return TimeTicks(values, labels)


def _x(moment: datetime) -> str:
    """A UTC instant as plotly reads it (no offset: plotly.js would ignore one anyway)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def x_range(session: LabourSession) -> tuple[datetime, datetime]:
    """The visible stretch of time: the session's starts with a little room either side."""
    span = session.last_started_at - session.started_at
    pad = max(span * PAD_SHARE, MIN_PAD)
    return session.started_at - pad, session.last_started_at + pad


def labour_figure(session: LabourSession, *, rule: LabourRule, tz_name: str | None) -> go.Figure:
    """Two panels sharing the time axis: above, each contraction's interval (start − previous
    start) in minutes; below, each finished contraction's duration in seconds. Dashed lines
    mark the rule's interval (I minutes) and duration (D seconds)."""
    rows = session.rows
    spaced = [r for r in rows if r.interval_s is not None]
    finished = [r for r in rows if r.duration_s is not None]
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    fig.add_trace(
        go.Scatter(
            name="Interval (minutes, start to start)",
            x=[_x(r.contraction.started_at) for r in spaced],
            y=[r.interval_s / 60 for r in spaced if r.interval_s is not None],
            customdata=[
                [wall_clock(r.contraction.started_at, tz_name), words_apart(r.interval_s)]
                for r in spaced
                if r.interval_s is not None
            ],
            hovertemplate="%{customdata[0]}: %{customdata[1]} after the one before<extra></extra>",
            mode="lines+markers",
            line={"color": INTERVAL_COLOUR, "width": 2},
            marker={"color": INTERVAL_COLOUR, "size": 8, "symbol": "circle"},
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            name="Duration (seconds)",
            x=[_x(r.contraction.started_at) for r in finished],
            y=[r.duration_s for r in finished],
            customdata=[
                [wall_clock(r.contraction.started_at, tz_name), words_long(r.duration_s)]
                for r in finished
                if r.duration_s is not None
            ],
            hovertemplate="%{customdata[0]}: lasted %{customdata[1]}<extra></extra>",
            mode="lines+markers",
            line={"color": DURATION_COLOUR, "width": 2, "dash": "dot"},
            marker={"color": DURATION_COLOUR, "size": 9, "symbol": "square"},
        ),
        row=2,
        col=1,
    )
    _rule_line(fig, row=1, y=rule.interval_min, text=f"{rule.interval_min} min (your rule)")
    _rule_line(fig, row=2, y=rule.duration_s, text=f"{rule.duration_s} s (your rule)")
    intervals_min = [r.interval_s / 60 for r in spaced if r.interval_s is not None]
    durations = [r.duration_s for r in finished if r.duration_s is not None]
    fig.update_yaxes(
        title_text="Interval (min)", range=[0, _top(intervals_min, rule.interval_min)], row=1
    )
    fig.update_yaxes(title_text="Duration (s)", range=[0, _top(durations, rule.duration_s)], row=2)
    first, last = x_range(session)
    ticks = time_ticks(first, last, tz_name)
    fig.update_xaxes(
        type="date",
        range=[_x(first), _x(last)],
        tickvals=[_x(v) for v in ticks.values],
        ticktext=ticks.labels,
        showgrid=True,
    )
    fig.update_xaxes(showticklabels=False, row=1)
    fig.update_xaxes(showticklabels=True, row=2)
    fig.update_yaxes(fixedrange=True, gridcolor=GRID_COLOUR, zeroline=False)
    fig.update_xaxes(fixedrange=True, gridcolor=GRID_COLOUR)
    fig.update_layout(
        height=HEIGHT_PX,
        font={"size": FONT_PX},
        margin={"l": 56, "r": 12, "t": 16, "b": 16},
        plot_bgcolor="rgba(0,0,0,0)",  # the page's own background, light or dark
        paper_bgcolor="rgba(0,0,0,0)",
        legend={
            "orientation": "h",
            "yanchor": "top",
            "y": -0.14,
            "xanchor": "left",
            "x": 0,
            "font": {"size": FONT_PX},
        },
        hoverlabel={"font": {"size": FONT_PX}},
        hovermode="closest",
        dragmode=False,
    )
    return fig


def _rule_line(fig: go.Figure, *, row: int, y: float, text: str) -> None:
    fig.add_hline(
        y=y,
        row=row,
        col=1,
        line={"color": RULE_COLOUR, "width": 2, "dash": "dash"},
        annotation_text=text,
        annotation_position="top left",
        annotation_font={"size": FONT_PX - 1},  # the theme's text colour, light or dark
    )


def _top(values: list[float], threshold: float) -> float:
    """Top of a y axis: the largest value or the threshold, whichever is higher, plus room for
    the threshold's label."""
    return max([*values, threshold]) * 1.25
