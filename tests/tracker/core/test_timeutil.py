"""Time helpers: local days across clock changes, typed times, ISO text, gestational age."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from tracker.core import timeutil
from tracker.core.errors import InvalidEntry
from tracker.core.timeutil import (
    TimeOutOfRange,
    as_utc,
    combine_local,
    entry_utc,
    format_duration_s,
    format_gestational_age,
    format_local,
    format_logged_at,
    gestational_age_days,
    is_valid_timezone,
    local_date,
    local_day_bounds,
    local_range_bounds,
    parse_timestamp,
    timezone_names,
    to_local,
    zone,
)

LONDON = "Europe/London"
SPRING_FORWARD = date(2026, 3, 29)  # 01:00 GMT → 02:00 BST
FALL_BACK = date(2026, 10, 25)  # 02:00 BST → 01:00 GMT


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, us: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, us, tzinfo=UTC)


# --- local days -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "tz_name", "start", "hours"),
    [
        (date(2026, 1, 15), LONDON, utc(2026, 1, 15), 24),
        (SPRING_FORWARD, LONDON, utc(2026, 3, 29), 23),
        (FALL_BACK, LONDON, utc(2026, 10, 24, 23), 25),
        (date(2026, 7, 1), LONDON, utc(2026, 6, 30, 23), 24),
        (date(2026, 3, 8), "America/New_York", utc(2026, 3, 8, 5), 23),
        (date(2026, 11, 1), "America/New_York", utc(2026, 11, 1, 4), 25),
        (date(2026, 3, 29), "UTC", utc(2026, 3, 29), 24),
        (date(2026, 3, 29), None, utc(2026, 3, 29), 24),
        (date(2026, 3, 29), "Asia/Kolkata", utc(2026, 3, 28, 18, 30), 24),
    ],
)
def test_local_day_bounds(day: date, tz_name: str | None, start: datetime, hours: int) -> None:
    first, end = local_day_bounds(day, tz_name)
    assert first == start
    assert end - first == timedelta(hours=hours)
    assert first.tzinfo is UTC and end.tzinfo is UTC


@pytest.mark.parametrize("day", [SPRING_FORWARD, FALL_BACK])
def test_local_days_around_a_clock_change_leave_no_gap(day: date) -> None:
    days = [day - timedelta(days=1), day, day + timedelta(days=1)]
    bounds = [local_day_bounds(d, LONDON) for d in days]
    assert bounds[0][1] == bounds[1][0]
    assert bounds[1][1] == bounds[2][0]


def test_local_range_bounds_cover_first_to_last_day_inclusive() -> None:
    start, end = local_range_bounds(date(2026, 10, 24), date(2026, 10, 26), LONDON)
    assert start == utc(2026, 10, 23, 23)
    assert end == utc(2026, 10, 27)
    assert end - start == timedelta(hours=73)


@pytest.mark.parametrize(
    ("moment", "tz_name", "day"),
    [
        (utc(2026, 6, 30, 23, 30), LONDON, date(2026, 7, 1)),
        (utc(2026, 6, 30, 23, 30), "UTC", date(2026, 6, 30)),
        (utc(2026, 1, 1, 3), "America/Los_Angeles", date(2025, 12, 31)),
        (datetime(2026, 6, 30, 23, 30), LONDON, date(2026, 7, 1)),  # naive = UTC
    ],
)
def test_local_date(moment: datetime, tz_name: str, day: date) -> None:
    assert local_date(moment, tz_name) == day


def test_to_local_and_format_local_show_the_wall_clock() -> None:
    moment = utc(2026, 7, 1, 8, 5)
    assert to_local(moment, LONDON).hour == 9
    assert format_local(moment, LONDON, "%H:%M") == "09:05"
    assert format_local(moment, LONDON) == "01 Jul 2026 09:05"
    assert format_local(moment, None, "%H:%M") == "08:05"


# --- typed wall-clock times -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "clock", "expected"),
    [
        (SPRING_FORWARD, time(0, 30), utc(2026, 3, 29, 0, 30)),
        # 01:30 does not exist that night: read as GMT, i.e. 02:30 BST, moved on by the gap
        (SPRING_FORWARD, time(1, 30), utc(2026, 3, 29, 1, 30)),
        (SPRING_FORWARD, time(2, 30), utc(2026, 3, 29, 1, 30)),
        (SPRING_FORWARD, time(3, 0), utc(2026, 3, 29, 2, 0)),
        (FALL_BACK, time(0, 30), utc(2026, 10, 24, 23, 30)),
        # 01:30 happens twice: the first (BST) one is taken
        (FALL_BACK, time(1, 30), utc(2026, 10, 25, 0, 30)),
        (FALL_BACK, time(1, 30, fold=1), utc(2026, 10, 25, 0, 30)),
        (FALL_BACK, time(2, 30), utc(2026, 10, 25, 2, 30)),
        (date(2026, 7, 1), time(23, 59, 59), utc(2026, 7, 1, 22, 59, 59)),
    ],
)
def test_combine_local_in_london(day: date, clock: time, expected: datetime) -> None:
    result = combine_local(day, clock, LONDON)
    assert result == expected
    assert result.tzinfo is UTC


def test_combine_local_ignores_a_zone_on_the_typed_time() -> None:
    typed = time(9, 0, tzinfo=timezone(timedelta(hours=5)))
    assert combine_local(date(2026, 7, 1), typed, LONDON) == utc(2026, 7, 1, 8)


def test_a_typed_time_in_the_skipped_hour_lies_inside_its_local_day() -> None:
    start, end = local_day_bounds(SPRING_FORWARD, LONDON)
    assert start <= combine_local(SPRING_FORWARD, time(1, 30), LONDON) < end


# --- ISO text ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tz_name", "expected"),
    [
        ("2026-07-01T12:00:00", LONDON, utc(2026, 7, 1, 11)),
        ("2026-01-15T12:00:00", LONDON, utc(2026, 1, 15, 12)),
        ("2026-07-01 12:00", LONDON, utc(2026, 7, 1, 11)),
        ("2026-07-01T12:00:00", None, utc(2026, 7, 1, 12)),
        ("2026-07-01T12:00:00Z", LONDON, utc(2026, 7, 1, 12)),
        ("2026-07-01T12:00:00z", LONDON, utc(2026, 7, 1, 12)),
        ("2026-07-01T12:00:00+00:00", LONDON, utc(2026, 7, 1, 12)),
        ("2026-07-01T12:00:00+02:00", LONDON, utc(2026, 7, 1, 10)),
        ("2026-07-01T12:00:00-05:30", "Asia/Tokyo", utc(2026, 7, 1, 17, 30)),
        ("  2026-07-01T12:00:00.123456Z \n", None, utc(2026, 7, 1, 12, 0, 0, 123456)),
        ("2026-07-01", "America/New_York", utc(2026, 7, 1, 4)),
    ],
)
def test_parse_timestamp(text: str, tz_name: str | None, expected: datetime) -> None:
    result = parse_timestamp(text, tz_name)
    assert result == expected
    assert result.tzinfo is UTC


def test_parse_timestamp_refuses_an_unknown_zone_for_naive_text() -> None:
    with pytest.raises(InvalidEntry, match="unknown time zone 'Nowhere/Town'"):
        parse_timestamp("2026-07-01T12:00:00", "Nowhere/Town")


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 7, 1, 12), utc(2026, 7, 1, 11)),
        (datetime(2026, 7, 1, 12, tzinfo=ZoneInfo("Asia/Tokyo")), utc(2026, 7, 1, 3)),
        (utc(2026, 7, 1, 12), utc(2026, 7, 1, 12)),
    ],
)
def test_as_utc_reads_naive_times_in_the_given_zone(moment: datetime, expected: datetime) -> None:
    assert as_utc(moment, LONDON) == expected
    assert as_utc(moment, LONDON).tzinfo is UTC


# --- zones ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        (LONDON, True),
        ("UTC", True),
        ("America/Argentina/Buenos_Aires", True),
        ("Europe/Londn", False),
        ("localtime", False),  # the server's own zone, not the person's
        ("Factory", False),
        ("posixrules", False),
    ],
)
def test_is_valid_timezone(name: str, ok: bool) -> None:
    assert is_valid_timezone(name) is ok
    assert (name in timezone_names()) is ok


@pytest.mark.parametrize("name", ["Nowhere/Town", "../etc/passwd"])
def test_unknown_zone_is_an_invalid_entry_naming_the_time_zone(name: str) -> None:
    with pytest.raises(InvalidEntry) as caught:
        zone(name)
    assert caught.value.problems[0].field == "timezone"
    assert name in str(caught.value)


@pytest.mark.parametrize("name", ["", None])
def test_no_zone_means_utc(name: str | None) -> None:
    assert zone(name) is UTC


def test_timezone_names_are_sorted_for_a_select_box() -> None:
    names = timezone_names()
    assert names == sorted(names)
    assert len(names) > 300


# --- gestational age --------------------------------------------------------------------------

DUE = date(2026, 5, 1)


@pytest.mark.parametrize(
    ("on", "days", "shown"),
    [
        (DUE, 280, "40+0"),
        (date(2026, 4, 12), 261, "37+2"),
        (date(2026, 4, 30), 279, "39+6"),
        (date(2026, 5, 15), 294, "42+0"),
        (DUE - timedelta(days=280), 0, "0+0"),
        (DUE - timedelta(days=274), 6, "0+6"),
        (date(2026, 2, 1), 191, "27+2"),
    ],
)
def test_gestational_age_by_the_vocabulary_formula(on: date, days: int, shown: str) -> None:
    assert gestational_age_days(DUE, on) == days
    assert format_gestational_age(days) == shown


def test_gestational_age_after_a_past_due_date_keeps_counting() -> None:
    # Diary kept after the birth: each entry has the GA of its own day, not of today.
    assert gestational_age_days(date(2025, 6, 1), date(2025, 5, 20)) == 268
    assert gestational_age_days(date(2025, 6, 1), date(2026, 3, 1)) == 280 + 273


@pytest.mark.parametrize("on", [DUE - timedelta(days=281), date(2025, 7, 1)])
def test_gestational_age_is_negative_before_the_pregnancy(on: date) -> None:
    assert gestational_age_days(DUE, on) < 0


# --- durations --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "0:00"),
        (5, "0:05"),
        (59.4, "0:59"),
        (59.6, "1:00"),
        (75, "1:15"),
        (600, "10:00"),
        (3599, "59:59"),
        (3600, "1:00:00"),
        (3725, "1:02:05"),
        (36000 + 61, "10:01:01"),
    ],
)
def test_format_duration_s(seconds: float, shown: str) -> None:
    assert format_duration_s(seconds) == shown


# --- the time a success message names ---------------------------------------------------------

NOW_LONDON = utc(2026, 12, 3, 7, 45, 12)  # Thu 3 Dec, 07:45 GMT


@pytest.mark.parametrize(
    ("moment", "tz_name", "shown"),
    [
        (utc(2026, 12, 3, 3, 10, 59), LONDON, "03:10"),  # today: the time alone, to the minute
        (utc(2026, 12, 3, 0, 0), LONDON, "00:00"),
        (utc(2026, 12, 1, 3, 10), LONDON, "03:10 on Tue 1 Dec"),  # another day: the day too
        (utc(2026, 12, 2, 23, 59), LONDON, "23:59 on Wed 2 Dec"),
        (utc(2025, 12, 3, 3, 10), LONDON, "03:10 on Wed 3 Dec 2025"),  # another year: the year
        # The local day, not the UTC one: 23:30 UTC on 2 Dec is already 3 Dec in Berlin ...
        (utc(2026, 12, 2, 23, 30), "Europe/Berlin", "00:30"),
        # ... and 07:00 UTC on 3 Dec is still 2 Dec in New York (now is 02:45 there).
        (utc(2026, 12, 3, 7, 0), "America/New_York", "02:00"),
        (utc(2026, 12, 3, 1, 0), "America/New_York", "20:00 on Wed 2 Dec"),
    ],
)
def test_format_logged_at_names_the_local_time_and_another_day(
    moment: datetime, tz_name: str, shown: str
) -> None:
    assert format_logged_at(moment, tz_name, NOW_LONDON) == shown


def test_format_logged_at_shows_the_wall_clock_on_both_sides_of_a_clock_change() -> None:
    now = utc(2026, 10, 25, 12, 0)  # the day London falls back (02:00 BST → 01:00 GMT)
    assert format_logged_at(utc(2026, 10, 25, 0, 30), LONDON, now) == "01:30"  # 01:30 BST
    assert format_logged_at(utc(2026, 10, 25, 1, 30), LONDON, now) == "01:30"  # 01:30 GMT
    assert format_logged_at(utc(2026, 10, 24, 23, 30), LONDON, now) == "00:30"  # BST, same day
    assert format_logged_at(utc(2026, 10, 24, 22, 59), LONDON, now) == "23:59 on Sat 24 Oct"
    later = utc(2026, 3, 30, 9, 0)  # London springs forward at 01:00 GMT → 02:00 BST
    assert format_logged_at(utc(2026, 3, 29, 0, 59), LONDON, later) == "00:59 on Sun 29 Mar"
    assert format_logged_at(utc(2026, 3, 29, 1, 0), LONDON, later) == "02:00 on Sun 29 Mar"


def test_format_logged_at_with_seconds_for_contractions() -> None:
    moment = utc(2026, 12, 3, 3, 10, 5, 900_000)
    assert format_logged_at(moment, LONDON, NOW_LONDON, seconds=True) == "03:10:05"
    assert format_logged_at(moment, LONDON, utc(2026, 12, 4, 1), seconds=True) == (
        "03:10:05 on Thu 3 Dec"
    )


def test_format_logged_at_reads_a_naive_moment_as_utc() -> None:
    assert format_logged_at(datetime(2026, 7, 1, 2, 10), LONDON, utc(2026, 7, 1, 9)) == "03:10"


# --- the plausible range of an entry's time ----------------------------------------------------

BEFORE_1900 = "is before 1900-01-01 00:00 UTC; no diary entry is that old: check the year"
IN_THE_FUTURE = "is in the future; entries can be at most 5 minutes ahead of now"


@pytest.mark.parametrize(
    ("text", "tz_name", "reason"),
    [
        # The four far dates of issue 7: OverflowError tracebacks, or a year 1 that was stored.
        ("9999-12-31T23:59:59-05:00", "UTC", IN_THE_FUTURE),
        ("9999-12-31T23:59:59", "America/New_York", IN_THE_FUTURE),
        ("0001-01-01T00:00:00+05:00", "UTC", BEFORE_1900),
        ("0001-01-01T00:00:00+00:00", "UTC", BEFORE_1900),
        ("0001-01-01T00:00:00", "Asia/Kolkata", BEFORE_1900),
        ("1899-12-31T23:59:59.999999Z", None, BEFORE_1900),
        ("1900-01-01T00:30:00+01:00", None, BEFORE_1900),  # 23:30 UTC the day before
    ],
)
def test_parse_timestamp_refuses_times_outside_the_plausible_range(
    text: str, tz_name: str | None, reason: str
) -> None:
    with pytest.raises(TimeOutOfRange) as caught:
        parse_timestamp(text, tz_name)
    assert str(caught.value) == f"{text} {reason}"
    assert isinstance(caught.value, ValueError)  # importers report it as a bad cell


@pytest.mark.parametrize(
    ("text", "tz_name", "expected"),
    [
        ("1900-01-01T00:00:00Z", None, utc(1900, 1, 1)),
        ("1900-01-01T00:00", "America/New_York", utc(1900, 1, 1, 5)),
        ("9999-12-31T23:59:59", "UTC", utc(9999, 12, 31, 23, 59, 59)),  # future: journal's job
    ],
)
def test_parse_timestamp_keeps_the_edges_of_the_range(
    text: str, tz_name: str | None, expected: datetime
) -> None:
    assert parse_timestamp(text, tz_name) == expected


def test_entry_utc_adds_milliseconds_and_refuses_what_overflows() -> None:
    epoch = utc(1970, 1, 1)
    assert entry_utc(epoch, plus_ms=1_772_408_506_001) == utc(2026, 3, 1, 23, 41, 46, 1000)
    for plus_ms in (10**15, 10**30):
        with pytest.raises(TimeOutOfRange, match=f"^{plus_ms} ms {IN_THE_FUTURE}$"):
            entry_utc(epoch, plus_ms=plus_ms, shown=f"{plus_ms} ms")
    with pytest.raises(TimeOutOfRange, match=BEFORE_1900):
        entry_utc(datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5))))


@pytest.mark.parametrize(
    ("day", "clock", "tz_name", "reason"),
    [
        (date(1, 1, 1), time(0, 0), "Asia/Kolkata", f"0001-01-01 00:00 {BEFORE_1900}"),
        (date(1899, 12, 31), time(23, 59), LONDON, f"1899-12-31 23:59 {BEFORE_1900}"),
        (date(9999, 12, 31), time(23, 59), "America/New_York", f"9999-12-31 23:59 {IN_THE_FUTURE}"),
    ],
)
def test_combine_local_refuses_a_date_outside_the_range_naming_the_date(
    day: date, clock: time, tz_name: str, reason: str
) -> None:
    with pytest.raises(InvalidEntry) as caught:
        combine_local(day, clock, tz_name)
    assert str(caught.value) == f"Date: {reason}"


@pytest.mark.parametrize(
    ("now_local", "clock", "expected_local"),
    [
        ("2026-03-10T03:15", "03:10", "2026-03-10T03:10"),  # earlier today
        ("2026-03-10T03:15", "23:40", "2026-03-09T23:40"),  # still to come: last night
        ("2026-03-10T03:15", "03:19", "2026-03-10T03:19"),  # within the 5-minute tolerance
        ("2026-03-10T03:15", "03:21", "2026-03-09T03:21"),  # beyond it: yesterday's
        ("2026-03-10T00:02", "23:58", "2026-03-09T23:58"),  # just before midnight
        # Clock change (London, 29 Mar 2026: 01:00 -> 02:00): 01:30 does not exist today.
        ("2026-03-29T03:00", "00:30", "2026-03-29T00:30"),
        ("2026-03-29T03:00", "01:30", "2026-03-29T02:30"),  # moved forward by the gap
        ("2026-03-29T03:00", "04:00", "2026-03-28T04:00"),
    ],
)
def test_latest_at_local_time_is_the_most_recent_occurrence(
    now_local: str, clock: str, expected_local: str
) -> None:
    tz = "Europe/London"
    now = datetime.fromisoformat(now_local).replace(tzinfo=ZoneInfo(tz))
    found = timeutil.latest_at_local_time(time.fromisoformat(clock), now, tz, tolerance_s=300)
    expected = datetime.fromisoformat(expected_local).replace(tzinfo=ZoneInfo(tz))
    assert found == expected.astimezone(UTC)
    assert found.tzinfo == UTC
