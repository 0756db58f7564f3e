"""Drinks and supplements: daily drinks against the goal with a pace through the day,
per-ingredient daily totals against the upper levels the N rules use, adherence per product.

No dosing advice: the upper levels are the ones the red-flag rules already cite
(``tracker.core.thresholds``), shown so a person sees the days the rules look at.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time

import pandas as pd

from tracker.core.thresholds import (
    CALCIUM_UL_AGE_FROM,
    CALCIUM_UL_MG,
    CALCIUM_UL_OVER_50_MG,
    IRON_UL_MG,
    MAGNESIUM_SUPPLEMENT_UL_MG,
    VITAMIN_D_UL_UG,
)
from tracker.core.vocabulary import Ingredient, ProductKind
from tracker.insights.days import day_table, product_columns
from tracker.insights.frames import DiaryFrames

DAY_STARTS_AT = time(7, 0)
"""The pace line starts at 0 ml at 07:00 local time: drinking is spread over waking hours, and
a goal "by evening" says nothing about the night. An app choice for a chart, not guidance."""

EVENING_AT = time(20, 0)
"""The pace line reaches the whole goal at 20:00 local time ("by evening"), leaving the last
hours before sleep free (fewer night-time trips). An app choice for a chart, not guidance."""


def _minutes(clock: time) -> int:
    return clock.hour * 60 + clock.minute


def pace_ml(goal_ml: float, clock: time) -> float:
    """Drinks expected by local time ``clock`` to reach ``goal_ml`` by ``EVENING_AT``, on a
    straight line from 0 ml at ``DAY_STARTS_AT``: 0 before, the whole goal after."""
    start, end = _minutes(DAY_STARTS_AT), _minutes(EVENING_AT)
    share = (_minutes(clock) - start) / (end - start)
    return goal_ml * min(max(share, 0.0), 1.0)


def pace_line(goal_ml: float, step_min: int = 60) -> pd.DataFrame:
    """The pace through a whole day: ``minute`` (since local midnight), ``clock`` ("HH:MM") and
    ``expected_ml``, every ``step_min`` minutes from 00:00, plus 23:59."""
    minutes = [*range(0, 24 * 60, step_min), 24 * 60 - 1]
    clocks = [time(m // 60, m % 60) for m in minutes]
    return pd.DataFrame(
        {
            "minute": minutes,
            "clock": [f"{c:%H:%M}" for c in clocks],
            "expected_ml": [pace_ml(goal_ml, c) for c in clocks],
        }
    )


def drinks_through_day(frames: DiaryFrames, day: date) -> pd.DataFrame:
    """One local day's drinks, oldest first: ``minute`` (since local midnight), ``volume_ml``
    and ``cumulative_ml`` (for the pace chart)."""
    drinks = frames.drinks[frames.drinks["local_day"] == pd.Timestamp(day)]
    local = drinks["taken_at"].dt.tz_convert(frames.timezone)
    return pd.DataFrame(
        {
            "minute": (local.dt.hour * 60 + local.dt.minute).to_numpy(),
            "volume_ml": drinks["volume_ml"].to_numpy(),
            "cumulative_ml": drinks["volume_ml"].cumsum().to_numpy(),
        }
    )


def drink_totals(frames: DiaryFrames) -> pd.DataFrame:
    """Every local day of the range: ``drinks_ml``, ``drinks_logged``, ``goal_ml``,
    ``share_of_goal`` and ``at_goal`` (nullable: NA on a day with no drink logged)."""
    table = day_table(frames)[["drinks_ml", "drinks_logged"]].copy()
    table["goal_ml"] = frames.goal_ml
    table["share_of_goal"] = table["drinks_ml"] / frames.goal_ml
    at_goal = (table["drinks_ml"] >= frames.goal_ml).astype("boolean")
    table["at_goal"] = at_goal.mask(table["drinks_logged"] == 0)
    return table


def ingredient_totals(frames: DiaryFrames, counts: pd.Series | None = None) -> pd.DataFrame:
    """Σ units × per-unit amount of each ingredient per local day (storage units, vocabulary
    order), every day of the range a row. ``counts``: a boolean per product row of
    ``frames.products`` saying which products count (default: all)."""
    products = frames.products if counts is None else frames.products[counts]
    per_unit = pd.DataFrame(
        [
            (pid, ingredient, amount)
            for pid, contents in zip(products["id"], products["contents"], strict=True)
            for ingredient, amount in contents.items()
        ],
        columns=["product_id", "ingredient", "amount"],
    )
    order = [i.value for i in Ingredient]
    merged = frames.intakes.merge(per_unit, on="product_id")
    merged["total"] = merged["units"] * merged["amount"]
    totals = merged.pivot_table(
        index="local_day", columns="ingredient", values="total", aggfunc="sum"
    )
    present = [code for code in order if code in totals.columns]
    return totals.reindex(index=frames.day_index, columns=present).fillna(0.0)


@dataclass(frozen=True)
class UpperLevel:
    """An ingredient's daily upper level as its N rule applies it."""

    ingredient: str
    rule: str
    counts: Callable[[pd.DataFrame], pd.Series]
    """Which products the rule adds up (a boolean per row of ``frames.products``)."""
    limit: Callable[[date, int | None], float]
    """The level on a day, given the birth year (calcium is lower from age 51)."""


