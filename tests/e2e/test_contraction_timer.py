"""The contraction timer in Chromium against a real server: six contractions timed with the big
button (one of them across a reload), the table and the summary's one measure (median of the
last 6) agreeing with what was stored; four timed and shared (the go-in rule's checklist, the
share button's copy fallback, light and dark screenshots at phone size); the clock ticking
without losing a half-typed note, a second device and a restarted server finding the running
contraction, and the button fully on screen on a phone.

No sleeps: every wait is an ``expect`` on what the page shows (the live clock reaching a reading
is how a contraction is made to last about a second, and how two are kept apart).
"""

from __future__ import annotations

import re
import statistics
from datetime import UTC, datetime
from itertools import pairwise

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from db import crud
from db.migrate import open_database
from tests.e2e.test_deep_links import open_page
from tests.support import server
from tests.support.server import StreamlitServer
from tracker.core.kinds import EntryKind
from tracker.core.models import ContractionRead
from tracker.core.timeutil import format_duration_s, format_local
from tracker.entries.profile import ensure_profile
from tracker.ui.frame import NOT_MEDICAL_ADVICE

pytestmark = pytest.mark.e2e

START = "Start contraction"
STOP = "Stop contraction"
TAP_TIMEOUT_MS = 15_000
TICK_TIMEOUT_MS = 10_000
"""The clock ticks each second; a busy machine may need a few."""
PATH = "/contractions"


def main(page: Page) -> Locator:
    return page.get_by_test_id("stMain")


def tap_button(page: Page) -> Locator:
    """The big button, whichever it reads (of the two, Start and Stop, the one shown)."""
    return main(page).locator(".st-key-timer_tap button:visible")


def open_timer(page: Page) -> None:
    """Open the timer and wait until one button shows (on a browser's first visit the style
    hiding the other may land a moment after the buttons; on a fresh server whose cores are
    busy, seconds after the footer)."""
    open_page(page, PATH)
    expect(tap_button(page)).to_have_count(1, timeout=TAP_TIMEOUT_MS)


def reading(page: Page, label: str) -> Locator:
    """The value of the metric labelled ``label`` (the clock's or the summary's)."""
    metric = (
        main(page)
        .get_by_test_id("stMetric")
        .filter(has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True))
    )
    return metric.get_by_test_id("stMetricValue")


def at_least(seconds: int) -> re.Pattern[str]:
    """A clock reading (``m:ss``) of at least ``seconds`` (1–9): ticks may skip a second on a
    busy machine, so a wait asks for "this much or more", never one exact reading."""
    return re.compile(rf"^(0:(0[{seconds}-9]|[1-5]\d)|[1-9]\d*:\d\d)$")


def tap(page: Page, expect_after: str) -> None:
    tap_button(page).click()
    expect(tap_button(page)).to_have_text(expect_after, timeout=TAP_TIMEOUT_MS)


def stored(server: StreamlitServer) -> list[ContractionRead]:
    engine = open_database(server.db_url)
    try:
        profile = ensure_profile(engine=engine, now=datetime.now(UTC))
        rows = crud.list_entries(engine=engine, kind=EntryKind.CONTRACTIONS, profile_id=profile.id)
        return [r for r in rows if isinstance(r, ContractionRead)]
    finally:
        engine.dispose()


def time_one(page: Page, *, reload_midway: bool = False) -> None:
    """Start, let the clock reach 0:01, (reload,) stop; then wait until 0:03 since it began."""
    tap(page, STOP)
    expect(reading(page, "Running for")).to_have_text(at_least(1), timeout=TICK_TIMEOUT_MS)
    if reload_midway:
        page.reload()
        open_timer(page)
        expect(tap_button(page)).to_have_text(STOP)  # from the database, not the tab
        expect(reading(page, "Running for")).not_to_have_text("0:00")
    tap(page, START)
    since = reading(page, "Since last start")
    expect(since).to_have_text(at_least(3), timeout=TICK_TIMEOUT_MS)


