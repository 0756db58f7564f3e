"""Dashboard windows: rolling average, how often lately (a rate ratio of the two halves, with
its exact interval), trend or not enough data, drinks goal days, flags."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest
from scipy.stats import beta
from sqlalchemy.engine import Engine

from tests.tracker.insights.support import cramp, drink, frames, intake, local, product
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.entries.journal import add_product, log_entry
from tracker.insights.dashboard import (
    dashboard,
    frequency_trend,
    intensity_trend,
    open_flag_counts,
    rate_change,
)

TODAY = date(2026, 6, 30)


def test_windows_of_7_30_and_90_days() -> None:
    first = TODAY - timedelta(days=89)
    # One episode a day for the last 3 days (intensity 3, 5, 7), two on the 20th (intensity 1).
    cramps = [cramp(local(TODAY - timedelta(days=i), 9), 7 - 2 * i) for i in range(3)]
    cramps += [cramp(local(date(2026, 6, 20), h), 1) for h in (9, 10)]
    diary = frames(
        first,
        TODAY,
        goal_ml=1600,
        cramps=cramps,
        drinks=[
            drink(local(TODAY, 10), 1600),
            drink(local(TODAY - timedelta(days=1), 10), 1000),
            drink(local(date(2026, 5, 1), 10), 2000),
        ],
        intakes=[intake(local(TODAY, 8), "Mag"), intake(local(TODAY, 20), "Mag")],
        products=[product("Mag")],
    )
    week, month, quarter = dashboard(diary, today=TODAY, open_flags={7: {"urgent": 1}})

    assert (week.first, week.last, week.days) == (date(2026, 6, 24), TODAY, 7)
    assert week.episodes == 3
    assert week.episodes_per_day == pytest.approx(3 / 7)
    assert week.mean_intensity == 5.0
    assert week.daily["episodes"].tolist() == [0, 0, 0, 0, 1, 1, 1]
    # Rolling over 7 days: on the 24th the window reaches back to the 18th (two on the 20th).
    assert week.daily["rolling_mean"].iloc[0] == pytest.approx(2 / 7)
    assert week.daily["rolling_mean"].iloc[-1] == pytest.approx(3 / 7)
    assert week.trend.enough_data is False and "at least 5" in week.trend.sentence
    assert (week.days_with_drinks, week.days_at_goal, week.supplement_days) == (2, 1, 1)
    assert week.open_flags == {"emergency": 0, "urgent": 1, "routine": 0, "info": 0}

    assert month.episodes == 5 and month.days_with_drinks == 2
    assert month.mean_intensity == pytest.approx((3 + 5 + 7 + 1 + 1) / 5)
    assert month.trend.enough_data is True and month.trend.slope_per_week is not None
    assert month.trend.slope_per_week > 0 and "rose" in month.trend.sentence
    assert quarter.days_with_drinks == 3 and quarter.days_at_goal == 2
    assert quarter.open_flags["urgent"] == 0


def test_trend_slope_per_week_by_least_squares() -> None:
    start = datetime(2026, 6, 1, 9, tzinfo=UTC)
    # Intensity 2, 3, 4, 5, 6 one week apart: exactly +1 point a week.
    rows = [cramp(start + timedelta(weeks=i), 2 + i) for i in range(5)]
    diary = frames(date(2026, 6, 1), date(2026, 7, 6), cramps=rows)
    trend = intensity_trend(diary.cramps)
    assert trend.slope_per_week == pytest.approx(1.0)
    assert trend.sentence == "Intensity rose by about 1.0 points a week over these 5 episodes."


def test_open_flag_counts_by_window(engine: Engine, profile: ProfileRead) -> None:
    now = datetime(2026, 6, 30, 12, tzinfo=UTC)
    magnesium = add_product(
        engine=engine,
        profile_id=profile.id,
        values={"name": "Mag 400", "kind": "supplement", "contents": {"magnesium": 400}},
        now=now,
    )
    for days_ago in (2, 20):  # N1 (routine) twice: one in each of the 30-day window
        log_entry(
            engine=engine,
            kind=EntryKind.SUPPLEMENTS,
            profile_id=profile.id,
            values={"taken_at": now - timedelta(days=days_ago), "product_id": magnesium.id},
            now=now,
        )
    counts = open_flag_counts(engine=engine, profile=profile, now=now)
    assert counts[7]["routine"] == 1
    assert counts[30]["routine"] == 2
    assert counts[90] == {"emergency": 0, "urgent": 0, "routine": 2, "info": 0}


# --- how often lately: the window's second half against its first --------------------------


def days_of(early: list[int], late: list[int]) -> pd.Series:
    return pd.Series([*early, *late])


def test_more_often_lately_with_the_exact_interval_by_hand() -> None:
    # 12 episodes in the last 7 days, 3 in the 7 before: ratio 12/3 = 4. Halves of equal days,
    # so the interval is p/(1-p) at the Clopper-Pearson ends of 12 of 15 (beta quantiles).
    trend = frequency_trend(days_of([1, 0, 1, 0, 1, 0, 0], [2, 2, 1, 2, 2, 1, 2]))
    low_p = beta.ppf(0.025, 12, 15 - 12 + 1)
    high_p = beta.ppf(0.975, 12 + 1, 15 - 12)

    assert (trend.half_days, trend.episodes_early, trend.episodes_late) == (7, 3, 12)
    assert trend.rate_ratio == pytest.approx(4.0)
    assert trend.ci95 is not None
    assert trend.ci95[0] == pytest.approx(low_p / (1 - low_p), rel=1e-6)
    assert trend.ci95[1] == pytest.approx(high_p / (1 - high_p), rel=1e-6)
    assert trend.ci95[0] > 1 and trend.change == "more"
    low, high = (f"{b:.1f}" if b < 10 else f"{b:.0f}" for b in trend.ci95)
    assert trend.sentence == (
        "Cramps came more often lately: 1.71 a day in the last 7 days against 0.43 in the 7 "
        f"before (4.0×, 95 % interval {low}–{high})."
    )


def test_none_lately_is_less_often_with_a_closed_form_upper_end() -> None:
    # 0 of 6 in the last 7 days: the upper end of p is 1 − 0.025^(1/6), the ratio's 0.849.
    trend = frequency_trend(days_of([1, 1, 1, 0, 1, 1, 1], [0] * 7))
    high_p = 1 - 0.025 ** (1 / 6)

    assert trend.rate_ratio == 0.0 and trend.ci95 is not None and trend.ci95[0] == 0.0
    assert trend.ci95[1] == pytest.approx(high_p / (1 - high_p), rel=1e-9)
    assert round(trend.ci95[1], 3) == 0.849
    assert trend.change == "fewer" and trend.sentence.startswith("Cramps came less often")


def test_an_interval_holding_1_says_no_clear_change() -> None:
    # 5 and 5: ratio 1; Clopper-Pearson of 5 of 10 is symmetric, so the ends are reciprocal.
    trend = frequency_trend(days_of([1, 1, 1, 1, 1, 0, 0], [0, 0, 1, 1, 1, 1, 1]))
    assert trend.rate_ratio == pytest.approx(1.0) and trend.ci95 is not None
    assert trend.ci95[0] * trend.ci95[1] == pytest.approx(1.0)
    assert trend.change == "about the same"
    assert trend.sentence.startswith("Cramps came about as often lately: 0.71 a day")
    assert trend.sentence.endswith(": no clear change).")


def test_none_before_gives_no_ratio_but_says_more_often() -> None:
    trend = frequency_trend(days_of([0] * 7, [1] * 7))
    assert (trend.rate_ratio, trend.ci95, trend.change) == (None, None, "more")
    assert trend.sentence == (
        "Cramps came more often lately: 1.00 a day in the last 7 days against none in the 7 before."
    )
    empty = frequency_trend(days_of([0] * 7, [0] * 7))
    assert empty.enough_data is True and empty.change is None
    assert empty.sentence == "No cramp episodes in the last 7 days or in the 7 before."


def test_under_14_days_is_not_enough_data_and_an_odd_window_leaves_out_its_oldest_day() -> None:
    short = frequency_trend(pd.Series([3] * 13))
    assert short.enough_data is False and short.rate_ratio is None and short.change is None
    assert short.sentence == (
        "Not enough data to say whether cramps come more or less often: 13 days; at least 14 "
        "are needed."
    )
    assert frequency_trend(pd.Series([3] * 14)).enough_data is True
    # 15 days: halves of 7; the 9 episodes of the oldest day are in neither.
    odd = frequency_trend(pd.Series([9] + [1] * 14))
    assert (odd.half_days, odd.episodes_early, odd.episodes_late) == (7, 7, 7)
    assert odd.rate_ratio == pytest.approx(1.0)


def test_the_dashboard_window_counts_halves_in_local_days() -> None:
    # 30 days to TODAY: 4 episodes in the last 15 local days, 1 in the 15 before (at 00:00
    # local on the first day: 23:00 UTC the day before, still counted on its local day).
    first = TODAY - timedelta(days=29)
    cramps = [cramp(local(TODAY - timedelta(days=i), 23), 5) for i in (0, 3, 6, 14)]
    cramps.append(cramp(local(first, 0), 5))
    diary = frames(first, TODAY, cramps=cramps)
    (month,) = dashboard(diary, today=TODAY, windows=(30,))
    assert (month.frequency.half_days, month.frequency.episodes_early) == (15, 1)
    assert month.frequency.episodes_late == 4
    assert month.frequency.rate_ratio == pytest.approx(4.0)
    assert month.frequency.change == "about the same"  # 4 against 1 is within chance


def test_rate_change_over_periods_of_unequal_length() -> None:
    # 2 episodes on 14 days, then 12 on 15 (the report's halves of an odd period): ratio
    # (12/15) / (2/14) = 5.6; p's Clopper-Pearson ends for 12 of 14, scaled by 14/15.
    change = rate_change(early=2, early_days=14, late=12, late_days=15)
    low_p, high_p = beta.ppf(0.025, 12, 3), beta.ppf(0.975, 13, 2)

    assert change.ratio == pytest.approx(5.6)
    assert change.ci95 is not None
    assert change.ci95[0] == pytest.approx(low_p / (1 - low_p) * 14 / 15, rel=1e-6)
    assert change.ci95[1] == pytest.approx(high_p / (1 - high_p) * 14 / 15, rel=1e-6)
    assert change.change == "more" and change.words.startswith("5.6×, 95 % interval ")
    assert rate_change(early=0, early_days=14, late=0, late_days=15).change is None
