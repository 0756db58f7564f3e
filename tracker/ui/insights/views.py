"""What the Cramp patterns, What helps and Drinks & supplements pages show, computed once per
(database, profile, data version, range) and cached: statistics, figures (as plain dicts, so a
rerun neither recomputes nor rebuilds them) and sentences. The pages lay them out.

At ten heavy years a rerun of Cramp patterns spent ~270 ms on statistics and figures; cached,
a rerun only draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import Any, Literal

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from tracker.core.models import ProfileRead
from tracker.core.units import format_amount, format_volume
from tracker.core.vocabulary import INGREDIENT_UNITS, Ingredient, Symptom
from tracker.core.words import counted
from tracker.flags import RULES
from tracker.flags.sources import SOURCES
from tracker.insights import intake, patterns
from tracker.insights.body_map import area_counts, region_side_table
from tracker.insights.days import day_table
from tracker.insights.factors import DRINKS_BELOW_GOAL, PRODUCT_FACTOR, factor_results
from tracker.insights.patterns import Period
from tracker.ui.cached import MAX_ENTRIES
from tracker.ui.context import PageContext
from tracker.ui.insights import charts
from tracker.ui.insights.body import body_diagram
from tracker.ui.insights.data import DiaryKey, diary_key, frames_for
from tracker.ui.insights.dates import DateRange
from tracker.ui.widgets import md_escape

Figure = dict[str, Any]
SETS: tuple[tuple[Literal["triggers", "relief"], str], ...] = (
    ("triggers", "What you noted before"),
    ("relief", "What you tried"),
)
LAGS = {0: "Same day", 1: "Next day"}


def _figure(fig: Any) -> Figure:
    return dict(fig.to_dict())


@dataclass(frozen=True)
class Ranked:
    column: str
    title: str
    figure: Figure | None


@dataclass(frozen=True)
class PatternsView:
    episodes: int
    frequency: Figure
    heatmap: Figure
    body: Figure
    regions: pd.DataFrame
    ranked: tuple[Ranked, ...]
    relief: tuple[str, ...]
    pairs: pd.DataFrame
    """Columns ``Symptom``, ``With``, ``Episodes`` (labels)."""


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def _patterns(
    key: DiaryKey, first: date, last: date, period: Period, _engine: Engine, _profile: ProfileRead
) -> PatternsView:
    frames = frames_for(key, first, last, _engine, _profile)
    body = patterns.body_counts(frames)
    pairs = patterns.symptom_pairs(frames)
    ranked = []
    for column, title in SETS:
        table = patterns.ranked(frames, column)
        figure = None if table.empty else _figure(charts.ranked(table, name=title))
        ranked.append(Ranked(column, title, figure))
    return PatternsView(
        episodes=len(frames.cramps),
        frequency=_figure(charts.frequency(patterns.frequency(frames, period), period)),
        heatmap=_figure(charts.hour_weekday(patterns.hour_weekday(frames))),
        body=_figure(body_diagram(area_counts(body))),
        regions=region_side_table(body),
        ranked=tuple(ranked),
        relief=tuple(result.sentence for result in patterns.relief_durations(frames)),
        pairs=pd.DataFrame(
            {
                "Symptom": [Symptom(code).label for code in pairs["first"]],
                "With": [Symptom(code).label for code in pairs["second"]],
                "Episodes": pairs["count"].to_numpy(),
            }
        ),
    )


def patterns_view(ctx: PageContext, chosen: DateRange, period: Period) -> PatternsView:
    return _patterns(diary_key(ctx), chosen.first, chosen.last, period, ctx.engine, ctx.profile)


@dataclass(frozen=True)
class FactorLine:
    """One lag of a factor: its sentence (Markdown, escaped) and the counts behind it."""

    text: str
    detail: str
    enough_data: bool


@dataclass(frozen=True)
class FactorCard:
    title: str
    """Markdown, escaped."""
    enough_data: bool
    forest: Figure | None
    lines: tuple[FactorLine, ...]


@dataclass(frozen=True)
class FactorsView:
    anything_logged: bool
    cards: tuple[FactorCard, ...]


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def _factors(
    key: DiaryKey, first: date, last: date, _engine: Engine, _profile: ProfileRead
) -> FactorsView:
    frames = frames_for(key, first, last, _engine, _profile)
    logged = [frames.cramps, frames.drinks, frames.intakes, frames.products]
    cards = []
    for factor, group in groupby(factor_results(day_table(frames)), key=lambda r: r.factor):
        lagged = list(group)
        enough = any(result.enough_data for result in lagged)
        title = (
            "Drinking under your goal"
            if factor == DRINKS_BELOW_GOAL
            else md_escape(factor.removeprefix(PRODUCT_FACTOR))
        )
        forest = charts.forest(lagged, [LAGS[r.lag_days] for r in lagged]) if enough else None
        lines = tuple(
            FactorLine(
                text=f"**{LAGS[r.lag_days]}:** {md_escape(r.sentence)}",
                detail=f"{counted(r.episodes_with, 'episode')} on "
                f"{counted(r.days_with, 'day')} with, {r.episodes_without} on "
                f"{counted(r.days_without, 'day')} without.",
                enough_data=r.enough_data,
            )
            for r in lagged
        )
        cards.append(FactorCard(title, enough, None if forest is None else _figure(forest), lines))
    return FactorsView(not all(frame.empty for frame in logged), tuple(cards))


def factors_view(ctx: PageContext, chosen: DateRange) -> FactorsView:
    return _factors(diary_key(ctx), chosen.first, chosen.last, ctx.engine, ctx.profile)


@dataclass(frozen=True)
class UpperLevel:
    label: str
    figure: Figure
    caption: str


@dataclass(frozen=True)
class IntakeView:
    anything_logged: bool
    has_products: bool
    drinks: Figure | None
    drinks_caption: str
    upper_levels: tuple[UpperLevel, ...]
    adherence: tuple[tuple[str, float], ...]
    """(label, share of days) per product."""


def _sources(rule: str) -> str:
    spec = RULES.get(rule)
    return "; ".join(SOURCES.get(key, key) for key in spec.sources) if spec else ""


def adherence_label(product: str, days_taken: int, days: int) -> str:
    """ "Magnesium: taken on 67 of 90 days (74%)" (the product name escaped for Markdown)."""
    share = days_taken / days if days else 0.0
    return f"{md_escape(product)}: taken on {days_taken} of {days} days ({share:.0%})"


def _upper_levels(frames: Any, profile: ProfileRead) -> tuple[UpperLevel, ...]:
    levels = intake.upper_level_days(frames, profile.birth_year)
    shown = []
    for ingredient, rows in levels.groupby("ingredient", sort=False):
        code = Ingredient(str(ingredient))
        rule = str(rows["rule"].iloc[0])
        over = int(rows["over"].sum())
        limit = format_amount(code, float(rows["limit"].iloc[-1]), profile.units)
        days = f"{over} of {len(rows)} day{'' if len(rows) == 1 else 's'}"
        shown.append(
            UpperLevel(
                label=code.label,
                figure=_figure(charts.ingredient_per_day(rows, INGREDIENT_UNITS[code])),
                caption=f"{days} above the upper level used by rule {rule} ({limit} a day). "
                f"Source: {_sources(rule)}.",
            )
        )
    return tuple(shown)


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def _intake(
    key: DiaryKey, first: date, last: date, _engine: Engine, _profile: ProfileRead
) -> IntakeView:
    frames = frames_for(key, first, last, _engine, _profile)
    units = _profile.units
    totals = intake.drink_totals(frames)
    logged = totals["at_goal"].notna()
    at_goal = int(totals["at_goal"].fillna(False).sum())
    adherence = intake.adherence(frames)
    return IntakeView(
        anything_logged=not (frames.drinks.empty and frames.intakes.empty),
        has_products=not (frames.products.empty and frames.intakes.empty),
        drinks=_figure(charts.drinks_per_day(totals, frames.goal_ml, units))
        if logged.any()
        else None,
        drinks_caption=f"{at_goal} of {int(logged.sum())} days with drinks logged reached your "
        f"goal of {format_volume(frames.goal_ml, units)}. Days with nothing logged are left "
        "out: an empty day says nothing about drinking.",
        upper_levels=_upper_levels(frames, _profile),
        adherence=tuple(
            (adherence_label(str(p), int(t), int(d)), min(float(s), 1.0))
            for p, t, d, s in zip(
                adherence["product"],
                adherence["days_taken"],
                adherence["days"],
                adherence["share"],
                strict=True,
            )
        ),
    )


def intake_view(ctx: PageContext, chosen: DateRange) -> IntakeView:
    return _intake(diary_key(ctx), chosen.first, chosen.last, ctx.engine, ctx.profile)
