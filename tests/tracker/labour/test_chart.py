"""The labour chart's figure: real time along x with local wall-clock labels (through both
Europe/London clock changes), intervals in minutes and durations in seconds exactly as timed,
the go-in rule's lines at the person's values, one session per figure."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta

import pytest

from tests.tracker.flags.builders import contraction, local, utc
from tracker.core.models import ContractionRead
from tracker.entries.profile import LabourRule
from tracker.labour.chart import (
    FONT_PX,
    MAX_TICKS,
    labour_figure,
    session_label,
    time_ticks,
    wall_clock,
)
from tracker.labour.sessions import split_sessions
from tracker.labour.summary import LabourSession

LONDON = "Europe/London"
FIRST_BABY = LabourRule(5, 60, 60, from_profile=False)
M = timedelta(minutes=1)


def x(moment: datetime) -> str:
    """How the figure writes an instant on its time axis (UTC, no offset)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")


def session(contractions: list[ContractionRead]) -> LabourSession:
    (only,) = split_sessions(contractions)
    return only


def traces(fig):  # type: ignore[no-untyped-def]
    interval, duration = fig.data
    return interval, duration


def test_autumn_clock_change_plots_in_real_time_with_local_labels() -> None:
    # 25 Oct 2026: at 02:00 BST (01:00 UTC) the clocks go back to 01:00 GMT. Contractions every
    # 10 minutes from 00:40 BST to 01:40 GMT, i.e. through the repeated hour.
    starts = [utc(2026, 10, 24, 23, 40) + i * 10 * M for i in range(13)]
    lengths = [40 + i for i in range(13)]
    labour = session([contraction(s, n) for s, n in zip(starts, lengths, strict=True)])
    fig = labour_figure(labour, rule=FIRST_BABY, tz_name=LONDON)
    interval, duration = traces(fig)

    assert session_label(labour, LONDON) == "Sun 25 Oct 00:40–01:40 GMT · 13 contractions"
    assert list(interval.y) == [10.0] * 12  # never -50 or 70 across the change
    assert list(interval.x) == [x(s) for s in starts[1:]]  # increasing real time
    assert [label for label, _ in interval.customdata] == [
        "00:50",
        "01:00 BST",
        "01:10 BST",
        "01:20 BST",
        "01:30 BST",
        "01:40 BST",
        "01:50 BST",
        "01:00 GMT",
        "01:10 GMT",
        "01:20 GMT",
        "01:30 GMT",
        "01:40 GMT",
    ]
    assert [words for _, words in interval.customdata] == ["10 min"] * 12
    assert list(duration.y) == [float(n) for n in lengths]
    assert list(duration.x) == [x(s) for s in starts]
    assert duration.customdata[0][0] == "00:40"
    assert list(duration.customdata[-1]) == ["01:40 GMT", "52 s"]

    axis = fig.layout.xaxis2  # the lower panel carries the labels
    labels = dict(zip(axis.tickvals, axis.ticktext, strict=True))
    assert labels[x(utc(2026, 10, 25, 0, 0))] == "01:00 BST<br>Sun 25 Oct"
    assert labels[x(utc(2026, 10, 25, 1, 0))] == "01:00 GMT"
    assert list(axis.tickvals) == sorted(axis.tickvals)


def test_spring_clock_change_leaves_no_gap_and_labels_the_new_time() -> None:
    # 29 Mar 2026: at 01:00 GMT the clocks go forward to 02:00 BST.
    before = local("2026-03-29T00:50")
    after = before + 10 * M  # 02:00 BST on the wall clock
    fig = labour_figure(
        session([contraction(before, 60), contraction(after, 61)]),
        rule=FIRST_BABY,
        tz_name=LONDON,
    )
    interval, duration = traces(fig)
    assert list(interval.y) == [10.0]
    assert list(interval.customdata[0]) == ["02:00", "10 min"]
    assert [row[0] for row in duration.customdata] == ["00:50", "02:00"]
    assert list(duration.y) == [60.0, 61.0]


def test_intervals_are_minutes_and_durations_seconds_exactly() -> None:
    t0 = utc(2026, 3, 1, 21, 40)
    made = [
        contraction(t0, 45),
        contraction(t0 + timedelta(minutes=4, seconds=10), 68),
        contraction(t0 + timedelta(minutes=7, seconds=40), 72.5),
        contraction(t0 + timedelta(minutes=11), None),  # still going
    ]
    interval, duration = traces(labour_figure(session(made), rule=FIRST_BABY, tz_name="UTC"))
    assert list(interval.y) == [250 / 60, 3.5, 200 / 60]
    assert [row[1] for row in interval.customdata] == ["4 min 10 s", "3 min 30 s", "3 min 20 s"]
    # The running one has an interval but no duration yet.
    assert list(duration.y) == [45.0, 68.0, 72.5]
    assert len(interval.x) == 3 and interval.x[-1] == x(t0 + 11 * M)


