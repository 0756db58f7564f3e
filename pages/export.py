"""Share: for a chosen period, the doctor report (PDF), spreadsheet files (machine and readable
CSV, one by one or as a ZIP) and a FHIR R4 bundle. The full backup lives on Settings."""

from __future__ import annotations

import streamlit as st

from tracker.core.kinds import EntryKind
from tracker.core.timeutil import local_date, local_range_bounds
from tracker.entries.history import default_range
from tracker.files.csvio import export_csv
from tracker.ui.audit import download_data, period_text
from tracker.ui.context import PageContext
from tracker.ui.frame import page
from tracker.ui.share import fhir_download, readable_downloads, zip_download
from tracker.ui.share_report import report_panel

SHARE_DAYS = 90  # the page opens on the last 90 local days, today included: a GP visit's worth


def body(ctx: PageContext) -> None:
    st.info(
        "These files contain your health data. They stay on this machine unless you "
        "share them, so think about who you send them to.",
        icon=":material/shield_person:",
    )
    today = local_date(ctx.now, ctx.tz)
    picked = st.date_input(
        "Period",
        value=default_range(today, SHARE_DAYS),
        max_value=today,
        format="YYYY-MM-DD",
        key="export_dates",
    )
    if len(picked) != 2:
        st.info("Pick the last day of the period too.", icon=":material/date_range:")
        return
    first, last = picked
    start, end = local_range_bounds(first, last, ctx.tz)
    report_panel(ctx, first, last)

    files = {
        kind: export_csv(engine=ctx.engine, kind=kind, profile=ctx.profile, start=start, end=end)
        for kind in EntryKind
    }
    counts = {kind: count for kind, (_, count) in files.items()}

    st.subheader("Spreadsheet files")
    st.caption(
        "A ZIP with two files for each kind of entry: one for people (words, your local date "
        f"and time in {ctx.tz}) and one with the columns this app imports."
    )
    zip_download(ctx, first, last, sum(counts.values()))
    with st.expander("One file at a time"):
        st.caption("Comma-separated, the same columns the command line imports.")
        for kind, (text, count) in files.items():
            st.download_button(
                f"{kind.label}: {count} entr{'y' if count == 1 else 'ies'}",
                # Made already (the counts come from it); noted when tapped.
                data=download_data(
                    ctx,
                    text.encode("utf-8"),
                    f"{kind.label} (CSV), {period_text(first, last)}",
                ),
                file_name=f"cramp-tracker-{kind.value}-{first:%Y-%m-%d}-to-{last:%Y-%m-%d}.csv",
                mime="text/csv",
                icon=":material/download:",
                disabled=count == 0,
                on_click="ignore",
                key=f"export_{kind.value}",
                width="stretch",
            )
        st.caption("For people: words and local times.")
        readable_downloads(ctx, first, last, counts)

    st.subheader("For health records (FHIR)")
    st.caption(
        "FHIR R4 is the format health-record systems exchange. Use it when a clinic or an app "
        "asks for FHIR; a doctor reading on paper wants the report above."
    )
    fhir_download(ctx, first, last)
    st.page_link(
        "pages/settings.py",
        label="A full backup of everything is on Settings",
        icon=":material/settings_backup_restore:",
    )


with page("Share & export") as ctx:
    body(ctx)
