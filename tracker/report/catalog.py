"""The report's sections by name and label, without loading them (each section imports the
statistics, pandas and scipy): what the command line's ``--help`` lists and checks. A test holds
it equal to the sections themselves (``tracker.report.sections.ALL``)."""

from __future__ import annotations

SECTION_LABELS: tuple[tuple[str, str], ...] = (
    ("summary", "Summary (page 1)"),
    ("factors", "What helps, what hurts"),
    ("charts", "Charts"),
    ("contractions", "Contractions timed (pregnancy)"),
    ("episodes", "Appendix: every episode"),
)
