"""Colours our charts hard-code read on both themes (issue 11, item 10: dark mode).

The backgrounds are the ones Chromium renders for Streamlit 1.67's themes (measured by
tests/e2e/test_dark_mode.py): white, and rgb(23, 22, 20) in dark. WCAG 2.x: text 4.5:1, the
marks a chart's meaning rests on (bars, lines, points) 3:1 (1.4.11).
"""

from __future__ import annotations

import re

import pytest

from tracker.flags import Severity
from tracker.ui.insights import body, charts, flag_trends, pregnancy

LIGHT_BG, DARK_BG = (255, 255, 255), (23, 22, 20)


def rgb(colour: str) -> tuple[float, float, float]:
    if colour.startswith("#"):
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]
    found = re.fullmatch(r"rgb\((\d+), (\d+), (\d+)\)", colour)
    assert found, colour
    return tuple(float(v) for v in found.groups())  # type: ignore[return-value]


def luminance(colour: tuple[float, float, float]) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_matches_known_pairs() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast(rgb("#1f6f8b"), LIGHT_BG) == pytest.approx(5.67, abs=0.01)


@pytest.mark.parametrize("most", range(1, 16))
def test_every_count_on_the_body_diagram_reads_on_its_shade(most: int) -> None:
    for count in range(1, most + 1):
        fill = rgb(body._fill(count, most))
        text = rgb(body._text_colour(count, most))
        assert contrast(text, fill) >= 4.5, (count, most, fill, text)


@pytest.mark.parametrize(
    ("name", "colour"),
    [
        ("bars", charts.BAR),
        ("averages and intensity", charts.LINE),
        ("goal lines", charts.GOAL),
        ("days over an upper level", charts.OVER),
        ("pregnancy: contractions a day", pregnancy.BAR),
        ("pregnancy: events", pregnancy.EVENT),
        ("pregnancy: a session that met the rule", pregnancy.MET),
        *((f"flag trends: {s.value}", flag_trends.SEVERITY_HEX[s]) for s in Severity),
    ],
)
def test_chart_marks_stand_out_on_both_themes(name: str, colour: str) -> None:
    for background in (LIGHT_BG, DARK_BG):
        assert contrast(rgb(colour), background) >= 3.0, (name, colour, background)
