"""Cramps & pain: log an episode (the most used fields first), log a recent one again, and see
the recent ones."""

from __future__ import annotations

import streamlit as st

from tracker.core.errors import TrackerError
from tracker.core.kinds import EntryKind
from tracker.core.timeutil import local_date
from tracker.entries.history import default_range, history_items
from tracker.entries.timeline import timeline_frame
from tracker.ui.forms.cramp import KEY, cramp_fields, require_choices
from tracker.ui.frame import page
from tracker.ui.quick_log import save_entry
from tracker.ui.repeat import log_again_panel, prefilled, same_as_last_time, saved_message
from tracker.ui.widgets import form_prefix, show_error, show_flash

RECENT_DAYS = 14

with page("Cramps & pain") as ctx:
    st.caption(
        "Log a cramp or pain as soon as you can: where, how bad, and anything that came with it."
    )
    same_as_last_time(ctx, form=KEY)
    with st.form(f"{KEY}_form", border=True):
        values = cramp_fields(ctx, key=form_prefix(KEY), prefill=prefilled(KEY))
        submitted = st.form_submit_button("Save episode", type="primary", width="stretch")
    if submitted:
        try:
            require_choices(values)
        except TrackerError as err:  # a required choice left empty
            show_error(err)
        else:
            save_entry(
                ctx,
                EntryKind.CRAMPS,
                values,
                message=lambda saved: saved_message(ctx, saved),
                reset=[KEY],
            )
    show_flash()  # below the long form, where the person is after tapping Save

    log_again_panel(ctx, key="cramps_again")
    st.subheader(f"Last {RECENT_DAYS} days")
    first, last = default_range(local_date(ctx.now, ctx.tz), days=RECENT_DAYS)
    items = history_items(
        engine=ctx.engine, profile=ctx.profile, first=first, last=last, kinds=[EntryKind.CRAMPS]
    )
    if items:
        st.dataframe(
            timeline_frame(items, ctx.tz),
            hide_index=True,
            column_order=["Time", "What"],
            width="stretch",
        )
    else:
        st.info(f"No cramps or pain logged in the last {RECENT_DAYS} days.")
    st.page_link("pages/history.py", label="Edit or delete in History", icon=":material/edit:")
