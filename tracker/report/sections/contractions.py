"""Timed contraction sessions (the timer's arithmetic, ``insights.pregnancy.session_stats``):
a chart of median interval and duration per session and a table. Only in a report of a
pregnancy, or of a period with contractions timed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.core.timeutil import to_local
from tracker.core.vocabulary import ContractionIntensity, ContractionLocation
from tracker.insights.pregnancy import PRACTICE, SessionStats
from tracker.labour.sessions import TimedContraction, words_apart, words_long
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


def when(session: SessionStats) -> str:
    """ "Sun 19 Jul 2026 20:58–21:53" (the year: a report may span two), both days when it ran
    past midnight."""
    start, end = session.local_start, session.local_end
    head = f"{start:%a} {start.day} {start:%b %Y %H:%M}"
    if end.date() == start.date():
        return f"{head}–{end:%H:%M}"
    return f"{head} – {end:%a} {end.day} {end:%b %H:%M}"


def outcome(session: SessionStats) -> str:
    """ "Met at 12:54" (the first start at which the rule's pattern had held) or "Practice"."""
    if session.rule_met_at is None:
        return PRACTICE
    return f"Met at {session.rule_met_at.astimezone(session.local_start.tzinfo):%H:%M}"


def contraction_row(row: TimedContraction, tz_name: str) -> list[str]:
    """Start (local, to the second), duration and interval in the timer's words, labels."""
    contraction = row.contraction
    return [
        f"{to_local(contraction.started_at, tz_name):%H:%M:%S}",
        "still going" if row.duration_s is None else words_long(row.duration_s),
        "" if row.interval_s is None else words_apart(row.interval_s),
        "" if contraction.intensity is None else ContractionIntensity(contraction.intensity).label,
        "" if contraction.location is None else ContractionLocation(contraction.location).label,
    ]


def build(pdf: ReportPDF, data: ReportData) -> None:
    pdf.section_heading("Contractions timed")
    sessions = data.sessions
    if not sessions:
        pdf.paragraph("No contractions were timed in this period.", size=9.5)
        return
    rule = sessions[-1].rule
    count = f"{len(sessions)} session{'' if len(sessions) == 1 else 's'}"
    pdf.paragraph(
        f"{count}, newest first in the table (contractions more than 2 hours apart start a new "
        f"session). Interval: start to start. Go-in rule ({rule}): the person's own or the "
        "default for their births; “Met” (orange in the chart) says only that the timed pattern "
        "matched it, not whether a session was labour; “Practice”: it did not.",
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
    weeks = any(s.ga_label for s in sessions)
    headings = ["When (local)", "Weeks", "Count", "Median interval", "Median duration"]
    headings += ["Regularity", "Go-in rule"]
    widths = [34, 9, 8, 17, 17, 17, 18]
    rows = [
        [
            when(s),
            s.ga_label or "",
            str(s.count),
            "" if s.median_interval_s is None else words_apart(s.median_interval_s),
            "" if s.median_duration_s is None else words_long(s.median_duration_s),
            s.regularity,
            outcome(s),
        ]
        for s in reversed(sessions)
    ]
    if not weeks:  # no due date: no gestational age to show
        del headings[1], widths[1]
        rows = [row[:1] + row[2:] for row in rows]
    pdf.table_of(headings, rows, widths=widths, size=7.5)
    latest = data.latest_session
    if latest is not None:
        pdf.subheading(f"The latest session, contraction by contraction ({when(sessions[-1])})")
        pdf.long_table(
            ["Started (local)", "Lasted", "Interval (from the one before)", "Strength", "Where"],
            [contraction_row(row, data.timezone) for row in latest.rows],
            widths=(22, 14, 26, 16, 22),
            size=7.5,
        )


SECTION = Section(
    name="contractions",
    label="Contractions timed (pregnancy)",
    build=build,
    applies=applies,
    new_page=True,
)
