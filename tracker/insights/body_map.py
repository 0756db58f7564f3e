"""The body diagram's geometry: front and back silhouettes as simple shapes, each region of the
vocabulary mapped to the areas it shades, and the count each area shows.

Pure data (no plotting): the Cramp patterns page draws these areas with plotly. Coordinates are
per view, ``VIEW_WIDTH`` wide and ``VIEW_HEIGHT`` high, y upwards, the body's midline at
``MIDLINE_X``. Left and right are the *person's*: on the front view (facing the person) their
left is on the viewer's right; on the back view their left is on the viewer's left.

Every region is drawn as a left and a right half, so a one-sided cramp shades one half; an
episode noted on "both sides" or in the "centre" shades both halves of its region.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from tracker.core.vocabulary import Region, Side

View = Literal["front", "back"]
Shape = Literal["rect", "ellipse"]
BodySide = Literal["left", "right"]

VIEW_WIDTH = 100.0
"""Width of one silhouette's box (the back view is drawn ``BACK_OFFSET_X`` to the right)."""

VIEW_HEIGHT = 222.0
"""Height of one silhouette's box, feet at 0, top of the head at 220."""

MIDLINE_X = VIEW_WIDTH / 2

BACK_OFFSET_X = 125.0
"""Where the back view's box starts on a chart showing both views side by side."""

SHADES_BOTH_HALVES: frozenset[str] = frozenset({Side.BOTH.value, Side.CENTER.value})
"""Sides whose episodes shade both halves of their region."""


@dataclass(frozen=True)
class Area:
    """One shape of a silhouette: ``region`` None is outline only (the head, the shins)."""

    view: View
    region: str | None
    side: BodySide | None
    shape: Shape
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def center(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2

    @property
    def label(self) -> str:
        """ "Left calf", "Right half of lower back"; "" for an outline shape."""
        if self.region is None or self.side is None:
            return ""
        name = Region(self.region).label
        return f"{self.side.capitalize()} {name[0].lower()}{name[1:]}"


# Each part: (region or None, shape, x0, y0, x1, y1) of the half on the viewer's left of the
# midline; the other half is its mirror image. Midline parts end at MIDLINE_X.
_Part = tuple[str | None, Shape, float, float, float, float]

_SHARED: tuple[_Part, ...] = (
    ("neck", "rect", 44, 180, 50, 191),
    ("shoulder", "ellipse", 22, 164, 42, 182),
    ("arm", "rect", 18, 90, 31, 166),
    ("hand", "ellipse", 14, 68, 31, 90),
    ("knee", "ellipse", 34, 44, 49, 59),
    ("foot", "ellipse", 31, 1, 48, 14),
)

_FRONT: tuple[_Part, ...] = (
    ("chest", "rect", 32, 146, 50, 179),
    ("abdomen", "rect", 34, 118, 50, 146),
    ("pelvis", "rect", 33, 100, 50, 118),
    ("thigh", "rect", 33, 59, 49, 100),
    (None, "rect", 35, 14, 48, 44),  # the shin: the calf is on the back view
)

_BACK: tuple[_Part, ...] = (
    ("upper_back", "rect", 32, 140, 50, 179),
    ("lower_back", "rect", 34, 112, 50, 140),
    ("buttock_hip", "rect", 32, 88, 50, 112),
    ("thigh", "rect", 33, 59, 49, 88),
    ("calf", "rect", 35, 14, 48, 44),
)

HEAD: tuple[float, float, float, float] = (38, 191, 62, 220)
"""The head's ellipse box (outline only, both views)."""


def _mirror(x0: float, x1: float) -> tuple[float, float]:
    return VIEW_WIDTH - x1, VIEW_WIDTH - x0


def _view_areas(view: View, parts: tuple[_Part, ...]) -> list[Area]:
    # The half on the viewer's left is the person's right on the front, their left on the back.
    viewer_left: BodySide = "right" if view == "front" else "left"
    viewer_right: BodySide = "left" if view == "front" else "right"
    areas = [Area(view, None, None, "ellipse", *HEAD)]
    for region, shape, x0, y0, x1, y1 in parts:
        mx0, mx1 = _mirror(x0, x1)
        areas.append(Area(view, region, viewer_left if region else None, shape, x0, y0, x1, y1))
        areas.append(Area(view, region, viewer_right if region else None, shape, mx0, y0, mx1, y1))
    return areas


AREAS: tuple[Area, ...] = (
    *_view_areas("front", _SHARED + _FRONT),
    *_view_areas("back", _SHARED + _BACK),
)
"""Every shape of both silhouettes; each region of the vocabulary appears at least once."""


def area_counts(body: pd.DataFrame) -> pd.DataFrame:
    """Each area of ``AREAS`` with the episodes it shows, from ``patterns.body_counts``.

    Columns: ``view``, ``region`` (None for outline shapes), ``side``, ``label``, ``shape``,
    ``x0``, ``y0``, ``x1``, ``y1``, ``x``, ``y`` (the centre) and ``count``: episodes of that
    region on that side, plus those noted on both sides or in the centre."""
    by_region: dict[Any, dict[Any, Any]] = body.to_dict("index")
    rows = []
    for area in AREAS:
        count = 0
        if area.region is not None and area.side is not None:
            row = by_region.get(area.region, {})
            count = int(row.get(area.side, 0)) + sum(
                int(row.get(side, 0)) for side in SHADES_BOTH_HALVES
            )
        x, y = area.center
        rows.append(
            {
                "view": area.view,
                "region": area.region,
                "side": area.side,
                "label": area.label,
                "shape": area.shape,
                "x0": area.x0,
                "y0": area.y0,
                "x1": area.x1,
                "y1": area.y1,
                "x": x,
                "y": y,
                "count": count,
            }
        )
    return pd.DataFrame(rows)


def region_side_table(body: pd.DataFrame) -> pd.DataFrame:
    """The diagram's accessible fallback: one row per region with any episode (most first),
    columns ``Region`` (label), one per side label and ``Total``."""
    shown = body[body["total"] > 0].sort_values("total", ascending=False, kind="stable")
    table = pd.DataFrame({"Region": [Region(code).label for code in shown.index]})
    for side in Side:
        table[side.label] = shown[side.value].to_numpy()
    table["Total"] = shown["total"].to_numpy()
    return table
