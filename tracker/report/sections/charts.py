"""Charts of the period: how often and how strong over time, time of day, where in the body,
drinks against the goal, and the red flags over time. Each chart is drawn only when it has
something to show; otherwise one line says so."""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING

from tracker.flags import Severity
from tracker.insights.flag_trends import flag_timeline
from tracker.insights.intake import drink_totals
from tracker.insights.patterns import Period, frequency, hour_weekday
from tracker.report import charts
from tracker.report.data import ReportData
from tracker.report.section import Section
from tracker.report.sections.summary import NO_EPISODES, SEVERITY_WORDS, top_places

if TYPE_CHECKING:
    from tracker.report.document import ReportPDF

FULL_MM = 58.0
HALF_MM = 62.0
GAP_MM = 4.0
PLACES = 10


def period_of(days: int) -> Period:
    """Bars per day up to a month, per week up to about seven months, then per month."""
    if days <= 31:
        return "day"
    return "week" if days <= 212 else "month"


def _side_by_side(pdf: ReportPDF, left: bytes, right: bytes, height_mm: float) -> None:
    width = (pdf.epw - GAP_MM) / 2
    pdf.need(height_mm + 2)
    top = pdf.get_y()
    pdf.image(BytesIO(left), x=pdf.l_margin, y=top, w=width, h=height_mm)
    pdf.image(BytesIO(right), x=pdf.l_margin + width + GAP_MM, y=top, w=width, h=height_mm)
    pdf.set_y(top + height_mm + 2)


def build(pdf: ReportPDF, data: ReportData) -> None:
    pdf.section_heading("Charts")
    frames = data.frames
    period = period_of(data.days)
    width = pdf.epw
    if frames.cramps.empty:
        pdf.paragraph(NO_EPISODES, size=9.5)
    else:
        png = charts.frequency_intensity(
            frequency(frames, period), period, width_mm=width, height_mm=FULL_MM
        )
        pdf.picture(png, width_mm=width, height_mm=FULL_MM)
        half = (width - GAP_MM) / 2
        by_hour = hour_weekday(frames).sum(axis=1).astype(int).tolist()
        _side_by_side(
            pdf,
            charts.time_of_day(by_hour, width_mm=half, height_mm=HALF_MM),
            charts.regions(top_places(data, PLACES), width_mm=half, height_mm=HALF_MM),
            HALF_MM,
        )
    totals = drink_totals(frames)
    if int(totals["drinks_logged"].sum()) == 0:
        pdf.paragraph("No drinks logged in this period.", size=9.5)
    else:
        png = charts.hydration(
            totals, frames.goal_ml, str(data.profile.units), width_mm=width, height_mm=FULL_MM
        )
        pdf.picture(png, width_mm=width, height_mm=FULL_MM)
    timeline = flag_timeline(
        data.flags, first=data.first, last=data.last, tz_name=data.timezone, period=period
    )
    if timeline.empty:
        pdf.paragraph("No red flags in this period.", size=9.5)
    else:
        labels = {s.value: SEVERITY_WORDS[s] for s in Severity}
        png = charts.flag_timeline(timeline, labels, period, width_mm=width, height_mm=FULL_MM)
        pdf.picture(png, width_mm=width, height_mm=FULL_MM)


SECTION = Section(name="charts", label="Charts", build=build, new_page=True)