@pytest.mark.parametrize("device_profile", ["phone"], indirect=True)  # where it is used
def test_six_contractions_with_a_reload_show_six_rows_and_the_right_averages(
    fresh_server: StreamlitServer, page: Page, device_profile: str
) -> None:
    open_timer(page)
    expect(tap_button(page)).to_have_text(START)
    for number in range(1, 7):
        time_one(page, reload_midway=number == 3)

    rows = stored(fresh_server)
    assert len(rows) == 6 and all(r.ended_at is not None for r in rows)
    durations = [r.duration_s for r in rows if r.duration_s is not None]
    intervals = [(b.started_at - a.started_at).total_seconds() for a, b in pairwise(rows)]
    # The clock rounds: 0:01 shows from 0.5 s, 0:03 from 2.5 s.
    assert all(d >= 0.5 for d in durations) and all(i >= 2.5 for i in intervals)

    page.reload()  # the summary of the last tap's rerun, now with a settled "last hour"
    open_timer(page)
    body = main(page)
    expect(body.get_by_text("6 contractions, newest first", exact=False)).to_be_visible()
    expect(body.get_by_text("6 contractions since", exact=False)).to_be_visible()
    # The one measure: the median of the last 6 (here all 5 intervals and all 6 durations).
    expect(reading(page, "Typical length (median of last 6)")).to_have_text(
        format_duration_s(statistics.median(durations))
    )
    expect(reading(page, "Typical interval (median of last 5)")).to_have_text(
        format_duration_s(statistics.median(intervals))
    )
    table = body.get_by_test_id("stDataFrame")
    for row in rows:  # each start, to the second, in the table (its accessible cells)
        start = format_local(row.started_at, "Europe/London", "%H:%M:%S")
        expect(table.get_by_text(start, exact=True).first).to_be_attached()
    page.screenshot(path=f"artifacts/contractions-six-{device_profile}.png")


def test_the_clock_ticks_without_losing_a_half_typed_note(
    fresh_server: StreamlitServer, page: Page
) -> None:
    open_timer(page)
    tap(page, STOP)
    tap(page, START)
    note = main(page).get_by_label("Note")
    note.fill("started in the bath")  # typed, not sent: no Enter, no submit
    since = reading(page, "Since last start")
    expect(since).to_have_text(at_least(2), timeout=TICK_TIMEOUT_MS)
    expect(since).to_have_text(at_least(4), timeout=TICK_TIMEOUT_MS)
    expect(note).to_have_value("started in the bath")
    expect(note).to_be_focused()


@pytest.mark.parametrize("device_profile", ["desktop"], indirect=True)
def test_a_second_device_follows_the_running_contraction(
    fresh_server: StreamlitServer, page: Page, browser: Browser
) -> None:
    open_timer(page)
    partner = browser.new_context(
        base_url=fresh_server.base_url, timezone_id="Europe/London"
    ).new_page()
    open_timer(partner)
    expect(tap_button(partner)).to_have_text(START)

    tap(page, STOP)
    expect(tap_button(partner)).to_have_text(STOP, timeout=TICK_TIMEOUT_MS)  # the clock noticed
    tap(partner, START)
    expect(tap_button(page)).to_have_text(START, timeout=TICK_TIMEOUT_MS)
    assert len(stored(fresh_server)) == 1
    partner.context.close()


@pytest.mark.parametrize("device_profile", ["phone", "desktop"], indirect=True)
def test_the_button_is_fully_on_screen_without_scrolling(
    fresh_server: StreamlitServer, page: Page, device_profile: str
) -> None:
    open_timer(page)
    viewport = page.viewport_size
    assert viewport is not None
    for label in (START, STOP):
        button = tap_button(page)
        expect(button).to_have_text(label)
        box = button.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["y"] >= 0, box
        assert box["x"] + box["width"] <= viewport["width"], (box, viewport)
        assert box["y"] + box["height"] <= viewport["height"], (box, viewport)
        assert box["height"] >= 100 and box["width"] >= 0.8 * min(viewport["width"], 700), box
        page.screenshot(
            path=f"artifacts/contractions-{label.split()[0].lower()}-{device_profile}.png"
        )
        if label == START:
            tap(page, STOP)


@pytest.mark.parametrize("device_profile", ["phone"], indirect=True)
def test_a_server_restart_keeps_the_running_contraction(
    fresh_server: StreamlitServer, page: Page
) -> None:
    open_timer(page)
    tap(page, STOP)
    fresh_server.stop()
    restarted = server.start(db_url=fresh_server.db_url)
    try:
        page.goto(restarted.base_url + PATH)
        expect(page.get_by_test_id("stMain").get_by_text(NOT_MEDICAL_ADVICE)).to_be_visible(
            timeout=30_000
        )
        expect(tap_button(page)).to_have_count(1)
        expect(tap_button(page)).to_have_text(STOP)
        tap(page, START)
    finally:
        restarted.stop()
    (row,) = stored(fresh_server)
    assert row.ended_at is not None


ARTIFACTS = "artifacts/labour"


