"""Hosted mode in Chromium (issue 12, item 1): two people sign in through a real OpenID Connect
provider (``oidc-provider-mock`` on loopback) and each sees, changes, exports and deletes only
their own diary.

One app server (``[auth]`` configured, a fresh SQLite file) serves the module on each worker
that runs its tests; they are marked ``xdist_group("login")`` for one worker, which xdist 3.8
under pytest 9 silently ignores (pytest-dev/pytest-xdist#1386). They do not depend on each
other's order. Alice logs a cramp and a drink; Bob, in a second browser, finds none of it in
History, through ``/history?entry=…`` links to her entries, in the ZIP, the FHIR bundle or the
full backup he downloads; he is offered no whole-database file, and his "Delete my data" leaves
hers. Signing out, and an ID token past its ``exp``, bring back the sign-in page with no diary.
Screenshots to look at: artifacts/login/ (sign-in-phone, -dark, signed-in-desktop).
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import time
import zipfile
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.e2e.conftest import ARTIFACTS_DIR, DEVICE_PROFILES, TIMEZONE
from tests.e2e.oidc import HostedApp, Provider, provider, sign_in, start_hosted, stay_offline
from tests.e2e.test_insights import screenshot_whole_page
from tracker.core.kinds import EntryKind
from tracker.core.notices import NOT_MEDICAL_ADVICE
from tracker.entries.accounts import profile_name_of

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("login")]

LOGIN_DIR = ARTIFACTS_DIR / "login"
WAIT_MS = 30_000
"""A click to its result; the server's first script run imports everything."""
ALICE_NOTE = "Alice only: woke at 3 am"
"""Her cramp's note: a string that must not appear in anything Bob receives."""
ALICE_DRINK = "+250 ml"
BOB_DRINK = "+500 ml"
SHORT_TOKEN = timedelta(seconds=8)
"""Carol's ID token lifetime, from her click on "Authorize": long enough for her diary to show
on a busy machine (seen: 2-3 s from Authorize to Today at a load average of 6-10), short enough
to wait out."""


# --- the servers and the people ------------------------------------------------------------------


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostedApp]:
    with provider() as idp:
        app = start_hosted(idp=idp, folder=tmp_path_factory.mktemp("hosted"))
        try:
            yield app
        finally:
            app.server.stop()


@dataclass
class People:
    """Browser contexts (each a person with their own cookies) and, on a failure, their pages'
    screenshots and the servers' output in artifacts/."""

    browser: Browser
    opened: list[Page]

    def open(self, app: HostedApp, device: str = "desktop") -> Page:
        context = self.browser.new_context(
            **DEVICE_PROFILES[device],
            base_url=app.base_url,
            timezone_id=TIMEZONE,
            locale="en-GB",
            accept_downloads=True,
        )
        stay_offline(context)
        page = context.new_page()
        self.opened.append(page)
        return page


@pytest.fixture
def people(browser: Browser, request: pytest.FixtureRequest) -> Iterator[People]:
    failed_before = request.session.testsfailed
    crowd = People(browser=browser, opened=[])
    yield crowd
    if request.session.testsfailed > failed_before:
        LOGIN_DIR.mkdir(parents=True, exist_ok=True)
        for index, page in enumerate(crowd.opened):
            if not page.is_closed():
                page.screenshot(path=LOGIN_DIR / f"failed-{request.node.name}-{index}.png")
        if "hosted" in request.fixturenames:
            app: HostedApp = request.getfixturevalue("hosted")
            log = LOGIN_DIR / f"failed-{request.node.name}-server.log"
            log.write_text(app.server.output())
    for page in crowd.opened:
        page.context.close()


# --- what a person sees --------------------------------------------------------------------------


def main(page: Page) -> Locator:
    return page.get_by_test_id("stMain")


def title(page: Page) -> Locator:
    return main(page).get_by_role("heading", level=1)


def settled(page: Page) -> None:
    """The script run is over (so what is not on the page now will not come)."""
    expect(page.get_by_test_id("stApp")).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=WAIT_MS
    )
    expect(page.get_by_test_id("stException")).to_have_count(0)


