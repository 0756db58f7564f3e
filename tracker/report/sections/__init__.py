"""The report's sections, in the order they print. Add a section: a module here defining a
``Section``, and one entry in ``ALL``."""

from __future__ import annotations

from tracker.report.section import Section
from tracker.report.sections import charts, contractions, episodes, factors, summary

ALL: tuple[Section, ...] = (
    summary.SECTION,
    factors.SECTION,
    charts.SECTION,
    contractions.SECTION,
    episodes.SECTION,
)
