"""Cramp Tracker: entry point and the Today page (``streamlit run app.py``)."""

from __future__ import annotations

import streamlit as st

from tracker.core.timeutil import local_date
from tracker.entries.cabinet import list_cabinet
from tracker.entries.hydration import progress_label
from tracker.entries.profile import is_pregnant
from tracker.entries.timeline import timeline_frame
from tracker.entries.today import day_summary
from tracker.ui.context import PageContext
from tracker.ui.flags import urgent_callouts
from tracker.ui.frame import page
from tracker.ui.quick_log import drink_buttons, intake_buttons
from tracker.ui.repeat import log_again_panel
from tracker.ui.welcome import welcome
from tracker.ui.widgets import show_flash


def today(ctx: PageContext) -> None:
    show_flash()
    urgent_callouts(ctx)  # urgent flags of the last 14 days, until acknowledged
    log_again_panel(ctx, key="today_again")  # favourites and recent cramps: one tap each
    st.subheader("Log in one tap")
    with st.container(horizontal=True, gap="small"):
        st.page_link("pages/cramps.py", label="Cramp or pain", icon=":material/personal_injury:")
        if is_pregnant(ctx.profile):
            st.page_link(
                "pages/contractions.py", label="Time contractions", icon=":material/timer:"
            )
            st.page_link(
                "pages/pregnancy.py", label="Pregnancy event", icon=":material/pregnant_woman:"
            )
        st.page_link("pages/drinks.py", label="Other drink", icon=":material/local_cafe:")
    st.caption("Water")
    drink_buttons(ctx, key="quick_drink")

    products = list_cabinet(engine=ctx.engine, profile=ctx.profile)
    st.caption("Took one unit of")
    if products:
        intake_buttons(ctx, products, key="quick_intake")
    else:
        st.page_link(
            "pages/supplements.py",
            label="Add your supplements and medicines",
            icon=":material/add_box:",
        )

    summary = day_summary(engine=ctx.engine, profile=ctx.profile, day=local_date(ctx.now, ctx.tz))
    st.subheader("Drinks today")
    st.progress(
        summary.drinks_fraction,
        text=progress_label(summary.drinks_ml, summary.goal_ml, ctx.profile.units),
    )
    st.subheader("Today's entries")
    if summary.items:
        table = timeline_frame(summary.items, ctx.tz)
        st.dataframe(table, hide_index=True, column_order=["Time", "What", "Kind"], width="stretch")
        st.page_link("pages/history.py", label="Edit or delete in History", icon=":material/edit:")
    else:
        st.info("Nothing logged yet today. Use the buttons above, or the pages in the menu.")
    st.page_link(
        "pages/dashboard.py",
        label="At a glance: your cramps, drinks and flags of the last weeks",
        icon=":material/dashboard:",
    )


with page("Today") as ctx:
    if not welcome(ctx):  # an empty diary opens on the welcome (tracker/ui/welcome.py)
        today(ctx)
