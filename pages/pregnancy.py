"""Pregnancy events: waters, bleeding, the baby's movements and labour emergencies, with a time.

After a save, the page is scrolled so that what it says first (the advice of a flag the event
raised, in the red banner or the orange box under the title, else the saved message) is at the
top of the screen: the Save button is below the fold on a phone."""

from __future__ import annotations

import streamlit as st

from tracker.core.kinds import EntryKind
from tracker.core.timeutil import format_logged_at
from tracker.entries.history import recent_items
from tracker.entries.profile import is_pregnant
from tracker.entries.timeline import summarize, timeline_frame
from tracker.ui.flags import emergency_if_logged, scrolled_to_first_box
from tracker.ui.forms.event import event_fields, event_kind_input
from tracker.ui.frame import page
from tracker.ui.quick_log import save_entry
from tracker.ui.scroll import scroll_into_view
from tracker.ui.widgets import form_prefix, md_escape, show_flash

SAVED_KEY = "_pregnancy_event_saved"
# The first box on the page: an emergency's red box, then an urgent flag's orange box, then
# (without either) the no-due-date note and the saved message.
FIRST_MESSAGE = '[data-testid="stMain"] [data-testid="stAlert"]'

with page("Pregnancy events") as ctx:
    show_flash()
    if st.session_state.pop(SAVED_KEY, False) and not scrolled_to_first_box():
        scroll_into_view(FIRST_MESSAGE)  # the flags' own scroll goes to the same box
    if not is_pregnant(ctx.profile):
        st.info(
            "No due date is set, so events are logged without the week of pregnancy. "
            "You can still log them here.",
            icon=":material/event_busy:",
        )
        st.page_link(
            "pages/settings.py", label="Set your due date in Settings", icon=":material/settings:"
        )

    kind = event_kind_input(key="event_kind")
    if kind is None:
        st.caption("Choose what happened to log it with a time.")
    else:
        # What the red-flag rules say if this is happening now (P9: call the emergency number).
        emergency_if_logged(ctx, EntryKind.EVENTS, {"occurred_at": ctx.now, "kind": kind})
        key = form_prefix("event_form")
        with st.form("event_form"):
            values = event_fields(ctx, kind, key=key)
            saved = st.form_submit_button(
                f"Save: {kind.label}", type="primary", key="event_save", width="stretch"
            )
        if saved:
            st.session_state[SAVED_KEY] = True  # read after the rerun of a successful save
            save_entry(
                ctx,
                EntryKind.EVENTS,
                values,
                message=lambda entry: (
                    f"Saved: {md_escape(summarize(EntryKind.EVENTS, entry))} at "
                    f"{format_logged_at(entry.occurred_at, ctx.tz, ctx.now)}."
                ),
                reset=["event_form"],
            )
            st.session_state.pop(SAVED_KEY, None)  # not saved: no rerun, nothing to show

    st.subheader("Recent events")
    items = recent_items(engine=ctx.engine, profile=ctx.profile, kind=EntryKind.EVENTS)
    if items:
        table = timeline_frame(items, ctx.tz)
        st.dataframe(table, hide_index=True, column_order=["Time", "What"], width="stretch")
        st.page_link("pages/history.py", label="Edit or delete in History", icon=":material/edit:")
    else:
        st.info("No pregnancy events logged yet.")
