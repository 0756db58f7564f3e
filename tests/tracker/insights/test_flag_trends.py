"""Flag trends: flags of a range of local days, per period and rule, first half against second.

Expected values are counted by hand; London changes to summer time on Sunday 29 March 2026 at
01:00 UTC, so 23:30 UTC that evening is already 00:30 on Monday 30 March."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import pytest
from sqlalchemy.engine import Engine

from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.entries.journal import log_entry
from tracker.flags import Flag, Severity
from tracker.insights.flag_trends import (
    flag_timeline,
    flag_trend,
    flags_between,
    halves,
    rule_counts,
)

LONDON = "Europe/London"


def flag(rule: str, severity: Severity, at: datetime, title: str = "") -> Flag:
    return Flag(
        rule=rule,
        severity=severity,
        title=title or f"{rule} title",
        advice="advice",
        at=at,
        evidence=(),
        sources=(),
    )


def utc(month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


U, E, R, INFO = Severity.URGENT, Severity.EMERGENCY, Severity.ROUTINE, Severity.INFO

# Range: Monday 23 March .. Sunday 5 April 2026 (two ISO weeks, 14 local days).
FIRST, LAST = date(2026, 3, 23), date(2026, 4, 5)
FLAGS = [
    flag("B3", U, utc(3, 23, 0, 0)),  # 00:00 GMT, Mon 23 Mar: first day
    flag("B3", U, utc(3, 28, 23, 30)),  # 23:30 GMT, Sat 28 Mar
    flag("B3", U, utc(3, 29, 23, 30), "B3 latest"),  # 00:30 BST, Mon 30 Mar (UTC: 29 Mar)
    flag("B2", E, utc(4, 1)),  # Wed 1 Apr
    flag("B3", U, utc(3, 22, 23, 59)),  # 23:59 GMT Sun 22 Mar: the day before the range
    flag("B3", U, utc(4, 5, 23, 30)),  # 00:30 BST Mon 6 Apr: the day after the range
]


def rows(table: pd.DataFrame) -> list[tuple[str, int, str, str, int]]:
    return [
        (str(r.period_start.date()), r.days, r.severity, r.rule, r.count)
        for r in table.itertuples(index=False)
    ]


def test_weekly_timeline_counts_local_days_across_the_clock_change() -> None:
    table = flag_timeline(FLAGS, first=FIRST, last=LAST, tz_name=LONDON, period="week")
    assert rows(table) == [
        ("2026-03-23", 7, "emergency", "B2", 0),
        ("2026-03-23", 7, "urgent", "B3", 2),
        ("2026-03-30", 7, "emergency", "B2", 1),
        ("2026-03-30", 7, "urgent", "B3", 1),
    ]
    # In UTC the 23:30 flag of 29 March belongs to the first week, and the one at 23:30 on
    # 5 April is inside the range.
    in_utc = flag_timeline(FLAGS, first=FIRST, last=LAST, tz_name="UTC", period="week")
    assert in_utc["count"].tolist() == [0, 3, 1, 1]


def test_monthly_timeline_has_partial_months_and_zero_rows() -> None:
    table = flag_timeline(FLAGS, first=FIRST, last=LAST, tz_name=LONDON, period="month")
    assert rows(table) == [
        ("2026-03-01", 9, "emergency", "B2", 0),
        ("2026-03-01", 9, "urgent", "B3", 3),
        ("2026-04-01", 5, "emergency", "B2", 1),
        ("2026-04-01", 5, "urgent", "B3", 0),
    ]


def test_daily_timeline_has_every_day_of_the_range() -> None:
    table = flag_timeline(FLAGS, first=FIRST, last=LAST, tz_name=LONDON, period="day")
    assert len(table) == 14 * 2
    assert table["period_start"].nunique() == 14
    b3 = table[table["rule"] == "B3"].set_index("period_start")["count"]
    assert b3[pd.Timestamp("2026-03-29")] == 0
    assert b3[pd.Timestamp("2026-03-30")] == 1
    assert int(table["count"].sum()) == 4


def test_no_flags_gives_an_empty_timeline_and_table() -> None:
    table = flag_timeline([], first=FIRST, last=LAST, tz_name=LONDON, period="week")
    assert table.empty and list(table.columns) == [
        "period_start",
        "days",
        "severity",
        "rule",
        "count",
    ]
    assert rule_counts([], first=FIRST, last=LAST, tz_name=LONDON).empty


def test_rule_counts_most_serious_first_with_latest() -> None:
    table = rule_counts(FLAGS, first=FIRST, last=LAST, tz_name=LONDON)
    assert table[["rule", "severity", "title", "count"]].values.tolist() == [
        ["B2", "emergency", "B2 title", 1],
        ["B3", "urgent", "B3 latest", 3],
    ]
    assert table["latest_at"].tolist() == [
        pd.Timestamp(utc(4, 1)),
        pd.Timestamp(utc(3, 29, 23, 30)),
    ]


def test_halves_give_an_odd_day_to_the_second_half() -> None:
    assert halves(date(2026, 3, 1), date(2026, 3, 15)) == (
        (date(2026, 3, 1), date(2026, 3, 7)),
        (date(2026, 3, 8), date(2026, 3, 15)),
    )
    assert halves(date(2026, 3, 16), date(2026, 4, 12)) == (
        (date(2026, 3, 16), date(2026, 3, 29)),
        (date(2026, 3, 30), date(2026, 4, 12)),
    )


def test_trend_per_severity_in_words() -> None:
    # 16 March .. 12 April: halves of 14 days, split at local midnight starting 30 March.
    flags = [flag("B3", U, utc(3, d)) for d in (17, 20, 25, 28)]
    flags.append(flag("B3", U, utc(3, 29, 23, 30)))  # 30 March in London: second half
    flags += [flag("L4", R, utc(3, 18)), flag("L4", R, utc(3, 19))]
    flags += [flag("L4", R, utc(4, 2)), flag("L4", R, utc(4, 9))]
    flags += [flag("H1", INFO, utc(3, 20))] + [flag("H1", INFO, utc(4, d)) for d in (1, 2, 3)]
    flags.append(flag("B2", E, utc(3, 21)))
    trend = flag_trend(flags, first=date(2026, 3, 16), last=date(2026, 4, 12), tz_name=LONDON)

    assert trend.enough_days
    urgent = trend.severities[1]
    assert (urgent.first_count, urgent.second_count, urgent.change) == (4, 1, "fewer")
    assert urgent.first_per_30d == pytest.approx(4 / 14 * 30)
    assert urgent.second_per_30d == pytest.approx(30 / 14)
    assert trend.sentences == [
        "Emergency alerts: 1 in the first half, 0 in the second half: not enough data to tell "
        "(at least 3 are needed).",
        "Urgent warnings: 4 in the first half, 1 in the second half: fewer.",
        "Routine flags: 2 in the first half, 2 in the second half: about the same.",
        "Information notes: 1 in the first half, 3 in the second half: more.",
    ]
    # In UTC the 23:30 flag falls in the first half.
    in_utc = flag_trend(flags, first=date(2026, 3, 16), last=date(2026, 4, 12), tz_name="UTC")
    assert (in_utc.severities[1].first_count, in_utc.severities[1].second_count) == (5, 0)


def test_trend_compares_rates_when_halves_differ_in_length() -> None:
    # 15 days: 7 then 8. Two in each: 8.6 vs 7.5 per 30 days, within 25 %: about the same.
    flags = [flag("L4", R, utc(3, d)) for d in (2, 3, 10, 14)]
    trend = flag_trend(flags, first=date(2026, 3, 1), last=date(2026, 3, 15), tz_name=LONDON)
    routine = trend.severities[2]
    assert routine.first_per_30d == pytest.approx(2 / 7 * 30)
    assert routine.second_per_30d == pytest.approx(2 / 8 * 30)
    assert routine.change == "about the same"


def test_three_flags_are_enough_two_are_not() -> None:
    first, last = date(2026, 3, 1), date(2026, 3, 28)
    two = [flag("B3", U, utc(3, 2)), flag("B3", U, utc(3, 3))]
    three = [*two, flag("B3", U, utc(3, 4))]
    assert flag_trend(two, first=first, last=last, tz_name=LONDON).severities[1].change is None
    assert flag_trend(three, first=first, last=last, tz_name=LONDON).severities[1].change == (
        "fewer"
    )


def test_a_short_range_has_no_trend_and_no_flags_says_so() -> None:
    flags = [flag("B3", U, utc(3, d)) for d in (2, 3, 4, 5)]
    short = flag_trend(flags, first=date(2026, 3, 1), last=date(2026, 3, 13), tz_name=LONDON)
    assert not short.enough_days
    assert short.sentences == [
        "Urgent warnings: 4 in all; not enough data to compare halves (a range of at least "
        "14 days is needed)."
    ]
    empty = flag_trend([], first=date(2026, 3, 1), last=date(2026, 3, 30), tz_name=LONDON)
    assert empty.sentences == ["No flags in these 30 days."]


def _back_pain_with_fever(engine: Engine, profile: ProfileRead, at: datetime) -> None:
    log_entry(
        engine=engine,
        kind=EntryKind.CRAMPS,
        profile_id=profile.id,
        values={
            "started_at": at,
            "region": "lower_back",
            "side": "both",
            "intensity": 6,
            "quality": "dull_ache",
            "symptoms": ["fever"],
        },
        now=utc(4, 1),
    )


def test_flags_between_keeps_the_local_days_of_the_range(
    engine: Engine, profile: ProfileRead
) -> None:
    for at in (utc(3, 28, 23, 30), utc(3, 29, 23, 30), utc(3, 31, 9)):
        _back_pain_with_fever(engine, profile, at)
    found = flags_between(
        engine=engine,
        profile=profile,
        first=date(2026, 3, 30),
        last=date(2026, 3, 31),
        now=utc(4, 1),
    )
    b3 = [f.at for f in found if f.rule == "B3"]
    assert b3 == [utc(3, 31, 9), utc(3, 29, 23, 30)]  # newest first; 28 March left out
    # Evaluated at an earlier now, a later entry is not seen.
    earlier = flags_between(
        engine=engine,
        profile=profile,
        first=date(2026, 3, 28),
        last=date(2026, 3, 31),
        now=utc(3, 30, 12),
    )
    assert [f.at for f in earlier if f.rule == "B3"] == [utc(3, 29, 23, 30), utc(3, 28, 23, 30)]
