"""Dashboard windows: rolling average, trend or not enough data, drinks goal days, flags."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine

from tests.tracker.insights.support import cramp, drink, frames, intake, local, product
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.entries.journal import add_product, log_entry
from tracker.insights.dashboard import dashboard, intensity_trend, open_flag_counts

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
