"""Timed contraction sessions (the timer's arithmetic, ``insights.pregnancy.session_stats``):
a chart of median interval and duration per session and a table. Only in a report of a
pregnancy, or of a period with contractions timed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.labour.sessions import words_apart, words_long
from tracker.report import charts
from tracker.report.data import ReportData
from tracker.report.section import Section

if TYPE_CHECKING:
    from tracker.report.document import ReportPDF

CHART_MM = 55.0


def applies(data: ReportData) -> bool:
    return data.pregnant or bool(data.sessions)


def _name(number: int, ga: str | None) -> str:
    return ga or f"#{number}"


def build(pdf: ReportPDF, data: ReportData) -> None:
    pdf.section_heading("Contractions timed")
    sessions = data.sessions
    if not sessions:
        pdf.paragraph("No contractions were timed in this period.", size=9.5)
        return
    rule = sessions[-1].rule
    pdf.paragraph(
        f"{len(sessions)} session(s) (contractions more than 2 hours apart start a new one). "
        f"Interval: start to start. The go-in rule ({rule}) is the one the person set or the "
        "default for their births; meeting it (orange in the chart) does not say whether a session "
        "was labour.",
        size=9,
        muted=True,
    )
    names = [_name(s.number, s.ga_label) for s in sessions]
    png = charts.sessions(
        names,
        [None if s.median_interval_s is None else s.median_interval_s / 60 for s in sessions],
        [s.median_duration_s for s in sessions],
        [s.rule_met for s in sessions],
        width_mm=pdf.epw,
        height_mm=CHART_MM,
    )
    pdf.picture(png, width_mm=pdf.epw, height_mm=CHART_MM)
    rows = [
        [
            s.when,
            s.ga_label or "",
            str(s.count),
            "" if s.median_interval_s is None else words_apart(s.median_interval_s),
            "" if s.median_duration_s is None else words_long(s.median_duration_s),
            s.regularity,
            s.sentence,
        ]
        for s in reversed(sessions)
    ]
    pdf.table_of(
        [
            "When (local)",
            "Weeks",
            "Count",
            "Median interval",
            "Median duration",
            "Regularity",
            "Go-in rule",
        ],
        rows,
        widths=(30, 9, 8, 15, 15, 15, 38),
        size=7.5,
    )


SECTION = Section(
    name="contractions",
    label="Contractions timed (pregnancy)",
    build=build,
    applies=applies,
    new_page=True,
)
