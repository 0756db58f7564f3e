"""Page 1, read in one minute: who, the period, red flags, how often and how strong, where,
what came before and what was tried, drinks against the goal, supplements and medicines."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from tracker.core.timeutil import format_gestational_age, gestational_age_days, local_date
from tracker.core.units import format_amount, format_volume
from tracker.core.vocabulary import HistoryItem, Ingredient, MedicineClass, ProductKind, Sex
from tracker.flags import Flag, Severity
from tracker.insights.dashboard import rate_change
from tracker.insights.intake import adherence, drink_totals, upper_level_days
from tracker.insights.patterns import body_counts, ranked
from tracker.report.data import ReportData, day_words, period_words, place
from tracker.report.section import Section
from tracker.report.style import SEVERITY_COLOURS

if TYPE_CHECKING:
    from tracker.report.document import ReportPDF

TOP = 5
"""Regions, triggers, relief and symptoms listed on page 1 (the rest are in the appendix)."""
DATES_SHOWN = 4
"""Dates listed per rule in the flags table before "and N more"."""
SEVERITY_WORDS = {
    Severity.EMERGENCY: "Emergency",
    Severity.URGENT: "Urgent",
    Severity.ROUTINE: "Routine",
    Severity.INFO: "Information",
}
NO_EPISODES = "No episodes in this period."


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def who(data: ReportData) -> list[tuple[str, str]]:
    """The person: name, age from the birth year, sex, pregnancy with GA, history labels."""
    profile = data.profile
    rows = []
    if profile.display_name:
        rows.append(("Name", profile.display_name))
    if profile.birth_year is not None:
        age = data.last.year - profile.birth_year
        rows.append(("Age", f"about {age} (born {profile.birth_year})"))
    if profile.sex is not None:
        rows.append(("Sex", Sex(profile.sex).label))
    if profile.due_date is not None:
        today = local_date(data.now, data.timezone)
        ga = gestational_age_days(profile.due_date, today)
        parts = [f"due {day_words(profile.due_date)}"]
        if ga >= 0:
            parts.insert(0, f"{format_gestational_age(ga)} weeks on {day_words(today)}")
        before = profile.births_before
        parts.append("first baby" if before == 0 else f"{_plural(before, 'birth')} before")
        rows.append(("Pregnancy", "; ".join(parts)))
    if profile.history:
        labels = sorted(HistoryItem(code).label for code in profile.history)
        rows.append(("History", "; ".join(labels)))
    return rows


def _top(data: ReportData, column: Literal["triggers", "relief", "symptoms"]) -> str:
    table = ranked(data.frames, column)
    if table.empty:
        return "none noted"
    head = table.head(TOP)
    shown = [
        f"{label} ({count})"
        for label, count in zip(head["label"].tolist(), head["count"].tolist(), strict=True)
    ]
    more = len(table) - TOP
    return ", ".join(shown) + (f", and {more} more" if more > 0 else "")


def top_places(data: ReportData, limit: int | None = TOP) -> list[tuple[str, int]]:
    """(``Left calf``, episodes) per region and side with episodes, most first."""
    body = body_counts(data.frames).drop(columns="total")
    counts = body.to_numpy(dtype="int64")
    found = [
        (place(str(region), str(side)), int(counts[i, j]))
        for i, region in enumerate(body.index)
        for j, side in enumerate(body.columns)
        if counts[i, j] > 0
    ]
    found.sort(key=lambda pair: -pair[1])  # stable: vocabulary order among equal counts
    return found if limit is None else found[:limit]


def cramp_facts(data: ReportData) -> list[tuple[str, str]]:
    figures = data.figures
    if figures.episodes == 0:
        return [("Episodes", NO_EPISODES)]
    per_week = figures.episodes_per_day * 7
    rows = [("Episodes", f"{figures.episodes} ({per_week:.1f} a week)")]
    halves = data.half_figures()
    if halves is not None:
        early, late = halves
        change = rate_change(
            early=early.episodes, early_days=early.days, late=late.episodes, late_days=late.days
        )
        verdict = f" ({change.words})" if change.words else ""
        rows.append(
            (
                "How often",
                f"{early.episodes_per_day * 7:.1f} a week in the first half "
                f"({day_words(early.first)} – {day_words(early.last)}), "
                f"{late.episodes_per_day * 7:.1f} a week in the second half "
                f"({day_words(late.first)} – {day_words(late.last)}){verdict}",
            )
        )
    worst = int(data.table["max_intensity"].max())
    mean = figures.mean_intensity or 0.0
    rows.append(
        ("Intensity", f"mean {mean:.1f} of 10, worst {worst} of 10. {figures.trend.sentence}")
    )
    places = top_places(data)
    more = len(top_places(data, None)) - len(places)
    where = ", ".join(f"{label} ({n})" for label, n in places)
    rows.append(("Where", where + (f", and {more} more" if more > 0 else "")))
    rows.append(("Before (triggers)", _top(data, "triggers")))
    rows.append(("Tried (relief)", _top(data, "relief")))
    rows.append(("Symptoms noted", _top(data, "symptoms")))
    return rows


def drink_facts(data: ReportData) -> list[tuple[str, str]]:
    totals = drink_totals(data.frames)
    logged = totals[totals["drinks_logged"] > 0]
    units = data.profile.units
    goal = format_volume(data.frames.goal_ml, units)
    if logged.empty:
        return [("Drinks", f"none logged (goal {goal} a day)")]
    mean = format_volume(float(logged["drinks_ml"].mean()), units)
    under = int((~logged["at_goal"].astype(bool)).sum())
    return [
        (
            "Drinks",
            f"{mean} a day on average over the {_plural(len(logged), 'day')} with drinks logged "
            f"(of {data.days}); under the goal of {goal} on {under} of them",
        )
    ]


def _lower_first(text: str) -> str:
    """ "magnesium", "vitamin D" (a name inside a sentence)."""
    return text[:1].lower() + text[1:]


def _per_unit(contents: dict[str, float], units_a_day: float, unit_system: str) -> str:
    parts = [
        f"{format_amount(code, amount * units_a_day, unit_system)} "
        f"{_lower_first(Ingredient(code).label.split(' (')[0])}"
        for code, amount in contents.items()
        if code != Ingredient.OTHER
    ]
    return ", ".join(parts)


def intake_facts(data: ReportData) -> list[tuple[str, str]]:
    """Per product taken: days taken and units a day on those days with the ingredients'
    amounts (supplements first, then medicines); days above an N rule's upper level."""
    frames = data.frames
    taken = adherence(frames)
    taken = taken[taken["days_taken"] > 0]
    if taken.empty:
        return [("Supplements", "no supplements or medicines logged")]
    products = frames.products.set_index("name")
    groups: dict[str, list[str]] = {"Supplements": [], "Medicines": []}
    records: list[dict[str, Any]] = taken.to_dict("records")  # type: ignore[assignment]
    for row in records:
        name = str(row["product"])
        days_taken, days = int(row["days_taken"]), int(row["days"])
        a_day = float(row["units"]) / days_taken
        group, notes, amounts = "Supplements", [], ""
        if name in products.index:
            product = products.loc[name]
            if product["kind"] == ProductKind.MEDICINE:
                group = "Medicines"
            medicine_class = product["medicine_class"]
            if isinstance(medicine_class, str) and medicine_class != MedicineClass.OTHER:
                notes.append(MedicineClass(medicine_class).label.lower())
            if bool(product["prescribed"]):
                notes.append("prescribed")
            amounts = _per_unit(dict(product["contents"]), a_day, str(data.profile.units))
        each = f"{a_day:.1f}".removesuffix(".0")
        detail = f" ({', '.join(notes)})" if notes else ""
        groups[group].append(
            f"{name}{detail}: taken on {days_taken} "
            f"of {days} days; {each} unit{'' if each == '1' else 's'} a day on those days"
            + (f" ({amounts})" if amounts else "")
        )
    rows = [
        (group if index == 0 else "", text)
        for group, texts in groups.items()
        for index, text in enumerate(texts)
    ]
    over = upper_level_days(frames, data.profile.birth_year)
    if not over.empty:
        for (ingredient, rule), level in over.groupby(["ingredient", "rule"], sort=False):
            days = int(level["over"].sum())
            if days:
                units = str(data.profile.units)
                limit = format_amount(str(ingredient), float(level["limit"].iloc[-1]), units)
                label = Ingredient(str(ingredient)).label.split(" (")[0]
                rows.append(
                    (
                        "Above an upper level",
                        f"{label}: {_plural(days, 'day')} over {limit} a day (the level rule "
                        f"{rule} uses)",
                    )
                )
    return rows


