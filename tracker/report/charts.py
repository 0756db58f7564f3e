"""Static charts for the report: matplotlib drawn by its Agg canvas (set explicitly, no
pyplot, no display, no browser), returned as PNG bytes.

matplotlib is imported inside the functions: a process that never makes a report (the app's
pages, the other CLI commands) does not pay its ~0.3 s import. Charts are small (130 dpi) to
keep a report under a few seconds; each takes the data the insights functions return.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DPI = 130
MM_PER_INCH = 25.4
BAR = "#5b8def"
LINE = "#d9534f"
GOAL = "#e08a00"
UNDER = "#9db8ef"
SEVERITY_COLOURS = {
    "emergency": "#b00020",
    "urgent": "#e0761a",
    "routine": "#2f6fb3",
    "info": "#9aa0a6",
}


def _figure(
    width_mm: float,
    height_mm: float,
    *,
    left_mm: float = 12,
    right_mm: float = 4,
    bottom_mm: float = 8,
    top_mm: float = 7,
) -> Figure:
    """A figure with fixed margins in millimetres (matplotlib's constrained layout measured
    every label again: ~0.15 s a chart, half a report's chart time)."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_mm / MM_PER_INCH, height_mm / MM_PER_INCH), dpi=DPI)
    figure.subplots_adjust(
        left=left_mm / width_mm,
        right=1 - right_mm / width_mm,
        bottom=bottom_mm / height_mm,
        top=1 - top_mm / height_mm,
        wspace=0.25,
    )
    return figure


def _style(axes: Any, title: str) -> None:
    axes.set_title(title, fontsize=9, loc="left", fontweight="bold")
    axes.tick_params(labelsize=7)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.grid(axis="y", color="#e5e5e5", linewidth=0.6)
    axes.set_axisbelow(True)


def _png(figure: Figure) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    out = BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def _whole_numbers(axes: Any) -> None:
    from matplotlib.ticker import MaxNLocator

    axes.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))


def _date_axis(axes: Any) -> None:
    from matplotlib.dates import AutoDateLocator, DateFormatter

    locator = AutoDateLocator(minticks=3, maxticks=8)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(DateFormatter("%-d %b"))


WIDTH_DAYS = {"day": 0.8, "week": 5.5, "month": 24.0}
"""Bar width, in days, of a bar per day, week or month."""


def _day_numbers(days: Any) -> Any:
    from matplotlib.dates import date2num

    return date2num(pd.to_datetime(days).to_numpy())


def _bars(
    axes: Any,
    left: Any,
    heights: Any,
    width: float,
    colours: Any,
    *,
    bottom: Any = 0.0,
    label: str | None = None,
) -> None:
    """Bars as one collection of rectangles: ``axes.bar`` adds a patch per bar and updates the
    limits for each (~2 ms a bar: 0.2 s for a year of days). ``left`` in data units."""
    import numpy as np
    from matplotlib.collections import PolyCollection

    x = np.asarray(left, dtype="float64")
    top = np.asarray(heights, dtype="float64")
    base = np.broadcast_to(np.asarray(bottom, dtype="float64"), x.shape)
    corners = np.stack(
        [
            np.column_stack([x, base]),
            np.column_stack([x + width, base]),
            np.column_stack([x + width, base + top]),
            np.column_stack([x, base + top]),
        ],
        axis=1,
    )
    axes.add_collection(
        PolyCollection(list(corners), facecolors=colours, edgecolors="none", label=label)
    )
    if len(x):
        axes.update_datalim(corners.reshape(-1, 2))
    axes.autoscale_view()


def frequency_intensity(
    periods: pd.DataFrame, period_words: str, *, width_mm: float, height_mm: float
) -> bytes:
    """Episodes per period as bars (``patterns.frequency``) and their mean intensity (0–10) as
    dots on a second axis."""
    figure = _figure(width_mm, height_mm, right_mm=12)
    axes = figure.add_subplot()
    starts = _day_numbers(periods["period_start"])
    width = WIDTH_DAYS[period_words]
    _bars(axes, starts, periods["episodes"], width, BAR)
    axes.set_ylim(bottom=0)
    _style(axes, f"Cramp and pain episodes per {period_words}, and their mean intensity")
    axes.set_ylabel("Episodes", fontsize=7.5)
    _whole_numbers(axes)
    _date_axis(axes)
    right = axes.twinx()
    centres = starts + width / 2
    right.plot(
        centres,
        periods["mean_intensity"],
        "o-",
        color=LINE,
        markersize=3,
        linewidth=1,
        label="Mean intensity",
    )
    right.set_ylim(0, 10)
    right.set_ylabel("Mean intensity (0–10)", fontsize=7.5, color=LINE)
    right.tick_params(labelsize=7, colors=LINE)
    right.spines["top"].set_visible(False)
    return _png(figure)