def expect_sign_in_page(page: Page) -> None:
    """The sign-in page and nothing of any diary: no menu, no page of the diary, no footer."""
    expect(main(page).get_by_role("button", name="Sign in")).to_be_visible(timeout=WAIT_MS)
    settled(page)
    expect(title(page)).to_have_text("Cramp Tracker")
    expect(page).to_have_title("Sign in · Cramp Tracker")  # the tab, not the page asked for
    expect(page.get_by_test_id("stSidebar")).to_have_count(0)
    expect(page.locator(".st-key-phone_nav")).to_have_count(0)
    for diary_word in ("Today", "History", "Log in one tap", "Welcome to Cramp Tracker"):
        expect(main(page).get_by_text(diary_word, exact=True)).to_have_count(0)
    expect(main(page).get_by_text(NOT_MEDICAL_ADVICE)).to_have_count(0)


def go(page: Page, link: str, heading: str) -> None:
    """Tap ``link`` in the menu (the same session, as a person moves between pages)."""
    page.get_by_test_id("stSidebar").get_by_role("link", name=link).click()
    expect(title(page)).to_have_text(heading, timeout=WAIT_MS)
    settled(page)


def open_address(page: Page, path: str, heading: str) -> None:
    """Type ``path`` into the address bar (a new session of the signed-in browser)."""
    page.goto(path)
    expect(title(page)).to_have_text(heading, timeout=WAIT_MS)
    settled(page)


def flash(page: Page, text: str) -> None:
    expect(main(page).get_by_text(text).first).to_be_visible(timeout=WAIT_MS)
    settled(page)


def downloaded(page: Page, button: Locator, folder: Path) -> bytes:
    with page.expect_download(timeout=WAIT_MS) as info:
        button.click()
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return target.read_bytes()


def light_and_dark(page: Page, name: str) -> None:
    """``name.png`` (light) and ``name-dark.png``: the theme follows the browser's setting."""
    LOGIN_DIR.mkdir(parents=True, exist_ok=True)
    schemes: tuple[tuple[Literal["light", "dark"], str], ...] = (("light", ""), ("dark", "-dark"))
    for scheme, suffix in schemes:
        page.emulate_media(color_scheme=scheme)
        page.wait_for_timeout(300)  # the theme follows the media query on its next paint
        page.screenshot(path=LOGIN_DIR / f"{name}{suffix}.png")
    page.emulate_media(color_scheme="light")


def log_cramp(page: Page) -> None:
    """The cramp form: calf, left, cramp, and a note under "More details"."""
    body = main(page)
    box = body.get_by_test_id("stSelectbox").filter(has_text="Where").first
    box.locator("input").click()
    page.get_by_role("option", name="Calf", exact=True).click()
    body.get_by_text("Left", exact=True).click()
    body.get_by_text("Cramp", exact=True).click()
    body.get_by_text("More details", exact=False).first.click()
    body.get_by_label("Note").fill(ALICE_NOTE)
    body.get_by_role("button", name="Save episode").click()
    flash(page, "Saved: Calf (left) · cramp · 5/10")


def sign_out(page: Page, idp: Provider) -> None:
    """ "Sign out" in the menu."""
    page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
    leave_provider(page, idp)


def leave_provider(page: Page, idp: Provider) -> None:
    """Signing out goes through the provider's end-session page (Streamlit follows its
    ``end_session_endpoint``); the mock asks there, so "End session"; then back in the app."""
    page.wait_for_url(f"{idp.url}/oauth2/end_session**", timeout=WAIT_MS)
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(lambda url: not url.startswith(idp.url), timeout=WAIT_MS)


# --- the database, read as the test's own witness ------------------------------------------------


@dataclass(frozen=True)
class Diary:
    profile_id: int
    cramps: list[tuple[Any, ...]]
    drinks: list[tuple[Any, ...]]


def rows(app: HostedApp, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(app.db_path)) as db:
        return db.execute(sql, args).fetchall()


def diary_of(app: HostedApp, sub: str) -> Diary | None:
    """The profile of ``sub``'s account and everything in it; None when there is none."""
    found = rows(app, "SELECT id, name FROM profile WHERE account = ?", app.idp.account(sub))
    if not found:
        return None
    ((profile_id, name),) = found
    assert name == profile_name_of(app.idp.account(sub))
    return Diary(
        profile_id=profile_id,
        cramps=rows(app, "SELECT * FROM cramp_episode WHERE profile_id = ?", profile_id),
        drinks=rows(app, "SELECT * FROM hydration_entry WHERE profile_id = ?", profile_id),
    )


