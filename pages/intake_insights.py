"""Drinks & supplements: daily drinks against the goal, today's drinks against the pace line,
ingredients against the upper levels the red-flag rules use, and adherence per product."""

from __future__ import annotations

import streamlit as st

from tracker.core.timeutil import local_date
from tracker.ui.frame import page
from tracker.ui.insights import charts, data
from tracker.ui.insights.dates import date_range
from tracker.ui.insights.intake import NO_DOSING, today_pace
from tracker.ui.insights.parts import empty_state
from tracker.ui.insights.views import intake_view

with page("Drinks & supplements") as ctx:
    chosen = date_range(ctx)
    view = intake_view(ctx, chosen)
    today = local_date(ctx.now, ctx.tz)
    if not view.anything_logged and not view.has_products:
        empty_state(
            "No drinks or supplements in these dates. Log your drinks (one tap on Today) and "
            "add your supplements and medicines: this page then shows your days against your "
            "goal and what you took.",
            [("drinks", "Log a drink"), ("supplements", "Supplements & medicines")],
        )
    else:
        st.subheader("Drinks each day")
        if view.drinks is not None:
            charts.show(view.drinks)
            st.caption(view.drinks_caption)
        else:
            st.caption("No drinks logged in these dates.")
        if chosen.last == today:
            st.subheader("Today so far")
            today_pace(ctx, data.frames(ctx, chosen.first, chosen.last), today)
        st.subheader("Ingredients against upper levels")
        for level in view.upper_levels:
            st.markdown(f"**{level.label}**")
            charts.show(level.figure)
            st.caption(level.caption)
        if not view.upper_levels:
            st.caption(
                "None of the products taken in these dates lists magnesium, calcium, vitamin D "
                "or iron per unit. Add what one unit contains on Supplements & medicines to see "
                "daily totals here."
            )
        st.caption(NO_DOSING)
        st.subheader("Products taken")
        for label, share in view.adherence:
            st.progress(share, text=label)
        st.caption(
            "A diary figure, not a judgement: some products are taken only when needed, and a "
            "missed entry looks the same as a missed dose."
            if view.has_products
            else "No supplements or medicines in your cabinet yet."
        )
