"""Factor analysis against hand-computed values: counts, ratio, exact interval, the 3-day cut,
lagged days, and local days across a clock change (files-and-cli.md, "insights --json")."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from math import comb

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.tracker.insights.support import cramp, days, drink, frames, intake, local, product
from tracker.insights.days import day_table
from tracker.insights.factors import compare_days, factor_results, rate_ratio_interval


def _tail_at_least(k: int, n: int, p: float) -> float:
    return sum(comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k, n + 1))


def _solve(f, target: float) -> float:  # type: ignore[no-untyped-def]
    """Bisection on [0, 1] for an increasing f(p) = target."""
    low, high = 0.0, 1.0
    for _ in range(200):
        mid = (low + high) / 2
        if f(mid) < target:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def clopper_pearson(k: int, n: int) -> tuple[float, float]:
    """The exact binomial interval from its definition, in plain Python (independent of scipy):
    P(X ≥ k | p_low) = 2.5 % and P(X ≤ k | p_high) = 2.5 %."""
    low = 0.0 if k == 0 else _solve(lambda p: _tail_at_least(k, n, p), 0.025)
    high = 1.0 if k == n else _solve(lambda p: _tail_at_least(k + 1, n, p), 0.975)
    return low, high


def test_the_interval_matches_the_exact_binomial_interval_computed_by_hand() -> None:
    # 12 episodes on 5 days with, 6 on 10 days without: (12/5) / (6/10) = 2.4 / 0.6 = 4.
    ratio, ci = rate_ratio_interval(
        episodes_with=12, days_with=5, episodes_without=6, days_without=10
    )
    low_p, high_p = clopper_pearson(12, 18)
    scale = 10 / 5

    assert ratio == pytest.approx(4.0, abs=1e-12)
    assert ci is not None
    assert ci[0] == pytest.approx(low_p / (1 - low_p) * scale, abs=1e-6)
    assert ci[1] == pytest.approx(high_p / (1 - high_p) * scale, abs=1e-6)
    assert (round(ci[0], 2), round(ci[1], 2)) == (1.39, 12.99)  # wide: few episodes


def test_no_episode_on_days_with_gives_ratio_zero_and_a_closed_form_upper_end() -> None:
    # k = 0 of n = 6: the upper end of p is 1 − 0.025^(1/6).
    ratio, ci = rate_ratio_interval(
        episodes_with=0, days_with=5, episodes_without=6, days_without=10
    )
    high_p = 1 - 0.025 ** (1 / 6)

    assert ratio == 0.0
    assert ci is not None
    assert ci[0] == 0.0
    assert ci[1] == pytest.approx(high_p / (1 - high_p) * 2, abs=1e-9)


def test_no_episode_without_or_none_at_all_gives_no_ratio() -> None:
    assert rate_ratio_interval(
        episodes_with=4, days_with=5, episodes_without=0, days_without=5
    ) == (None, None)
    assert rate_ratio_interval(
        episodes_with=0, days_with=5, episodes_without=0, days_without=5
    ) == (None, None)


def _compare(has: list[bool | None], episodes: list[int]):  # type: ignore[no-untyped-def]
    return compare_days(
        factor="x",
        lag_days=0,
        when="when x",
        has=pd.Series(has, dtype="boolean"),
        episodes=pd.Series(episodes, dtype="int64"),
    )


def test_not_enough_data_below_three_days_on_either_side() -> None:
    two = _compare([True, True, False, False, False], [3, 3, 1, 1, 1])
    three = _compare([True, True, True, False, False, False], [3, 3, 3, 1, 1, 1])

    assert (two.days_with, two.days_without, two.enough_data) == (2, 3, False)
    assert two.rate_ratio is None and two.ci95 is None
    assert two.sentence.startswith("Not enough data")
    assert "2 days with and 3 days without" in two.sentence
    assert (three.days_with, three.days_without, three.enough_data) == (3, 3, True)
    assert three.rate_ratio == pytest.approx(3.0)
    assert "3.0× as many cramp episodes" in three.sentence
    assert "association, not cause" in three.sentence


def test_days_where_the_factor_is_unknown_count_on_neither_side() -> None:
    result = _compare([True, None, True, True, None, False, False, False], [2, 9, 2, 2, 9, 1, 1, 1])

    assert (result.days_with, result.days_without) == (3, 3)
    assert (result.episodes_with, result.episodes_without) == (6, 3)
    assert result.rate_ratio == pytest.approx(2.0)


FIRST = date(2026, 3, 23)  # a Monday; the range crosses London's 29 March clock change


def _drinks_diary() -> pd.DataFrame:
    """Nine local days, 23–31 March 2026 (London; clocks go forward on the 29th).

    day:        23   24   25   26   27   28   29   30   31
    drinks ml:  800  2000 900  —    1000 2000 1000 2000 2000   (goal 1600)
    below:      T    F    T    NA   T    F    T    F    F
    episodes:   1    3    0    2    2    4    1    3    0
    The 29th's cramps are at 00:30 GMT and 23:30 BST (22:30 UTC): both on the 29th.
    """
    volumes = [800, 2000, 900, None, 1000, 2000, 1000, 2000, 2000]
    episodes = [1, 3, 0, 2, 2, 4, 1, 3, 0]
    drinks, cramps = [], []
    for day, volume, count in zip(days(FIRST, 9), volumes, episodes, strict=True):
        if volume is not None:
            drinks.append(drink(local(day, 10), volume))
        if day == date(2026, 3, 29):
            cramps.append(cramp(datetime(2026, 3, 29, 0, 30, tzinfo=UTC)))
            continue
        cramps += [cramp(local(day, 8 + i)) for i in range(count)]
    cramps.append(cramp(datetime(2026, 3, 29, 22, 30, tzinfo=UTC)))  # 23:30 BST: the 29th
    episodes[6] = 2
    table = day_table(frames(FIRST, FIRST + timedelta(days=8), cramps=cramps, drinks=drinks))
    assert table["episodes"].tolist() == [1, 3, 0, 2, 2, 4, 2, 3, 0]
    return table


def test_drinks_below_goal_same_day_and_next_day() -> None:
    table = _drinks_diary()
    same, next_day = factor_results(table)[:2]

    # Lag 0. With (below): 23, 25, 27, 29 -> 1+0+2+2 = 5 on 4 days.
    # Without: 24, 28, 30, 31 -> 3+4+3+0 = 10 on 4 days. The 26th has no drink: not counted.
    assert same.to_json() | {"ci95": None, "sentence": ""} == {
        "factor": "drinks_below_goal",
        "lag_days": 0,
        "days_with": 4,
        "days_without": 4,
        "episodes_with": 5,
        "episodes_without": 10,
        "rate_ratio": pytest.approx(0.5),
        "ci95": None,
        "enough_data": True,
        "sentence": "",
    }
    low_p, high_p = clopper_pearson(5, 15)
    assert same.ci95 == pytest.approx((low_p / (1 - low_p), high_p / (1 - high_p)), abs=1e-6)
    assert same.sentence.startswith("On days when you drank under your goal you logged 0.50×")

    # Lag 1: a day counts by the day before. 23rd: before the range; 27th: the 26th had no
    # drink. With (day before below): 24, 26, 28, 30 -> 3+2+4+3 = 12 on 4 days.
    # Without (day before at goal): 25, 29, 31 -> 0+2+0 = 2 on 3 days.
    assert (next_day.lag_days, next_day.days_with, next_day.days_without) == (1, 4, 3)
    assert (next_day.episodes_with, next_day.episodes_without) == (12, 2)
    assert next_day.rate_ratio == pytest.approx((12 / 4) / (2 / 3))
    assert next_day.sentence.startswith("On days after you drank under your goal you logged 4.5×")
    assert "from 4 and 3 days" in next_day.sentence


def test_products_at_lag_zero_and_one() -> None:
    taken = [date(2026, 3, 23), date(2026, 3, 24), date(2026, 3, 26), date(2026, 3, 30)]
    episodes = [0, 1, 2, 3, 1, 1, 0, 2, 1]  # 23..31
    cramps = [
        cramp(local(d, 7)) for d, n in zip(days(FIRST, 9), episodes, strict=True) for _ in range(n)
    ]
    table = day_table(
        frames(
            FIRST,
            FIRST + timedelta(days=8),
            cramps=cramps,
            intakes=[intake(local(d, 21), "Magnesium") for d in taken],
            products=[product("Magnesium"), product("Never taken", product_id=2)],
        )
    )
    results = {(r.factor, r.lag_days): r for r in factor_results(table)}

    lag0 = results[("product:Magnesium", 0)]
    assert (lag0.days_with, lag0.days_without) == (4, 5)  # all 9 days count
    assert (lag0.episodes_with, lag0.episodes_without) == (0 + 1 + 3 + 2, 2 + 1 + 1 + 0 + 1)
    lag1 = results[("product:Magnesium", 1)]
    # Day after a Magnesium day: 24, 25, 27, 31 -> 1+2+1+1 = 5; other days 26, 28, 29, 30
    # -> 3+1+0+2 = 6; the 23rd has no day before in the range.
    assert (lag1.days_with, lag1.days_without, lag1.episodes_with, lag1.episodes_without) == (
        4,
        4,
        5,
        6,
    )
    never = results[("product:Never taken", 0)]
    assert (never.days_with, never.days_without, never.enough_data) == (0, 9, False)
    assert never.rate_ratio is None


# --- properties ----------------------------------------------------------------------------

SIDES = st.lists(st.tuples(st.booleans(), st.integers(0, 6)), min_size=0, max_size=40)


@settings(deadline=None)
@given(SIDES)
def test_swapping_the_sides_inverts_the_ratio_and_its_interval(
    rows: list[tuple[bool, int]],
) -> None:
    has = [h for h, _ in rows]
    episodes = [e for _, e in rows]
    result = _compare(has, episodes)  # type: ignore[arg-type]
    swapped = _compare([not h for h in has], episodes)

    assert (result.days_with, result.episodes_with) == (
        swapped.days_without,
        swapped.episodes_without,
    )
    if result.rate_ratio and swapped.rate_ratio:
        assert result.rate_ratio * swapped.rate_ratio == pytest.approx(1.0)
        assert result.ci95 is not None and swapped.ci95 is not None
        assert result.ci95[0] * swapped.ci95[1] == pytest.approx(1.0, rel=1e-6)
        assert result.ci95[1] * swapped.ci95[0] == pytest.approx(1.0, rel=1e-6)
        assert result.ci95[0] <= result.rate_ratio <= result.ci95[1]


@settings(deadline=None, max_examples=50)  # each builds frames: ~0.1 s
@given(
    st.integers(1, 60),
    st.lists(
        st.tuples(st.integers(0, 59), st.integers(0, 23), st.sampled_from([0, 1, 2])), max_size=60
    ),
    st.lists(st.tuples(st.integers(0, 59), st.integers(1, 3000)), max_size=60),
)
def test_any_diary_gives_every_factor_without_raising(
    length: int, taken: list[tuple[int, int, int]], drank: list[tuple[int, int]]
) -> None:
    """No cramps at all, products never or always taken, days without drinks: never raises;
    products' days at lag 0 add up to the days of the range."""
    first = date(2026, 10, 20)  # across London's 25 October change
    last = first + timedelta(days=length - 1)
    names = ["A", "B", "C"]
    diary = frames(
        first,
        last,
        drinks=[drink(local(first + timedelta(days=d % length), 12), ml) for d, ml in drank],
        intakes=[
            intake(local(first + timedelta(days=d % length), h), names[p], product_id=p + 1)
            for d, h, p in taken
        ],
        products=[product(name, product_id=i + 1) for i, name in enumerate(names)],
    )
    results = factor_results(day_table(diary))

    assert len(results) == 2 + 2 * len(names)
    for result in results:
        assert result.episodes_with == result.episodes_without == 0
        assert result.rate_ratio is None and result.ci95 is None
        if result.factor.startswith("product:"):
            expected = length if result.lag_days == 0 else length - 1
            assert result.days_with + result.days_without == expected


def test_an_interval_holding_1_is_said_to_show_no_clear_difference() -> None:
    # 4 episodes on 4 days with, 3 on 4 days without: 1.3× with an interval far either side of
    # 1; 12 against 2 on 4 days each: 6.0×, an interval above 1, said plainly.
    unclear = _compare([True] * 4 + [False] * 4, [1, 1, 1, 1, 1, 1, 1, 0])
    clear = _compare([True] * 4 + [False] * 4, [3, 3, 3, 3, 1, 1, 0, 0])

    assert unclear.ci95 is not None and unclear.ci95[0] < 1 < unclear.ci95[1]
    assert ": no clear difference), from 4 and 4 days." in unclear.sentence
    assert clear.ci95 is not None and clear.ci95[0] > 1
    assert "no clear difference" not in clear.sentence
    assert clear.sentence.startswith("On days when x you logged 6.0× as many")
