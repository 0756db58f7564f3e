"""Unit conversion and display: storage is ml and µg; US display is fl oz and IU."""

from __future__ import annotations

import pytest

from tracker.core.units import (
    IU_PER_UG_VITAMIN_D,
    ML_PER_US_FL_OZ,
    fl_oz_to_ml,
    format_amount,
    format_volume,
    iu_to_ug_vitamin_d,
    ml_to_fl_oz,
    ug_to_iu_vitamin_d,
    volume_for_display,
    volume_to_ml,
    volume_unit,
)
from tracker.core.vocabulary import Ingredient, Units


def test_conversion_constants() -> None:
    gallon_ml = ML_PER_US_FL_OZ * 128
    assert gallon_ml == pytest.approx(3785.411784)  # one US gallon, exact
    assert IU_PER_UG_VITAMIN_D == 40


@pytest.mark.parametrize(
    ("ml", "fl_oz"),
    [(29.5735295625, 1), (236.5882365, 8), (473.176473, 16), (3000, 101.4420), (0, 0)],
)
def test_ml_and_us_fluid_ounces(ml: float, fl_oz: float) -> None:
    assert ml_to_fl_oz(ml) == pytest.approx(fl_oz, abs=1e-4)
    assert fl_oz_to_ml(fl_oz) == pytest.approx(ml, abs=1e-2)


@pytest.mark.parametrize("ml", [1, 250, 333.3, 3000])
def test_volume_round_trip_loses_nothing(ml: float) -> None:
    assert fl_oz_to_ml(ml_to_fl_oz(ml)) == pytest.approx(ml)


@pytest.mark.parametrize(
    ("iu", "ug"), [(40, 1), (400, 10), (1000, 25), (4000, 100), (600, 15), (0, 0)]
)
def test_vitamin_d_iu_and_micrograms(iu: float, ug: float) -> None:
    assert iu_to_ug_vitamin_d(iu) == pytest.approx(ug)
    assert ug_to_iu_vitamin_d(ug) == pytest.approx(iu)


@pytest.mark.parametrize(
    ("units", "unit"),
    [(Units.METRIC, "ml"), (Units.US, "fl oz"), ("metric", "ml"), ("us", "fl oz")],
)
def test_volume_unit(units: Units | str, unit: str) -> None:
    assert volume_unit(units) == unit


@pytest.mark.parametrize(
    ("ml", "units", "shown"),
    [
        (250, Units.METRIC, 250),
        (249.6, "metric", 250),
        (500, Units.US, 16.9),
        (236.588, "us", 8.0),
        (3000, Units.US, 101.4),
    ],
)
def test_volume_for_display(ml: float, units: Units | str, shown: float) -> None:
    assert volume_for_display(ml, units) == shown


@pytest.mark.parametrize(
    ("amount", "units", "ml"),
    [(250, Units.METRIC, 250), (8, Units.US, 236.5882365), (16.9, "us", 499.79265)],
)
def test_volume_typed_in_the_persons_unit_is_stored_in_ml(
    amount: float, units: Units | str, ml: float
) -> None:
    assert volume_to_ml(amount, units) == pytest.approx(ml)


@pytest.mark.parametrize(
    ("ml", "units", "text"),
    [
        (250, Units.METRIC, "250 ml"),
        (1500, Units.METRIC, "1,500 ml"),
        (1999.6, "metric", "2,000 ml"),
        (500, Units.US, "16.9 fl oz"),
        (236.5882365, "us", "8 fl oz"),
        (3000, Units.US, "101.4 fl oz"),
    ],
)
def test_format_volume(ml: float, units: Units | str, text: str) -> None:
    assert format_volume(ml, units) == text


@pytest.mark.parametrize(
    ("ingredient", "amount", "units", "text"),
    [
        (Ingredient.VITAMIN_D, 25, Units.US, "1,000 IU"),
        ("vitamin_d", 10, "us", "400 IU"),
        ("vitamin_d", 25, Units.METRIC, "25 µg"),
        ("vitamin_d", 12.5, "metric", "12.5 µg"),
        ("magnesium", 350, Units.US, "350 mg"),
        ("magnesium", 187.5, Units.METRIC, "187.5 mg"),
        ("calcium", 1200, Units.METRIC, "1,200 mg"),
        ("potassium", 12000, Units.METRIC, "12,000 mg"),
        ("potassium", 99.99, Units.METRIC, "99.99 mg"),
        ("iron", 14, Units.METRIC, "14 mg"),
        ("vitamin_a_retinol", 700, Units.METRIC, "700 µg RAE"),
        ("vitamin_a_retinol", 10000, Units.US, "10,000 µg RAE"),
        ("folic_acid", 400, Units.METRIC, "400 µg"),
        ("folic_acid", 0.5, Units.METRIC, "0.5 µg"),
    ],
)
def test_format_amount(
    ingredient: Ingredient | str, amount: float, units: Units | str, text: str
) -> None:
    assert format_amount(ingredient, amount, units) == text


@pytest.mark.parametrize("amount", [1000, 2500, 12000, 150000, 2_000_000])
def test_large_amounts_are_never_shown_in_scientific_notation(amount: float) -> None:
    text = format_amount("potassium", amount, Units.METRIC)
    assert "e" not in text.removesuffix(" mg")
    assert float(text.removesuffix(" mg").replace(",", "")) == amount
