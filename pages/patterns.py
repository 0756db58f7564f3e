"""Cramp patterns: how often and how strong over time, when in the week and day, where in the
body, triggers and relief ranked, and which symptoms come together."""

from __future__ import annotations

from typing import Literal

import streamlit as st

from tracker.core.vocabulary import Symptom
from tracker.insights import patterns
from tracker.insights.body_map import area_counts, region_side_table
from tracker.insights.patterns import Period
from tracker.ui.frame import page
from tracker.ui.insights import charts, data
from tracker.ui.insights.body import body_diagram
from tracker.ui.insights.dates import date_range
from tracker.ui.insights.parts import empty_state

PERIODS: dict[Period, str] = {"day": "Day", "week": "Week", "month": "Month"}
SETS: tuple[tuple[Literal["triggers", "relief"], str], ...] = (
    ("triggers", "What you noted before"),
    ("relief", "What you tried"),
)

with page("Cramp patterns") as ctx:
    chosen = date_range(ctx)
    frames = data.frames(ctx, chosen.first, chosen.last)
    if frames.cramps.empty:
        empty_state(
            "No cramp or pain episodes in these dates. Log each episode (where, how strong, "
            "what set it off, what helped) and this page shows when and where they come.",
            [("cramps", "Log a cramp or pain")],
        )
    else:
        st.subheader("Over time")
        chosen_period = st.segmented_control(
            "Per",
            list(PERIODS),
            format_func=PERIODS.__getitem__,
            default="week",
            key="patterns_period",
        )
        period: Period = chosen_period or "week"
        charts.show(charts.frequency(patterns.frequency(frames, period), period))

        st.subheader("Time of day and weekday")
        st.caption(f"Local time ({ctx.tz}). Darker: more episodes started then.")
        charts.show(charts.hour_weekday(patterns.hour_weekday(frames)))

        st.subheader("Where")
        body = patterns.body_counts(frames)
        charts.show(body_diagram(area_counts(body)))
        st.caption(
            "Front and back. On the front view your left is on the right of the picture; on the "
            "back view it is on the left. Episodes on both sides or in the centre shade both "
            "halves. Darker: more episodes."
        )
        with st.expander("Episodes by region and side (table)"):
            st.dataframe(region_side_table(body), hide_index=True, width="stretch")

        st.subheader("Triggers and relief")
        for column, title in SETS:
            table = patterns.ranked(frames, column)
            st.markdown(f"**{title}**")
            if table.empty:
                st.caption(f"No {column} noted in these dates.")
            else:
                charts.show(charts.ranked(table, name=title))
        durations = patterns.relief_durations(frames)
        if durations:
            st.markdown("**Relief and how long episodes lasted**")
            st.markdown("\n".join(f"- {result.sentence}" for result in durations))

        st.subheader("Symptoms together")
        pairs = patterns.symptom_pairs(frames)
        if pairs.empty:
            st.caption("No two associated symptoms were noted in the same episode in these dates.")
        else:
            st.dataframe(
                pairs.assign(
                    first=[Symptom(code).label for code in pairs["first"]],
                    second=[Symptom(code).label for code in pairs["second"]],
                ).rename(columns={"first": "Symptom", "second": "With", "count": "Episodes"}),
                hide_index=True,
                width="stretch",
            )
