"""The body diagram: front and back silhouettes, each region's halves shaded by count.

Geometry and counts come from ``tracker.insights.body_map``; here they become plotly shapes.
Hovering (or tapping) an area names it and its count; the table under it is the fallback.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from tracker.insights.body_map import BACK_OFFSET_X, VIEW_HEIGHT, VIEW_WIDTH
from tracker.ui.insights.charts import FONT_SIZE, REFERENCE

LIGHTEST, DARKEST = (248, 200, 196), (170, 30, 26)
"""Shaded areas, opaque (the count printed on them must read on either theme): from a light
red for one episode to a dark red for the most."""
EMPTY_FILL = "rgba(128, 128, 128, 0.10)"
DARK_TEXT, LIGHT_TEXT = "#000000", "#ffffff"
"""The count on a shaded area: whichever of the two reads better on it (black, not a softer
near-black: halfway along the ramp only pure black reaches 4.5:1, white 3.3:1)."""


def _offset(view: str) -> float:
    return BACK_OFFSET_X if view == "back" else 0.0


def _share(count: int, most: int) -> float:
    return 0.0 if most <= 1 else (count - 1) / (most - 1)


def _fill(count: int, most: int) -> str:
    if count <= 0 or most <= 0:
        return EMPTY_FILL
    share = _share(count, most)
    rgb = (round(a + (b - a) * share) for a, b in zip(LIGHTEST, DARKEST, strict=True))
    return "rgb({}, {}, {})".format(*rgb)


def _luminance(rgb: tuple[int, ...]) -> float:
    """WCAG relative luminance of an sRGB colour."""
    linear = [
        c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _text_colour(count: int, most: int) -> str:
    """Black or white, whichever has the higher contrast with the area's fill."""
    if count <= 0 or most <= 0:
        return DARK_TEXT
    fill = tuple(int(v) for v in _fill(count, most)[4:-1].split(", "))
    shade = _luminance(fill)
    return LIGHT_TEXT if 1.05 / (shade + 0.05) > (shade + 0.05) / 0.05 else DARK_TEXT


def body_diagram(areas: pd.DataFrame) -> go.Figure:
    """Both silhouettes from ``body_map.area_counts``; counts printed on shaded areas."""
    most = int(areas["count"].max()) if len(areas) else 0
    shapes = [
        {
            "type": "rect" if area["shape"] == "rect" else "circle",
            "x0": float(area["x0"]) + _offset(str(area["view"])),
            "y0": float(area["y0"]),
            "x1": float(area["x1"]) + _offset(str(area["view"])),
            "y1": float(area["y1"]),
            "line": {"color": REFERENCE, "width": 1},
            "fillcolor": _fill(int(area["count"]), most),
            "layer": "below",
        }
        for area in areas.to_dict("records")
    ]
    named = areas[areas["region"].notna()]
    xs = [x + _offset(str(v)) for x, v in zip(named["x"], named["view"], strict=True)]
    counts = go.Scatter(
        x=xs,
        y=named["y"],
        mode="markers+text",
        marker={"size": 16, "opacity": 0},
        text=[str(c) if c else "" for c in named["count"]],
        textfont={
            "size": 12,
            "color": [_text_colour(int(c), most) for c in named["count"]],
        },
        customdata=named[["label", "view", "count"]].to_numpy(),
        hovertemplate="%{customdata[0]} (%{customdata[1]}): %{customdata[2]}<extra></extra>",
        showlegend=False,
    )
    top = VIEW_HEIGHT + 6
    annotations: list[dict[str, Any]] = []
    for view, title, left_letter, right_letter in (
        ("front", "Front", "R", "L"),
        ("back", "Back", "L", "R"),
    ):
        dx = _offset(view)
        annotations.append(
            {"x": dx + VIEW_WIDTH / 2, "y": top + 8, "text": f"<b>{title}</b>", "showarrow": False}
        )
        for x, letter in ((dx + 4, left_letter), (dx + VIEW_WIDTH - 4, right_letter)):
            annotations.append(
                {
                    "x": x,
                    "y": 196,
                    "text": f"<b>{letter}</b>",
                    "showarrow": False,
                    "font": {"size": 16},
                }
            )
    # One figure with every shape, the trace and the layout at once: adding ~70 shapes one by
    # one costs ~0.7 s in plotly, and each later update validates the figure again.
    layout = {
        "shapes": shapes,
        "annotations": annotations,
        "xaxis": {
            "visible": False,
            "range": [-4, BACK_OFFSET_X + VIEW_WIDTH + 4],
            "fixedrange": True,
        },
        "yaxis": {
            "visible": False,
            "range": [-4, top + 16],
            "scaleanchor": "x",
            "scaleratio": 1,
            "fixedrange": True,
        },
        "height": 460,
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "font": {"size": FONT_SIZE},
        "dragmode": False,
        "hovermode": "closest",
        "showlegend": False,
    }
    fig = go.Figure(data=[counts], layout=layout)
    return fig