def profiles(app: HostedApp) -> int:
    """How many profiles the database holds (none before the app's first page made its tables)."""
    if not rows(app, "SELECT name FROM sqlite_master WHERE name = 'profile'"):
        return 0
    return int(rows(app, "SELECT count(*) FROM profile")[0][0])


# --- the tests -----------------------------------------------------------------------------------


def test_before_signing_in_no_address_shows_any_diary(hosted: HostedApp, people: People) -> None:
    """On a phone, the app's address and a link to an entry: the sign-in page only, and no
    profile is made for nobody."""
    page = people.open(hosted, "phone")
    before = profiles(hosted)
    page.goto("/")
    expect_sign_in_page(page)
    light_and_dark(page, "sign-in-phone")
    page.goto("/history?entry=cramps:1")
    expect_sign_in_page(page)
    assert profiles(hosted) == before


def test_two_people_each_reach_only_their_own_diary(
    hosted: HostedApp, people: People, tmp_path: Path
) -> None:
    # Alice signs in and lands on Today (the welcome of an empty diary); she logs a cramp with
    # a note, and a glass of water on Today.
    alice = people.open(hosted)
    alice.goto("/")
    expect_sign_in_page(alice)
    light_and_dark(alice, "sign-in-desktop")
    sign_in(alice, hosted.idp, "alice")
    expect(title(alice)).to_have_text("Today", timeout=WAIT_MS)
    go(alice, "Cramps & pain", "Cramps & pain")
    log_cramp(alice)
    go(alice, "Today", "Today")
    main(alice).get_by_role("button", name=ALICE_DRINK).click()
    flash(alice, "Logged 250 ml of water at ")
    hers = diary_of(hosted, "alice")
    assert hers is not None and (len(hers.cramps), len(hers.drinks)) == (1, 1)
    cramp_id, drink_id = hers.cramps[0][0], hers.drinks[0][0]
    LOGIN_DIR.mkdir(parents=True, exist_ok=True)
    screenshot_whole_page(alice, LOGIN_DIR / "signed-in-desktop.png")

    # Bob signs in in another browser: his own empty diary. He logs a bigger glass.
    bob = people.open(hosted)
    bob.goto("/")
    sign_in(bob, hosted.idp, "bob")
    expect(title(bob)).to_have_text("Today", timeout=WAIT_MS)
    expect(main(bob).get_by_text("Welcome to Cramp Tracker")).to_be_visible()
    main(bob).get_by_role("button", name="Skip the welcome").click()
    expect(main(bob).get_by_text("Log in one tap")).to_be_visible(timeout=WAIT_MS)
    settled(bob)  # a tap while the page is redrawn can land on a button being replaced
    main(bob).get_by_role("button", name=BOB_DRINK).click()
    flash(bob, "Logged 500 ml of water at ")
    his = diary_of(hosted, "bob")
    assert his is not None and his.profile_id != hers.profile_id
    assert (len(his.cramps), len(his.drinks)) == (0, 1)

    # History, opened by the links to her entries: his one drink, nothing of hers to read,
    # edit or delete.
    open_address(bob, f"/history?entry=cramps:{cramp_id}&entry=hydration:{drink_id}", "History")
    expect(main(bob).get_by_text("1 entry, newest first", exact=False)).to_be_visible()
    for hers_shown in ("Calf", "250 ml", ALICE_NOTE):
        expect(main(bob).get_by_text(hers_shown, exact=False)).to_have_count(0)
    expect(main(bob).get_by_role("button", name="Save changes")).to_have_count(0)

    # Every file Bob can take away holds his drink and nothing of hers.
    go(bob, "Share & export", "Share & export")
    files = {
        "zip": downloaded(
            bob, main(bob).get_by_role("button", name="All spreadsheet files (ZIP)"), tmp_path
        ),
        "fhir": downloaded(
            bob, main(bob).get_by_role("button", name="FHIR R4 bundle (JSON)"), tmp_path
        ),
    }
    go(bob, "Settings", "Settings")
    # His trail of sign-ins and exports on Settings: his own sign-in and downloads, not hers.
    trail = main(bob).locator("li")
    expect(trail.filter(has_text="Signed in")).to_have_count(1)
    expect(trail.filter(has_text="Downloaded")).to_have_count(2)  # the ZIP and the FHIR file
    files["backup"] = downloaded(
        bob, main(bob).get_by_role("button", name="Download a full backup"), tmp_path
    )
    assert_only_bobs(files, hosted)
    # Files of the whole database hold every account's diary: none to download or put back.
    for whole_database in ("Download my database", "Put this copy back"):
        expect(main(bob).get_by_role("button", name=whole_database)).to_have_count(0)
    offered = main(bob).get_by_test_id("stDownloadButton").get_by_role("button")
    expect(offered).to_have_count(1)
    expect(offered).to_contain_text("Download a full backup")

    # Bob deletes his data: his profile goes, hers stays as it was.
    # Signed in, the profile's name is a made-up code: a phrase confirms instead.
    confirm = main(bob).get_by_label("Type “delete my diary” to confirm")
    confirm.fill("Delete my diary")
    confirm.press("Enter")  # Streamlit takes a typed text on Enter (or when the field is left)
    settled(bob)
    confirm.scroll_into_view_if_needed()
    bob.screenshot(path=LOGIN_DIR / "delete-my-data-desktop.png")
    main(bob).get_by_role("button", name="Delete my data").click()
    flash(bob, "Deleted your diary")
    gone = diary_of(hosted, "bob")
    assert gone is None or (gone.cramps, gone.drinks) == ([], [])
    assert diary_of(hosted, "alice") == hers

    # Alice signs out: the sign-in page, and nothing of her diary after a reload either.
    sign_out(alice, hosted.idp)
    expect_sign_in_page(alice)
    alice.reload()
    expect_sign_in_page(alice)
    assert diary_of(hosted, "alice") == hers


