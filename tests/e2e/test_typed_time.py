"""A typed time is what is stored (issue 7, item 1), in Chromium at phone size: a person types
an earlier time (or date) into a log form, touches nothing else of "When", saves, and that very
local time is in the database (as UTC) and in the success message."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Locator, Page, expect

from db import crud
from db.migrate import open_database
from tests.e2e.test_deep_links import open_page
from tests.e2e.test_logging_flow import choose_in_selectbox
from tests.support.server import StreamlitServer
from tracker.core.kinds import EntryKind
from tracker.entries.profile import ensure_profile

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.parametrize("device_profile", ["phone"], indirect=True),
]
LONDON = ZoneInfo("Europe/London")  # the browser's zone (tests/e2e/conftest.py), so the diary's
SAVE_TIMEOUT_MS = 15_000


def main(page: Page) -> Locator:
    return page.get_by_test_id("stMain")


def success(page: Page) -> Locator:
    """The success message's text (without its icon's name)."""
    return main(page).get_by_test_id("stAlertContentSuccess").locator("p")


def stored(server: StreamlitServer, kind: EntryKind) -> list[Any]:
    engine = open_database(server.db_url)
    try:
        profile = ensure_profile(engine=engine, now=datetime.now(UTC))
        return crud.list_entries(engine=engine, kind=kind, profile_id=profile.id)
    finally:
        engine.dispose()


def shown_date(page: Page) -> date:
    """The date the When field holds (its hidden date input, YYYY-MM-DD)."""
    hidden = main(page).get_by_test_id("stDateInput").first.locator('input[type="date"]')
    return date.fromisoformat(hidden.input_value())


def shown_time(page: Page) -> time:
    hidden = main(page).get_by_test_id("stTimeInput").first.locator('input[type="hidden"]')
    return time.fromisoformat(hidden.input_value())


def type_into(page: Page, field: Locator, parts: dict[str, str]) -> None:
    """Tap each spinbutton of a date or time field and type its digits, as a person would."""
    for part, digits in parts.items():
        field.locator(f'[data-type="{part}"]').click()
        page.keyboard.type(digits)


def type_time(page: Page, clock: time) -> None:
    field = main(page).get_by_test_id("stTimeInput").first
    type_into(page, field, {"hour": f"{clock:%H}", "minute": f"{clock:%M}"})
    expect(field.locator('input[type="hidden"]')).to_have_value(f"{clock:%H:%M}:00")


def type_date(page: Page, day: date) -> None:
    """Day first, then month and year: every step on the way to yesterday is a real date."""
    field = main(page).get_by_test_id("stDateInput").first
    type_into(page, field, {"day": f"{day:%d}", "month": f"{day:%m}", "year": f"{day:%Y}"})
    expect(field.locator('input[type="date"]')).to_have_value(day.isoformat())


def an_earlier_time_today() -> time:
    """03:10, or midnight when it is not yet 03:11 here (03:10 today would be in the future)."""
    now = datetime.now(LONDON)
    return time(3, 10) if now.time() >= time(3, 11) else time(0, 0)


def local(moment: datetime) -> datetime:
    return moment.astimezone(LONDON)


def test_a_cramp_at_an_earlier_time_is_stored_at_that_time(
    fresh_server: StreamlitServer, page: Page, device_profile: str
) -> None:
    open_page(page, "/cramps")
    body = main(page)
    today = shown_date(page)
    typed = an_earlier_time_today()
    choose_in_selectbox(page, "Where", "Calf")
    body.get_by_text("Left", exact=True).click()
    body.get_by_text("Cramp", exact=True).click()
    type_time(page, typed)
    page.screenshot(path="/tmp/typed-time-cramp-before-save.png")
    body.get_by_role("button", name="Save episode").click()

    message = success(page)
    expect(message).to_be_visible(timeout=SAVE_TIMEOUT_MS)
    (row,) = stored(fresh_server, EntryKind.CRAMPS)
    assert (local(row.started_at).date(), local(row.started_at).time()) == (today, typed)
    assert row.started_at == datetime.combine(today, typed, tzinfo=LONDON).astimezone(UTC)
    expect(message).to_contain_text(f"started at {typed:%H:%M}.")


def test_a_drink_at_an_earlier_time_and_one_yesterday(
    fresh_server: StreamlitServer, page: Page, device_profile: str
) -> None:
    open_page(page, "/drinks")
    body = main(page)
    today = shown_date(page)
    typed = an_earlier_time_today()
    body.get_by_label("Amount (ml)").fill("250")
    type_time(page, typed)
    body.get_by_role("button", name="Save drink").click()
    message = success(page)
    expect(message).to_be_visible(timeout=SAVE_TIMEOUT_MS)
    (first,) = stored(fresh_server, EntryKind.HYDRATION)
    assert (local(first.taken_at).date(), local(first.taken_at).time()) == (today, typed)
    expect(message).to_have_text(f"Logged 250 ml of water at {typed:%H:%M}.")

    # The next drink: only the date changed, to yesterday; the time field as it was drawn.
    yesterday = shown_date(page) - timedelta(days=1)
    body.get_by_label("Amount (ml)").fill("330")
    clock = shown_time(page)
    type_date(page, yesterday)
    assert shown_time(page) == clock  # the time field untouched
    body.get_by_role("button", name="Save drink").click()
    day = f"{yesterday:%a} {yesterday.day} {yesterday:%b}"
    expect(message).to_have_text(
        f"Logged 330 ml of water at {clock:%H:%M} on {day}.", timeout=SAVE_TIMEOUT_MS
    )
    second = [d for d in stored(fresh_server, EntryKind.HYDRATION) if d.volume_ml == 330]
    assert [(local(d.taken_at).date(), local(d.taken_at).time()) for d in second] == [
        (yesterday, clock)
    ]


def test_untouched_fields_store_the_moment_of_saving(
    fresh_server: StreamlitServer, page: Page, device_profile: str
) -> None:
    open_page(page, "/drinks")
    body = main(page)
    expect(body.get_by_text("the date and time you press Save are used")).to_be_visible()
    body.get_by_label("Amount (ml)").fill("150")
    before = datetime.now(UTC)
    body.get_by_role("button", name="Save drink").click()
    expect(success(page)).to_contain_text("Logged 150 ml of water at ", timeout=SAVE_TIMEOUT_MS)
    (row,) = stored(fresh_server, EntryKind.HYDRATION)
    assert before <= row.taken_at <= datetime.now(UTC)
    expect(success(page)).to_have_text(f"Logged 150 ml of water at {local(row.taken_at):%H:%M}.")
