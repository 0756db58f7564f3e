"""How a product's contents read (issue 11, item 11): a medicine's "other" amount is its
strength, as on the box ("500 mg per tablet or dose"), never "Other 500 mg"."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tracker.core.models import ProductRead
from tracker.core.units import format_strength
from tracker.core.vocabulary import Units
from tracker.ui.cabinet import product_line


def product(kind: str, contents: dict[str, float], **kw: object) -> ProductRead:
    stamp = datetime(2026, 12, 1, tzinfo=UTC)
    return ProductRead.model_validate(
        {
            "id": 1,
            "name": "Paracetamol",
            "kind": kind,
            "contents": contents,
            "created_at": stamp,
            "updated_at": stamp,
        }
        | kw
    )


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (500, "500 mg per tablet or dose"),
        (12.5, "12.5 mg per tablet or dose"),
        (1000, "1,000 mg per tablet or dose"),
    ],
)
def test_format_strength(amount: float, shown: str) -> None:
    assert format_strength(amount, Units.METRIC) == shown
    assert format_strength(amount, Units.US) == shown  # mg either way


def test_a_medicine_shows_its_strength_not_other() -> None:
    paracetamol = product("medicine", {"other": 500}, medicine_class="other")
    line = product_line(paracetamol, Units.METRIC)
    assert line == "Medicine · 500 mg per tablet or dose"
    assert "other" not in line.lower()


def test_a_named_class_stays() -> None:
    statin = product("medicine", {"other": 20}, medicine_class="statin", name="Simvastatin")
    line = product_line(statin, Units.METRIC)
    assert line.startswith("Medicine · ") and line.endswith(" · 20 mg per tablet or dose")
    assert "statin" in line.lower()


def test_a_medicine_with_a_tracked_ingredient_too() -> None:
    antacid = product("medicine", {"other": 680, "magnesium": 80}, name="Antacid")
    assert product_line(antacid, Units.METRIC) == (
        "Medicine · 680 mg per tablet or dose · Magnesium 80 mg"
    )


def test_a_supplement_keeps_other_as_an_ingredient() -> None:
    blend = product("supplement", {"magnesium": 200, "other": 50}, name="Blend")
    assert product_line(blend, Units.METRIC) == "Supplement · Magnesium 200 mg · Other 50 mg"


def test_nothing_tracked() -> None:
    empty = product("medicine", {}, medicine_class="diuretic", prescribed=True)
    assert product_line(empty, Units.METRIC) == (
        "Medicine · diuretic (water tablet) · prescribed · no tracked ingredients"
    )
