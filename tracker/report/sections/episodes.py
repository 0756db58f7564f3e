"""The appendix: every episode of the period, oldest first, in labels and local time."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from tracker.core.vocabulary import Quality, Relief, Symptom, Trigger
from tracker.report.data import ReportData, place
from tracker.report.section import Section

if TYPE_CHECKING:
    from tracker.report.document import ReportPDF

NO_EPISODES = "No episodes in this period."


def _labels(
    codes: tuple[str, ...], vocabulary: type[Trigger] | type[Relief] | type[Symptom]
) -> str:
    return ", ".join(vocabulary(code).label for code in codes)


def episode_rows(data: ReportData) -> list[list[str]]:
    cramps = data.frames.cramps
    local = cramps["started_at"].dt.tz_convert(data.timezone)
    rows = []
    records: list[dict[str, Any]] = cramps.to_dict("records")  # type: ignore[assignment]
    for when, row in zip(local, records, strict=True):
        minutes = float(row["duration_min"])
        rows.append(
            [
                f"{when.day} {when:%b %Y %H:%M}",
                place(str(row["region"]), str(row["side"])),
                str(row["intensity"]),
                Quality(str(row["quality"])).label,
                "" if math.isnan(minutes) else f"{minutes:g} min",
                _labels(row["triggers"], Trigger),
                _labels(row["relief"], Relief),
                _labels(row["symptoms"], Symptom),
            ]
        )
    return rows


def build(pdf: ReportPDF, data: ReportData) -> None:
    pdf.section_heading("Appendix: every episode")
    rows = episode_rows(data)
    if not rows:
        pdf.paragraph(NO_EPISODES, size=9.5)
        return
    pdf.paragraph(
        f"{len(rows)} episodes, oldest first. Intensity 0–10 as the person rated it.",
        size=9,
        muted=True,
    )
    pdf.long_table(
        ["When (local)", "Where", "0–10", "Kind", "Lasted", "Before", "Tried", "With"],
        rows,
        widths=(21, 20, 7, 13, 10, 24, 24, 24),
        right=(2, 4),
    )


SECTION = Section(name="episodes", label="Appendix: every episode", build=build, new_page=True)
