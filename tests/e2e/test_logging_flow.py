"""A person logs a cramp, a drink and a supplement through the real UI and sees all three on
Today, at desktop and phone sizes (Chromium against a running server and SQLite file)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_deep_links import open_page
from tests.support.server import StreamlitServer

pytestmark = pytest.mark.e2e
CLICK_TIMEOUT_MS = 15_000


def main(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_test_id("stMain")


def choose_in_selectbox(page: Page, label: str, option: str) -> None:
    box = main(page).get_by_test_id("stSelectbox").filter(has_text=label).first
    box.locator("input").click()
    page.get_by_role("option", name=option, exact=True).click()


def test_cramp_drink_and_supplement_show_on_today(
    fresh_server: StreamlitServer, page: Page, device_profile: str
) -> None:
    # Supplements: add a product to the cabinet, then take one in one tap.
    open_page(page, "/supplements")
    body = main(page)
    body.get_by_label("Name").fill("Magnesium 200")
    body.get_by_label("Magnesium (elemental) (mg)").fill("200")
    body.get_by_role("button", name="Add to cabinet").click()
    expect(body.get_by_text("Added Magnesium 200 to your cabinet.")).to_be_visible(
        timeout=CLICK_TIMEOUT_MS
    )
    body.get_by_role("button", name="Took 1").click()
    expect(body.get_by_text("Logged 1 × Magnesium 200")).to_be_visible(timeout=CLICK_TIMEOUT_MS)

    # Cramps: where, side, what it felt like, save.
    open_page(page, "/cramps")
    body = main(page)
    choose_in_selectbox(page, "Where", "Calf")
    body.get_by_text("Left", exact=True).click()  # segmented control
    body.get_by_text("Cramp", exact=True).click()  # pills
    body.get_by_role("button", name="Save episode").click()
    expect(body.get_by_text("Saved: Calf (left) · cramp · 5/10")).to_be_visible(
        timeout=CLICK_TIMEOUT_MS
    )

    # Today: one tap for a glass of water; all three entries are listed.
    open_page(page, "/")
    body = main(page)
    # The cramp just logged is offered again in one tap (issue 11).
    expect(body.get_by_text("Cramp again?")).to_be_visible()
    expect(body.get_by_role("button", name="Calf (left) · cramp · 5/10")).to_be_visible()
    body.get_by_role("button", name="+250 ml").click()
    expect(body.get_by_text("Logged 250 ml of water at ")).to_be_visible(timeout=CLICK_TIMEOUT_MS)
    expect(body.get_by_role("progressbar").or_(body.get_by_text("250 ml of")).first).to_be_visible()
    table = body.get_by_test_id("stDataFrame")
    expect(table).to_be_visible()
    # Glide data grid renders cells on a canvas; its accessible table carries the text.
    for text in ("Calf (left) · cramp · 5/10", "250 ml water", "Magnesium 200 × 1"):
        expect(table.get_by_text(text, exact=False).first).to_be_attached(timeout=CLICK_TIMEOUT_MS)
    page.screenshot(path=f"artifacts/today-{device_profile}.png", full_page=True)
