"""What helps, what hurts: the factor comparisons and the relief–duration sentences of the
insights, in their own words (association, never cause; "not enough data" where it is so)."""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

from tracker.insights.factors import ASSOCIATION, DRINKS_BELOW_GOAL, PRODUCT_FACTOR
from tracker.insights.patterns import relief_durations
from tracker.report.data import ReportData
from tracker.report.section import Section

if TYPE_CHECKING:
    from tracker.report.document import ReportPDF

LAGS = {0: "Same day", 1: "Next day"}


def factor_title(factor: str) -> str:
    if factor == DRINKS_BELOW_GOAL:
        return "Drinking under your goal"
    return f"Taking {factor.removeprefix(PRODUCT_FACTOR)}"


def build(pdf: ReportPDF, data: ReportData) -> None:
    pdf.section_heading("What helps, what hurts")
    pdf.paragraph(
        f"Cramp episodes per day on days with each factor against days without it. {ASSOCIATION} "
        "A person may, for example, take a supplement because cramps are bad.",
        size=9,
        muted=True,
    )
    frames = data.frames
    if frames.cramps.empty and frames.drinks.empty and frames.intakes.empty:
        pdf.paragraph(
            "Nothing to compare: no episodes, drinks, supplements or medicines in this period.",
            size=9.5,
        )
        return
    results = data.factors
    for factor, group in groupby(results, key=lambda r: r.factor):
        lines = [(f"{LAGS[r.lag_days]}", r.sentence) for r in group]
        pdf.subheading(factor_title(factor))
        pdf.facts(lines, label_mm=22)
    durations = relief_durations(data.frames)
    if durations:
        pdf.subheading("Relief and how long episodes lasted")
        pdf.facts([(r.label, r.sentence) for r in durations], label_mm=42)


SECTION = Section(name="factors", label="What helps, what hurts", build=build, new_page=True)
