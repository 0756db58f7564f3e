"""An app server killed with SIGKILL while a contraction is running (started with the timer's
big button in Chromium, through the deployment's Caddy): a server restarted on the same
PostgreSQL finds it still running, and the person's own page, reloaded, is sent by the proxy
to the replica still up, where the contraction is still running and one tap stops it.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Browser, expect

from db import crud
from db.migrate import open_database
from tests.e2e.test_contraction_timer import (
    START,
    STOP,
    TICK_TIMEOUT_MS,
    at_least,
    open_timer,
    reading,
    tap,
    tap_button,
)
from tests.hosting.cluster import (
    TIMEZONE,
    Proxy,
    seed,
    start_proxy,
    start_servers,
    sticky_cookie,
    stop_all,
)
from tests.hosting.test_two_servers import lb_cookie, through_proxy
from tests.support import server
from tests.support.server import StreamlitServer
from tracker.core.kinds import EntryKind
from tracker.core.models import ContractionRead

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.xdist_group("hosting")]


@pytest.fixture
def replicas(postgres_url: str) -> Iterator[list[StreamlitServer]]:
    seed(postgres_url)
    apps = start_servers(postgres_url)
    yield apps
    stop_all(apps)


@pytest.fixture
def proxy(replicas: list[StreamlitServer]) -> Iterator[Proxy]:
    running = start_proxy(replicas)
    yield running
    running.stop()


def contractions(db_url: str) -> list[ContractionRead]:
    engine = open_database(db_url)
    try:
        profile = crud.get_profile(engine=engine, name="default")
        assert profile is not None
        rows = crud.list_entries(engine=engine, kind=EntryKind.CONTRACTIONS, profile_id=profile.id)
        return [row for row in rows if isinstance(row, ContractionRead)]
    finally:
        engine.dispose()


def test_a_running_contraction_survives_its_server_killed(
    postgres_url: str, replicas: list[StreamlitServer], proxy: Proxy, browser: Browser
) -> None:
    began = time.monotonic()
    a, b = replicas
    page = through_proxy(browser, proxy, pinned_to=a)
    open_timer(page)
    tap(page, STOP)  # started
    expect(reading(page, "Running for")).to_have_text(at_least(1), timeout=TICK_TIMEOUT_MS)

    os.kill(a.process.pid, signal.SIGKILL)
    assert a.process.wait(timeout=10) == -signal.SIGKILL
    killed_at = datetime.now(UTC)
    [running] = contractions(postgres_url)
    assert running.ended_at is None

    restarted = server.start(db_url=postgres_url)
    try:
        there = browser.new_context(base_url=restarted.base_url, timezone_id=TIMEZONE)
        on_restarted = there.new_page()
        open_timer(on_restarted)
        expect(tap_button(on_restarted)).to_have_text(STOP)  # still running, from the database

        # The person reloads: replica A is gone, the proxy sends them to B and says so.
        open_timer(page)
        assert lb_cookie(page) == sticky_cookie(b)
        expect(tap_button(page)).to_have_text(STOP)
        tap(page, START)  # stopped
        [stopped] = contractions(postgres_url)
        assert stopped.id == running.id and stopped.ended_at is not None
        assert stopped.ended_at > killed_at

        on_restarted.keyboard.press("r")  # its next rerun
        expect(tap_button(on_restarted)).to_have_text(START, timeout=TICK_TIMEOUT_MS)
        there.close()
    finally:
        restarted.stop()
    print(f"\ncontraction across a killed replica: {time.monotonic() - began:.1f} s")
