"""The Drinks & supplements page's live part: today's drinks against the pace line (it moves
with the clock, so it is drawn on every rerun; the cached rest is in ``views``)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from tracker.core.timeutil import to_local
from tracker.core.units import format_volume
from tracker.insights import intake
from tracker.insights.frames import DiaryFrames
from tracker.ui.context import PageContext
from tracker.ui.insights import charts

NO_DOSING = (
    "The upper levels are those the app's red-flag rules use, shown with their sources so you "
    "can see the days the rules look at. This is not advice on doses: ask a pharmacist or "
    "doctor what suits you."
)


def today_pace(ctx: PageContext, frames: DiaryFrames, today: date) -> None:
    """Today's drinks added up through the day against the pace line, and where they stand."""
    local = to_local(ctx.now, ctx.tz)
    now_minute = local.hour * 60 + local.minute
    through = intake.drinks_through_day(frames, today)
    charts.show(
        charts.pace(intake.pace_line(frames.goal_ml), through, now_minute, ctx.profile.units)
    )
    so_far = float(through["cumulative_ml"].iloc[-1]) if len(through) else 0.0
    expected = intake.pace_ml(frames.goal_ml, local.time())
    units = ctx.profile.units
    start, end = intake.DAY_STARTS_AT, intake.EVENING_AT
    st.caption(
        f"By {local:%H:%M} you have logged {format_volume(so_far, units)}; the pace line is at "
        f"{format_volume(expected, units)}. It runs from nothing at {start:%H:%M} to your goal "
        f"of {format_volume(frames.goal_ml, units)} at {end:%H:%M}: a way to spread drinks "
        "over the day, not a medical target."
    )
