"""The Share page's doctor report: choose sections and paper, make the PDF, download it.

``report_panel(ctx, first, last)`` is called by the Share page with the dates it shows. The
PDF is made only when asked ("Make the PDF": a few seconds) and kept in session state for the
download button, with the choices it was made from; changing a choice, the dates or the diary
(data version) makes it stale, and the button goes away until it is made again. A download is
noted in the person's audit trail when tapped (``tracker.ui.audit``), with the period, paper
and sections, not the PDF's contents.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

import streamlit as st

from tracker.report.build import SECTIONS, build_report
from tracker.report.style import PAPERS, Paper
from tracker.ui.audit import download_data, period_text
from tracker.ui.context import PageContext

PAPER_LABELS: dict[str, str] = {"a4": "A4", "letter": "US Letter"}
STATE_KEY = "share_report_pdf"
SECTIONS_KEY = "share_report_sections"
PAPER_KEY = "share_report_paper"


@dataclass(frozen=True)
class MadeReport:
    """A PDF made in this session and what it was made from."""

    choice: tuple[int, int, date, date, tuple[str, ...], str]
    """(profile id, data version, first, last, sections, paper)."""
    pdf: bytes
    seconds: float


def file_name(first: date, last: date) -> str:
    """``cramp-tracker-report-2026-09-05-to-2026-12-03.pdf``."""
    return f"cramp-tracker-report-{first.isoformat()}-to-{last.isoformat()}.pdf"


def report_detail(
    first: date, last: date, order: list[str], labels: dict[str, str], paper: str
) -> str:
    """ "Doctor report (PDF, A4), 5 Sep – 3 Dec 2026, all sections" for the audit trail."""
    chosen = (
        "all sections"
        if len(order) == len(labels)
        else "sections: " + ", ".join(labels[name] for name in order)
    )
    return f"Doctor report (PDF, {PAPER_LABELS[paper]}), {period_text(first, last)}, {chosen}"


def report_panel(ctx: PageContext, first: date, last: date) -> None:
    """Section choice (all by default), paper, "Make the PDF", then the download button and how
    long the PDF took to make."""
    st.subheader("Report for a doctor (PDF)")
    st.caption(
        "Page 1 is a summary a doctor can read in a minute; the other sections follow. Local "
        "times, labels in words. The contractions section is included only when you are "
        "pregnant or timed contractions in these dates."
    )
    labels = {section.name: section.label for section in SECTIONS}
    chosen = st.multiselect(
        "Sections",
        options=list(labels),
        default=list(labels),
        format_func=lambda name: labels[name],
        key=SECTIONS_KEY,
    )
    paper: Paper = st.radio(
        "Paper",
        options=PAPERS,
        format_func=lambda code: PAPER_LABELS[code],
        horizontal=True,
        key=PAPER_KEY,
    )
    order = [name for name in labels if name in chosen]
    choice = (ctx.profile.id or 0, ctx.data_version, first, last, tuple(order), str(paper))
    if st.button("Make the PDF", key="share_report_make", type="primary", disabled=not order):
        started = time.perf_counter()
        with st.spinner("Making the PDF…"):
            pdf = build_report(ctx.engine, ctx.profile, first, last, order, paper, ctx.now)
        st.session_state[STATE_KEY] = MadeReport(choice, pdf, time.perf_counter() - started)
    if not order:
        st.caption("Choose at least one section.")
    made = st.session_state.get(STATE_KEY)
    if isinstance(made, MadeReport) and made.choice == choice:
        st.caption(f"Made in {made.seconds:.1f} s ({len(made.pdf) / 1024:,.0f} KB).")
        pdf = made.pdf
        st.download_button(
            "Download the PDF",
            data=download_data(ctx, lambda: pdf, report_detail(first, last, order, labels, paper)),
            file_name=file_name(first, last),
            mime="application/pdf",
            icon=":material/download:",
            on_click="ignore",
            key="share_report_download",
        )
