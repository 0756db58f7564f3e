"""History: every entry of a date range, newest first; pick one to edit or delete it."""

from __future__ import annotations

import streamlit as st

from tracker.core.errors import TrackerError
from tracker.core.kinds import EntryKind
from tracker.core.timeutil import local_date
from tracker.entries.cabinet import list_cabinet
from tracker.entries.history import (
    default_range,
    describe_item,
    history_items,
    item_key,
    linked_entries,
    parse_item_key,
)
from tracker.entries.timeline import timeline_frame
from tracker.ui.frame import page
from tracker.ui.history_editor import entry_editor, entry_picker
from tracker.ui.widgets import show_error, show_flash

PICK_KEY = "history_pick"
LINKED_KEY = "_history_linked"

with page("History") as ctx:
    show_flash()
    today = local_date(ctx.now, ctx.tz)
    linked_keys = st.query_params.get_all("entry")
    if linked_keys and st.session_state.get(LINKED_KEY) != linked_keys:
        # Opened from a flag's "See in History": show those entries, the newest one opened.
        st.session_state[LINKED_KEY] = linked_keys
        linked = linked_entries(
            engine=ctx.engine, profile=ctx.profile, keys=linked_keys, today=today
        )
        if linked is not None:
            st.session_state["history_dates"], st.session_state[PICK_KEY] = linked
    picked = st.date_input(
        "Dates",
        value=default_range(today),
        max_value=today,
        format="YYYY-MM-DD",
        key="history_dates",
    )
    kinds = st.pills(
        "Kinds",
        list(EntryKind),
        selection_mode="multi",
        default=list(EntryKind),
        format_func=lambda kind: EntryKind(kind).label,
        key="history_kinds",
    )
    items = []
    if len(picked) != 2:
        st.info("Pick the last day of the range too.", icon=":material/date_range:")
    elif not kinds:
        st.info("Choose at least one kind of entry to see.", icon=":material/filter_alt:")
    else:
        try:
            items = history_items(
                engine=ctx.engine, profile=ctx.profile, first=picked[0], last=picked[1], kinds=kinds
            )
        except TrackerError as err:
            show_error(err)
        if not items:
            st.info("Nothing logged in these days for the kinds chosen.", icon=":material/info:")

    if items:
        st.caption(f"{len(items)} entr{'y' if len(items) == 1 else 'ies'}, newest first")
        st.dataframe(
            timeline_frame(items, ctx.tz),
            hide_index=True,
            column_order=["Time", "What", "Kind"],
            width="stretch",
        )
        labels = {item_key(item): describe_item(item, ctx.tz) for item in items}
        choice = entry_picker(labels, key=PICK_KEY)
        if choice is not None:
            kind, entry_id = parse_item_key(choice)
            entry_editor(
                ctx,
                kind,
                entry_id,
                products=list_cabinet(engine=ctx.engine, profile=ctx.profile),
                pick_key=PICK_KEY,
            )