def time_of_day(by_hour: Sequence[int], *, width_mm: float, height_mm: float) -> bytes:
    """Episodes by local start hour (0–23)."""
    figure = _figure(width_mm, height_mm)
    axes = figure.add_subplot()
    axes.bar(range(24), by_hour, color=BAR, width=0.8)
    _style(axes, "Time of day episodes started (local)")
    axes.set_xticks(range(0, 24, 3), [f"{h:02d}:00" for h in range(0, 24, 3)])
    axes.set_xlim(-0.6, 23.6)
    _whole_numbers(axes)
    return _png(figure)


def regions(places: Sequence[tuple[str, int]], *, width_mm: float, height_mm: float) -> bytes:
    """Episodes per body region and side, most first (horizontal bars)."""
    figure = _figure(width_mm, height_mm, left_mm=28)
    axes = figure.add_subplot()
    labels = [label for label, _ in places][::-1]
    counts = [count for _, count in places][::-1]
    axes.barh(labels, counts, color=BAR, height=0.7)
    _style(axes, "Where (region and side)")
    axes.set_xlim(0, max(counts, default=1) * 1.15)
    axes.grid(axis="x", color="#e5e5e5", linewidth=0.6)
    axes.grid(axis="y", visible=False)
    from matplotlib.ticker import MaxNLocator

    axes.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
    for y, count in enumerate(counts):
        axes.text(count, y, f" {count}", va="center", fontsize=7)
    return _png(figure)


def hydration(
    totals: pd.DataFrame,
    goal_ml: int,
    units: str = "metric",
    *,
    width_mm: float,
    height_mm: float,
) -> bytes:
    """Drinks per local day (``intake.drink_totals``) against the goal, in the person's unit
    (ml or US fl oz): days under it lighter, days without a drink logged left empty."""
    from tracker.core.units import format_volume, ml_to_fl_oz, volume_unit

    figure = _figure(width_mm, height_mm)
    axes = figure.add_subplot()
    us = volume_unit(units) != "ml"
    scale = ml_to_fl_oz(1.0) if us else 1.0
    logged = totals[totals["drinks_logged"] > 0]
    colours = [BAR if bool(at) else UNDER for at in logged["at_goal"].fillna(False)]
    heights = logged["drinks_ml"].to_numpy() * scale
    _bars(axes, _day_numbers(logged.index) - 0.4, heights, 0.8, colours)
    axes.set_ylim(bottom=0)
    axes.axhline(goal_ml * scale, color=GOAL, linestyle="--", linewidth=1.2)
    _style(
        axes,
        f"Drinks per day ({volume_unit(units)}); dashed line: the goal of "
        f"{format_volume(goal_ml, units)}; lighter bars: under it",
    )
    if len(totals):
        from matplotlib.dates import date2num

        start, end = pd.Timestamp(totals.index[0]), pd.Timestamp(totals.index[-1])
        axes.set_xlim(date2num(start) - 1, date2num(end) + 1)
    _date_axis(axes)
    return _png(figure)


def flag_timeline(
    timeline: pd.DataFrame,
    labels: dict[str, str],
    period_words: str,
    *,
    width_mm: float,
    height_mm: float,
) -> bytes:
    """Flags per period stacked by severity (``flag_trends.flag_timeline``), most serious at
    the bottom."""
    figure = _figure(width_mm, height_mm, bottom_mm=14)
    axes = figure.add_subplot()
    table = timeline.groupby(["period_start", "severity"])["count"].sum().unstack(fill_value=0)
    starts = _day_numbers(table.index)
    width = WIDTH_DAYS[period_words]
    bottom = pd.Series(0, index=table.index)
    for severity, colour in SEVERITY_COLOURS.items():
        if severity not in table.columns:
            continue
        _bars(axes, starts, table[severity], width, colour, bottom=bottom, label=labels[severity])
        bottom = bottom + table[severity]
    axes.set_ylim(bottom=0)
    _style(axes, f"Red flags per {period_words}, by how soon to act")
    _whole_numbers(axes)
    _date_axis(axes)
    axes.legend(fontsize=6.5, frameon=False, loc="upper left", bbox_to_anchor=(0, -0.1), ncols=4)
    return _png(figure)


def sessions(
    names: Sequence[str],
    interval_min: Sequence[float | None],
    duration_s: Sequence[float | None],
    met: Sequence[bool],
    *,
    width_mm: float,
    height_mm: float,
) -> bytes:
    """Median interval (minutes) and median duration (seconds) per timed session, side by side;
    orange where the go-in rule was met."""
    figure = _figure(width_mm, height_mm, bottom_mm=12 if len(names) > 6 else 8)
    left, right = figure.subplots(1, 2)
    colours = [GOAL if m else BAR for m in met]
    positions = list(range(len(names)))
    for axes, values, title in (
        (left, interval_min, "Median interval (min, start to start)"),
        (right, duration_s, "Median duration (s)"),
    ):
        axes.bar(positions, [v if v is not None else 0 for v in values], color=colours)
        _style(axes, title)
        axes.set_xticks(
            positions,
            names,
            rotation=45 if len(names) > 6 else 0,
            ha="right" if len(names) > 6 else "center",
        )
    return _png(figure)
