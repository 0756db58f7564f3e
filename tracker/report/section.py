"""A report section is a small plugin (the shape of Nightscout's ``report_plugins``): a ``name``
(the CLI's code), a ``label`` (what the person reads) and ``build(pdf, data)``, which writes
the section with the ``ReportPDF`` helpers from what ``ReportData`` holds.

A new section is a new module of ``tracker.report.sections`` defining a ``Section``, listed once
in ``tracker.report.sections.ALL`` (where the report's order is set); no other section changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tracker.report.data import ReportData

if TYPE_CHECKING:
    from tracker.report.document import ReportPDF


def always(data: ReportData) -> bool:
    return True


@dataclass(frozen=True)
class Section:
    name: str
    """Lower-case code for ``export pdf --sections`` (``summary``)."""
    label: str
    """ "Summary (page 1)": for --help and the Share page."""
    build: Callable[[ReportPDF, ReportData], None]
    applies: Callable[[ReportData], bool] = always
    """Whether the section has a place in this report (contractions: only when pregnant or
    contractions were timed); a chosen section that does not apply is left out."""
    new_page: bool = False
    """Start on a new page, unless most of the current one is still free (``build``)."""