def share_button(page: Page) -> Locator:
    """The share component's button (inside its iframe)."""
    return main(page).frame_locator("iframe").first.get_by_test_id("share-button")


@pytest.mark.parametrize("device_profile", ["phone"], indirect=True)
def test_four_contractions_timed_then_shared_show_one_measure_and_the_checklist(
    fresh_server: StreamlitServer, page: Page
) -> None:
    """Issue 11, items 7 and 8, as a person at 390×844 would: tap the big button eight times,
    then the share button once (9 taps). Headless Chromium has no ``navigator.share``, so the
    button copies the text and says so."""
    page.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=fresh_server.base_url
    )
    open_timer(page)
    taps = 0
    for _ in range(4):
        time_one(page)
        taps += 2
    page.reload()  # the summary of the last tap's rerun, settled
    open_timer(page)

    rows = stored(fresh_server)
    assert len(rows) == 4
    intervals = [(b.started_at - a.started_at).total_seconds() for a, b in pairwise(rows)]
    body = main(page)
    expect(reading(page, "Typical interval (median of last 3)")).to_have_text(
        format_duration_s(statistics.median(intervals))
    )
    expect(body.get_by_text("Average", exact=False)).to_have_count(0)
    expect(body.get_by_role("progressbar")).to_have_count(0)
    checklist = body.locator(".st-key-timer_checklist")
    # Seconds apart (≤ 5 min ✓), about a second long (not ≥ 60 s ✗), held a few minutes of 60.
    expect(checklist).to_contain_text("Your go-in rule 5-1-1")
    expect(checklist).to_contain_text(re.compile(r"every ≤ 5 min: yes \(typically \d+ s apart\)"))
    expect(checklist).to_contain_text(re.compile(r"lasting ≥ 60 s: not yet \(typically \d+ s\)"))
    expect(checklist).to_contain_text(re.compile(r"for 60 min: \d+ of 60 so far"))
    expect(checklist).to_contain_text("Not yet the pattern of your go-in rule (5-1-1).")

    button = share_button(page)
    button.scroll_into_view_if_needed()
    expect(button).to_have_text("Copy summary")  # no share sheet in headless Chromium
    summary = body.get_by_role("heading", name="Summary")
    summary.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.screenshot(path=f"{ARTIFACTS}/timer-summary-light.png")
    button.click()
    taps += 1
    expect(button).to_have_text("Copied ✓")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Contraction timings, ")
    assert "Since " in copied and ": 4 contractions, typically " in copied
    assert "Go-in rule 5-1-1 (the app's default" in copied
    assert "every ≤ 5 min ✓ · lasting ≥ 60 s ✗ · for 60 min: " in copied
    assert "The 5-1-1 pattern is not met yet." in copied
    assert taps == 9

    page.emulate_media(color_scheme="dark")
    summary.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.screenshot(path=f"{ARTIFACTS}/timer-summary-dark.png")
    body.evaluate("el => el.scrollTo(0, 0)")
    page.screenshot(path=f"{ARTIFACTS}/timer-top-dark.png")
    page.emulate_media(color_scheme="light")
    page.screenshot(path=f"{ARTIFACTS}/timer-top-light.png")

    body.get_by_role("tab", name="Share").click()  # the text itself, to read before sending
    code = body.get_by_test_id("stCode")
    expect(code).to_contain_text("Go-in rule 5-1-1")
    code.evaluate("el => el.scrollIntoView({block: 'start'})")
    page.screenshot(path=f"{ARTIFACTS}/timer-share-tab-light.png")


@pytest.mark.parametrize("device_profile", ["phone"], indirect=True)
def test_the_advice_after_waters_broke_on_the_timer_is_brought_into_view(
    fresh_server: StreamlitServer, page: Page, device_profile: str
) -> None:
    """Issue 11, item 4: below the event buttons the advice started at the screen's bottom
    edge; after the tap its heading is in the upper half of the screen."""
    from tests.e2e.test_history_phone import due_in_three_weeks

    open_page(page, "/")
    due_in_three_weeks(fresh_server)
    open_timer(page)
    main(page).get_by_role("button", name="Waters broke").click()
    page.get_by_role("button", name="Green or brown").click()

    box = main(page).locator(".st-key-timer_event_advice")
    heading = box.get_by_test_id("stAlertTitle").first
    expect(heading).to_contain_text("Waters broken", timeout=15_000)
    page.wait_for_timeout(600)  # the scroll script's last pass, once the page has settled
    expect(heading).to_be_in_viewport()
    where = heading.bounding_box()
    assert where is not None and where["y"] < 844 / 2, where
