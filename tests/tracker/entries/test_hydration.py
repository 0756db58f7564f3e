"""tracker.entries.hydration: typed amounts in ml or fl oz, the goal a person sets, and its
reference."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.core.errors import InvalidEntry
from tracker.core.models import ProfileRead
from tracker.entries.hydration import (
    drink_volume_ml,
    goal_explanation,
    goal_ml_from_input,
    progress_label,
)


@pytest.mark.parametrize(
    ("amount", "units", "volume_ml"),
    [(250, "metric", 250), (8, "us", 236.588), (3000, "metric", 3000), (101.4, "us", 2998.76)],
)
def test_typed_amount_becomes_ml(amount: float, units: str, volume_ml: float) -> None:
    assert drink_volume_ml(amount, units) == pytest.approx(volume_ml, abs=0.01)


@pytest.mark.parametrize(
    ("amount", "units", "message"),
    [
        (None, "metric", "Amount: enter how much you drank"),
        (0, "metric", "Amount: must be more than 0 (got 0)"),
        (-5, "us", "Amount: must be more than 0 (got -5)"),
        (3001, "metric", "3001 ml is more than one drink can be (at most 3,000 ml)"),
        (102, "us", "102 fl oz is more than one drink can be (at most 101.4 fl oz)"),
    ],
)
def test_impossible_amounts_are_refused_in_the_persons_unit(
    amount: float | None, units: str, message: str
) -> None:
    with pytest.raises(InvalidEntry) as caught:
        drink_volume_ml(amount, units)
    assert message in str(caught.value)


def test_goal_typed_in_fl_oz_is_stored_in_whole_ml() -> None:
    assert goal_ml_from_input(None, "us", 2000) is None
    assert goal_ml_from_input(64, "us", None) == 1893
    assert goal_ml_from_input(1800, "metric", 2000) == 1800


def test_saving_an_unchanged_goal_does_not_drift() -> None:
    # 2000 ml shows as 67.6 fl oz, which is 1999.2 ml: saving it again keeps 2000.
    assert goal_ml_from_input(67.6, "us", 2000) == 2000
    assert goal_ml_from_input(67.7, "us", 2000) == 2002


def profile(**values: object) -> ProfileRead:
    from tests.conftest import NOW

    return ProfileRead.model_validate({"id": 1, "created_at": NOW, "updated_at": NOW} | values)


@pytest.mark.parametrize(
    ("values", "text"),
    [
        ({}, "Reference for adults: 1,600 ml of drinks a day (EFSA 2010"),
        ({"sex": "male"}, "Reference for men: 2,000 ml"),
        (
            {"sex": "female", "due_date": date(2026, 5, 1)},
            "Reference for women: 1,900 ml of drinks a day (EFSA 2010, about 80 % of water "
            "intake), including 300 ml extra in pregnancy.",
        ),
        ({"hydration_goal_ml": 2500}, "Your own goal: 2,500 ml of drinks a day."),
        ({"hydration_goal_ml": 2500, "units": "us"}, "Your own goal: 84.5 fl oz of drinks a day."),
    ],
)
def test_goal_explanation(values: dict[str, object], text: str) -> None:
    assert text in goal_explanation(profile(**values))


def test_progress_label() -> None:
    assert progress_label(1250, 1600, "metric") == "1,250 ml of 1,600 ml · 350 ml to go"
    assert progress_label(1600, 1600, "metric") == "1,600 ml of 1,600 ml · goal reached"
    assert progress_label(2000, 1600, "us") == "67.6 fl oz of 54.1 fl oz · goal reached"
