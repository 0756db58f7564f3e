"""An app server killed with SIGKILL while it restores a backup a person uploaded on Settings:
afterwards the diary holds none of the backup's rows (the restore is one transaction), and a
restarted server takes the same file whole. The command line's restore, killed at several
moments on SQLite and PostgreSQL: test_restore_crash.py."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.engine import Engine

from db.migrate import open_database
from tests.hosting.cluster import wait_for_page
from tests.hosting.test_restore_crash import DEMO_DAYS, POLL_S, WRITE_WAIT_S, rows_in, writing
from tests.support import server
from tracker.entries.profile import DEFAULT_PROFILE, ensure_profile
from tracker.files import backup, demo

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.xdist_group("hosting")]


@pytest.fixture
def diary(postgres_url: str, tmp_path: Path) -> Iterator[tuple[Engine, Path, int]]:
    """The database (its empty default profile is the app's), and a backup file of a demo
    diary made in another profile of it, with its number of rows."""
    engine = open_database(postgres_url)
    now = datetime.now(UTC)
    ensure_profile(engine=engine, now=now, timezone="Europe/London")
    source = ensure_profile(engine=engine, name="source", now=now, timezone="Europe/London")
    demo.fill(engine=engine, profile=source, days=DEMO_DAYS, now=now)
    text = backup.backup_json(engine, source)
    path = tmp_path / "backup.json"
    path.write_text(text, encoding="utf-8")
    yield engine, path, sum(backup.part_counts(text).values())
    engine.dispose()


def upload_and_restore(page: Page, base_url: str, path: Path) -> None:
    page.goto(base_url + "/settings")
    wait_for_page(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(path)
    button = page.get_by_role("button", name="Restore this backup")
    expect(button).to_be_visible()
    button.click()


def test_a_server_killed_during_a_restore_leaves_none_and_a_restart_restores_all(
    postgres_url: str, diary: tuple[Engine, Path, int], browser: Browser
) -> None:
    engine, path, whole = diary
    began = time.monotonic()
    app = server.start(db_url=postgres_url)
    try:
        page = browser.new_page(timezone_id="Europe/London")
        upload_and_restore(page, app.base_url, path)
        deadline = time.monotonic() + WRITE_WAIT_S
        while not writing(postgres_url, engine):
            assert rows_in(engine, DEFAULT_PROFILE) == 0, "the restore ended before it was seen"
            assert time.monotonic() < deadline, "the restore never began to write"
            time.sleep(POLL_S)
        os.kill(app.process.pid, signal.SIGKILL)
        assert app.process.wait(timeout=10) == -signal.SIGKILL
        assert rows_in(engine, DEFAULT_PROFILE) == 0  # none of it, never part
        page.close()
    finally:
        app.stop()

    restarted = server.start(db_url=postgres_url)
    try:
        page = browser.new_page(timezone_id="Europe/London")
        upload_and_restore(page, restarted.base_url, path)
        expect(page.get_by_text(f"Restored {whole} rows from backup.json.")).to_be_visible(
            timeout=60_000
        )
        assert rows_in(engine, DEFAULT_PROFILE) == whole
        page.close()
    finally:
        restarted.stop()
    print(f"\nserver killed during a restore of {whole} rows: {time.monotonic() - began:.1f} s")
