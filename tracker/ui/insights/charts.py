"""Plotly charts of the Insights pages, readable on a 390 px phone and in light or dark theme.

Every chart: a legend above the plot (never over the data), small margins, no toolbar, no
zoom or drag (a finger scrolls the page instead), colours that read on both themes (the
theme's own colours where meaning does not need one; semi-transparent fills elsewhere).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from tracker.core.units import volume_for_display, volume_unit
from tracker.insights.factors import FactorResult

CONFIG: dict[str, Any] = {"displayModeBar": False, "scrollZoom": False, "responsive": True}
FONT_SIZE = 14
BAR = "#5b8def"
"""Bars: a mid blue that reads on white and on the dark theme's background."""
LINE = "#e8710a"
"""A second series (averages, intensity): orange, distinct from BAR for colour-blind eyes; dark
enough for 3:1 on white, light enough for 3:1 on the dark theme."""
REFERENCE = "rgba(128, 128, 128, 0.95)"
"""Neutral marks (the forest plot's line at 1, "now"): grey."""
GOAL = "#e8590c"
"""Goal, pace and upper-level lines: a dashed dark orange, seen over the bars on both themes."""
OVER = "#d9534f"
"""Days above an upper level."""
HEAT = [[0.0, "rgba(217, 83, 79, 0.06)"], [1.0, "rgba(217, 83, 79, 1.0)"]]
"""Heatmap scale: from almost nothing to full red (empty cells nearly transparent)."""
FOREST_MIN, FOREST_MAX = 0.1, 10.0
"""The forest plot's x axis (rate ratio, log scale); ends beyond it are drawn at the edge."""


def show(fig: go.Figure | dict[str, Any]) -> None:
    """Draw ``fig`` (a figure, or a cached figure's ``to_dict()``) at the container's width
    with the shared configuration.

    A dict is made a figure again without plotly's validation: handed over as a dict,
    ``st.plotly_chart`` would validate it property by property (~125 ms for Cramp patterns'
    five charts, at every render), although it came from a figure validated when built.
    ``_validate=False`` is the switch plotly's own templates use to load their dicts."""
    if isinstance(fig, dict):
        fig = go.Figure(fig, _validate=False)
    st.plotly_chart(fig, width="stretch", config=CONFIG, theme="streamlit")


def _layout(fig: go.Figure, *, height: int, legend: bool = True) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 8, "r": 8, "t": 36 if legend else 8, "b": 8},
        font={"size": FONT_SIZE},
        showlegend=legend,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "xanchor": "left"},
        dragmode=False,
        hovermode="x unified",
        bargap=0.15,
    )
    fig.update_xaxes(fixedrange=True, automargin=True)
    fig.update_yaxes(fixedrange=True, automargin=True)
    return fig


def _layout_dict(
    *,
    height: int,
    legend: bool = True,
    xaxis: dict[str, Any] | None = None,
    yaxis: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """``_layout``'s settings as one layout (with each axis's own settings and ``extra`` laid
    over them), for a figure built in one ``go.Figure(data, layout)``: building a figure and
    then updating its layout and each axis validates it again at every step (Cramp patterns'
    charts took twice as long)."""
    layout: dict[str, Any] = {
        "height": height,
        "margin": {"l": 8, "r": 8, "t": 36 if legend else 8, "b": 8},
        "font": {"size": FONT_SIZE},
        "showlegend": legend,
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "xanchor": "left"},
        "dragmode": False,
        "hovermode": "x unified",
        "bargap": 0.15,
        "xaxis": {**(xaxis or {}), "fixedrange": True, "automargin": True},
        "yaxis": {**(yaxis or {}), "fixedrange": True, "automargin": True},
    }
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            layout[key] = {**layout[key], **value}
        else:
            layout[key] = value
    return layout


def _whole_ticks(most: float) -> dict[str, Any]:
    """Ticks at whole numbers for counts (no "1.5 episodes" gridline on a quiet range)."""
    return {"dtick": 1, "tickformat": "d"} if most <= 6 else {"tickformat": ",~g"}


def episodes_per_day(daily: pd.DataFrame) -> go.Figure:
    """Bars of episodes per day and the rolling average as a line (``DashboardWindow.daily``)."""
    fig = go.Figure()
    fig.add_bar(x=daily.index, y=daily["episodes"], name="Episodes", marker_color=BAR)
    fig.add_scatter(
        x=daily.index,
        y=daily["rolling_mean"],
        name="7-day average",
        mode="lines",
        line={"color": LINE, "width": 3},
        hovertemplate="%{y:.1f}",
    )
    fig.update_yaxes(title=None, rangemode="tozero", **_whole_ticks(daily["episodes"].max()))
    return _layout(fig, height=240)