def _calcium_limit(day: date, birth_year: int | None) -> float:
    older = birth_year is not None and day.year - birth_year >= CALCIUM_UL_AGE_FROM
    return CALCIUM_UL_OVER_50_MG if older else CALCIUM_UL_MG


def _all(products: pd.DataFrame) -> pd.Series:
    return pd.Series(True, index=products.index)


def _supplements(products: pd.DataFrame) -> pd.Series:
    return products["kind"] == ProductKind.SUPPLEMENT.value


def _unprescribed(products: pd.DataFrame) -> pd.Series:
    return ~products["prescribed"].astype(bool)


UPPER_LEVELS: tuple[UpperLevel, ...] = (
    UpperLevel("magnesium", "N1", _all, lambda _d, _b: MAGNESIUM_SUPPLEMENT_UL_MG),
    UpperLevel("calcium", "N2", _supplements, _calcium_limit),
    UpperLevel("vitamin_d", "N2", _supplements, lambda _d, _b: VITAMIN_D_UL_UG),
    UpperLevel("iron", "N3", _unprescribed, lambda _d, _b: IRON_UL_MG),
)
"""The upper levels of ``tracker.flags.rules.intake``: N1 counts every product's magnesium,
N2 only supplements' calcium and vitamin D, N3 only iron not prescribed to the person."""


def upper_level_days(frames: DiaryFrames, birth_year: int | None = None) -> pd.DataFrame:
    """Per local day and ingredient with an upper level: ``local_day``, ``ingredient``,
    ``rule``, ``total`` (counted as the rule counts), ``limit`` and ``over`` (the rule's test:
    the total, rounded to 6 decimals against float noise, above the limit). Only ingredients
    taken in the range appear; every day of the range is a row for each."""
    parts = []
    for level in UPPER_LEVELS:
        totals = ingredient_totals(frames, level.counts(frames.products))
        if level.ingredient not in totals.columns:
            continue
        column = totals[level.ingredient]
        limits = [level.limit(day.date(), birth_year) for day in column.index]
        parts.append(
            pd.DataFrame(
                {
                    "local_day": column.index,
                    "ingredient": level.ingredient,
                    "rule": level.rule,
                    "total": column.to_numpy(),
                    "limit": limits,
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=["local_day", "ingredient", "rule", "total", "limit", "over"])
    out = pd.concat(parts, ignore_index=True)
    out["over"] = out["total"].round(6) > out["limit"]
    return out


def adherence(frames: DiaryFrames) -> pd.DataFrame:
    """Per product of the cabinet (and any taken): ``product``, ``days_taken`` (local days with
    an intake), ``days`` (of the range), ``share`` and ``units`` (total units). A diary
    figure, not a judgement: some products are taken only when needed."""
    table = day_table(frames)
    columns = product_columns(table)
    names = list(columns.values())
    days = len(table)
    taken = (table[names] > 0).sum()
    return pd.DataFrame(
        {
            "product": list(columns),
            "days_taken": taken.to_numpy().astype("int64"),
            "days": days,
            "share": taken.to_numpy() / days,
            "units": table[names].sum().to_numpy(),
        }
    )
