"""Logging yesterday's cramp again on a 390×844 phone (issue 11, items 2 and 3), in Chromium.

Every tap goes through ``Taps``, which also counts the scrolls a person would need (a target
outside the viewport when it is due). Screenshots of Today and the cramp form, light and dark,
go to artifacts/phone/.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from db import crud
from db.migrate import open_database
from tests.e2e.conftest import ARTIFACTS_DIR
from tests.e2e.test_deep_links import open_page
from tests.support.server import StreamlitServer
from tracker.core.kinds import EntryKind
from tracker.entries.journal import log_entry
from tracker.entries.profile import ensure_profile

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.parametrize("device_profile", ["phone"], indirect=True),
]
SAVE_TIMEOUT_MS = 15_000
PHONE_DIR = ARTIFACTS_DIR / "phone"
MAX_TAPS = 3
"""Issue 11: the same region, side and quality at a new intensity in three taps or fewer."""


class Taps:
    """Taps a person makes, and the scrolls they need first (a target not fully on screen)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.taps = 0
        self.scrolls = 0

    def tap(self, target: Locator) -> None:
        target.wait_for(state="visible", timeout=SAVE_TIMEOUT_MS)
        box = target.bounding_box()
        height = (self.page.viewport_size or {"height": 0})["height"]
        if box is None or box["y"] < 0 or box["y"] + box["height"] > height:
            self.scrolls += 1
            target.scroll_into_view_if_needed()
        target.tap()
        self.taps += 1


def main(page: Page) -> Locator:
    return page.get_by_test_id("stMain")


def success(page: Page) -> Locator:
    return main(page).get_by_test_id("stAlertContentSuccess").locator("p")


def cramps(server: StreamlitServer) -> list[Any]:
    engine = open_database(server.db_url)
    try:
        profile = ensure_profile(engine=engine, now=datetime.now(UTC))
        return crud.list_entries(engine=engine, kind=EntryKind.CRAMPS, profile_id=profile.id)
    finally:
        engine.dispose()


def last_nights_cramp(server: StreamlitServer) -> None:
    """A calf cramp of 20 hours ago, in the profile the app made on its first page."""
    engine = open_database(server.db_url)
    now = datetime.now(UTC)
    try:
        profile = ensure_profile(engine=engine, now=now)
        log_entry(
            engine=engine,
            kind=EntryKind.CRAMPS,
            profile_id=profile.id,
            values={
                "started_at": now - timedelta(hours=20),
                "region": "calf",
                "side": "left",
                "quality": "cramp",
                "intensity": 6,
                "triggers": {"night_sleep"},
                "symptoms": {"leg_numbness_tingling"},
                "note": "woke me",
            },
            now=now,
        )
    finally:
        engine.dispose()


def pill(page: Page, key: str, option: str) -> Locator:
    """Option ``option`` of the pills or segmented control with widget key ``key``."""
    return page.locator(f".st-key-{key}").get_by_text(option, exact=True)


def button(page: Page, key: str) -> Locator:
    """The button with widget key ``key`` (a button with help has a hidden twin: not this)."""
    return page.locator(f".st-key-{key}").get_by_role("button")


def screenshot(page: Page, name: str) -> None:
    """The first screen (``<name>-<scheme>.png``) and the whole page (``…-whole.png``: the page
    scrolls inside Streamlit's own container, so a full-page shot would stop at 844 px)."""
    PHONE_DIR.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size or {"width": 390, "height": 844}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.wait_for_timeout(300)  # the theme follows the media query on its next paint
        page.screenshot(path=str(PHONE_DIR / f"{name}-{scheme}.png"))
        whole = page.get_by_test_id("stMain").evaluate("main => main.scrollHeight")
        page.set_viewport_size({"width": size["width"], "height": max(whole, size["height"])})
        page.wait_for_timeout(300)
        page.screenshot(path=str(PHONE_DIR / f"{name}-{scheme}-whole.png"))
        page.set_viewport_size(size)
    page.emulate_media(color_scheme="light")


