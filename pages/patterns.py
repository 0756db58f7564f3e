"""Cramp patterns: how often and how strong over time, when in the week and day, where in the
body, triggers and relief ranked, and which symptoms come together."""

from __future__ import annotations

import streamlit as st

from tracker.insights.patterns import Period
from tracker.ui.frame import page
from tracker.ui.insights import charts
from tracker.ui.insights.dates import date_range
from tracker.ui.insights.parts import empty_state
from tracker.ui.insights.views import patterns_view

PERIODS: dict[Period, str] = {"day": "Day", "week": "Week", "month": "Month"}

with page("Cramp patterns") as ctx:
    chosen = date_range(ctx)
    period: Period = st.session_state.get("patterns_period") or "week"
    view = patterns_view(ctx, chosen, period)
    if not view.episodes:
        empty_state(
            "No cramp or pain episodes in these dates. Log each episode (where, how strong, "
            "what set it off, what helped) and this page shows when and where they come.",
            [("cramps", "Log a cramp or pain")],
        )
    else:
        st.subheader("Over time")
        st.segmented_control(
            "Per",
            list(PERIODS),
            format_func=PERIODS.__getitem__,
            default="week",
            key="patterns_period",
        )
        charts.show(view.frequency)

        st.subheader("Time of day and weekday")
        st.caption(f"Local time ({ctx.tz}). Stronger red: more episodes started then.")
        charts.show(view.heatmap)

        st.subheader("Where")
        charts.show(view.body)
        st.caption(
            "Front and back. On the front view your left is on the right of the picture; on the "
            "back view it is on the left. Episodes on both sides or in the centre shade both "
            "halves. Darker: more episodes."
        )
        with st.expander("Episodes by region and side (table)"):
            st.dataframe(view.regions, hide_index=True, width="stretch")

        st.subheader("Triggers and relief")
        for ranked in view.ranked:
            st.markdown(f"**{ranked.title}**")
            if ranked.figure is None:
                st.caption(f"No {ranked.column} noted in these dates.")
            else:
                charts.show(ranked.figure)
        if view.relief:
            st.markdown("**Relief and how long episodes lasted**")
            st.markdown("\n".join(f"- {sentence}" for sentence in view.relief))

        st.subheader("Symptoms together")
        if view.pairs.empty:
            st.caption("No two associated symptoms were noted in the same episode in these dates.")
        else:
            st.dataframe(view.pairs, hide_index=True, width="stretch")