def frequency(table: pd.DataFrame, period: str) -> go.Figure:
    """Episodes per day (averaged over each week or month) as bars, mean intensity as a line
    on a second axis (0–10); ``patterns.frequency``'s table."""
    per_day = period != "day"
    bars = go.Bar(
        x=table["period_start"],
        y=table["episodes_per_day"] if per_day else table["episodes"],
        name="Episodes a day" if per_day else "Episodes",
        marker_color=BAR,
        hovertemplate="%{y:.2f}" if per_day else "%{y}",
    )
    line = go.Scatter(
        x=table["period_start"],
        y=table["mean_intensity"],
        name="Mean intensity (0–10)",
        mode="lines+markers",
        line={"color": LINE, "width": 3},
        connectgaps=False,
        hovertemplate="%{y:.1f}",
        yaxis="y2",
    )
    # A second axis set by hand: make_subplots costs ~90 ms a chart.
    layout = _layout_dict(
        height=280,
        yaxis={"rangemode": "tozero"},
        yaxis2={
            "overlaying": "y",
            "side": "right",
            "range": [0, 10.5],
            "tickvals": [0, 5, 10],
            "showgrid": False,
            "fixedrange": True,
            "automargin": True,
        },
    )
    return go.Figure(data=[bars, line], layout=layout)


def hour_weekday(matrix: pd.DataFrame) -> go.Figure:
    """Episodes by local hour (rows, midnight at the top) and weekday (columns)."""
    hours = [f"{hour:02d}:00" for hour in matrix.index]
    heat = go.Heatmap(
        z=matrix.to_numpy(),
        x=list(matrix.columns),
        y=hours,
        colorscale=HEAT,
        xgap=2,
        ygap=2,
        colorbar={
            "thickness": 10,
            "title": {"text": "Episodes", "side": "right"},
            **_whole_ticks(float(matrix.to_numpy().max())),
        },
        hovertemplate="%{x} %{y}: %{z} episodes<extra></extra>",
    )
    layout = _layout_dict(
        height=520,
        legend=False,
        xaxis={"side": "top"},
        yaxis={"autorange": "reversed", "dtick": 3, "title": None},
        hovermode="closest",
        margin={"t": 30},
    )
    return go.Figure(data=[heat], layout=layout)


def ranked(table: pd.DataFrame, *, name: str) -> go.Figure:
    """Horizontal bars, most often first (``patterns.ranked``'s ``label`` and ``count``)."""
    bars = go.Bar(
        x=table["count"],
        y=table["label"],
        orientation="h",
        marker_color=BAR,
        text=table["count"],
        textposition="outside",
        cliponaxis=False,
        name=name,
        hovertemplate="%{y}: %{x} episodes<extra></extra>",
    )
    layout = _layout_dict(
        height=60 + 32 * len(table),
        legend=False,
        xaxis={"visible": False, "range": [0, float(table["count"].max()) * 1.2]},
        yaxis={"autorange": "reversed", "title": None},
        hovermode="closest",
    )
    return go.Figure(data=[bars], layout=layout)


def _clip(value: float) -> float:
    return min(max(value, FOREST_MIN), FOREST_MAX)


def forest(results: Sequence[FactorResult], labels: Sequence[str]) -> go.Figure:
    """Rate ratios with their 95 % intervals on a log axis, a line at 1 (no difference); one
    row per result, rows without enough data shown as a grey note."""
    fig = go.Figure()
    fig.add_vline(x=1, line={"color": REFERENCE, "dash": "dash", "width": 2})
    for result, label in zip(results, labels, strict=True):
        if result.rate_ratio is None or result.ci95 is None:
            note = "not enough data" if not result.enough_data else "no ratio"
            fig.add_annotation(x=0, y=label, text=note, showarrow=False, font={"color": REFERENCE})
            fig.add_scatter(x=[1], y=[label], mode="markers", marker={"opacity": 0})
            continue
        low, high = result.ci95
        ratio = _clip(result.rate_ratio)
        fig.add_scatter(
            x=[ratio],
            y=[label],
            mode="markers",
            marker={"size": 14, "color": BAR, "symbol": "diamond"},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": [_clip(high) - ratio],
                "arrayminus": [ratio - _clip(low)],
                "thickness": 3,
                "width": 6,
                "color": BAR,
            },
            hovertemplate=f"{result.rate_ratio:.2f}× ({low:.2f}–{high:.2f})<extra></extra>",
        )
    fig.update_xaxes(
        type="log",
        range=[-1, 1],
        tickvals=[0.1, 0.25, 0.5, 1, 2, 4, 10],
        ticktext=["0.1", "¼", "½", "1", "2", "4", "10"],
        title={"text": "fewer cramps ← ratio → more cramps", "font": {"size": 12}},
    )
    fig.update_yaxes(autorange="reversed", title=None)
    fig = _layout(fig, height=70 + 40 * len(results), legend=False)
    fig.update_layout(hovermode="closest", margin={"t": 8})
    return fig


