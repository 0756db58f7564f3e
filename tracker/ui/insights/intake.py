"""The Drinks & supplements page's parts: today's pace, each ingredient against its upper
level with the rule and its sources (never dosing advice), adherence per product."""

from __future__ import annotations

from datetime import date

import streamlit as st

from tracker.core.timeutil import to_local
from tracker.core.units import format_amount, format_volume
from tracker.core.vocabulary import INGREDIENT_UNITS, Ingredient
from tracker.flags import RULES
from tracker.flags.sources import SOURCES
from tracker.insights import intake
from tracker.insights.frames import DiaryFrames
from tracker.ui.context import PageContext
from tracker.ui.insights import charts
from tracker.ui.widgets import md_escape

NO_DOSING = (
    "The upper levels are those the app's red-flag rules use, shown with their sources so you "
    "can see the days the rules look at. This is not advice on doses: ask a pharmacist or "
    "doctor what suits you."
)


def today_pace(ctx: PageContext, frames: DiaryFrames, today: date) -> None:
    """Today's drinks added up through the day against the pace line, and where they stand."""
    local = to_local(ctx.now, ctx.tz)
    now_minute = local.hour * 60 + local.minute
    through = intake.drinks_through_day(frames, today)
    charts.show(
        charts.pace(intake.pace_line(frames.goal_ml), through, now_minute, ctx.profile.units)
    )
    so_far = float(through["cumulative_ml"].iloc[-1]) if len(through) else 0.0
    expected = intake.pace_ml(frames.goal_ml, local.time())
    units = ctx.profile.units
    start, end = intake.DAY_STARTS_AT, intake.EVENING_AT
    st.caption(
        f"By {local:%H:%M} you have logged {format_volume(so_far, units)}; the pace line is at "
        f"{format_volume(expected, units)}. It runs from nothing at {start:%H:%M} to your goal "
        f"of {format_volume(frames.goal_ml, units)} at {end:%H:%M}: a way to spread drinks "
        "over the day, not a medical target."
    )


def _sources(rule: str) -> str:
    spec = RULES.get(rule)
    return "; ".join(SOURCES.get(key, key) for key in spec.sources) if spec else ""


def upper_levels(ctx: PageContext, frames: DiaryFrames) -> None:
    """Per ingredient with an upper level: daily totals as its rule counts them, the level,
    and the days above it, worded as what the rule uses."""
    levels = intake.upper_level_days(frames, ctx.profile.birth_year)
    if levels.empty:
        st.caption(
            "None of the products taken in these dates lists magnesium, calcium, vitamin D or "
            "iron per unit. Add what one unit contains on Supplements & medicines to see daily "
            "totals here."
        )
        return
    for ingredient, rows in levels.groupby("ingredient", sort=False):
        code = Ingredient(str(ingredient))
        rule = str(rows["rule"].iloc[0])
        over = int(rows["over"].sum())
        limit = format_amount(code, float(rows["limit"].iloc[-1]), ctx.profile.units)
        st.markdown(f"**{code.label}**")
        charts.show(charts.ingredient_per_day(rows, INGREDIENT_UNITS[code]))
        days = f"{over} of {len(rows)} day{'' if len(rows) == 1 else 's'}"
        st.caption(
            f"{days} above the upper level used by rule {rule} ({limit} a day). "
            f"Source: {_sources(rule)}."
        )


def adherence_label(product: str, days_taken: int, days: int) -> str:
    """ "Magnesium: taken on 67 of 90 days (74 %)" (the product name escaped for Markdown)."""
    share = days_taken / days if days else 0.0
    return f"{md_escape(product)}: taken on {days_taken} of {days} days ({share:.0%})"


def adherence(frames: DiaryFrames) -> None:
    """Days each product was taken out of the days of the range, one bar each (a bar with
    its words above it reads on a phone, where a wide table would scroll sideways)."""
    table = intake.adherence(frames)
    for row in table.to_dict("records"):
        label = adherence_label(str(row["product"]), int(row["days_taken"]), int(row["days"]))
        st.progress(min(float(row["share"]), 1.0), text=label)
    st.caption(
        "A diary figure, not a judgement: some products are taken only when needed, and a "
        "missed entry looks the same as a missed dose."
    )
