"""The cabinet: products as a person types and reads them, and what they took on a day.

Pure Python (no Streamlit). Forms hand amounts in the person's units; this module turns them
into the stored shape (mg, µg) for ``tracker.entries.journal`` to validate. It gives no dosing
advice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy.engine import Engine

from db import crud
from tracker.core.kinds import EntryKind
from tracker.core.models import IntakeRead, ProductRead, ProfileRead
from tracker.core.timeutil import format_local
from tracker.core.units import format_amount, iu_to_ug_vitamin_d, ug_to_iu_vitamin_d
from tracker.core.vocabulary import INGREDIENT_UNITS, Ingredient, ProductKind, Units
from tracker.entries.today import entries_on, ingredient_totals

FORM_INGREDIENTS: tuple[Ingredient, ...] = (
    Ingredient.MAGNESIUM,
    Ingredient.CALCIUM,
    Ingredient.POTASSIUM,
    Ingredient.IRON,
    Ingredient.VITAMIN_D,
    Ingredient.VITAMIN_A_RETINOL,
    Ingredient.FOLIC_ACID,
)
"""Ingredients the product form asks for (``other`` carries no rule; an imported amount of it
is kept when the product is edited)."""

VITAMIN_D_UG = "µg"
VITAMIN_D_IU = "IU"
VITAMIN_D_INPUT_UNITS: tuple[str, ...] = (VITAMIN_D_UG, VITAMIN_D_IU)


def vitamin_d_input_unit(units: Units | str) -> str:
    """The unit the vitamin D box starts in: IU for US units, µg otherwise."""
    return VITAMIN_D_IU if units == Units.US else VITAMIN_D_UG


def input_unit(ingredient: Ingredient) -> str:
    """The unit shown beside an ingredient box (vitamin D has its own unit choice)."""
    return INGREDIENT_UNITS[ingredient]


def contents_from_form(
    amounts: Mapping[Ingredient, float | None], *, vitamin_d_unit: str = VITAMIN_D_UG
) -> dict[Ingredient, float]:
    """Per-unit contents in storage units. Empty or zero = not contained; vitamin D typed in IU
    becomes µg. A negative amount is passed on so validation names it."""
    contents: dict[Ingredient, float] = {}
    for ingredient, amount in amounts.items():
        if amount is None or amount == 0:
            continue
        if ingredient == Ingredient.VITAMIN_D and vitamin_d_unit == VITAMIN_D_IU:
            amount = iu_to_ug_vitamin_d(amount)
        contents[Ingredient(ingredient)] = float(amount)
    return contents


def form_amounts(
    product: ProductRead | None, *, vitamin_d_unit: str = VITAMIN_D_UG
) -> dict[Ingredient, float | None]:
    """A product's contents as the form shows them (vitamin D in ``vitamin_d_unit``)."""
    contents = product.contents if product else {}
    amounts: dict[Ingredient, float | None] = {}
    for ingredient in FORM_INGREDIENTS:
        amount = contents.get(ingredient)
        is_iu = ingredient == Ingredient.VITAMIN_D and vitamin_d_unit == VITAMIN_D_IU
        if amount is not None and is_iu:
            amount = ug_to_iu_vitamin_d(amount)
        amounts[ingredient] = amount
    return amounts


def product_values(
    *,
    name: str,
    kind: ProductKind | str,
    medicine_class: str | None,
    prescribed: bool,
    started_on: date | None,
    amounts: Mapping[Ingredient, float | None],
    vitamin_d_unit: str = VITAMIN_D_UG,
    keep_contents: Mapping[Ingredient, float] | None = None,
) -> dict[str, Any]:
    """The raw values for ``journal.add_product`` / ``edit_product`` from a filled-in form.

    ``keep_contents`` carries amounts the form does not show (``other``) through an edit.
    """
    contents = {
        ingredient: amount
        for ingredient, amount in (keep_contents or {}).items()
        if ingredient not in FORM_INGREDIENTS
    }
    contents |= contents_from_form(amounts, vitamin_d_unit=vitamin_d_unit)
    return {
        "name": name,
        "kind": kind,
        "medicine_class": medicine_class,
        "prescribed": prescribed,
        "started_on": started_on,
        "contents": contents,
    }


