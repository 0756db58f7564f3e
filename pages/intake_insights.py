"""Drinks & supplements: daily drinks against the goal, today's drinks against the pace line,
ingredients against the upper levels the red-flag rules use, and adherence per product."""

from __future__ import annotations

import streamlit as st

from tracker.core.timeutil import local_date
from tracker.core.units import format_volume
from tracker.insights.intake import drink_totals
from tracker.ui.frame import page
from tracker.ui.insights import charts, data
from tracker.ui.insights import intake as parts
from tracker.ui.insights.dates import date_range
from tracker.ui.insights.parts import empty_state

with page("Drinks & supplements") as ctx:
    chosen = date_range(ctx)
    frames = data.frames(ctx, chosen.first, chosen.last)
    today = local_date(ctx.now, ctx.tz)
    if frames.drinks.empty and frames.intakes.empty and frames.products.empty:
        empty_state(
            "No drinks or supplements in these dates. Log your drinks (one tap on Today) and "
            "add your supplements and medicines: this page then shows your days against your "
            "goal and what you took.",
            [("drinks", "Log a drink"), ("supplements", "Supplements & medicines")],
        )
    else:
        units = ctx.profile.units
        st.subheader("Drinks each day")
        totals = drink_totals(frames)
        logged = totals["at_goal"].notna()
        if logged.any():
            charts.show(charts.drinks_per_day(totals, frames.goal_ml, units))
            st.caption(
                f"{int(totals['at_goal'].fillna(False).sum())} of {int(logged.sum())} days with "
                f"drinks logged reached your goal of {format_volume(frames.goal_ml, units)}. "
                "Days with nothing logged are left out: an empty day says nothing about drinking."
            )
        else:
            st.caption("No drinks logged in these dates.")
        if chosen.last == today:
            st.subheader("Today so far")
            parts.today_pace(ctx, frames, today)
        st.subheader("Ingredients against upper levels")
        parts.upper_levels(ctx, frames)
        st.caption(parts.NO_DOSING)
        st.subheader("Products taken")
        if frames.products.empty and frames.intakes.empty:
            st.caption("No supplements or medicines in your cabinet yet.")
        else:
            parts.adherence(frames)
