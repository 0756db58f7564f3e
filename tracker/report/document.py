"""The report's page: fpdf2 with DejaVu Sans embedded, a header and a footer on every page, and
the few ways a section writes (headings, paragraphs, label–value lines, tables, images).

DejaVu Sans comes from matplotlib's own ``mpl-data/fonts/ttf`` (matplotlib is already needed
for the charts), so µg, ≥, en dashes and accented names print without a system font package;
fpdf2 embeds the subset of glyphs used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Literal

from fpdf import FPDF, FontFace
from fpdf.enums import TableBordersLayout

from tracker.core.notices import NOT_MEDICAL_ADVICE
from tracker.report.style import HEADING_FILL, INK, MUTED, RULE, Paper

FONT = "DejaVu"
MARGIN_MM = 14.0
FOOTER_MM = 20.0
"""Room kept at the bottom of each page for the footer (generation time, page, advice line)."""


def font_folder() -> Path:
    """matplotlib's bundled TrueType fonts (no import of pyplot: only the data path)."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


@dataclass(frozen=True)
class Heading:
    """What the header of every page says."""

    title: str
    """The person's name, or "Cramp Tracker report"."""
    period: str
    generated: str
    """ "Generated 3 Dec 2026 15:02 (Europe/London)"."""


class ReportPDF(FPDF):
    """A4 or US Letter portrait, DejaVu Sans, header and footer on every page."""

    def __init__(self, heading: Heading, paper: Paper = "a4") -> None:
        super().__init__(orientation="portrait", unit="mm", format=paper)
        self.heading = heading
        self._widths: dict[tuple[str, float, str], float] = {}
        folder = font_folder()
        self.add_font(FONT, "", str(folder / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(folder / "DejaVuSans-Bold.ttf"))
        self.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        self.c_margin = 0.0  # cells' text starts at the margin, as the wrapped text does
        self.set_auto_page_break(True, margin=FOOTER_MM)
        self.set_title(f"{heading.title}: {heading.period}")
        self.set_creator("Cramp Tracker")
        self.set_font(FONT, size=10)
        self.set_text_color(*INK)

    # --- every page ------------------------------------------------------------------------

    def header(self) -> None:
        self.set_font(FONT, "B", 9)
        self.set_text_color(*INK)
        self.set_y(8)
        half = self.epw / 2
        self.cell(half, 5, self.heading.title, align="L")
        self.set_font(FONT, "", 9)
        self.cell(half, 5, self.heading.period, align="R", new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.set_y(self.get_y() + 4)
        self.set_font(FONT, "", 10)

    def footer(self) -> None:
        self.set_y(-FOOTER_MM + 3)
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.set_y(self.get_y() + 1)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        half = self.epw / 2
        self.cell(half, 4, self.heading.generated, align="L")
        self.cell(half, 4, f"Page {self.page_no()} of {{nb}}", align="R")
        self.ln(4)
        self.lines(self.wrap(NOT_MEDICAL_ADVICE, self.epw), 3.2)
        self.set_text_color(*INK)

    # --- what sections write ---------------------------------------------------------------

    def room(self) -> float:
        """Millimetres left above the footer on this page."""
        return self.h - FOOTER_MM - self.get_y()

    def need(self, height_mm: float) -> None:
        """Start a new page unless ``height_mm`` fits on this one."""
        if self.room() < height_mm:
            self.add_page()

    # --- text without multi_cell ------------------------------------------------------------
    # fpdf's multi_cell measures each character of the text at every call (~10 ms a paragraph
    # here, a second for a report); these measure each word once per font and size.

    def word_width(self, word: str) -> float:
        key = (self.font_style, self.font_size_pt, word)
        found = self._widths.get(key)
        if found is None:
            found = self._widths[key] = self.get_string_width(word)
        return found

    def wrap(self, text: str, room_mm: float) -> list[str]:
        """``text`` in lines of at most ``room_mm`` in the current font, broken at spaces (a
        word longer than a line is broken between characters)."""
        lines: list[str] = []
        current, used = "", 0.0
        space = self.word_width(" ")
        for word in text.split():
            width = self.word_width(word)
            while width > room_mm and len(word) > 1:  # break an over-long word
                cut = len(word) - 1
                while cut > 1 and self.word_width(word[:cut]) > room_mm:
                    cut -= 1
                if current:
                    lines.append(current)
                lines.append(word[:cut])
                current, used = "", 0.0
                word = word[cut:]
                width = self.word_width(word)
            if current and used + space + width > room_mm:
                lines.append(current)
                current, used = word, width
            elif current:
                current, used = f"{current} {word}", used + space + width
            else:
                current, used = word, width
        if current or not lines:
            lines.append(current)
        return lines

    def lines(self, lines: Sequence[str], line_mm: float, *, x: float | None = None) -> None:
        """Write ``lines`` from the current y at ``x`` (the left margin), one ``line_mm`` each,
        then move below them."""
        left = self.l_margin if x is None else x
        top = self.get_y()
        ascent = line_mm * 0.5 + self.font_size * 0.35
        for number, line in enumerate(lines):
            if line:
                self.text(left, top + number * line_mm + ascent, line)
        self.set_xy(self.l_margin, top + len(lines) * line_mm)

    def big_title(self, text: str) -> None:
        self.set_font(FONT, "B", 16)
        self.lines(self.wrap(text, self.epw), 8)
        self.set_font(FONT, "", 10)

    def section_heading(self, text: str) -> None:
        self.need(22)
        self.ln(2)
        self.set_font(FONT, "B", 12)
        self.set_fill_color(*HEADING_FILL)
        self.cell(0, 7, f" {text}", fill=True, new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)
        self.set_font(FONT, "", 10)

    def subheading(self, text: str) -> None:
        self.need(14)
        self.ln(1)
        self.set_font(FONT, "B", 10.5)
        self.lines(self.wrap(text, self.epw), 5.5)
        self.set_font(FONT, "", 10)

    def paragraph(
        self, text: str, *, size: float = 10, style: Literal["", "B"] = "", muted: bool = False
    ) -> None:
        """Left-aligned (never justified) text across the page, on the next page if it does
        not fit."""
        self.set_font(FONT, style, size)
        if muted:
            self.set_text_color(*MUTED)
        wrapped = self.wrap(text, self.epw)
        self.need(len(wrapped) * size * 0.5)
        self.lines(wrapped, size * 0.5)
        self.set_text_color(*INK)
        self.set_font(FONT, "", 10)

    def facts(self, rows: Sequence[tuple[str, str]], *, label_mm: float = 36) -> None:
        """Label in bold on the left, the value wrapped beside it (left-aligned); the next row
        starts below the taller of the two; a row is never split across pages."""
        line_mm = 4.8
        for label, value in rows:
            self.set_font(FONT, "B", 9.5)
            labels = self.wrap(label, label_mm - 2)
            self.set_font(FONT, "", 9.5)
            values = self.wrap(value, self.epw - label_mm)
            self.need(max(len(labels), len(values)) * line_mm + 0.8)
            top = self.get_y()
            self.set_font(FONT, "B", 9.5)
            self.lines(labels, line_mm)  # label first: text extraction reads it first
            self.set_y(top)
            self.set_font(FONT, "", 9.5)
            self.lines(values, line_mm, x=self.l_margin + label_mm)
            self.set_y(top + max(len(labels), len(values)) * line_mm + 0.8)
        self.set_font(FONT, "", 10)

    def table_of(
        self,
        headings: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        widths: Sequence[float],
        size: float = 8.5,
        align: Sequence[str] | None = None,
        colours: Sequence[tuple[int, int, int] | None] | None = None,
    ) -> None:
        """A table with a repeated heading row (``pdf.table``); ``widths`` are relative."""
        self.set_font(FONT, "", size)
        self.set_draw_color(*RULE)
        heading = FontFace(emphasis="BOLD", fill_color=HEADING_FILL)
        with self.table(
            col_widths=tuple(widths),
            headings_style=heading,
            line_height=size * 0.5,
            text_align=tuple(align) if align else "LEFT",
            borders_layout=TableBordersLayout.HORIZONTAL_LINES,
            padding=0.8,
            first_row_as_headings=True,
            repeat_headings=1,
        ) as table:
            table.row(list(headings))
            for index, row in enumerate(rows):
                colour = colours[index] if colours else None
                style = FontFace(color=colour) if colour else None
                cells = table.row()
                for value in row:
                    cells.cell(value, style=style)
        self.ln(2)
        self.set_font(FONT, "", 10)

    def long_table(
        self,
        headings: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        widths: Sequence[float],
        size: float = 7,
        right: Sequence[int] = (),
    ) -> None:
        """A table of many rows (the appendix), drawn line by line with ``text``: ``pdf.table``
        measures every character of every cell (~10 ms a row, 8.6 s for a heavy year's 860
        episodes); here each word's width is measured once and cached, so a row costs well under
        a millisecond. Cells wrap at spaces; the heading row repeats on each page; ``right``:
        columns aligned right. ``widths`` are relative, like ``table_of``'s."""
        scale = self.epw / sum(widths)
        columns = [w * scale for w in widths]
        pad = 0.8
        line_mm = size * 0.42
        cache: dict[tuple[str, str], float] = {}

        def width(word: str, style: str) -> float:
            key = (word, style)
            if key not in cache:
                cache[key] = self.get_string_width(word)
            return cache[key]

        def wrap(text: str, room: float, style: str) -> list[str]:
            lines: list[str] = []
            current, used = "", 0.0
            space = width(" ", style)
            for word in text.split():
                w = width(word, style)
                if current and used + space + w > room:
                    lines.append(current)
                    current, used = word, w
                else:
                    current, used = (
                        (f"{current} {word}", used + space + w) if current else (word, w)
                    )
            if current or not lines:
                lines.append(current)
            return lines

        def draw(cells: Sequence[str], style: Literal["", "B"]) -> None:
            self.set_font(FONT, style, size)
            wrapped = [wrap(c, col - 2 * pad, style) for c, col in zip(cells, columns, strict=True)]
            height = max(len(w) for w in wrapped) * line_mm + 2 * pad
            if self.get_y() + height > self.page_break_trigger:
                self.add_page()
                if style == "":
                    draw(headings, "B")
                    self.set_font(FONT, style, size)
            top, x = self.get_y(), self.l_margin
            if style == "B":
                self.set_fill_color(*HEADING_FILL)
                self.rect(self.l_margin, top, self.epw, height, style="F")
            for index, (lines, col) in enumerate(zip(wrapped, columns, strict=True)):
                for number, line in enumerate(lines):
                    shift = col - 2 * pad - width(line, style) if index in right else 0.0
                    baseline = top + pad + (number + 0.8) * line_mm
                    self.text(x + pad + shift, baseline, line)
                x += col
            self.set_draw_color(*RULE)
            self.line(self.l_margin, top + height, self.l_margin + self.epw, top + height)
            self.set_y(top + height)

        draw(headings, "B")
        for row in rows:
            draw(row, "")
        self.ln(2)
        self.set_font(FONT, "", 10)

    def picture(self, png: bytes, *, width_mm: float, height_mm: float) -> None:
        """An image at the left margin, on a new page when it does not fit."""
        self.need(height_mm + 2)
        self.image(BytesIO(png), x=self.l_margin, w=width_mm, h=height_mm)
        self.ln(2)
