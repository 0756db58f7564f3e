"""Drinks against the goal, the pace line, ingredient totals against the N rules' levels,
adherence: hand-computed."""

from __future__ import annotations

from datetime import date, time

import pandas as pd
import pytest

from tests.tracker.insights.support import drink, frames, intake, local, product
from tracker.core.thresholds import CALCIUM_UL_OVER_50_MG, MAGNESIUM_SUPPLEMENT_UL_MG
from tracker.insights.intake import (
    adherence,
    drink_totals,
    drinks_through_day,
    ingredient_totals,
    pace_line,
    pace_ml,
    upper_level_days,
)

FIRST, LAST = date(2026, 6, 1), date(2026, 6, 4)


def test_pace_is_a_straight_line_from_seven_to_eight_in_the_evening() -> None:
    assert pace_ml(1950, time(6, 59)) == 0
    assert pace_ml(1950, time(7, 0)) == 0
    assert pace_ml(1950, time(13, 30)) == pytest.approx(975)  # half of 13 hours
    assert pace_ml(1950, time(20, 0)) == 1950
    assert pace_ml(1950, time(23, 0)) == 1950
    line = pace_line(1950)
    assert line.loc[line["clock"] == "10:00", "expected_ml"].item() == pytest.approx(450)
    assert line["clock"].iloc[-1] == "23:59"


def test_drink_totals_and_a_day_through_its_hours() -> None:
    diary = frames(
        FIRST,
        LAST,
        goal_ml=1600,
        drinks=[
            drink(local(FIRST, 8, 15), 500),
            drink(local(FIRST, 19), 1100),
            drink(local(date(2026, 6, 3), 9), 400),
        ],
    )
    totals = drink_totals(diary)
    assert totals["drinks_ml"].tolist() == [1600.0, 0.0, 400.0, 0.0]
    assert totals["at_goal"].tolist() == [True, pd.NA, False, pd.NA]
    assert totals["share_of_goal"].tolist() == [1.0, 0.0, 0.25, 0.0]

    through = drinks_through_day(diary, FIRST)
    assert through["minute"].tolist() == [8 * 60 + 15, 19 * 60]  # local (BST), not UTC
    assert through["cumulative_ml"].tolist() == [500.0, 1600.0]


def _cabinet_diary() -> pd.DataFrame:
    return frames(
        FIRST,
        LAST,
        products=[
            product("Mag 200", 1, {"magnesium": 200}),
            product("Cal+D", 2, {"calcium": 600, "vitamin_d": 10}),
            product("Rx calcium", 3, {"calcium": 1000}, kind="medicine", prescribed=True),
            product("Unused", 4, {"iron": 14}),
        ],
        intakes=[
            intake(local(FIRST, 8), "Mag 200", 1, 1),
            intake(local(FIRST, 20), "Mag 200", 1, 1),  # 400 mg > 350 (N1)
            intake(local(date(2026, 6, 2), 8), "Cal+D", 2, 2),  # 1200 mg calcium, 20 µg D
            intake(local(date(2026, 6, 2), 9), "Rx calcium", 1, 3),  # a medicine: not N2's
            intake(local(date(2026, 6, 3), 8), "Mag 200", 1.5, 1),  # 300 mg: under
        ],
    )


def test_ingredient_totals_and_the_rules_upper_levels() -> None:
    diary = _cabinet_diary()
    totals = ingredient_totals(diary)
    assert list(totals.columns) == ["magnesium", "calcium", "vitamin_d"]
    assert totals["magnesium"].tolist() == [400.0, 0.0, 300.0, 0.0]
    assert totals["calcium"].tolist() == [0.0, 2200.0, 0.0, 0.0]

    levels = upper_level_days(diary, birth_year=1970)  # 56 in 2026: calcium 2000 mg
    magnesium = levels[levels["ingredient"] == "magnesium"]
    assert magnesium["limit"].unique().tolist() == [MAGNESIUM_SUPPLEMENT_UL_MG]
    assert magnesium["over"].tolist() == [True, False, False, False]
    calcium = levels[levels["ingredient"] == "calcium"]
    assert calcium["total"].tolist() == [0.0, 1200.0, 0.0, 0.0]  # the medicine is not counted
    assert calcium["limit"].unique().tolist() == [CALCIUM_UL_OVER_50_MG]
    assert not calcium["over"].any()
    assert "iron" not in set(levels["ingredient"])
    assert upper_level_days(frames(FIRST, LAST)).empty


def test_adherence_per_product() -> None:
    table = adherence(_cabinet_diary())
    rows = {r["product"]: r for r in table.to_dict("records")}
    assert (rows["Mag 200"]["days_taken"], rows["Mag 200"]["days"]) == (2, 4)
    assert rows["Mag 200"]["share"] == 0.5
    assert rows["Mag 200"]["units"] == 3.5
    assert rows["Unused"]["days_taken"] == 0
