"""Dark mode at 2 a.m. (issue 11, item 10), in Chromium at 390×844.

The theme follows the phone's setting (``prefers-color-scheme``, emulated here): the page is dark
when the phone is, light when it is. In both, the text of the red (emergency) and amber (urgent)
callouts, of the Flags page's severity badges and of the primary button reads at WCAG AA
(≥ 4.5:1), measured from the colours the browser renders (``getComputedStyle``; a translucent
background is laid over what lies under it, as the eye sees it). Screenshots of Today, the
contraction timer (and its Chart tab), Flags and Cramp patterns in dark go to artifacts/dark/,
to be looked at, with the measured ratios (contrast.json).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import pytest
from playwright.sync_api import Locator, Page, expect

from db.migrate import open_database
from tests.e2e.conftest import ARTIFACTS_DIR
from tests.e2e.test_deep_links import open_page
from tests.support.server import StreamlitServer
from tracker.core.kinds import EntryKind
from tracker.entries.journal import log_entry
from tracker.entries.profile import ensure_profile, update_profile

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.parametrize("device_profile", ["phone"], indirect=True),
]
DARK_DIR = ARTIFACTS_DIR / "dark"
WAIT_MS = 15_000
AA_TEXT = 4.5
AA_MARKS = 3.0
"""WCAG 2.x: 4.5:1 for text, 3:1 for the parts of a control that show it (1.4.11)."""

COLOURS_JS = """
(el) => {
  const parse = (text) => {
    const m = text.startsWith("rgb") ? text.match(/[\\d.]+%?/g) : null;
    if (!m || m.length < 3 || m.length > 4) throw new Error("unexpected colour " + text);
    let a = m[3] === undefined ? 1 : parseFloat(m[3]);
    if (m[3] && m[3].endsWith("%")) a = a / 100;
    return [parseFloat(m[0]), parseFloat(m[1]), parseFloat(m[2]), a];
  };
  const over = (top, under) => [0, 1, 2].map(
    (i) => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const chain = [];
  for (let node = el; node; node = node.parentElement) chain.unshift(node);
  let background = [255, 255, 255, 1];  // the canvas under <html>
  for (const node of chain) {
    background = over(parse(getComputedStyle(node).backgroundColor), background);
  }
  const text = over(parse(getComputedStyle(el).color), background);
  return {text: text.slice(0, 3), background: background.slice(0, 3)};
}
"""


def luminance(rgb: list[float]) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: list[float], b: list[float]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def colours(target: Locator) -> dict[str, Any]:
    expect(target).to_be_visible(timeout=WAIT_MS)
    return dict(target.evaluate(COLOURS_JS))


def text_contrast(target: Locator) -> float:
    seen = colours(target)
    return contrast(seen["text"], seen["background"])


def page_background(page: Page) -> list[float]:
    return list(colours(page.get_by_test_id("stApp"))["background"])


def main(page: Page) -> Locator:
    return page.get_by_test_id("stMain")


def diary_with_flags(server: StreamlitServer) -> None:
    """A person at 38 weeks: an emergency (numbness down one side, rule B2), urgent flags (a
    cramp in the chest, waters broken green), four timed contractions and a fortnight of cramps
    and drinks, in the profile the app made on its first page."""
    now = datetime.now(UTC)
    engine = open_database(server.db_url)
    try:
        profile = ensure_profile(engine=engine, now=now)
        profile = update_profile(
            engine=engine,
            profile=profile,
            changes={"sex": "female", "due_date": (now + timedelta(days=14)).date()},
            now=now,
        )

        def log(entry_kind: EntryKind, /, **values: Any) -> None:
            log_entry(engine=engine, kind=entry_kind, profile_id=profile.id, values=values, now=now)

        for day in range(1, 15, 2):
            log(
                EntryKind.CRAMPS,
                started_at=now - timedelta(days=day, hours=3),
                region=("calf", "lower_back", "thigh")[day % 3],
                side="left",
                quality="cramp",
                intensity=3 + day % 6,
                triggers={"night_sleep"},
            )
            log(
                EntryKind.HYDRATION,
                taken_at=now - timedelta(days=day, hours=2),
                volume_ml=500 + 100 * (day % 5),
                beverage="water",
            )
        log(
            EntryKind.CRAMPS,
            started_at=now - timedelta(hours=2),
            region="calf",
            side="left",
            quality="cramp",
            intensity=7,
            symptoms={"numbness_one_side"},
        )
        log(
            EntryKind.CRAMPS,
            started_at=now - timedelta(hours=1),
            region="chest",
            side="center",
            quality="cramp",
            intensity=5,
        )
        for i in range(4):
            start = now - timedelta(minutes=40 - 5 * i)
            log(
                EntryKind.CONTRACTIONS,
                started_at=start,
                ended_at=start + timedelta(seconds=50),
                intensity="moderate",
                location="front",
            )
        log(
            EntryKind.EVENTS,
            occurred_at=now - timedelta(minutes=30),
            kind="waters_broke",
            detail="green_brown",
        )
    finally:
        engine.dispose()


def in_scheme(page: Page, scheme: Literal["light", "dark"]) -> None:
    page.emulate_media(color_scheme=scheme)
    page.wait_for_timeout(300)  # the theme follows the media query on its next paint


def to_top(target: Locator) -> None:
    """Scroll ``target`` to the top of the screen, below Streamlit's header bar."""
    target.first.evaluate(
        "el => { el.scrollIntoView({block: 'start'});"
        " const main = el.closest('[data-testid=stMain]'); if (main) main.scrollBy(0, -70); }"
    )


def screenshot(page: Page, name: str) -> None:
    DARK_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DARK_DIR / f"{name}.png"))


