"""Navigation that fits a thumb (issue 11, item 1), in Chromium: on a phone, the top bar takes
a person to the four most used pages in one tap, and the menu closes itself after a link in it
is tapped or a tap lands outside it; on a desktop the sidebar stays and the top bar is hidden."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Locator, Page, expect

from db.migrate import open_database
from tests.e2e.test_deep_links import open_page
from tests.support.server import StreamlitServer
from tracker.entries.profile import ensure_profile, update_profile

pytestmark = pytest.mark.e2e


def heading(page: Page) -> Locator:
    return page.get_by_test_id("stMain").get_by_role("heading", level=1)


def menu(page: Page) -> Locator:
    return page.get_by_test_id("stSidebar")


def top_bar(page: Page) -> Locator:
    return page.locator(".st-key-phone_nav")


@pytest.mark.parametrize("device_profile", ["phone"], indirect=True)
def test_a_phone_gets_there_in_one_tap_and_the_menu_closes_itself(
    fresh_server: StreamlitServer, page: Page, device_profile: str
) -> None:
    open_page(page, "/")
    bar = top_bar(page)
    expect(bar).to_be_visible()
    expect(bar.get_by_role("link")).to_contain_text(["Today", "Log cramp", "Insights"])  # no timer
    expect(menu(page)).to_have_attribute("data-collapsed", "true")

    bar.get_by_role("link", name="Log cramp").click()  # 1 tap
    expect(heading(page)).to_have_text("Cramps & pain")

    page.get_by_test_id("stExpandSidebarButton").click()  # tap 1: open the menu
    expect(menu(page)).to_have_attribute("data-collapsed", "false")
    menu(page).get_by_role("link", name="History").click()  # tap 2: the page, menu closes
    expect(heading(page)).to_have_text("History")
    expect(menu(page)).to_have_attribute("data-collapsed", "true")
    expect(top_bar(page)).to_be_in_viewport()

    page.get_by_test_id("stExpandSidebarButton").click()
    expect(menu(page)).to_have_attribute("data-collapsed", "false")
    page.mouse.click(380, 600)  # a tap beside the menu, on the page it covers
    expect(menu(page)).to_have_attribute("data-collapsed", "true")
    expect(heading(page)).to_have_text("History")  # the tap only closed the menu


@pytest.mark.parametrize("device_profile", ["desktop"], indirect=True)
def test_a_desktop_keeps_its_sidebar_and_has_no_top_bar(
    fresh_server: StreamlitServer, page: Page, device_profile: str
) -> None:
    open_page(page, "/")
    expect(top_bar(page)).to_be_hidden()
    menu(page).get_by_role("link", name="Flags").click()
    expect(heading(page)).to_have_text("Flags")
    expect(menu(page)).to_have_attribute("data-collapsed", "false")
    expect(menu(page).get_by_role("link", name="History")).to_be_visible()


@pytest.mark.parametrize("device_profile", ["phone"], indirect=True)
def test_in_pregnancy_the_four_links_fit_one_row_of_a_phone(
    fresh_server: StreamlitServer, page: Page, device_profile: str
) -> None:
    now = datetime.now(UTC)
    engine = open_database(fresh_server.db_url)
    profile = ensure_profile(engine=engine, now=now, timezone="Europe/London")
    update_profile(
        engine=engine, profile=profile, changes={"due_date": (now + timedelta(days=9)).date()},
        now=now,
    )  # fmt: skip
    engine.dispose()
    open_page(page, "/contractions")
    links = top_bar(page).get_by_role("link")
    expect(links).to_contain_text(["Today", "Log cramp", "Timer", "Insights"])
    boxes = [links.nth(i).bounding_box() for i in range(4)]
    assert all(b is not None for b in boxes)
    tops = {round(b["y"]) for b in boxes if b}
    assert len(tops) == 1, f"the top bar wraps: {boxes}"
    assert max(b["x"] + b["width"] for b in boxes if b) <= 390
