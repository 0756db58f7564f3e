"""Every Insights page in Chromium on a server whose database holds a demo diary, at desktop and
phone size: each opens with its charts drawn and no error element, and a full-page screenshot
of each is saved to ``artifacts/insights/<page>-<device>.png`` for a person to look at."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from db.migrate import open_database
from tests.e2e.conftest import ARTIFACTS_DIR
from tests.e2e.test_deep_links import open_page
from tests.support.server import StreamlitServer
from tracker.entries.profile import ensure_profile
from tracker.files import demo
from tracker.serving import UNEXPECTED_ERROR

pytestmark = pytest.mark.e2e

PAGES = {
    "dashboard": ("Dashboard", 2),
    "patterns": ("Cramp patterns", 5),
    "factors": ("What helps, what hurts", 3),
    "intake_insights": ("Drinks & supplements", 4),
    "flag_trends": ("Flag trends", 1),
}
"""URL path → (title, fewest plotly charts the demo diary gives the page)."""
SCREENSHOTS = ARTIFACTS_DIR / "insights"
CHART_TIMEOUT_MS = 15_000


def fill_with_demo(server: StreamlitServer) -> None:
    """120 days of the demo diary in the server's database, ending now (the server's clock)."""
    now = datetime.now(UTC)
    engine = open_database(server.db_url)
    profile = ensure_profile(engine=engine, now=now, timezone="Europe/London")
    demo.fill(engine=engine, profile=profile, days=120, seed=11, now=now)
    engine.dispose()


def test_every_insights_page_draws_its_charts_without_an_error(
    fresh_server: StreamlitServer, page: Page, device_profile: str
) -> None:
    fill_with_demo(fresh_server)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for path, (title, charts) in PAGES.items():
        open_page(page, f"/{path}")
        main = page.get_by_test_id("stMain")
        expect(main.get_by_role("heading", level=1)).to_have_text(title)
        plots = main.locator("[data-testid='stPlotlyChart'] .main-svg")
        expect(plots.nth(charts - 1)).to_be_visible(timeout=CHART_TIMEOUT_MS)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        expect(page.get_by_text(UNEXPECTED_ERROR)).to_have_count(0)  # flags may be red
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"/{path} scrolls sideways at {device_profile} size"
        screenshot_whole_page(page, SCREENSHOTS / f"{path}-{device_profile}.png")


def screenshot_whole_page(page: Page, path: Path) -> None:
    """Streamlit scrolls inside its main area, not the document, so ``full_page`` alone shows
    one screen: the viewport grows to the main area's height for the picture."""
    viewport = page.viewport_size
    assert viewport is not None
    height = page.evaluate(
        "Math.max(...[...document.querySelectorAll('[data-testid=stMain], "
        "[data-testid=stAppViewContainer]')].map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": viewport["width"], "height": int(height)})
    page.screenshot(path=path, full_page=True)
    page.set_viewport_size(viewport)


@pytest.mark.parametrize("device_profile", ["desktop"], indirect=True)
def test_the_chosen_dates_follow_to_the_next_insights_page(
    fresh_server: StreamlitServer, page: Page
) -> None:
    fill_with_demo(fresh_server)
    open_page(page, "/dashboard")
    main = page.get_by_test_id("stMain")
    main.get_by_role("radio", name="30 days").click()
    expect(main.get_by_text("(30 days)")).to_be_visible(timeout=CHART_TIMEOUT_MS)

    page.get_by_test_id("stSidebar").get_by_role("link", name="Cramp patterns").click()

    expect(main.get_by_role("heading", level=1)).to_have_text("Cramp patterns")
    expect(main.get_by_text("(30 days)")).to_be_visible(timeout=CHART_TIMEOUT_MS)


def test_pregnancy_and_labour_draws_its_charts_for_a_pregnant_diary(
    fresh_server: StreamlitServer, page: Page, device_profile: str
) -> None:
    """The one Insights page that needs a due date: 60 pregnant demo days (practice evenings
    and a labour), both charts drawn, no error, no sideways scrolling, and its picture."""
    now = datetime.now(UTC)
    engine = open_database(fresh_server.db_url)
    profile = ensure_profile(engine=engine, now=now, timezone="Europe/London")
    demo.fill(engine=engine, profile=profile, days=60, seed=3, pregnant=True, now=now)
    engine.dispose()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    open_page(page, "/pregnancy_insights")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", level=1)).to_have_text("Pregnancy & labour")
    plots = main.locator("[data-testid='stPlotlyChart'] .main-svg")
    expect(plots.nth(1)).to_be_visible(timeout=CHART_TIMEOUT_MS)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_text(UNEXPECTED_ERROR)).to_have_count(0)  # flags may be red
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"/pregnancy_insights scrolls sideways at {device_profile}"
    screenshot_whole_page(page, SCREENSHOTS / f"pregnancy_insights-{device_profile}.png")
