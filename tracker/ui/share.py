"""The Share page's downloads that are made when clicked (a download button's data is a
function, run on the click): the ZIP of a period, the readable CSV of each kind, and FHIR.
Each is noted in the person's audit trail when it is made (``tracker.ui.audit``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import streamlit as st

from tracker.core.kinds import EntryKind
from tracker.core.timeutil import local_range_bounds
from tracker.files.fhir import fhir_file_name, fhir_json
from tracker.files.readable import export_zip, file_stem, readable_csv
from tracker.ui.audit import download_data, period_text
from tracker.ui.context import PageContext


def _entries(count: int) -> str:
    return f"{count} entr{'y' if count == 1 else 'ies'}"


def zip_download(ctx: PageContext, first: date, last: date, count: int) -> None:
    engine, profile = ctx.engine, ctx.profile

    def data() -> bytes:
        return export_zip(engine=engine, profile=profile, first=first, last=last)

    st.download_button(
        f"All spreadsheet files (ZIP): {_entries(count)}",
        data=download_data(ctx, data, f"All spreadsheet files (ZIP), {period_text(first, last)}"),
        file_name=f"{file_stem(first, last)}.zip",
        mime="application/zip",
        icon=":material/folder_zip:",
        disabled=count == 0,
        on_click="ignore",
        key="share_zip",
        width="stretch",
    )


def readable_downloads(
    ctx: PageContext, first: date, last: date, counts: Mapping[EntryKind, int]
) -> None:
    engine, profile = ctx.engine, ctx.profile
    start, end = local_range_bounds(first, last, ctx.tz)
    for kind, count in counts.items():

        def data(kind: EntryKind = kind) -> bytes:
            text, _ = readable_csv(engine=engine, kind=kind, profile=profile, start=start, end=end)
            return text.encode("utf-8")

        st.download_button(
            f"{kind.label} for people: {_entries(count)}",
            data=download_data(
                ctx, data, f"{kind.label} for people (CSV), {period_text(first, last)}"
            ),
            file_name=f"{file_stem(first, last)}-{kind.value}-readable.csv",
            mime="text/csv",
            icon=":material/table_view:",
            disabled=count == 0,
            on_click="ignore",
            key=f"share_readable_{kind.value}",
            width="stretch",
        )


def fhir_download(ctx: PageContext, first: date, last: date) -> None:
    engine, profile, now = ctx.engine, ctx.profile, ctx.now

    def data() -> bytes:
        text = fhir_json(engine=engine, profile=profile, first=first, last=last, now=now)
        return text.encode("utf-8")

    st.download_button(
        "FHIR R4 bundle (JSON)",
        data=download_data(ctx, data, f"FHIR R4 bundle (JSON), {period_text(first, last)}"),
        file_name=fhir_file_name(first, last),
        mime="application/fhir+json",
        icon=":material/medical_information:",
        on_click="ignore",
        key="share_fhir",
        width="stretch",
    )
