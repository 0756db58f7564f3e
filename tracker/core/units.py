"""Unit conversion for display. Storage is always ml, mg, µg, seconds and UTC."""

from __future__ import annotations

from tracker.core.vocabulary import INGREDIENT_UNITS, Ingredient, Units

ML_PER_US_FL_OZ = 29.5735295625
"""Millilitres in one US customary fluid ounce (exact by definition: 1/128 US gallon)."""

IU_PER_UG_VITAMIN_D = 40.0
"""International units per microgram of vitamin D (cholecalciferol); vocabulary.md."""


def ml_to_fl_oz(volume_ml: float) -> float:
    return volume_ml / ML_PER_US_FL_OZ


def fl_oz_to_ml(volume_fl_oz: float) -> float:
    return volume_fl_oz * ML_PER_US_FL_OZ


def iu_to_ug_vitamin_d(amount_iu: float) -> float:
    return amount_iu / IU_PER_UG_VITAMIN_D


def ug_to_iu_vitamin_d(amount_ug: float) -> float:
    return amount_ug * IU_PER_UG_VITAMIN_D


def volume_unit(units: Units | str) -> str:
    return "fl oz" if units == Units.US else "ml"


def volume_for_display(volume_ml: float, units: Units | str) -> float:
    """A stored volume in the person's unit (rounded to 0.1 fl oz or 1 ml)."""
    if units == Units.US:
        return round(ml_to_fl_oz(volume_ml), 1)
    return round(volume_ml)


def volume_to_ml(amount: float, units: Units | str) -> float:
    """A volume typed in the person's unit, as ml for storage."""
    return fl_oz_to_ml(amount) if units == Units.US else amount


def format_volume(volume_ml: float, units: Units | str) -> str:
    value = volume_for_display(volume_ml, units)
    text = f"{value:g}" if units == Units.US else f"{value:,.0f}"
    return f"{text} {volume_unit(units)}"


def format_amount(ingredient: Ingredient | str, amount: float, units: Units | str) -> str:
    """An ingredient amount for display; vitamin D in IU for US units, µg otherwise."""
    code = Ingredient(ingredient)
    if code == Ingredient.VITAMIN_D and units == Units.US:
        return f"{ug_to_iu_vitamin_d(amount):,.0f} IU"
    # 4 significant digits, but never scientific notation (12000 mg, not 1.2e+04 mg).
    rounded = float(f"{amount:.4g}")
    text = f"{rounded:,.0f}" if abs(rounded) >= 1000 else f"{rounded:g}"
    return f"{text} {INGREDIENT_UNITS[code]}"


STRENGTH_PER = "per tablet or dose"
"""What a medicine's strength is counted per: one unit of the product, as its box says."""


def format_strength(amount_mg: float, units: Units | str) -> str:
    """A medicine's strength as on the box: ``500 mg per tablet or dose`` (mg in either units;
    stored as the product's ``other`` amount)."""
    return f"{format_amount(Ingredient.OTHER, amount_mg, units)} {STRENGTH_PER}"