def test_a_repeat_cramp_at_a_new_intensity_in_three_taps_from_today(
    fresh_server: StreamlitServer, page: Page
) -> None:
    open_page(page, "/")  # the app makes the profile in the browser's zone
    last_nights_cramp(fresh_server)
    open_page(page, "/")
    screenshot(page, "today")

    person = Taps(page)
    person.tap(pill(page, "today_again_intensity", "8"))
    log = main(page).get_by_role("button", name="Calf (left) · cramp · 8/10")
    person.tap(log)

    expect(success(page)).to_contain_text(
        "Saved: Calf (left) · cramp · 8/10, started at ", timeout=SAVE_TIMEOUT_MS
    )
    assert (person.taps, person.scrolls) == (2, 0)
    assert person.taps <= MAX_TAPS
    again = max(cramps(fresh_server), key=lambda row: row.id)
    assert (again.region, again.side, again.quality, again.intensity) == (
        "calf",
        "left",
        "cramp",
        8,
    )
    assert (again.note, again.symptoms, again.triggers) == ("", set(), set())
    assert abs((datetime.now(UTC) - again.started_at).total_seconds()) < 120  # now

    # The same cramp at the same intensity: one tap.
    person = Taps(page)
    person.tap(main(page).get_by_role("button", name="Calf (left) · cramp · 8/10"))
    for _ in range(150):  # poll the diary: the message of the first save is still shown
        if len(cramps(fresh_server)) == 3:
            break
        page.wait_for_timeout(100)
    assert len(cramps(fresh_server)) == 3
    assert (person.taps, person.scrolls) == (1, 0)


def test_pin_a_favourite_log_it_and_unpin_it(fresh_server: StreamlitServer, page: Page) -> None:
    open_page(page, "/")
    last_nights_cramp(fresh_server)
    open_page(page, "/")
    body = main(page)
    button(page, "today_again_calf_left_cramp_pin").tap()
    expect(success(page)).to_have_text(
        "Pinned Calf (left) · cramp · 6/10 to Today.", timeout=SAVE_TIMEOUT_MS
    )
    screenshot(page, "today-favourite")

    person = Taps(page)
    person.tap(body.get_by_role("button", name="Calf (left) · cramp · 6/10"))
    expect(success(page)).to_contain_text("Saved: Calf (left) · cramp · 6/10, started at ")
    assert (person.taps, person.scrolls) == (1, 0)
    assert len(cramps(fresh_server)) == 2

    button(page, "today_again_calf_left_cramp_unpin").tap()
    expect(success(page)).to_have_text(
        "Unpinned Calf (left) · cramp from Today.", timeout=SAVE_TIMEOUT_MS
    )
    expect(button(page, "today_again_calf_left_cramp_pin")).to_be_visible()


def settled_box(page: Page, locator: Locator) -> dict[str, float]:
    """Where ``locator`` is once the page stops moving: on a busy machine the previous page's
    elements can still be on screen for a moment while the new one is drawn."""
    last = None
    for _ in range(50):
        box = locator.bounding_box()
        if box is not None and box == last:
            return dict(box)
        last = box
        page.wait_for_timeout(200)
    raise AssertionError(f"{locator} kept moving: {last}")


def test_the_cramp_forms_first_screen_holds_where_side_how_bad_and_feel(
    fresh_server: StreamlitServer, page: Page
) -> None:
    open_page(page, "/")
    last_nights_cramp(fresh_server)  # so "Same as last time" takes its place above the form
    open_page(page, "/cramps")
    body = main(page)
    expect(button(page, "cramp_same_as_last")).to_be_visible()
    expect(body.get_by_role("heading", level=1)).to_have_text("Cramps & pain")
    height = (page.viewport_size or {"height": 0})["height"]
    for label in ("Where", "Side", "How bad?", "What it felt like"):
        field = body.get_by_test_id("stWidgetLabel").filter(has_text=label).first
        box = settled_box(page, field)
        assert box["y"] + box["height"] <= height, label
    slider = body.get_by_test_id("stSlider").first.bounding_box()
    quality = pill(page, "cramp_quality", "Cramp").bounding_box()
    assert slider is not None and quality is not None
    assert quality["y"] + quality["height"] <= height
    expect(body.get_by_text("Needed: where, side and what it felt like.")).to_be_visible()
    # Triggers, relief, duration and the note are behind "More details"; the serious
    # symptoms are not.
    expect(body.get_by_text("What set it off", exact=True)).to_be_hidden()
    expect(body.get_by_text("Numbness around the genitals", exact=False).first).to_be_attached()
    screenshot(page, "cramp-form")

    # A trigger chosen with a tap: the choices stay as they were, no list left open over them.
    body.get_by_text("More details", exact=False).first.tap()
    pill(page, "cramp_triggers", "At night / in sleep").tap()
    expect(page.get_by_role("listbox")).to_have_count(0)
    expect(pill(page, "cramp_triggers", "Exercise")).to_be_visible()
