"""One row per local day of the range: what the factor analysis and the dashboard count.

Days with nothing logged are rows too (0 episodes, 0 ml): a day without a cramp is data. Every
aggregate is one vectorised ``groupby`` over the range's frames.
"""

from __future__ import annotations

import pandas as pd

from tracker.insights.frames import DiaryFrames

PRODUCT_PREFIX = "units:"
"""Per-product columns of the day table are ``units:<product name>`` (units taken that day)."""

DAY_COLUMNS = (
    "episodes",
    "mean_intensity",
    "max_intensity",
    "drinks_ml",
    "drinks_logged",
    "below_goal",
    "intakes_logged",
)


def product_names(frames: DiaryFrames) -> list[str]:
    """Every product of the cabinet, and any taken in the range, sorted by name."""
    names = set(frames.products["name"].astype(str)) | set(frames.intakes["product_name"])
    return sorted(names, key=lambda name: (name.casefold(), name))


def day_table(frames: DiaryFrames) -> pd.DataFrame:
    """Index ``local_day`` (every day of the range); columns:

    - ``episodes`` (int): cramp/pain episodes started that day;
    - ``mean_intensity``, ``max_intensity`` (float, NaN on a day without episodes);
    - ``drinks_ml`` (float) and ``drinks_logged`` (int, number of drinks);
    - ``below_goal`` (nullable boolean): ``drinks_ml`` < the H1 goal, and NA on a day with no
      drink logged (an empty day says nothing about drinking);
    - ``intakes_logged`` (int): intakes of any product;
    - ``units:<name>`` (float) per product: units taken that day (0 when none).
    """
    index = frames.day_index
    cramps = frames.cramps.groupby("local_day")["intensity"]
    drinks = frames.drinks.groupby("local_day")["volume_ml"]
    table = pd.DataFrame(
        {
            "episodes": cramps.size(),
            "mean_intensity": cramps.mean().astype("float64"),
            "max_intensity": cramps.max().astype("float64"),
            "drinks_ml": drinks.sum().astype("float64"),
            "drinks_logged": drinks.size(),
            "intakes_logged": frames.intakes.groupby("local_day").size(),
        }
    ).reindex(index)
    for column in ("episodes", "drinks_logged", "intakes_logged"):
        table[column] = table[column].fillna(0).astype("int64")
    table["drinks_ml"] = table["drinks_ml"].fillna(0.0)
    below = (table["drinks_ml"] < frames.goal_ml).astype("boolean")
    table["below_goal"] = below.mask(table["drinks_logged"] == 0)
    units = (
        frames.intakes.pivot_table(
            index="local_day", columns="product_name", values="units", aggfunc="sum"
        )
        if not frames.intakes.empty
        else pd.DataFrame(index=index)
    )
    names = product_names(frames)
    units = units.reindex(index=index, columns=names).fillna(0.0).astype("float64")
    units.columns = [f"{PRODUCT_PREFIX}{name}" for name in names]
    table = pd.concat([table[list(DAY_COLUMNS)], units], axis=1)
    table.index.name = "local_day"
    return table


def product_columns(table: pd.DataFrame) -> dict[str, str]:
    """``{product name: its units column}`` of a day table, in column order."""
    return {
        column.removeprefix(PRODUCT_PREFIX): column
        for column in table.columns
        if str(column).startswith(PRODUCT_PREFIX)
    }