def flag_rows(
    flags: list[Flag], data: ReportData
) -> tuple[list[list[str]], list[tuple[int, int, int]]]:
    """One row per rule met: how soon, what, times, dates (local), source; most serious first."""
    by_rule: dict[str, list[Flag]] = defaultdict(list)
    for flag in sorted(flags, key=lambda f: f.at):
        by_rule[flag.rule].append(flag)
    ordered = sorted(
        by_rule.values(), key=lambda fs: (min(f.severity.rank for f in fs), -len(fs), fs[0].rule)
    )
    rows, colours = [], []
    for found in ordered:
        severity = min((f.severity for f in found), key=lambda s: s.rank)
        dates = [data.local(f.at, "%d %b %Y %H:%M") for f in found]
        shown = ", ".join(dates[:DATES_SHOWN])
        if len(dates) > DATES_SHOWN:
            shown += f" and {len(dates) - DATES_SHOWN} more (last {dates[-1]})"
        rows.append(
            [
                SEVERITY_WORDS[severity],
                f"{found[-1].title} ({found[-1].rule})",
                str(len(found)),
                shown,
                "; ".join(found[-1].sources),
            ]
        )
        colours.append(SEVERITY_COLOURS[severity.value])
    return rows, colours


def build(pdf: ReportPDF, data: ReportData) -> None:
    pdf.big_title("Cramp and pain diary: summary")
    pdf.paragraph(
        f"{period_words(data.first, data.last)}. Times are local ({data.timezone}).",
        size=9.5,
        muted=True,
    )
    pdf.ln(1)
    people = who(data)
    if people:
        pdf.facts(people)
    pdf.subheading("Red flags: when entries matched published “when to get help” guidance")
    flags = data.flags
    if not flags:
        pdf.paragraph("No red flags in this period.", size=9.5)
    else:
        counts = pd.Series([f.severity for f in flags]).value_counts()
        pdf.paragraph(
            ", ".join(
                f"{SEVERITY_WORDS[s]}: {int(counts[s])}" for s in Severity if s in counts.index
            )
            + ".",
            size=9.5,
        )
        rows, colours = flag_rows(flags, data)
        pdf.table_of(
            ["How soon", "What", "Times", "First met (local)", "Source"],
            rows,
            widths=(14, 40, 8, 40, 36),
            size=7.5,
            colours=colours,
        )
        meaning = "; ".join(s.label for s in Severity if s in counts.index and s != Severity.INFO)
        if meaning:
            pdf.paragraph(meaning + ".", size=7.5, muted=True)
    pdf.subheading("Cramps and pain")
    pdf.facts(cramp_facts(data))
    pdf.subheading("Drinks, supplements and medicines")
    pdf.facts([*drink_facts(data), *intake_facts(data)])


SECTION = Section(name="summary", label="Summary (page 1)", build=build)
