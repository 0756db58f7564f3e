"""Four processes each log 2,000 entries into PostgreSQL through the domain (one transaction
each, kinds in turn) while two app servers on the same database serve a fifth reader: Chromium
tapping a drink on one server's Today, rerunning the other's (which must show it at once), and
opening History, on A and B in turn for as long as the writers write. No error reaches the
reader, no row is lost, and each server sees the other's writes on its next rerun.

Figures (rows/s, duration, reruns served, errors) are printed (``-s``) and written to
artifacts/hosting/concurrency.json.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from db import crud
from db.engine import make_engine
from db.migrate import open_database
from tests.hosting.cluster import (
    TIMEZONE,
    open_pages,
    seed,
    start_servers,
    stop_all,
    wait_for_page,
)
from tests.support.server import PROJECT_DIR, StreamlitServer
from tracker.core.kinds import EntryKind
from tracker.entries import journal
from tracker.serving import UNEXPECTED_ERROR

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.xdist_group("hosting")]

WRITERS = 4
ENTRIES_EACH = 2_000
KINDS_IN_TURN = 5
"""A writer's kinds: drink, cramp, intake, event, contraction (tests/hosting/writer.py)."""
DRINK_ML = 250
STEP_TIMEOUT_MS = 60_000
"""A rerun under the writers' load, on two shared cores (18 s seen at worst, median ~4 s)."""
RESULTS = PROJECT_DIR / "artifacts" / "hosting" / "concurrency.json"
LOGGED_STACK = "(message withheld)"
"""What the page frame writes to the server log with the stack of an error a person saw."""


@dataclass
class Figures:
    writers: int = WRITERS
    rows_written: int = 0
    writers_seconds: float = 0.0
    rows_per_second: float = 0.0
    writer_seconds_each: list[float] = field(default_factory=list)
    writers_cpu_seconds: float = 0.0
    """CPU time of the four writer processes together (start-up included)."""
    servers_cpu_seconds: float = 0.0
    """CPU time of the two app servers (start-up included)."""
    postgres_cpu_seconds: float | None = None
    """CPU time of PostgreSQL's backends that ended during the load: the writers' (the app
    servers' connections stay open); None where its processes cannot be read."""
    reruns_served: int = 0
    rerun_seconds_median: float = 0.0
    rerun_seconds_max: float = 0.0
    reader_drinks: int = 0
    errors_shown: int = 0
    errors_logged: int = 0
    test_seconds: float = 0.0


def midnight_today() -> datetime:
    """The start of today in the diary's time zone, in UTC: writers write before it, so
    today's drinks are the reader's alone."""
    local = datetime.now(ZoneInfo(TIMEZONE)).replace(hour=0, minute=0, second=0, microsecond=0)
    return local.astimezone(UTC)


