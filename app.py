"""Cramp Tracker: entry point and the Today page (``streamlit run app.py``)."""

from __future__ import annotations

import streamlit as st

from db.crud import list_products
from tracker.drinks import quick_volumes_ml
from tracker.errors import TrackerError
from tracker.journal import log_entry
from tracker.kinds import EntryKind
from tracker.profile import is_pregnant
from tracker.timeutil import local_date
from tracker.today import day_summary
from tracker.ui.frame import page
from tracker.ui.widgets import flash, show_error, show_flash
from tracker.units import format_volume
from tracker.views import timeline_frame

with page("Today", icon=":material/today:") as ctx:
    show_flash()
    st.subheader("Log in one tap")
    links = st.columns(2 if not is_pregnant(ctx.profile) else 3)
    links[0].page_link("pages/cramps.py", label="Cramp or pain", icon=":material/personal_injury:")
    links[1].page_link("pages/supplements.py", label="Cabinet", icon=":material/medication:")
    if is_pregnant(ctx.profile):
        links[2].page_link(
            "pages/pregnancy.py", label="Pregnancy", icon=":material/pregnant_woman:"
        )

    try:
        st.caption("Water")
        sizes = quick_volumes_ml(ctx.profile.units)
        for column, volume_ml in zip(st.columns(len(sizes)), sizes, strict=True):
            label = f"+{format_volume(volume_ml, ctx.profile.units)}"
            if column.button(label, key=f"quick_drink_{volume_ml:.0f}", width="stretch"):
                values = {"taken_at": ctx.now, "volume_ml": volume_ml, "beverage": "water"}
                log_entry(
                    engine=ctx.engine,
                    kind=EntryKind.HYDRATION,
                    profile_id=ctx.profile.id,
                    values=values,
                    now=ctx.now,
                )
                flash(f"Logged {format_volume(volume_ml, ctx.profile.units)} of water.")
                st.rerun()

        products = list_products(engine=ctx.engine, profile_id=ctx.profile.id)
        if products:
            st.caption("Took one unit of")
            for column, product in zip(
                st.columns(min(len(products), 3)) * 10, products, strict=False
            ):
                if column.button(product.name, key=f"quick_intake_{product.id}", width="stretch"):
                    values = {"taken_at": ctx.now, "product_id": product.id, "units": 1}
                    log_entry(
                        engine=ctx.engine,
                        kind=EntryKind.SUPPLEMENTS,
                        profile_id=ctx.profile.id,
                        values=values,
                        now=ctx.now,
                    )
                    flash(f"Logged 1 × {product.name}.")
                    st.rerun()
    except TrackerError as err:
        show_error(err)

    summary = day_summary(engine=ctx.engine, profile=ctx.profile, day=local_date(ctx.now, ctx.tz))
    st.subheader("Drinks today")
    st.progress(
        summary.drinks_fraction,
        text=f"{format_volume(summary.drinks_ml, ctx.profile.units)} of "
        f"{format_volume(summary.goal_ml, ctx.profile.units)} goal",
    )
    st.subheader("Today's entries")
    if summary.items:
        table = timeline_frame(summary.items, ctx.tz)
        st.dataframe(table, hide_index=True, column_order=["Time", "Kind", "What"], width="stretch")
        st.page_link("pages/history.py", label="Edit or delete in History", icon=":material/edit:")
    else:
        st.info("Nothing logged yet today. Use the buttons above, or the pages in the menu.")
