"""The per-local-day table: every day of the range, local days across a clock change."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd

from tests.tracker.insights.support import cramp, drink, frames, intake, local, product
from tracker.insights.days import day_table


def test_a_day_across_the_spring_clock_change_is_one_local_day() -> None:
    # London, Sunday 29 March 2026: 01:00 GMT becomes 02:00 BST (a 23-hour day).
    table = day_table(
        frames(
            date(2026, 3, 28),
            date(2026, 3, 30),
            cramps=[
                cramp(datetime(2026, 3, 28, 23, 30, tzinfo=UTC), 2),  # 23:30 GMT on the 28th
                cramp(datetime(2026, 3, 29, 0, 30, tzinfo=UTC), 4),  # 00:30 GMT on the 29th
                cramp(datetime(2026, 3, 29, 22, 59, tzinfo=UTC), 8),  # 23:59 BST on the 29th
                cramp(datetime(2026, 3, 29, 23, 30, tzinfo=UTC), 6),  # 00:30 BST on the 30th
            ],
        )
    )

    assert list(table.index) == list(pd.date_range("2026-03-28", "2026-03-30"))
    assert table["episodes"].tolist() == [1, 2, 1]
    assert table["mean_intensity"].tolist() == [2.0, 6.0, 6.0]
    assert table["max_intensity"].tolist() == [2.0, 8.0, 6.0]


def test_the_autumn_change_keeps_the_repeated_hour_in_one_day() -> None:
    # 25 October 2026: 01:00–02:00 BST, then 01:00–02:00 GMT again (a 25-hour day).
    table = day_table(
        frames(
            date(2026, 10, 25),
            date(2026, 10, 26),
            drinks=[
                drink(datetime(2026, 10, 25, 0, 30, tzinfo=UTC), 300),  # 01:30 BST
                drink(datetime(2026, 10, 25, 1, 30, tzinfo=UTC), 200),  # 01:30 GMT
                drink(datetime(2026, 10, 25, 23, 59, tzinfo=UTC), 2000),  # 23:59 GMT
            ],
        )
    )

    assert table["drinks_ml"].tolist() == [2500.0, 0.0]
    assert table["drinks_logged"].tolist() == [3, 0]


def test_empty_days_are_rows_and_below_goal_needs_a_drink() -> None:
    first = date(2026, 5, 1)
    table = day_table(
        frames(
            first,
            date(2026, 5, 4),
            goal_ml=1600,
            drinks=[
                drink(local(date(2026, 5, 1), 9), 1000),
                drink(local(date(2026, 5, 1), 18), 600),  # exactly the goal: not below
                drink(local(date(2026, 5, 3), 9), 1599),
            ],
            intakes=[
                intake(local(date(2026, 5, 2), 8), "Magnesium"),
                intake(local(date(2026, 5, 2), 20), "Magnesium", units=2),
            ],
            products=[product("Magnesium"), product("Calcium", product_id=2)],
        )
    )

    assert len(table) == 4
    assert table["episodes"].tolist() == [0, 0, 0, 0]
    assert table["mean_intensity"].isna().all()
    assert table["drinks_ml"].tolist() == [1600.0, 0.0, 1599.0, 0.0]
    assert table["below_goal"].tolist() == [False, pd.NA, True, pd.NA]
    assert table["units:Magnesium"].tolist() == [0.0, 3.0, 0.0, 0.0]
    assert table["units:Calcium"].tolist() == [0.0, 0.0, 0.0, 0.0]
    assert table["intakes_logged"].tolist() == [0, 2, 0, 0]