def test_the_theme_follows_the_phone_and_callouts_read_in_both(
    fresh_server: StreamlitServer, page: Page
) -> None:
    open_page(page, "/")  # the app makes the profile in the browser's zone
    diary_with_flags(fresh_server)
    measured: dict[str, float] = {}

    schemes: tuple[Literal["light", "dark"], ...] = ("light", "dark")
    for scheme in schemes:
        in_scheme(page, scheme)
        open_page(page, "/")
        background = luminance(page_background(page))
        assert (background < 0.05) if scheme == "dark" else (background > 0.9), background

        red = main(page).get_by_test_id("stAlertContentError").locator("p").first
        amber = main(page).get_by_test_id("stAlertContentWarning").locator("p").first
        measured[f"{scheme} red callout"] = text_contrast(red)
        measured[f"{scheme} amber callout"] = text_contrast(amber)
        if scheme == "dark":
            screenshot(page, "today")

        open_page(page, "/flags")
        badges = main(page).locator("span.stMarkdownBadge")
        measured[f"{scheme} emergency badge"] = text_contrast(
            badges.filter(has_text="Emergency").first
        )
        measured[f"{scheme} urgent badge"] = text_contrast(badges.filter(has_text="Urgent").first)
        if scheme == "dark":
            to_top(main(page).get_by_text("Also show"))
            screenshot(page, "flags")

        open_page(page, "/contractions")
        start = main(page).get_by_role("button", name="Start contraction")
        measured[f"{scheme} primary button"] = text_contrast(start.locator("p").first)
        button = colours(start)["background"]
        marks = contrast(button, page_background(page))
        assert marks >= AA_MARKS, f"{scheme}: the primary button on the page {marks:.2f}:1"
        if scheme == "dark":
            to_top(main(page).get_by_role("heading", name="Contraction timer"))
            screenshot(page, "timer")
            main(page).get_by_role("tab", name="Chart").click()
            chart = main(page).locator(".js-plotly-plot").first
            expect(chart).to_be_visible(timeout=WAIT_MS)
            to_top(chart)
            page.wait_for_timeout(500)
            screenshot(page, "timer-chart")

    # Cramp patterns (bars, the heatmap, the body diagram) on a dark phone, for the eye.
    open_page(page, "/patterns")
    expect(main(page).locator(".js-plotly-plot").first).to_be_visible(timeout=WAIT_MS)
    for heading, name in (("Over time", "insights-over-time"), ("Where", "insights-body")):
        to_top(main(page).get_by_role("heading", name=heading))
        page.wait_for_timeout(500)  # plotly draws once it is on screen
        screenshot(page, name)
    in_scheme(page, "light")

    (DARK_DIR / "contrast.json").write_text(
        json.dumps({name: round(ratio, 2) for name, ratio in measured.items()}, indent=1)
    )
    low = {name: round(ratio, 2) for name, ratio in measured.items() if ratio < AA_TEXT}
    assert not low, f"text below {AA_TEXT}:1: {low} (all: {measured})"
