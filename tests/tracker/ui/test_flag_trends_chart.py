"""The Flag trends chart: one stacked bar trace per severity, hover text naming the rules."""

from __future__ import annotations

import pandas as pd

from tracker.ui.insights.flag_trends import timeline_figure


def test_hover_lists_the_rules_met_in_each_period_and_severity() -> None:
    weeks = pd.to_datetime(["2026-03-02", "2026-03-09", "2026-03-16"])
    rows = [
        (weeks[0], 7, "urgent", "L1", 2),
        (weeks[0], 7, "urgent", "B7", 1),
        (weeks[1], 7, "urgent", "L1", 0),
        (weeks[1], 7, "urgent", "B7", 0),
        (weeks[2], 7, "urgent", "L1", 1),
        (weeks[2], 7, "urgent", "B7", 0),
        (weeks[0], 7, "routine", "L5", 0),
        (weeks[1], 7, "routine", "L5", 3),
        (weeks[2], 7, "routine", "L5", 0),
    ]
    timeline = pd.DataFrame(rows, columns=["period_start", "days", "severity", "rule", "count"])

    fig = timeline_figure(timeline, "week")

    by_name = {trace.name: trace for trace in fig.data}
    assert list(by_name) == ["Urgent", "Routine"]  # most serious first: the bottom of the stack
    assert list(by_name["Urgent"].y) == [3, 0, 1]
    assert list(by_name["Urgent"].customdata) == ["L1 ×2, B7 ×1", "", "L1 ×1"]
    assert list(by_name["Routine"].y) == [0, 3, 0]
    assert list(by_name["Routine"].customdata) == ["", "L5 ×3", ""]
