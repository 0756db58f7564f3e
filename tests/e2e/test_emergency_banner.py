"""A logged emergency shows in red on every page until the person says they have got help
(Chromium against a real server; the acknowledgement is stored, so a reload keeps it hidden)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from db.migrate import open_database
from tests.e2e.test_deep_links import open_page
from tests.support.server import StreamlitServer
from tracker.entries.profile import ensure_profile, update_profile

pytestmark = pytest.mark.e2e
WAIT_MS = 15_000
BANNER = "Cord felt or seen"


def pregnant_at_38_weeks(server: StreamlitServer) -> None:
    now = datetime.now(UTC)
    engine = open_database(server.db_url)
    profile = ensure_profile(engine=engine, now=now, timezone="Europe/London")
    update_profile(
        engine=engine,
        profile=profile,
        changes={"due_date": (now + timedelta(days=14)).date()},
        now=now,
    )
    engine.dispose()


def test_emergency_banner_on_every_page_until_acknowledged(
    fresh_server: StreamlitServer, page: Page
) -> None:
    pregnant_at_38_weeks(fresh_server)
    open_page(page, "/pregnancy")
    main = page.get_by_test_id("stMain")
    main.get_by_text("Cord felt or seen", exact=True).click()  # the kind radio
    main.get_by_role("button", name="Save: Cord felt or seen").click()
    expect(main.get_by_text("Saved").first).to_be_visible(timeout=WAIT_MS)

    for path in ("/drinks", "/"):
        open_page(page, path)
        alert = page.get_by_test_id("stAlertContentError").filter(has_text=BANNER).first
        expect(alert).to_be_visible(timeout=WAIT_MS)
        expect(alert).to_contain_text("emergency number now")

    page.get_by_role("button", name="I have got help: hide this alert").first.click()
    expect(page.get_by_test_id("stAlertContentError").filter(has_text=BANNER)).to_have_count(
        0, timeout=WAIT_MS
    )
    open_page(page, "/settings")
    expect(page.get_by_test_id("stAlertContentError").filter(has_text=BANNER)).to_have_count(0)

    open_page(page, "/flags")
    expect(page.get_by_test_id("stMain").get_by_text("P9", exact=False).first).to_be_visible()
