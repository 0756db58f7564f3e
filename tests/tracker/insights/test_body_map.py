"""The body diagram's areas and counts against a hand-counted diary."""

from __future__ import annotations

from datetime import date

import pandas as pd

from tests.tracker.insights.support import cramp, frames, local
from tracker.core.vocabulary import Region
from tracker.insights.body_map import AREAS, MIDLINE_X, area_counts, region_side_table
from tracker.insights.patterns import body_counts

DAY = date(2026, 3, 2)


def _diary_counts() -> pd.DataFrame:
    diary = frames(
        DAY,
        DAY,
        cramps=[
            cramp(local(DAY, 1), region="calf", side="left"),
            cramp(local(DAY, 2), region="calf", side="left"),
            cramp(local(DAY, 3), region="calf", side="right"),
            cramp(local(DAY, 4), region="calf", side="both"),
            cramp(local(DAY, 5), region="lower_back", side="center"),
            cramp(local(DAY, 6), region="lower_back", side="center"),
            cramp(local(DAY, 7), region="lower_back", side="center"),
            cramp(local(DAY, 8), region="thigh", side="right"),
        ],
    )
    return body_counts(diary)


def test_every_region_of_the_vocabulary_has_an_area_on_each_side() -> None:
    for region in Region:
        sides = {a.side for a in AREAS if a.region == region.value}
        assert sides == {"left", "right"}, region


def test_the_persons_left_is_on_the_viewers_right_on_the_front_and_left_on_the_back() -> None:
    for area in AREAS:
        if area.side is None:
            continue
        x, _ = area.center
        on_viewers_right = x > MIDLINE_X
        if area.view == "front":
            assert on_viewers_right == (area.side == "left"), area
        else:
            assert on_viewers_right == (area.side == "right"), area


def test_counts_per_area_add_both_sides_and_centre_to_each_half() -> None:
    counts = area_counts(_diary_counts())

    def count(view: str, region: str, side: str) -> int:
        row = counts[(counts["view"] == view) & (counts["region"] == region)]
        return int(row[row["side"] == side]["count"].iloc[0])

    assert count("back", "calf", "left") == 3  # 2 left + 1 both
    assert count("back", "calf", "right") == 2  # 1 right + 1 both
    assert count("back", "lower_back", "left") == 3  # 3 centre shade both halves
    assert count("back", "lower_back", "right") == 3
    assert count("front", "thigh", "right") == 1
    assert count("back", "thigh", "right") == 1
    assert count("front", "thigh", "left") == 0
    assert counts[counts["region"].isna()]["count"].eq(0).all()  # heads and shins
    label = counts[(counts["region"] == "calf") & (counts["side"] == "left")]["label"].iloc[0]
    assert label == "Left calf"


def test_region_table_lists_regions_with_episodes_most_first() -> None:
    table = region_side_table(_diary_counts())

    assert table["Region"].tolist() == ["Calf", "Lower back", "Thigh"]
    assert table.columns.tolist() == ["Region", "Left", "Right", "Both sides", "Centre", "Total"]
    assert table.iloc[0].tolist() == ["Calf", 2, 1, 1, 0, 4]
