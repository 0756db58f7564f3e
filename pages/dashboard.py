"""Dashboard: the chosen dates at a glance (cramps, drinks, supplements, open flags), each
tile linking to its page, then the last 7, 30 and 90 days side by side."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from tracker.core.timeutil import local_date
from tracker.core.units import format_volume
from tracker.flags import Severity
from tracker.insights.dashboard import WINDOWS_DAYS, dashboard, window
from tracker.ui.flags import BADGE_LABELS
from tracker.ui.frame import page
from tracker.ui.insights import charts, data
from tracker.ui.insights.dates import date_range
from tracker.ui.insights.parts import empty_state, glance_table, link

with page("Dashboard") as ctx:
    chosen = date_range(ctx)
    frames = data.frames_with_lead(ctx, chosen.first, chosen.last)
    flags = data.open_flags(ctx, chosen.last, chosen.days)
    figures = window(frames, last=chosen.last, days=chosen.days, open_flags=flags)
    logged = figures.episodes + figures.days_with_drinks + figures.supplement_days
    if not logged:
        empty_state(
            "Nothing logged in these dates yet. Log cramps, drinks and supplements and this "
            "page shows how often cramps come, how strong they are, and your drinks at a glance.",
            [("cramps", "Log a cramp"), ("drinks", "Log a drink"), ("supplements", "Supplements")],
        )
    else:
        cramps, intake = st.columns(2)
        with cramps.container(border=True):
            st.markdown("**Cramps and pain**")
            with st.container(horizontal=True):
                st.metric("Episodes", figures.episodes)
                st.metric("A day", f"{figures.episodes_per_day:.2f}")
                mean = figures.mean_intensity
                st.metric("Mean intensity", "–" if mean is None else f"{mean:.1f} / 10")
            st.caption(f"{figures.frequency.sentence} {figures.trend.sentence}")
            if figures.episodes:
                charts.show(charts.episodes_per_day(figures.daily))
            link("patterns", "Cramp patterns")
        with intake.container(border=True):
            st.markdown("**Drinks and supplements**")
            with st.container(horizontal=True):
                st.metric(
                    "Days at your drinks goal",
                    f"{figures.days_at_goal} of {figures.days_with_drinks}",
                    help=f"Days with drinks logged whose total reached "
                    f"{format_volume(figures.goal_ml, ctx.profile.units)}.",
                )
                st.metric("Supplement days", f"{figures.supplement_days} of {figures.days}")
            link("intake", "Drinks & supplements")
    with st.container(border=True):
        st.markdown("**Open flags** (not yet marked as seen to)")
        with st.container(horizontal=True):
            for severity in Severity:
                st.metric(BADGE_LABELS[severity], figures.open_flags[severity.value])
        link("flags", "Flags")
    with st.container(border=True):
        st.markdown("**What helps, what hurts**")
        st.caption("Cramps on days with and without each drink habit and product you log.")
        link("factors", "What helps, what hurts")
    if logged:
        st.subheader("Last 7, 30 and 90 days")
        today = local_date(ctx.now, ctx.tz)
        first = today - timedelta(days=max(WINDOWS_DAYS) - 1)
        recent = data.frames_with_lead(ctx, first, today)
        st.table(glance_table(dashboard(recent, today=today)))
        st.caption(
            "At drinks goal: days whose drinks reached "
            f"{format_volume(frames.goal_ml, ctx.profile.units)}, of the days with drinks logged."
        )
