"""Paper sizes and colours shared by the page, the sections and the charts (no fpdf import:
the command line lists the sections without loading the PDF library)."""

from __future__ import annotations

from typing import Literal

Paper = Literal["a4", "letter"]
PAPERS: tuple[Paper, ...] = ("a4", "letter")

INK = (33, 37, 41)
MUTED = (100, 106, 112)
RULE = (200, 204, 208)
HEADING_FILL = (233, 238, 245)
SEVERITY_COLOURS: dict[str, tuple[int, int, int]] = {
    "emergency": (176, 0, 32),
    "urgent": (200, 90, 0),
    "routine": (40, 90, 160),
    "info": (100, 106, 112),
}
"""Text colour of a flag's row by severity (the Flags page's badge colours, darkened to read on
white paper)."""
