"""History: every entry of a date range, newest first under its day; tap one to edit or delete
it right there, or search the range (a search filters, never reorders)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import streamlit as st

from tracker.core.errors import TrackerError
from tracker.core.kinds import EntryKind
from tracker.core.timeutil import local_date
from tracker.entries.cabinet import list_cabinet
from tracker.entries.history import default_range, history_rows, linked_entries, search_rows
from tracker.ui.frame import page
from tracker.ui.history_list import PICK_KEY, history_list
from tracker.ui.widgets import show_error, show_flash

LINKED_KEY = "_history_linked"


def filters_label(dates: Sequence[date], kinds: Sequence[str]) -> str:
    """``Sat 28 Nov – Fri 4 Dec · all kinds``: what the folded filters show."""
    days = " – ".join(f"{day:%a} {day.day} {day:%b}" for day in dates)
    if len(kinds) == len(EntryKind):
        what = "all kinds"
    elif not kinds:
        what = "no kind chosen"
    else:
        what = ", ".join(EntryKind(kind).label for kind in kinds)
    return f"{days} · {what}"


with page("History") as ctx:
    show_flash()
    today = local_date(ctx.now, ctx.tz)
    linked_keys = st.query_params.get_all("entry")
    from_link = False
    if linked_keys and st.session_state.get(LINKED_KEY) != linked_keys:
        # Opened from a flag's "See in History": show those entries, the newest one opened.
        st.session_state[LINKED_KEY] = linked_keys
        linked = linked_entries(
            engine=ctx.engine, profile=ctx.profile, keys=linked_keys, today=today
        )
        if linked is not None:
            st.session_state["history_dates"], st.session_state[PICK_KEY] = linked
            from_link = True
    with st.expander(
        filters_label(
            st.session_state.get("history_dates", default_range(today)),
            st.session_state.get("history_kinds", list(EntryKind)),
        ),
        icon=":material/filter_list:",
    ):  # folded: on a phone the list starts on the first screen
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
    query = st.text_input(
        "Search",
        placeholder="e.g. calf, stretching, night",
        key="history_search",
        icon=":material/search:",
    )
    rows = []
    if len(picked) != 2:
        st.info("Pick the last day of the range too.", icon=":material/date_range:")
    elif not kinds:
        st.info("Choose at least one kind of entry to see.", icon=":material/filter_alt:")
    else:
        try:
            rows = history_rows(
                engine=ctx.engine, profile=ctx.profile, first=picked[0], last=picked[1], kinds=kinds
            )
        except TrackerError as err:
            show_error(err)
        if not rows:
            st.info("Nothing logged in these days for the kinds chosen.", icon=":material/info:")

    found = search_rows(rows, query)
    if rows and not found:
        st.info(f"No entry of these days holds “{query.strip()}”.", icon=":material/search_off:")
    if found:
        count = f"{len(found)} entr{'y' if len(found) == 1 else 'ies'}"
        st.caption(
            (f"{count} of {len(rows)} hold “{query.strip()}”" if query.strip() else count)
            + ", newest first. Tap one to edit or delete it."
        )
    history_list(  # with no rows, still what a delete just said
        ctx,
        found,
        today=today,
        products=list_cabinet(engine=ctx.engine, profile=ctx.profile) if found else [],
        scroll_to_open=from_link,
    )
