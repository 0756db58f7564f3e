"""Issue 9's four questions, asked on a phone of a year's diary (Chromium at 390×844): "What
makes it worse? Are they getting more frequent? Does the magnesium help? Am I drinking
enough?". From Today, the top bar's Insights (one tap) shows how often lately and the days at
the drinks goal; the Dashboard's "What helps, what hurts" (a second tap) shows the drinks and
magnesium comparisons. Each answer is the statistics' own sentence or figure for the 90 days
shown, on screen, and the whole walk takes two taps and well under a minute of machine time
(the reading is the person's). A picture of each page is left in artifacts/insights/.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from db.migrate import open_database
from tests.e2e.test_deep_links import open_page
from tests.e2e.test_insights import SCREENSHOTS, screenshot_whole_page
from tests.support.server import StreamlitServer
from tracker.core.timeutil import local_date
from tracker.entries.profile import ensure_profile
from tracker.files import demo
from tracker.insights.summary import insights

pytestmark = pytest.mark.e2e

TIMEZONE = "Europe/London"
SHOWN_DAYS = 90
"""The Insights pages' range until the person picks another."""
MAGNESIUM = "Magnesium citrate 100 mg"
"""The demo diary's magnesium (tracker.files.demo)."""
ANSWER_TIMEOUT_MS = 20_000


def a_year_of_demo(server: StreamlitServer) -> dict[str, Any]:
    """365 demo days ending now in the server's database; the statistics of the 90 days the
    pages show first (``insights --json``'s object)."""
    now = datetime.now(UTC)
    engine = open_database(server.db_url)
    try:
        profile = ensure_profile(engine=engine, now=now, timezone=TIMEZONE)
        demo.fill(engine=engine, profile=profile, days=365, seed=11, now=now)
        last = local_date(now, TIMEZONE)
        first = last - timedelta(days=SHOWN_DAYS - 1)
        return insights(engine=engine, profile=profile, first=first, last=last, now=now)
    finally:
        engine.dispose()


def sentence(found: dict[str, Any], factor: str, lag_days: int) -> str:
    [result] = [f for f in found["factors"] if f["factor"] == factor and f["lag_days"] == lag_days]
    assert result["enough_data"], result  # a year of demo data compares both
    return str(result["sentence"])


def heading(page: Page) -> Locator:
    return page.get_by_test_id("stMain").get_by_role("heading", level=1)


@pytest.mark.parametrize("device_profile", ["phone"], indirect=True)
def test_the_four_questions_are_answered_in_two_taps_on_a_phone(
    fresh_server: StreamlitServer, page: Page, device_profile: str
) -> None:
    found = a_year_of_demo(fresh_server)
    figures = found["dashboard"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    main = page.get_by_test_id("stMain")
    open_page(page, "/")
    expect(heading(page)).to_have_text("Today")

    began, taps = time.monotonic(), 0
    page.locator(".st-key-phone_nav").get_by_role("link", name="Insights").click()
    taps += 1
    expect(heading(page)).to_have_text("Dashboard")
    # Are they getting more frequent? The halves' rate ratio, in words.
    often = figures["frequency_trend"]
    assert often["enough_data"] and often["half_days"] == SHOWN_DAYS // 2
    expect(main.get_by_text(often["sentence"])).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    # Am I drinking enough? Days at the goal, of the days with drinks logged.
    goal = main.get_by_test_id("stMetric").filter(has_text="Days at your drinks goal")
    expect(goal.get_by_test_id("stMetricValue")).to_have_text(
        f"{figures['days_at_goal']} of {figures['days_with_drinks']}"
    )
    screenshot_whole_page(page, SCREENSHOTS / "four-questions-dashboard-phone.png")

    main.get_by_role("link", name="What helps, what hurts").click()
    taps += 1
    expect(heading(page)).to_have_text("What helps, what hurts")
    # What makes it worse? Drinking under the goal, the same day and the next.
    for lag in (0, 1):
        answer = main.get_by_text(sentence(found, "drinks_below_goal", lag))
        expect(answer).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    # Does the magnesium help? Days with it against days without.
    for lag in (0, 1):
        expect(main.get_by_text(sentence(found, f"product:{MAGNESIUM}", lag))).to_be_visible()
    elapsed_s = time.monotonic() - began
    screenshot_whole_page(page, SCREENSHOTS / "four-questions-factors-phone.png")

    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert taps == 2
    assert elapsed_s < 60, f"the four answers took {elapsed_s:.1f} s to show"
    print(f"\nfour questions on a phone: {taps} taps, {elapsed_s:.1f} s until every answer showed")