@pytest.mark.parametrize(
    ("rule", "interval_label", "duration_label"),
    [
        (FIRST_BABY, "5 min (your rule)", "60 s (your rule)"),
        (LabourRule(7, 60, 60, from_profile=False), "7 min (your rule)", "60 s (your rule)"),
        (LabourRule(4, 45, 90, from_profile=True), "4 min (your rule)", "45 s (your rule)"),
    ],
)
def test_the_rule_lines_sit_at_the_persons_values(
    rule: LabourRule, interval_label: str, duration_label: str
) -> None:
    t0 = utc(2026, 3, 1, 21, 40)
    made = [contraction(t0 + i * 20 * M, 50) for i in range(3)]  # 20 min apart: far above
    fig = labour_figure(session(made), rule=rule, tz_name=LONDON)
    lines = {(s.yref, s.y0, s.y1, s.line.dash) for s in fig.layout.shapes}
    assert lines == {
        ("y", rule.interval_min, rule.interval_min, "dash"),
        ("y2", rule.duration_s, rule.duration_s, "dash"),
    }
    notes = {(a.yref, a.y, a.text) for a in fig.layout.annotations}
    assert notes == {
        ("y", rule.interval_min, interval_label),
        ("y2", rule.duration_s, duration_label),
    }
    # Both lines stay inside the panels, above the points and below them.
    assert fig.layout.yaxis.range[1] > 20 and fig.layout.yaxis2.range[1] > rule.duration_s


def test_each_session_gets_its_own_figure() -> None:
    evening = [contraction(utc(2026, 3, 1, 20, 0) + i * 8 * M, 40) for i in range(4)]
    # 2 h 1 min after the evening's last start: a new session.
    night_start = evening[-1].started_at + timedelta(hours=2, minutes=1)
    night = [contraction(night_start + i * 5 * M, 60) for i in range(3)]
    first, second = split_sessions([*night, *evening])

    first_interval, first_duration = traces(labour_figure(first, rule=FIRST_BABY, tz_name=LONDON))
    second_interval, second_duration = traces(
        labour_figure(second, rule=FIRST_BABY, tz_name=LONDON)
    )
    assert list(first_interval.y) == [8.0] * 3 and list(first_duration.y) == [40.0] * 4
    # The 2-hour gap is not an interval of the night session.
    assert list(second_interval.y) == [5.0, 5.0] and list(second_duration.y) == [60.0] * 3
    assert second_interval.x[0] == x(night_start + 5 * M)

    assert session_label(first, LONDON) == "Sun 1 Mar 20:00–20:24 · 4 contractions"
    assert session_label(second, LONDON) == "Sun 1 Mar 22:25–22:35 · 3 contractions"


def test_session_label_past_midnight_and_in_summer_time() -> None:
    made = [contraction(local("2026-07-04T23:50"), 50), contraction(local("2026-07-05T00:05"), 55)]
    assert (
        session_label(session(made), LONDON) == "Sat 4 Jul 23:50–Sun 5 Jul 00:05 · 2 contractions"
    )
    assert session_label(session(made[:1]), LONDON) == "Sat 4 Jul 23:50–23:50 · 1 contraction"


def test_time_labels_are_few_round_local_times_with_the_day_when_it_changes() -> None:
    start, end = local("2026-07-04T22:47"), local("2026-07-05T01:12")
    ticks = time_ticks(start, end, LONDON)
    assert ticks.labels == ["23:00<br>Sat 4 Jul", "00:00<br>Sun 5 Jul", "01:00"]  # hourly
    assert ticks.values == [
        local("2026-07-04T23:00"),
        local("2026-07-05T00:00"),
        local("2026-07-05T01:00"),
    ]
    short = time_ticks(local("2026-07-04T21:38"), local("2026-07-04T22:09"), LONDON)
    assert short.labels[0] == "21:40<br>Sat 4 Jul"
    assert short.labels[1:] == ["21:50", "22:00"]
    long = time_ticks(local("2026-07-04T08:00"), local("2026-07-05T08:00"), LONDON)
    assert 2 <= len(long.labels) <= MAX_TICKS


def test_wall_clock_names_the_zone_only_in_the_repeated_hour() -> None:
    assert wall_clock(utc(2026, 10, 25, 0, 30), LONDON) == "01:30 BST"
    assert wall_clock(utc(2026, 10, 25, 1, 30), LONDON) == "01:30 GMT"
    assert wall_clock(utc(2026, 10, 25, 2, 30), LONDON) == "02:30"
    assert wall_clock(utc(2026, 7, 1, 20, 0), LONDON) == "21:00"


def test_readable_on_a_phone_legend_below_and_no_zoom() -> None:
    t0 = utc(2026, 3, 1, 21, 40)
    fig = labour_figure(
        session([contraction(t0, 50), contraction(t0 + 6 * M, 55)]),
        rule=FIRST_BABY,
        tz_name=LONDON,
    )
    assert fig.layout.legend.orientation == "h" and fig.layout.legend.y < 0
    assert fig.layout.font.size >= FONT_PX >= 14
    assert all(a.font.size >= 13 for a in fig.layout.annotations)
    assert fig.layout.xaxis.fixedrange and fig.layout.yaxis.fixedrange
    assert fig.layout.xaxis2.fixedrange and fig.layout.yaxis2.fixedrange
    interval, duration = traces(fig)
    assert interval.marker.color != duration.marker.color
    assert interval.marker.symbol != duration.marker.symbol  # not told apart by colour alone
    assert [interval.yaxis, duration.yaxis] == ["y", "y2"]


def test_the_module_does_not_import_streamlit() -> None:
    code = "import sys, tracker.labour.chart; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