def drinks_per_day(totals: pd.DataFrame, goal_ml: float, units: str) -> go.Figure:
    """Each day's drinks (bars; days without a drink logged have none) and the goal (line)."""
    shown = totals[totals["drinks_logged"] > 0]
    unit = volume_unit(units)
    values = [volume_for_display(v, units) for v in shown["drinks_ml"]]
    fig = go.Figure()
    fig.add_bar(
        x=shown.index,
        y=values,
        name=f"Drinks ({unit})",
        marker_color=BAR,
        hovertemplate=f"%{{y:,}} {unit}",
    )
    goal = volume_for_display(goal_ml, units)
    if len(totals):
        fig.add_scatter(
            x=[totals.index.min(), totals.index.max()],
            y=[goal, goal],
            mode="lines",
            name=f"Goal ({goal:,g} {unit})",
            line={"color": GOAL, "dash": "dash", "width": 3},
            hoverinfo="skip",
        )
    fig.update_yaxes(rangemode="tozero", title=None)
    return _layout(fig, height=260)


def _hour_ticks() -> dict[str, Any]:
    hours = list(range(0, 25, 3))
    return {
        "tickvals": [h * 60 for h in hours],
        "ticktext": [f"{h:02d}:00" for h in hours],
        "range": [0, 24 * 60],
    }


def pace(
    line: pd.DataFrame, through_day: pd.DataFrame, now_minute: int | None, units: str
) -> go.Figure:
    """Today's drinks added up through the day (steps) against the pace line (dashed): how
    much by each hour reaches the goal by evening. ``now_minute`` marks the present."""
    unit = volume_unit(units)
    fig = go.Figure()
    fig.add_scatter(
        x=line["minute"],
        y=[volume_for_display(v, units) for v in line["expected_ml"]],
        mode="lines",
        name="Pace to the goal",
        line={"color": GOAL, "dash": "dash", "width": 3},
        hovertemplate=f"%{{y:,}} {unit}",
    )
    end = now_minute if now_minute is not None else 24 * 60 - 1
    minutes = [0, *through_day["minute"].tolist(), end]
    totals = [0.0, *through_day["cumulative_ml"].tolist()]
    totals.append(totals[-1])
    fig.add_scatter(
        x=minutes,
        y=[volume_for_display(v, units) for v in totals],
        mode="lines",
        line_shape="hv",
        name="Your drinks",
        line={"color": BAR, "width": 3},
        hovertemplate=f"%{{y:,}} {unit}",
    )
    if now_minute is not None:
        fig.add_vline(x=now_minute, line={"color": REFERENCE, "width": 2, "dash": "dot"})
        fig.add_annotation(
            x=now_minute, y=1, yref="paper", text="now", showarrow=False, yanchor="bottom"
        )
    fig.update_xaxes(**_hour_ticks())
    fig.update_yaxes(rangemode="tozero", title=None)
    return _layout(fig, height=260)


def ingredient_per_day(rows: pd.DataFrame, unit: str) -> go.Figure:
    """One ingredient's daily total as the rule counts it (bars, red above the level) and the
    upper level (dashed); ``intake.upper_level_days`` rows of one ingredient."""
    colours = [OVER if over else BAR for over in rows["over"]]
    fig = go.Figure()
    fig.add_bar(
        x=rows["local_day"],
        y=rows["total"],
        marker_color=colours,
        name=f"Daily total ({unit})",
        hovertemplate=f"%{{y:,g}} {unit}",
    )
    fig.add_scatter(
        x=rows["local_day"],
        y=rows["limit"],
        mode="lines",
        line_shape="hv",
        name="Upper level",
        line={"color": GOAL, "dash": "dash", "width": 3},
        hovertemplate=f"%{{y:,g}} {unit}",
    )
    fig.update_yaxes(rangemode="tozero", title=None)
    return _layout(fig, height=240)
