"""Cramp patterns against hand-counted diaries."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from tests.tracker.insights.support import cramp, frames, local
from tracker.core.vocabulary import Relief, Trigger
from tracker.insights.frames import DiaryFrames
from tracker.insights.patterns import (
    body_counts,
    frequency,
    hour_weekday,
    one_hot,
    ranked,
    relief_durations,
    symptom_pairs,
)

FIRST, LAST = date(2026, 3, 27), date(2026, 4, 7)  # Fri 27 March .. Tue 7 April, 12 days


def test_frequency_by_day_week_and_month() -> None:
    diary = frames(
        FIRST,
        LAST,
        cramps=[
            cramp(local(date(2026, 3, 27), 9), 2),
            cramp(local(date(2026, 3, 27), 22), 4),
            cramp(local(date(2026, 3, 31), 9), 9),
            cramp(local(date(2026, 4, 6), 9), 6),
        ],
    )

    by_day = frequency(diary, "day")
    assert len(by_day) == 12
    assert by_day["episodes"].sum() == 4
    assert by_day.loc[0, "mean_intensity"] == 3.0

    by_week = frequency(diary, "week")
    # Weeks from Monday: 23 Mar (27–29: 3 days), 30 Mar (7 days), 6 Apr (6–7: 2 days).
    assert [d.date() for d in by_week["period_start"]] == [
        date(2026, 3, 23),
        date(2026, 3, 30),
        date(2026, 4, 6),
    ]
    assert by_week["days"].tolist() == [3, 7, 2]
    assert by_week["episodes"].tolist() == [2, 1, 1]
    assert by_week["episodes_per_day"].tolist() == pytest.approx([2 / 3, 1 / 7, 1 / 2])
    assert by_week["mean_intensity"].tolist() == [3.0, 9.0, 6.0]

    by_month = frequency(diary, "month")
    assert by_month["days"].tolist() == [5, 7]
    assert by_month["episodes"].tolist() == [3, 1]
    assert by_month["mean_intensity"].tolist() == pytest.approx([5.0, 6.0])


def test_hour_weekday_counts_in_local_time() -> None:
    diary = frames(
        FIRST,
        LAST,
        cramps=[
            cramp(datetime(2026, 3, 29, 23, 30, tzinfo=UTC)),  # Mon 30 March 00:30 BST
            cramp(datetime(2026, 3, 28, 23, 30, tzinfo=UTC)),  # Sat 28 March 23:30 GMT
            cramp(local(date(2026, 4, 4), 23, 10)),  # Sat 23:10 BST
        ],
    )
    matrix = hour_weekday(diary)

    assert matrix.shape == (24, 7)
    assert matrix.loc[0, "Mon"] == 1
    assert matrix.loc[23, "Sat"] == 2
    assert int(matrix.to_numpy().sum()) == 3


def test_regions_sides_triggers_and_relief_ranked() -> None:
    diary = frames(
        FIRST,
        LAST,
        cramps=[
            cramp(local(FIRST, 1), region="calf", side="left", triggers=("night_sleep",)),
            cramp(
                local(FIRST, 2),
                region="calf",
                side="right",
                triggers=("night_sleep", "exercise"),
            ),
            cramp(local(FIRST, 3), region="lower_back", side="center", triggers=("lifting",)),
            cramp(local(FIRST, 4), region="calf", side="left"),
        ],
    )
    body = body_counts(diary)
    assert body.loc["calf", "left"] == 2 and body.loc["calf", "right"] == 1
    assert body.loc["calf", "total"] == 3 and body.loc["lower_back", "center"] == 1
    assert body.loc["neck", "total"] == 0

    triggers = ranked(diary, "triggers")
    assert triggers["code"].tolist()[0] == "night_sleep"
    assert triggers.loc[0, "count"] == 2 and triggers.loc[0, "share"] == 0.5
    assert triggers.loc[0, "label"] == "At night / in sleep"
    assert set(triggers["code"]) == {"night_sleep", "exercise", "lifting"}
    assert ranked(frames(FIRST, LAST), "relief").empty


def timed_diary(timed: list[tuple[int, tuple[str, ...]]], *more: dict[str, Any]) -> DiaryFrames:
    """Episodes on hours 0, 1, … of the first day, each (minutes, reliefs noted), and ``more``."""
    episodes = [
        cramp(local(FIRST, i), duration_min=float(m), relief=r) for i, (m, r) in enumerate(timed)
    ]
    return frames(FIRST, LAST, cramps=[*episodes, *more])


def test_relief_shorter_than_the_median_without_it() -> None:
    # Without stretching: 4, 6, 10 min (median 6). With stretching: 3, 5, 8 -> 2 shorter.
    timed = [(4, ()), (6, ()), (10, ()), (3, ("stretching",)), (5, ("stretching",))]
    timed.append((8, ("stretching", "heat")))
    untimed = cramp(local(FIRST, 20), relief=("stretching",))  # not compared
    results = {r.relief: r for r in relief_durations(timed_diary(timed, untimed))}

    stretching = results["stretching"]
    assert (stretching.timed_with, stretching.timed_without) == (3, 3)
    assert stretching.median_without_min == 6.0
    assert (stretching.shorter, stretching.enough_data) == (2, True)
    assert stretching.share_shorter == pytest.approx(2 / 3)
    assert stretching.sentence == (
        "2 of 3 episodes where you noted “Stretching” were shorter than 6 min, the median of "
        "episodes without it (67%; about half would be if it made no difference). This is an "
        "association in your diary, not proof that it helped."
    )
    assert results["heat"].enough_data is False
    assert results["heat"].sentence.startswith("Not enough timed episodes")


def test_symptom_pairs_count_episodes_with_both() -> None:
    diary = frames(
        FIRST,
        LAST,
        cramps=[
            cramp(local(FIRST, 1), symptoms=("leg_numbness_tingling", "night_pain")),
            cramp(local(FIRST, 2), symptoms=("leg_numbness_tingling", "night_pain", "fever")),
            cramp(local(FIRST, 3), symptoms=("fever",)),
        ],
    )
    pairs = symptom_pairs(diary)

    assert pairs.iloc[0].tolist() == ["leg_numbness_tingling", "night_pain", 2]
    assert len(pairs) == 3
    assert pairs["count"].tolist() == [2, 1, 1]
    assert symptom_pairs(frames(FIRST, LAST)).empty


def test_one_hot_marks_each_episode_s_codes_in_vocabulary_order() -> None:
    diary = frames(
        FIRST,
        LAST,
        cramps=[
            cramp(local(FIRST, 1), triggers=("night_sleep", "exercise")),
            cramp(local(FIRST, 2)),
            cramp(local(FIRST, 3), triggers=("lifting", "not_a_code")),
        ],
    )
    hot = one_hot(diary, "triggers")

    assert hot.index.equals(diary.cramps.index)
    assert hot.columns.tolist() == [t.value for t in Trigger]
    assert {str(dtype) for dtype in hot.dtypes} == {"bool"}
    assert hot.loc[0, "exercise"] and hot.loc[0, "night_sleep"]
    assert hot.to_numpy().sum(axis=1).tolist() == [2, 0, 1]
    assert hot.loc[2, "lifting"]  # and the unknown code is left out
    empty = one_hot(frames(FIRST, LAST), "relief")
    assert empty.empty and empty.columns.tolist() == [r.value for r in Relief]


def test_a_relief_not_followed_by_shorter_episodes_is_not_called_helpful() -> None:
    # Without heat: 2, 3, 4 min (median 3). With heat: 3, 5, 9 -> none shorter.
    timed = [(2, ()), (3, ()), (4, ()), (3, ("heat",)), (5, ("heat",)), (9, ("heat",))]
    (heat,) = relief_durations(timed_diary(timed))
    assert (heat.shorter, heat.share_shorter) == (0, 0.0)
    assert heat.sentence.endswith(
        "(0%; about half would be if it made no difference). So far, episodes with it were "
        "not shorter than usual in your diary."
    )
    assert "helped" not in heat.sentence
