"""Hydration and supplement rules H1, N1–N5 (red-flags.md, "Hydration and supplements").

Amounts are per local day in the profile's zone: Σ units × the product's per-unit contents
(vocabulary.md). The advice gives no dosing advice: it says what the guidance says and to mention
it to a doctor or pharmacist. Nothing here suggests magnesium (not advised for pregnancy cramps,
Cochrane CD010655).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import accumulate, groupby
from typing import TypeVar

from tracker.core.kinds import EntryKind
from tracker.core.models import DrinkRead, IntakeRead, ProductRead, ProfileRead
from tracker.core.thresholds import (
    CALCIUM_UL_AGE_FROM,
    CALCIUM_UL_MG,
    CALCIUM_UL_OVER_50_MG,
    H1_DAYS,
    H1_LOW_DAYS,
    IRON_EU_UL_MG,
    IRON_UL_MG,
    MAGNESIUM_SUPPLEMENT_EU_UL_MG,
    MAGNESIUM_SUPPLEMENT_UL_MG,
    VITAMIN_D_UL_UG,
)
from tracker.core.timeutil import gestational_age_days, local_day_bounds, zone
from tracker.core.units import format_amount, format_volume
from tracker.core.vocabulary import Ingredient, ProductKind
from tracker.entries.profile import hydration_goal_ml
from tracker.flags.diary import Diary
from tracker.flags.model import Flag, Severity
from tracker.flags.registry import LOCAL_DAY, SAME_ENTRY, RuleSpec, first_met_runs, refs, rule
from tracker.flags.sources import cite

H1_SOURCES = cite("efsa_water_2010", "nasem_water_2005", "seed_000", "seed_001", "seed_004")
N1_SOURCES = cite("iom_magnesium_1997", "vkm_magnesium", "bfr_magnesium")
N2_SOURCES = cite("iom_calcium_vitd_2011", "efsa_calcium", "efsa_vitd_2023")
N3_SOURCES = cite("iom_iron_2001", "efsa_iron_2024")
N4_SOURCES = cite("kingston_vitamins")
N5_SOURCES = cite("nasem_potassium_2019", "efsa_potassium")

MENTION = "Mention it to your doctor or pharmacist."


E = TypeVar("E")


def local_days(
    diary: Diary, entries: Iterable[E], when: Callable[[E], datetime]
) -> Iterator[tuple[date, datetime, list[E]]]:
    """Entries (sorted by ``when``) grouped by local day: ``(day, its end in UTC, entries)``.

    The zone is consulted once per day, not once per entry (10 years are ~25,000 drinks)."""
    tz = zone(diary.tz)
    day: date | None = None
    end: datetime | None = None
    group: list[E] = []
    for entry in entries:
        moment = when(entry)
        if end is None or moment >= end:
            if day is not None and end is not None:
                yield day, end, group
            day = moment.astimezone(tz).date()
            end = local_day_bounds(day, diary.tz)[1]
            group = []
        group.append(entry)
    if day is not None and end is not None:
        yield day, end, group


# --- H1: low fluid days ------------------------------------------------------------------------


@dataclass(frozen=True)
class DrinkDay:
    """One local day with at least one drink logged, and the reference it is compared with."""

    day: date
    complete_at: datetime
    total_ml: float
    reference_ml: int
    drinks: tuple[DrinkRead, ...]

    @property
    def low(self) -> bool:
        """Below the reference (a day exactly at it is not low)."""
        return self.total_ml < self.reference_ml


def drink_days(diary: Diary) -> list[DrinkDay]:
    """Every local day with a drink logged, oldest first, with its total and reference."""
    profile = diary.profile
    not_pregnant_ml = hydration_goal_ml(profile.model_copy(update={"due_date": None}))
    pregnant_ml = hydration_goal_ml(profile)
    return [
        DrinkDay(
            day,
            end,
            sum(d.volume_ml for d in drinks),
            pregnant_ml if _pregnant_on(profile, day) else not_pregnant_ml,
            tuple(drinks),
        )
        for day, end, drinks in local_days(diary, diary.drinks, lambda d: d.taken_at)
    ]


def _pregnant_on(profile: ProfileRead, day: date) -> bool:
    due = profile.due_date
    return due is not None and gestational_age_days(due, day) >= 0


@rule(
    "H1",
    title="Low fluid days",
    severities=[Severity.INFO],
    sources=H1_SOURCES,
    reads=(EntryKind.HYDRATION,),
    lookback=LOCAL_DAY,
    drink_days=H1_DAYS + 1,
)
def low_fluid_days(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    days = drink_days(diary)
    # A day is complete from the local midnight that ends it; the window only changes there.
    completes = [d.complete_at for d in days]
    low_before = [0, *accumulate(int(d.low) for d in days)]

    def window(moment: datetime) -> list[DrinkDay] | None:
        end = bisect_right(completes, moment)  # the drink days complete at ``moment``
        start = max(0, end - H1_DAYS)
        if low_before[end] - low_before[start] >= H1_LOW_DAYS:
            return days[start:end]
        return None

    candidates = [moment for moment in completes if moment <= at] + [at]
    for moment, last_days in first_met_runs(candidates, window):
        low = [d for d in last_days if d.low]
        yield spec.flag(
            title=f"Low fluid on {len(low)} of your last {len(last_days)} days with drinks logged",
            advice=_h1_advice(diary.profile, low, len(last_days)),
            at=moment,
            evidence=refs(EntryKind.HYDRATION, [drink for d in low for drink in d.drinks]),
        )


def _h1_advice(profile: ProfileRead, low: Sequence[DrinkDay], out_of: int) -> str:
    units = profile.units
    reference = format_volume(low[-1].reference_ml, units)
    whose = (
        f"your own daily goal of {reference}"
        if profile.hydration_goal_ml is not None
        else f"the daily drinks reference of {reference}"
    )
    totals = ", ".join(f"{_day(d.day)}: {format_volume(d.total_ml, units)}" for d in low)
    return (
        f"On {len(low)} of your last {out_of} days with drinks logged, you drank less than "
        f"{whose} ({totals}). "
        "Not drinking enough is a common cause of cramps. Drinking regularly through the day "
        "may help, unless a doctor has told you to limit fluids. "
        "If you drank more than you logged, you can ignore this."
    )


# --- N1–N3: daily amounts above an upper level ------------------------------------------------


@dataclass(frozen=True)
class OverLimit:
    """A local day's amount of one ingredient went above ``limit`` at the time of
    ``intakes[-1]`` (``intakes``: the day's counted intakes up to and including that time)."""

    day: date
    total: float
    limit: float
    intakes: tuple[IntakeRead, ...]

    @property
    def at(self) -> datetime:
        return self.intakes[-1].taken_at


def daily_over_limit(
    diary: Diary,
    ingredient: Ingredient,
    counts: Callable[[ProductRead], bool],
    limit_on: Callable[[date], float],
) -> Iterator[OverLimit]:
    """For each local day, the first intake at which the day's running total of ``ingredient``
    (from products where ``counts``) went above ``limit_on(day)``; once per day."""
    products = {p.id: p for p in diary.products}
    amounts: dict[int, float] = {}
    for product in products.values():
        amount = product.contents.get(ingredient)
        if amount is not None and counts(product):
            amounts[product.id] = amount
    counting = [i for i in diary.intakes if i.product_id in amounts]
    for day, _, intakes in local_days(diary, counting, lambda i: i.taken_at):
        limit = limit_on(day)
        total, so_far = 0.0, []
        # Intakes logged at the same instant count together: which of them "pushed the total
        # over" must not depend on the order they were stored in.
        for _, together in groupby(intakes, key=lambda i: i.taken_at):
            for intake in together:
                total += intake.units * amounts[intake.product_id]
                so_far.append(intake)
            # Rounded so that float noise (1.1 × 318.18…) never tips a total over a limit.
            if round(total, 6) > limit:
                yield OverLimit(day, total, limit, tuple(so_far))
                break


def _any_product(product: ProductRead) -> bool:
    return True


def _supplement(product: ProductRead) -> bool:
    return product.kind == ProductKind.SUPPLEMENT


def _not_prescribed(product: ProductRead) -> bool:
    return not product.prescribed


def _over_limit_flag(spec: RuleSpec, over: OverLimit, title: str, advice: str) -> Flag:
    return spec.flag(
        title=title,
        advice=advice,
        at=over.at,
        evidence=refs(EntryKind.SUPPLEMENTS, over.intakes),
    )


@rule(
    "N1",
    title="Magnesium above the daily upper level",
    severities=[Severity.ROUTINE],
    sources=N1_SOURCES,
    reads=(EntryKind.SUPPLEMENTS,),
    lookback=LOCAL_DAY,
)
def magnesium_over_limit(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    mg = Ingredient.MAGNESIUM
    for over in daily_over_limit(diary, mg, _any_product, lambda _: MAGNESIUM_SUPPLEMENT_UL_MG):
        units = diary.profile.units
        yield _over_limit_flag(
            spec,
            over,
            "Magnesium above the daily upper level",
            f"Your supplements and medicines gave {format_amount(mg, over.total, units)} of "
            f"magnesium on {_day(over.day)}. The US upper level for adults is "
            f"{MAGNESIUM_SUPPLEMENT_UL_MG} mg a day from supplements and medicines; European "
            f"bodies use a lower figure, {MAGNESIUM_SUPPLEMENT_EU_UL_MG} mg a day. Above it, "
            f"magnesium can cause diarrhoea and stomach upset. {MENTION}",
        )


@rule(
    "N2",
    title="Calcium or vitamin D above the daily upper level",
    severities=[Severity.ROUTINE],
    sources=N2_SOURCES,
    reads=(EntryKind.SUPPLEMENTS,),
    lookback=LOCAL_DAY,
)
def calcium_vitamin_d_over_limit(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    units = diary.profile.units

    def calcium_limit(day: date) -> int:
        age = diary.age_in(day.year)
        older = age is not None and age >= CALCIUM_UL_AGE_FROM
        return CALCIUM_UL_OVER_50_MG if older else CALCIUM_UL_MG

    ca, vit_d = Ingredient.CALCIUM, Ingredient.VITAMIN_D
    for over in daily_over_limit(diary, ca, _supplement, calcium_limit):
        for_whom = f"from age {CALCIUM_UL_AGE_FROM}" if over.limit < CALCIUM_UL_MG else "adults"
        yield _over_limit_flag(
            spec,
            over,
            "Calcium above the daily upper level",
            f"Your supplements gave {format_amount(ca, over.total, units)} of calcium on "
            f"{_day(over.day)}, above the upper level of {format_amount(ca, over.limit, units)} "
            f"a day for {for_whom}. Too much calcium over time is linked with kidney stones. "
            f"{MENTION}",
        )
    for over in daily_over_limit(diary, vit_d, _supplement, lambda _: VITAMIN_D_UL_UG):
        yield _over_limit_flag(
            spec,
            over,
            "Vitamin D above the daily upper level",
            f"Your supplements gave {format_amount(vit_d, over.total, units)} of vitamin D on "
            f"{_day(over.day)}, above the upper level of "
            f"{format_amount(vit_d, VITAMIN_D_UL_UG, units)} a day for adults. Too much "
            f"vitamin D over time can raise the calcium in your blood. {MENTION}",
        )


@rule(
    "N3",
    title="Iron above the daily upper level",
    severities=[Severity.ROUTINE],
    sources=N3_SOURCES,
    reads=(EntryKind.SUPPLEMENTS,),
    lookback=LOCAL_DAY,
)
def iron_over_limit(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    fe, units = Ingredient.IRON, diary.profile.units
    for over in daily_over_limit(diary, fe, _not_prescribed, lambda _: IRON_UL_MG):
        yield _over_limit_flag(
            spec,
            over,
            "Iron above the daily upper level",
            f"Products not prescribed to you gave {format_amount(fe, over.total, units)} of "
            f"iron on {_day(over.day)}, above the upper level of {IRON_UL_MG} mg a day for "
            f"adults (EFSA uses {IRON_EU_UL_MG} mg). Too much iron can upset the stomach and "
            f"gut. {MENTION}",
        )


# --- N4, N5: one flag per intake -------------------------------------------------------------


def intakes_with(diary: Diary, ingredient: Ingredient) -> Iterator[tuple[IntakeRead, ProductRead]]:
    """Every intake whose product contains ``ingredient``, with that product."""
    products = {p.id: p for p in diary.products if ingredient in p.contents}
    for intake in diary.intakes:
        product = products.get(intake.product_id)
        if product is not None:
            yield intake, product


@rule(
    "N4",
    title="Vitamin A (retinol) in pregnancy",
    severities=[Severity.ROUTINE],
    sources=N4_SOURCES,
    reads=(EntryKind.SUPPLEMENTS,),
    lookback=SAME_ENTRY,
)
def retinol_in_pregnancy(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    for intake, product in intakes_with(diary, Ingredient.VITAMIN_A_RETINOL):
        if diary.pregnant_at(intake.taken_at):
            yield spec.flag(
                title=f"Vitamin A (retinol) in pregnancy: {product.name}",
                advice=(
                    f"{product.name} contains vitamin A as retinol. Pregnancy guidance advises "
                    "against supplements that contain retinol, because large amounts can harm "
                    "an unborn baby. Mention this product to your midwife, doctor or pharmacist."
                ),
                at=intake.taken_at,
                evidence=refs(EntryKind.SUPPLEMENTS, [intake]),
            )


@rule(
    "N5",
    title="Potassium: check with a doctor if you have kidney disease",
    severities=[Severity.INFO],
    sources=N5_SOURCES,
    reads=(EntryKind.SUPPLEMENTS,),
    lookback=SAME_ENTRY,
)
def potassium_intake(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    for intake, product in intakes_with(diary, Ingredient.POTASSIUM):
        yield spec.flag(
            title=f"Potassium in {product.name}",
            advice=(
                f"{product.name} contains potassium. No upper level has been set for potassium "
                "for healthy people, so the app cannot tell you whether the amount is too much. "
                "If you have kidney disease, check with your doctor before taking it."
            ),
            at=intake.taken_at,
            evidence=refs(EntryKind.SUPPLEMENTS, [intake]),
        )


def _day(day: date) -> str:
    """``Sun 1 Mar 2026``."""
    return f"{day:%a} {day.day} {day:%b %Y}"
