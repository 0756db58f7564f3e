"""Cramps & pain: log an episode with every field, and see the recent ones."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from db.crud import list_entries
from tracker.errors import TrackerError
from tracker.kinds import EntryKind
from tracker.ui.cramp_form import KEY, cramp_form
from tracker.ui.frame import page
from tracker.ui.quick_log import save_entry
from tracker.ui.widgets import show_error, show_flash
from tracker.views import summarize, timeline, timeline_frame

RECENT_DAYS = 14

with page("Cramps & pain", icon=":material/personal_injury:") as ctx:
    st.caption(
        "Log a cramp or pain as soon as you can: where, how bad, and anything that came with it."
    )
    try:
        values = cramp_form(ctx)
    except TrackerError as err:  # a required choice left empty
        show_error(err)
        values = None
    if values is not None:
        units = ctx.profile.units
        save_entry(
            ctx,
            EntryKind.CRAMPS,
            values,
            message=lambda saved: (
                f"Saved: {summarize(EntryKind.CRAMPS, saved, ctx.profile.units)}."
            ),
            reset=[KEY],
        )
    show_flash()  # below the long form, where the person is after tapping Save

    st.subheader(f"Last {RECENT_DAYS} days")
    cramps = list_entries(
        engine=ctx.engine,
        kind=EntryKind.CRAMPS,
        profile_id=ctx.profile.id,
        start=ctx.now - timedelta(days=RECENT_DAYS),
        newest_first=True,
    )
    if cramps:
        items = timeline({EntryKind.CRAMPS: cramps}, ctx.profile.units)
        st.dataframe(
            timeline_frame(items, ctx.tz),
            hide_index=True,
            column_order=["Time", "What"],
            width="stretch",
        )
    else:
        st.info(f"No cramps or pain logged in the last {RECENT_DAYS} days.")
    st.page_link("pages/history.py", label="Edit or delete in History", icon=":material/edit:")
