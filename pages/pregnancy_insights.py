"""Pregnancy & labour: contractions and events against weeks of pregnancy, and every timed
session side by side (practice evenings and labour)."""

from __future__ import annotations

import streamlit as st

from tracker.core.timeutil import local_date
from tracker.entries.profile import labour_rule
from tracker.insights.pregnancy import pregnancy_days
from tracker.ui.context import PageContext
from tracker.ui.frame import page
from tracker.ui.insights.pregnancy import (
    SESSIONS_KEY,
    figures,
    ga_figure,
    sessions_figure,
    show,
    show_sessions_table,
)


def body(ctx: PageContext) -> None:
    """The page under the frame; an empty state returns early (``st.stop`` would also skip the
    frame's footer)."""
    span = pregnancy_days(ctx.profile, local_date(ctx.now, ctx.tz))
    if span is None:
        st.info(
            "Set your due date in Settings to see your contractions and pregnancy events "
            "against the weeks of pregnancy.",
            icon=":material/event:",
        )
        st.page_link("pages/settings.py", label="Settings", icon=":material/settings:")
        return
    first, last = span
    found = figures(ctx, first, last)
    rule = labour_rule(ctx.profile)
    st.caption(
        f"From {first:%-d %b %Y} (0 weeks) to {last:%-d %b %Y}. Your go-in rule is {rule} "
        f"({rule.sentence}): use what your midwife told you. This page compares your timings "
        "with it; it cannot tell whether contractions are labour."
    )
    if found.timeline.empty:
        st.info(
            "No contractions timed and no pregnancy events logged yet in this pregnancy.",
            icon=":material/info:",
        )
        with st.container(horizontal=True, gap="small"):
            st.page_link(
                "pages/contractions.py", label="Contraction timer", icon=":material/timer:"
            )
            st.page_link(
                "pages/pregnancy.py", label="Pregnancy events", icon=":material/pregnant_woman:"
            )
        return

    st.subheader("Through the weeks")
    show(ga_figure(found.daily, found.timeline), "pregnancy_ga_chart")
    events = found.timeline[found.timeline["kind"] != "contraction"]
    if len(events):
        st.markdown("\n".join(f"- **{row.ga_label}**: {row.label}" for row in events.itertuples()))

    st.subheader("Timed sessions side by side")
    if not found.sessions:
        st.info("No contractions timed yet.", icon=":material/timer:")
        st.page_link("pages/contractions.py", label="Contraction timer", icon=":material/timer:")
        return
    met = sum(1 for s in found.sessions if s.rule_met)
    st.caption(
        f"{len(found.sessions)} session{'s' if len(found.sessions) != 1 else ''} (a gap of more "
        f"than 2 hours starts a new one); {met} met your go-in rule. “Practice” only means a "
        "session did not meet it."
    )
    show_sessions_table(found.sessions)
    show(sessions_figure(found.sessions), "pregnancy_sessions_chart")
    st.caption(SESSIONS_KEY)


with page("Pregnancy & labour") as ctx:
    body(ctx)