def start_writers(url: str, profile_id: int, product_id: int) -> list[subprocess.Popen[str]]:
    before = midnight_today().isoformat()
    writers = []
    for index in range(WRITERS):
        command = [sys.executable, "-m", "tests.hosting.writer", url, str(profile_id)]
        command += [str(product_id), str(index), str(ENTRIES_EACH), before]
        writers.append(
            subprocess.Popen(
                command,
                cwd=PROJECT_DIR,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    return writers


@pytest.fixture
def diary(postgres_url: str) -> tuple[int, int]:
    """The seeded diary's profile and cabinet product ids."""
    profile = seed(postgres_url)
    engine = open_database(postgres_url)
    try:
        product = journal.add_product(
            engine=engine,
            profile_id=profile.id,
            values={"name": "Magnesium 200", "kind": "supplement", "contents": {"magnesium": 200}},
            now=datetime.now(UTC),
        )
    finally:
        engine.dispose()
    return profile.id, product.id


@pytest.fixture
def writers(postgres_url: str, diary: tuple[int, int]) -> Iterator[list[subprocess.Popen[str]]]:
    started = start_writers(postgres_url, *diary)
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.fixture
def replicas(postgres_url: str, writers: object) -> Iterator[list[StreamlitServer]]:
    apps = start_servers(postgres_url)
    yield apps
    stop_all(apps)


class Reader:
    """The fifth reader: one tab on each server, taking turns; counts reruns and errors."""

    def __init__(self, pages: list[Page], figures: Figures, db_url: str) -> None:
        self.pages = pages
        self.figures = figures
        self.db_url = db_url
        self.rerun_seconds: list[float] = []

    def check(self, page: Page) -> None:
        shown = page.get_by_test_id("stException").count()
        shown += page.get_by_text(UNEXPECTED_ERROR, exact=False).count()
        self.figures.errors_shown += shown

    def drinks_today(self, page: Page) -> None:
        """The progress bar shows the reader's drinks, and the run that showed it is over (a
        person acts on a page that has finished, as the next tap or rerun does here)."""
        total = f"{self.figures.reader_drinks * DRINK_ML:,} ml of "
        label = re.compile("^" + re.escape(total))  # the progress bar, not the saved message
        try:
            expect(page.get_by_test_id("stMain").get_by_text(label)).to_be_visible(
                timeout=STEP_TIMEOUT_MS
            )
            expect(page.get_by_test_id("stApp")).to_have_attribute(
                "data-test-script-state", "notRunning", timeout=STEP_TIMEOUT_MS
            )
        except AssertionError as err:
            raise AssertionError(f"{self.explain(page)}\n{err}") from err

    def explain(self, page: Page) -> str:
        """Why a total did not show: a tap lost or a total not read again (the screenshots and
        the servers' logs are in artifacts/hosting/, tests/hosting/conftest.py)."""
        engine = open_database(self.db_url)
        try:
            since = midnight_today()
            with engine.connect() as connection:
                stored = connection.execute(
                    sa.text("SELECT count(*) FROM hydration_entry WHERE taken_at >= :since"),
                    {"since": since},
                ).scalar_one()
        finally:
            engine.dispose()
        return (
            f"{page.url}: the reader has tapped {self.figures.reader_drinks} drinks; the "
            f"database holds {stored} of today; state "
            f"{page.get_by_test_id('stApp').get_attribute('data-test-script-state')}, "
            f"connection {page.get_by_test_id('stApp').get_attribute('data-test-connection-state')}"
        )

    def served(self, began: float) -> None:
        self.figures.reruns_served += 1
        self.rerun_seconds.append(time.monotonic() - began)

    def turn(self, number: int) -> None:
        """Tap a drink on one server's Today; the other server's next rerun shows it; every
        other turn that other tab opens History and comes back to Today."""
        here, there = self.pages[number % 2], self.pages[(number + 1) % 2]
        began = time.monotonic()
        here.get_by_test_id("stMain").get_by_role("button", name=f"+{DRINK_ML} ml").click()
        self.figures.reader_drinks += 1
        self.drinks_today(here)
        self.served(began)
        self.check(here)

        began = time.monotonic()
        there.keyboard.press("r")  # Streamlit's rerun: the same session's next run
        self.drinks_today(there)
        self.served(began)
        self.check(there)
        if number % 2:
            for path in ("/history", "/"):
                began = time.monotonic()
                there.goto(path)
                wait_for_page(there)
                self.served(began)
                self.check(there)
            self.drinks_today(there)


def finish(writers: list[subprocess.Popen[str]], figures: Figures) -> list[dict[str, Any]]:
    reports = []
    for process in writers:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, (out, err)
        reports.append(json.loads(out.splitlines()[-1]))
    figures.writer_seconds_each = [round(float(r["seconds"]), 2) for r in reports]
    return reports


def test_four_writers_and_a_reader_on_two_servers_lose_nothing_and_show_no_error(
    postgres_url: str,
    diary: tuple[int, int],
    writers: list[subprocess.Popen[str]],
    replicas: list[StreamlitServer],
    browser: Browser,
) -> None:
    began = time.monotonic()
    figures = Figures()
    for process in writers:  # each has loaded the domain and waits for the gun
        assert process.stdout is not None
        assert process.stdout.readline() == "ready\n"
    pages = []
    for app in replicas:
        context = browser.new_context(base_url=app.base_url, timezone_id=TIMEZONE)
        pages.append(context.new_page())
    open_pages(pages, "/")
    reader = Reader(pages, figures, postgres_url)
    for page in pages:
        reader.drinks_today(page)

    server_pid = postmaster(postgres_url)
    postgres_before = cpu_seconds(server_pid, children=True) if server_pid else 0.0
    load_began = time.monotonic()
    for process in writers:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    turn = 0
    while turn < 2 or any(process.poll() is None for process in writers):
        reader.turn(turn)
        turn += 1
    reports = finish(writers, figures)
    figures.writers_seconds = round(time.monotonic() - load_began, 2)
    figures.rows_written = sum(int(r["rows"]) for r in reports)
    figures.rows_per_second = round(figures.rows_written / max(reports_seconds(reports), 1e-9))
    figures.rerun_seconds_median = round(statistics.median(reader.rerun_seconds), 2)
    figures.rerun_seconds_max = round(max(reader.rerun_seconds), 2)
    figures.errors_logged = sum(app.output().count(LOGGED_STACK) for app in replicas)
    figures.writers_cpu_seconds = round(sum(float(r["cpu_seconds"]) for r in reports), 1)
    figures.servers_cpu_seconds = round(sum(cpu_seconds(app.process.pid) for app in replicas), 1)
    if server_pid is not None:
        used = cpu_seconds(server_pid, children=True) - postgres_before
        figures.postgres_cpu_seconds = round(used, 1)

    engine = open_database(postgres_url)
    try:
        profile_id = diary[0]
        counts = {
            kind: crud.count_entries(engine=engine, kind=kind, profile_id=profile_id)
            for kind in EntryKind
        }
    finally:
        engine.dispose()
    figures.test_seconds = round(time.monotonic() - began, 1)
    report(figures)

    per_kind = WRITERS * ENTRIES_EACH // KINDS_IN_TURN
    assert counts == {
        EntryKind.HYDRATION: per_kind + figures.reader_drinks,
        EntryKind.CRAMPS: per_kind + 1,  # and the seeded one
        EntryKind.SUPPLEMENTS: per_kind,
        EntryKind.EVENTS: per_kind,
        EntryKind.CONTRACTIONS: per_kind,
    }
    assert figures.rows_written == WRITERS * ENTRIES_EACH
    assert (figures.errors_shown, figures.errors_logged) == (0, 0)


def cpu_seconds(pid: int, *, children: bool = False) -> float:
    """User and system CPU time a running process has used (/proc/PID/stat); ``children``:
    with that of its children that have exited."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    used = fields[11:15] if children else fields[11:13]  # utime, stime (, cutime, cstime)
    return sum(int(ticks) for ticks in used) / os.sysconf("SC_CLK_TCK")


def postmaster(url: str) -> int | None:
    """The PostgreSQL server's main process (the parent of our connection's backend), when
    this machine runs it and lets us read it; None otherwise."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            backend = connection.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()
        stat = Path(f"/proc/{backend}/stat").read_text()
        pid = int(stat.rpartition(")")[2].split()[1])  # ppid
        cpu_seconds(pid, children=True)
        return pid
    except (OSError, ValueError):
        return None
    finally:
        engine.dispose()


def reports_seconds(reports: list[dict[str, Any]]) -> float:
    """The writers' wall time: the slowest one's (they started together)."""
    return max(float(r["seconds"]) for r in reports)


def report(figures: Figures) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(asdict(figures), indent=1) + "\n", encoding="utf-8")
    print(f"\nconcurrency on PostgreSQL: {json.dumps(asdict(figures))}")
