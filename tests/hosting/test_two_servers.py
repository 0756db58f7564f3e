"""Two app servers on one PostgreSQL database behind the deployment's Caddy (deploy/Caddyfile):
HTTPS, sticky sessions by cookie, WebSockets passed through. A drink logged on one replica
shows on the other on its next rerun (the data version lives in the database: db/versions.py).
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http import HTTPStatus
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from db import crud
from db.migrate import open_database
from tests.e2e.test_deep_links import open_page
from tests.hosting.cluster import (
    LB_COOKIE,
    TIMEZONE,
    Proxy,
    open_pages,
    seed,
    sessions_connected,
    start_proxy,
    start_servers,
    sticky_cookie,
    stop_all,
)
from tests.support.server import StreamlitServer
from tracker.core.kinds import EntryKind
from tracker.files import backup

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.xdist_group("hosting")]
TAP_TIMEOUT_MS = 15_000


@pytest.fixture
def replicas(postgres_url: str) -> Iterator[list[StreamlitServer]]:
    """Two app servers on one fresh PostgreSQL database holding a diary."""
    seed(postgres_url)
    apps = start_servers(postgres_url)
    yield apps
    stop_all(apps)


@pytest.fixture
def proxy(replicas: list[StreamlitServer]) -> Iterator[Proxy]:
    running = start_proxy(replicas)
    yield running
    running.stop()


def through_proxy(browser: Browser, proxy: Proxy, pinned_to: StreamlitServer | None) -> Page:
    """A browser (its own cookies) on the proxy; ``pinned_to``: as if it had been sent to that
    replica before (it carries the sticky cookie Caddy gave it then)."""
    context: BrowserContext = browser.new_context(
        base_url=proxy.base_url,
        ignore_https_errors=True,  # Caddy's local authority, trusted by no browser here
        timezone_id=TIMEZONE,
        locale="en-GB",
    )
    if pinned_to is not None:
        context.add_cookies(
            [{"name": LB_COOKIE, "value": sticky_cookie(pinned_to), "url": proxy.base_url}]
        )
    return context.new_page()


def drinks_today(page: Page, text: str) -> None:
    label = re.compile(rf"^{re.escape(text)} of ")  # the progress bar's, not the saved message
    expect(page.get_by_test_id("stMain").get_by_text(label)).to_be_visible(timeout=TAP_TIMEOUT_MS)


def rerun(page: Page) -> None:
    """Streamlit's own rerun (the R key): the same session, its next script run."""
    page.keyboard.press("r")


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as err:
        return err.code


def lb_cookie(page: Page) -> str:
    [value] = [c["value"] for c in page.context.cookies() if c["name"] == LB_COOKIE]
    return value


def test_one_replica_sees_the_others_drink_on_its_next_rerun_and_browsers_stay_put(
    replicas: list[StreamlitServer], proxy: Proxy, browser: Browser, tmp_path: Path
) -> None:
    began = time.monotonic()
    a, b = replicas
    on_a = through_proxy(browser, proxy, pinned_to=a)
    on_b = through_proxy(browser, proxy, pinned_to=b)
    open_pages([on_a, on_b], "/")
    # Each browser's page and its WebSocket went to the replica its cookie names.
    assert (sessions_connected(a), sessions_connected(b)) == (1, 1)
    drinks_today(on_b, "0 ml")

    on_a.get_by_test_id("stMain").get_by_role("button", name="+250 ml").click()
    drinks_today(on_a, "250 ml")
    rerun(on_b)
    drinks_today(on_b, "250 ml")

    on_b.get_by_test_id("stMain").get_by_role("button", name="+500 ml").click()
    drinks_today(on_b, "750 ml")
    rerun(on_a)
    drinks_today(on_a, "750 ml")
    # Reruns went over the same WebSockets: no session was opened again anywhere.
    assert (sessions_connected(a), sessions_connected(b)) == (1, 1)

    engine = open_database(a.db_url)
    try:
        profile = crud.get_profile(engine=engine, name="default")
        assert profile is not None
        drinks = crud.list_entries(engine=engine, kind=EntryKind.HYDRATION, profile_id=profile.id)
        assert sorted(d.volume_ml for d in drinks) == [250, 500]  # type: ignore[attr-defined]
    finally:
        engine.dispose()

    # A download is held by the process that made it: the proxy must send its request there.
    open_page(on_a, "/settings")
    button = on_a.get_by_test_id("stMain").get_by_role("button", name="Download a full backup")
    with on_a.expect_download(timeout=TAP_TIMEOUT_MS) as info:
        button.click()
    saved = tmp_path / "backup.json"
    info.value.save_as(saved)
    assert backup.part_counts(saved.read_text(encoding="utf-8"))["hydration"] == 2
    media = urllib.parse.urlsplit(info.value.url)
    assert media.path.startswith("/media/")
    path = urllib.parse.urlunsplit(("", "", media.path, media.query, ""))
    assert status(b.base_url + path) == HTTPStatus.NOT_FOUND  # the other replica has no such file
    assert status(a.base_url + path) == HTTPStatus.OK

    # A browser new to the proxy is given a replica by the cookie, and stays on it.
    counts = {app.port: sessions_connected(app) for app in replicas}
    page = through_proxy(browser, proxy, pinned_to=None)
    open_page(page, "/")
    chosen = lb_cookie(page)
    by_cookie = {sticky_cookie(app): app for app in replicas}
    assert chosen in by_cookie  # names one of the two replicas (by HMAC, not its address)
    served = by_cookie[chosen]
    other = a if served is b else b
    for loads in (1, 2, 3):
        if loads > 1:
            open_page(page, "/history" if loads == 2 else "/")
        assert lb_cookie(page) == chosen
        assert sessions_connected(served) == counts[served.port] + loads
        assert sessions_connected(other) == counts[other.port]
    print(f"\ntwo replicas behind Caddy: {time.monotonic() - began:.1f} s")
