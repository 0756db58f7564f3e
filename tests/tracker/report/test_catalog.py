"""The light catalog of sections the command line lists is the sections themselves."""

from __future__ import annotations

import subprocess
import sys

from tracker.report.catalog import SECTION_LABELS
from tracker.report.sections import ALL


def test_the_catalog_names_every_section_in_order() -> None:
    assert tuple((s.name, s.label) for s in ALL) == SECTION_LABELS


def test_the_command_line_loads_no_statistics_until_a_command_needs_them() -> None:
    """An import or an export of CSV starts without scipy, the report or FHIR (about 100 MB
    less at its peak: tests/bench/test_bench_import.py)."""
    code = (
        "import sys, tracker.cli; "
        "print(sorted(m for m in ('scipy', 'matplotlib', 'fpdf', 'fhir', "
        "'tracker.report.build', 'tracker.insights.summary', 'tracker.files.fhir') "
        "if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.strip()
    assert loaded == "[]"