def format_contents(contents: Mapping[Ingredient, float], units: Units | str) -> str:
    """``Magnesium 200 mg · Vitamin D 1,000 IU``; "no tracked ingredients" when empty."""
    if not contents:
        return "no tracked ingredients"
    order = list(Ingredient)
    return " · ".join(
        f"{_short_label(ingredient)} {format_amount(ingredient, amount, units)}"
        for ingredient, amount in sorted(contents.items(), key=lambda item: order.index(item[0]))
    )


def _short_label(ingredient: Ingredient | str) -> str:
    return Ingredient(ingredient).label.split(" (")[0]


def describe_product(product: ProductRead) -> str:
    """``Supplement`` / ``Medicine · diuretic (water tablet) · prescribed · since 2026-02-01``."""
    parts = [product.kind.label]
    if product.medicine_class is not None:
        parts.append(product.medicine_class.label.lower())
    if product.prescribed:
        parts.append("prescribed")
    if product.started_on is not None:
        parts.append(f"since {product.started_on:%Y-%m-%d}")
    return " · ".join(parts)


@dataclass(frozen=True)
class DayIntakes:
    """What was taken on one local day, and the ingredient totals it adds up to."""

    day: date
    intakes: list[IntakeRead]
    totals: dict[Ingredient, float]

    def total_lines(self, units: Units | str) -> list[tuple[str, str]]:
        """(ingredient label, formatted amount) in vocabulary order."""
        return [
            (ingredient.label, format_amount(ingredient, self.totals[ingredient], units))
            for ingredient in Ingredient
            if ingredient in self.totals
        ]


def day_intakes(
    *, engine: Engine, profile: ProfileRead, day: date, products: list[ProductRead]
) -> DayIntakes:
    """Intakes of a local day (newest first) and Σ units × per-unit amount per ingredient."""
    intakes: list[IntakeRead] = entries_on(
        engine=engine, profile=profile, day=day, kinds=(EntryKind.SUPPLEMENTS,)
    )[EntryKind.SUPPLEMENTS]
    totals = ingredient_totals(intakes, products)
    return DayIntakes(
        day=day,
        intakes=sorted(intakes, key=lambda i: (i.taken_at, i.id), reverse=True),
        totals={Ingredient(code): amount for code, amount in totals.items()},
    )


def delete_product(*, engine: Engine, profile_id: int, product_id: int) -> None:
    """Remove a product from the cabinet; refused (``Conflict``) while intakes refer to it."""
    crud.delete_product(engine=engine, profile_id=profile_id, product_id=product_id)


def list_cabinet(*, engine: Engine, profile: ProfileRead) -> list[ProductRead]:
    """The person's products, by name."""
    return crud.list_products(engine=engine, profile_id=profile.id)


def intakes_frame(intakes: list[IntakeRead], tz_name: str) -> pd.DataFrame:
    """Intakes for display: local time, product, units, note."""
    return pd.DataFrame(
        {
            "Time": [format_local(i.taken_at, tz_name, "%H:%M") for i in intakes],
            "Product": [i.product_name for i in intakes],
            "Units": [f"{i.units:g}" for i in intakes],
            "Note": [i.note for i in intakes],
        },
        columns=["Time", "Product", "Units", "Note"],
    )


def totals_frame(day: DayIntakes, units: Units | str) -> pd.DataFrame:
    """The day's ingredient totals for display."""
    lines = day.total_lines(units)
    return pd.DataFrame(
        {"Ingredient": [name for name, _ in lines], "Total": [amount for _, amount in lines]},
        columns=["Ingredient", "Total"],
    )


def describe_product_changes(
    before: ProductRead, after: ProductRead, units: Units | str
) -> list[str]:
    """``["name Magnesium → Magnesium citrate", "contents … → …"]`` for the saved message."""
    changes = []
    if before.name != after.name:
        changes.append(f"name {before.name} → {after.name}")
    if describe_product(before) != describe_product(after):
        changes.append(f"{describe_product(before)} → {describe_product(after)}")
    if before.contents != after.contents:
        changes.append(
            f"contents {format_contents(before.contents, units)} → "
            f"{format_contents(after.contents, units)}"
        )
    return changes