def assert_only_bobs(files: dict[str, bytes], app: HostedApp) -> None:
    """Each file holds Bob's 500 ml of water and nothing of Alice's: not her note, her cramp,
    her 250 ml, her account or her profile's name."""
    alice_account = app.idp.account("alice")
    for what, data in files.items():
        for secret in (ALICE_NOTE, alice_account, profile_name_of(alice_account)):
            assert secret.encode() not in data, f"{what} holds {secret!r}"

    archive = zipfile.ZipFile(io.BytesIO(files["zip"]))
    members = {name.rsplit("/", 1)[-1]: archive.read(name).decode() for name in archive.namelist()}
    assert set(members) == {"hydration.csv", "hydration-readable.csv", "README.txt"}
    drinks = list(csv.DictReader(io.StringIO(members["hydration.csv"])))
    assert [float(row["volume_ml"]) for row in drinks] == [500.0]
    assert f"{EntryKind.CRAMPS.label}: 0 entries" in members["README.txt"]

    bundle = json.loads(files["fhir"])
    observations = [
        entry["resource"]
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == "Observation"
    ]
    assert [o["valueQuantity"]["value"] for o in observations] == [500]  # his day: one glass

    diary = json.loads(files["backup"])["diary"]
    assert [row["volume_ml"] for row in diary["hydration"]] == [500]
    assert all(diary[kind] == [] for kind in ("cramps", "supplements", "contractions", "events"))
    assert diary["products"] == []


# --- an ID token past its exp --------------------------------------------------------------------


def test_a_login_past_its_expiry_is_signed_out_on_the_next_rerun(
    hosted: HostedApp, people: People
) -> None:
    carol = people.open(hosted)
    carol.goto("/")
    expect_sign_in_page(carol)
    exp = sign_in(carol, hosted.idp, "carol", lifetime=SHORT_TOKEN)
    expect(title(carol)).to_have_text("Today", timeout=WAIT_MS)
    settled(carol)
    assert time.time() < exp, "her diary showed after the token's exp: nothing was tested"
    assert diary_of(hosted, "carol") is not None

    carol.wait_for_timeout((exp + 1 - time.time()) * 1000)  # the token's exp passes
    main(carol).get_by_role("button", name="Skip the welcome").click()  # the next rerun
    leave_provider(carol, hosted.idp)
    expect_sign_in_page(carol)
