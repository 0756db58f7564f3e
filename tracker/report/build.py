"""``build_report``: the PDF of a period for the chosen sections, as bytes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy.engine import Engine

from tracker.core.errors import InvalidEntry
from tracker.core.models import ProfileRead
from tracker.report.data import ReportData, period_words
from tracker.report.section import Section
from tracker.report.sections import ALL
from tracker.report.style import PAPERS, Paper

SECTIONS: tuple[Section, ...] = ALL
"""Every section in print order (``name``, ``label``): for --help and the Share page."""

DEFAULT_TITLE = "Cramp Tracker report"

NEW_PAGE_SHARE = 2 / 3
"""A section that starts a new page (``Section.new_page``) starts on the current one instead
when at least this share of the page is still free (a few lines of the previous section
should not leave a page almost empty)."""


def section_names() -> list[str]:
    return [section.name for section in SECTIONS]


def choose(names: Sequence[str]) -> list[Section]:
    """The sections named, in print order; an unknown name raises ``InvalidEntry`` naming the
    known ones."""
    known = {section.name: section for section in SECTIONS}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise InvalidEntry.single(
            "sections",
            f"unknown section {', '.join(repr(n) for n in unknown)}; choose from "
            f"{', '.join(section_names())}",
        )
    return [section for section in SECTIONS if section.name in set(names)]


def build_report(
    engine: Engine,
    profile: ProfileRead,
    first: date,
    last: date,
    sections: Sequence[str] | None = None,
    paper: Paper = "a4",
    now: datetime | None = None,
) -> bytes:
    """The report of the local days ``first``..``last`` (inclusive) as PDF bytes.

    ``sections``: names from ``SECTIONS`` (``None``: all), printed in ``SECTIONS``' order; a
    section that does not apply (contractions when not pregnant and none timed) is left out.
    ``now`` is the generation time (required: domain code never reads the clock)."""
    if now is None:
        raise ValueError("now is required")
    if first > last:
        raise InvalidEntry.single("from", f"{first} is after {last}")
    if paper not in PAPERS:
        raise InvalidEntry.single("paper", f"{paper!r} is not one of {', '.join(PAPERS)}")
    chosen = choose(section_names() if sections is None else list(sections))
    from tracker.report.document import Heading, ReportPDF  # fpdf: only when a PDF is made

    data = ReportData(engine=engine, profile=profile, first=first, last=last, now=now)
    heading = Heading(
        title=profile.display_name or DEFAULT_TITLE,
        period=period_words(first, last),
        generated=f"Generated {data.local(now)} ({data.timezone})",
    )
    pdf = ReportPDF(heading, paper)
    pdf.set_creation_date(now)  # fpdf would read the clock; the same inputs give the same file
    pdf.set_lang("en")
    pdf.add_page()
    for number, section in enumerate(s for s in chosen if s.applies(data)):
        if number and section.new_page:
            pdf.need(pdf.eph * NEW_PAGE_SHARE)
        section.build(pdf, data)
    if not chosen:
        pdf.paragraph("No sections were chosen.")
    return bytes(pdf.output())
