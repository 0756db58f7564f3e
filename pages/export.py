"""Export: one CSV file per kind of entry for a range of days (files-and-cli.md, "CSV files")."""

from __future__ import annotations

import streamlit as st

from tracker.core.kinds import EntryKind
from tracker.core.timeutil import local_date, local_range_bounds
from tracker.entries.history import default_range
from tracker.files.csvio import export_csv
from tracker.ui.frame import page

EXPORT_DAYS = 30  # the page opens on the last 30 local days, today included

with page("Export") as ctx:
    st.info(
        "These files contain your health data. They stay on this machine unless you "
        "share them, so think about who you send them to.",
        icon=":material/shield_person:",
    )
    today = local_date(ctx.now, ctx.tz)
    picked = st.date_input(
        "Dates",
        value=default_range(today, EXPORT_DAYS),
        max_value=today,
        format="YYYY-MM-DD",
        key="export_dates",
    )
    if len(picked) != 2:
        st.info("Pick the last day of the range too.", icon=":material/date_range:")
    else:
        first, last = picked
        start, end = local_range_bounds(first, last, ctx.tz)
        st.caption(
            "Comma-separated, one row per entry, times in your time zone "
            f"({ctx.tz}); the same columns the command line imports."
        )
        for kind in EntryKind:
            text, count = export_csv(
                engine=ctx.engine, kind=kind, profile=ctx.profile, start=start, end=end
            )
            st.download_button(
                f"{kind.label}: {count} entr{'y' if count == 1 else 'ies'}",
                data=text.encode("utf-8"),
                file_name=f"cramp-tracker-{kind.value}-{first:%Y-%m-%d}-to-{last:%Y-%m-%d}.csv",
                mime="text/csv",
                icon=":material/download:",
                disabled=count == 0,
                on_click="ignore",
                key=f"export_{kind.value}",
                width="stretch",
            )
