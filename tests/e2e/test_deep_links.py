"""A bookmarked page opened straight after the server starts shows that page inside the frame.

Streamlit's first request after a start is where multipage apps go wrong (testing.md: a page
run alone without the frame, or a false "Page not found" dialog), so every case here gets a
server of its own and opens the bookmark as its very first request, at phone and desktop size.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.server import StreamlitServer
from tracker.ui.frame import NOT_MEDICAL_ADVICE

pytestmark = pytest.mark.e2e

BOOKMARKS = {
    "/": "Today",
    "/cramps": "Cramps & pain",
    "/drinks": "Drinks",
    "/supplements": "Supplements & medicines",
    "/pregnancy": "Pregnancy events",
    "/history": "History",
    "/flags": "Flags",
    "/dashboard": "Dashboard",
    "/contractions": "Contraction timer",
    "/export": "Share & export",
    "/settings": "Settings",
}
"""URL path → the page's title (its heading and the start of the browser tab's title). One
Insights page stands for the others (each fresh server costs seconds; every page's footer on an
empty diary is held by tests/pages/test_every_page_footer.py)."""

SIDEBAR_GROUPS = ["Log", "Insights", "Share", "Settings"]
"""A fresh diary has no due date: the Pregnancy group is left out of the menu."""
FIRST_RUN_TIMEOUT_MS = 30_000
"""A fresh server's first script run imports everything (seconds, more on a busy machine)."""


def open_page(page: Page, path: str) -> None:
    """Go to ``path`` and wait until the script has run to the frame's footer (or crashed)."""
    page.goto(path)
    footer = page.get_by_test_id("stMain").get_by_text(NOT_MEDICAL_ADVICE)
    crash = page.get_by_test_id("stException")
    expect(footer.or_(crash).first).to_be_visible(timeout=FIRST_RUN_TIMEOUT_MS)
    if crash.count():
        pytest.fail(f"{path} raised an exception:\n{crash.first.inner_text()}", pytrace=False)


def open_sidebar(page: Page, device_profile: str) -> None:
    """On a phone the sidebar starts folded away, as a person would find it: unfold it."""
    if device_profile == "phone":
        page.get_by_test_id("stExpandSidebarButton").click()


PHONE_BOOKMARKS = ("/", "/contractions")
"""At phone size, the home screen's two bookmarks: Today, and the timer a person opens at night
in labour (each fresh server costs seconds; the frame is the same for every page, every bookmark
is opened at desktop size, and tests/e2e/test_phone_nav.py walks the phone's top bar)."""


@pytest.mark.parametrize(
    ("device_profile", "path"),
    [
        *(("desktop", path) for path in BOOKMARKS),
        *(("phone", path) for path in PHONE_BOOKMARKS),
    ],
    indirect=["device_profile"],
)
def test_bookmark_opens_its_page_in_the_frame_on_a_fresh_server(
    fresh_server: StreamlitServer, page: Page, device_profile: str, path: str
) -> None:
    title = BOOKMARKS[path]
    open_page(page, path)

    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(page).to_have_url(re.compile(re.escape(fresh_server.base_url + path) + r"/?$"))
    expect(page).to_have_title(f"{title} · Cramp Tracker")
    expect(page.get_by_test_id("stMain").get_by_role("heading", level=1)).to_have_text(title)

    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_test_id("stSidebarNav")).to_have_count(0)  # not Streamlit's own menu
    open_sidebar(page, device_profile)
    headers = sidebar.get_by_test_id("stMarkdownContainer").locator("strong")
    expect(headers).to_have_text(SIDEBAR_GROUPS)
    expect(headers.first).to_be_in_viewport()


@pytest.mark.parametrize("device_profile", ["desktop"], indirect=True)
def test_unknown_path_shows_the_not_found_dialog(fresh_server: StreamlitServer, page: Page) -> None:
    """The check above can fail: a path with no page does bring up Streamlit's dialog."""
    open_page(page, "/no-such-page")

    expect(page.get_by_role("dialog")).to_contain_text("Page not found")
