"""Several processes on one database at once: the first start of four imports together on a
brand-new database (PostgreSQL and SQLite), and reads while another connection holds SQLite's
write lock (a long import must not lock out ``profile show``, ``flags`` or a page load)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from streamlit.testing.v1 import AppTest

import db.engine
from db import crud
from db.acks import list_acknowledgements
from db.engine import make_engine, sqlite_file
from db.migrate import MIGRATION_LOCK_KEY as LOCK_KEY
from db.migrate import (
    alembic_config,
    current_revision,
    head_revision,
    open_database,
    upgrade,
)
from tests.db.test_migrations import fill_release_0001
from tests.support.stored import profile_names
from tracker.cli import main
from tracker.core.errors import StoreError
from tracker.core.kinds import EntryKind
from tracker.entries import journal
from tracker.entries.profile import ensure_profile

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 3, 1, 21, 40, tzinfo=UTC)
RACERS = 4
DRINKS_EACH = 3

CHILD = """
import sys
from tracker.cli import main
print("ready", flush=True)
sys.stdin.readline()
sys.exit(main(sys.argv[1:]))
"""
"""One racer: loads the whole command line first, says so, then waits for the starting gun
(a line on stdin) so that all of them open the database at the same moment."""


def drinks_file(folder: Path, racer: int) -> tuple[Path, set[float]]:
    volumes = {100.0 * racer + n + 1 for n in range(DRINKS_EACH)}
    lines = ["taken_at,volume_ml,beverage,note"]
    lines += [
        f"2026-11-0{n + 1}T07:00:00+00:00,{v:g},water,racer {racer}"
        for n, v in enumerate(sorted(volumes))
    ]
    path = folder / f"drinks-{racer}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, volumes


def race(url: str, folder: Path) -> tuple[list[subprocess.CompletedProcess[str]], set[float]]:
    """Start ``RACERS`` imports of their own drinks into ``url``, released together."""
    env = os.environ | {"TZ": "UTC"}
    expected: set[float] = set()
    racers: list[subprocess.Popen[str]] = []
    try:
        for racer in range(RACERS):
            path, volumes = drinks_file(folder, racer)
            expected |= volumes
            command = [sys.executable, "-c", CHILD, "--db", url, "import", "hydration", str(path)]
            racers.append(
                subprocess.Popen(
                    command,
                    cwd=ROOT,
                    env=env,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
        for process in racers:  # everyone loaded: nobody has touched the database yet
            assert process.stdout is not None
            assert process.stdout.readline() == "ready\n"
        started = time.monotonic()
        for process in racers:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        done = []
        for process in racers:
            out, err = process.communicate(timeout=120)
            done.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
        print(f"{RACERS} racers on {url.partition(':')[0]}: {time.monotonic() - started:.1f} s")
        return done, expected
    finally:
        for process in racers:
            if process.poll() is None:
                process.kill()
                process.wait()


def assert_every_racer_stored_its_rows(
    url: str, folder: Path, already: frozenset[float] = frozenset()
) -> None:
    done, expected = race(url, folder)
    assert [(d.returncode, d.stderr) for d in done] == [(0, "")] * RACERS
    engine = make_engine(url)
    try:
        assert current_revision(engine) == head_revision()
        with engine.connect() as connection:
            versions = connection.execute(sa.text("SELECT version_num FROM alembic_version"))
            assert versions.all() == [(head_revision(),)]
        [name] = profile_names(engine)
        profile = crud.get_profile(engine=engine, name=name)
        assert profile is not None
        drinks = crud.list_entries(engine=engine, kind=EntryKind.HYDRATION, profile_id=profile.id)
        stored = sorted(d.volume_ml for d in drinks)  # type: ignore[attr-defined]
        assert stored == sorted(expected | already)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_four_imports_on_a_brand_new_postgres_database_all_store_their_rows(
    postgres_url: str, tmp_path: Path
) -> None:
    started = time.monotonic()
    assert_every_racer_stored_its_rows(postgres_url, tmp_path)
    print(f"whole test, Python start-ups included: {time.monotonic() - started:.1f} s")


def test_four_imports_on_a_brand_new_sqlite_file_all_store_their_rows(
    tmp_path: Path,
) -> None:
    path = tmp_path / "new" / "tracker.db"
    assert not path.exists()
    assert_every_racer_stored_its_rows(f"sqlite:///{path}", tmp_path)


def test_four_imports_on_an_old_sqlite_file_back_it_up_once(tmp_path: Path) -> None:
    path = tmp_path / "tracker.db"
    url = f"sqlite:///{path}"
    old = make_engine(url)
    upgrade(old, "0001", now=NOW)
    fill_release_0001(old)
    old.dispose()

    assert_every_racer_stored_its_rows(url, tmp_path, already=frozenset({473.2}))

    [backup] = path.parent.glob("tracker.db.*.bak")
    with contextlib.closing(sqlite3.connect(backup)) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert copy.execute("SELECT count(*) FROM hydration_entry").fetchone() == (1,)


def test_an_upgrade_that_waited_for_another_finds_it_done_and_goes_on(any_url: str) -> None:
    """Deterministic: one connection is half-way through the upgrade, holding the migration
    lock, when another ``upgrade`` starts; that one waits, finds head, backs nothing up."""
    old = make_engine(any_url)
    upgrade(old, "0001", now=NOW)
    fill_release_0001(old)
    old.dispose()
    winner, waiter = make_engine(any_url), make_engine(any_url)
    asked = threading.Event()
    checkouts: list[object] = []

    @sa.event.listens_for(waiter, "checkout")
    def _asks_for_the_lock(*_args: object) -> None:
        checkouts.append(_args)
        if len(checkouts) == 2:  # it has read the revision; now it asks for the lock
            asked.set()

    outcome: dict[str, object] = {}
    thread = threading.Thread(target=lambda: outcome.update(backup=upgrade(waiter, now=NOW)))
    try:
        with winner.begin() as connection:  # SQLite: BEGIN IMMEDIATE
            if winner.dialect.name == "postgresql":
                connection.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            thread.start()
            assert asked.wait(timeout=30)  # it read 0001 and now wants to upgrade too
        thread.join(timeout=30)
        assert outcome == {"backup": None}
        assert current_revision(waiter) == head_revision()
        path = sqlite_file(any_url)
        assert path is None or list(path.parent.glob("*.bak")) == []
    finally:
        thread.join(timeout=30)
        winner.dispose()
        waiter.dispose()


def test_a_start_waits_for_a_long_sqlite_upgrade_beyond_the_busy_timeout(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process upgrading for longer than the usual busy timeout (here 0.1 s, really
    10 s) is waited for, not failed with "database is locked" (``MIGRATION_WAIT_S``)."""
    monkeypatch.setattr(db.engine, "SQLITE_BUSY_TIMEOUT_MS", 100)
    old = make_engine(sqlite_url)
    upgrade(old, "0001", now=NOW)
    old.dispose()
    winner, waiter = make_engine(sqlite_url), make_engine(sqlite_url)
    outcome: dict[str, object] = {}

    def start() -> None:
        try:
            outcome["backup"] = upgrade(waiter, now=NOW)
        except sa.exc.OperationalError as err:
            outcome["error"] = str(err.orig)

    thread = threading.Thread(target=start)
    try:
        with winner.begin() as connection:  # BEGIN IMMEDIATE: the lock an upgrade holds
            thread.start()
            time.sleep(1.0)  # a long upgrade: ten times the busy timeout
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        thread.join(timeout=30)
        assert outcome == {"backup": None}
        assert current_revision(waiter) == head_revision()
        # The waiting connection went back to the pool with the usual patience.
        with waiter.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 100
    finally:
        thread.join(timeout=30)
        winner.dispose()
        waiter.dispose()


# --- reads while a writer holds SQLite's write lock ------------------------------------------

BUSY_TIMEOUT_MS = 300
"""Our patience in these tests: a read that waited for the write lock would fail quickly."""


@pytest.fixture
def write_locked(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A diary with a profile and a drink, whose write lock another connection holds (it is
    half-way through writing a drink) for the whole test. Yields the database URL."""
    engine = open_database(sqlite_url)
    profile = ensure_profile(engine=engine, now=NOW, timezone="Europe/London")
    journal.log_entry(
        engine=engine,
        kind=EntryKind.HYDRATION,
        profile_id=profile.id,
        values={"taken_at": NOW, "volume_ml": 250},
        now=NOW,
    )
    engine.dispose()
    path = sqlite_file(sqlite_url)
    assert path is not None
    writer = sqlite3.connect(path, timeout=0, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO hydration_entry (profile_id, taken_at, volume_ml, beverage, note, "
        "created_at, updated_at) VALUES (?, ?, 500, 'water', '', ?, ?)",
        (profile.id, "2026-03-01 21:41:00", "2026-03-01 21:41:00", "2026-03-01 21:41:00"),
    )
    monkeypatch.setattr(db.engine, "SQLITE_BUSY_TIMEOUT_MS", BUSY_TIMEOUT_MS)
    try:
        yield sqlite_url
        # The lock was really held all along: a writer with our patience is refused.
        engine = make_engine(sqlite_url)
        try:
            with pytest.raises(StoreError, match="locked"):
                ensure_profile(engine=engine, name="someone else", now=NOW)
        finally:
            engine.dispose()
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_open_database_and_reads_do_not_wait_for_the_write_lock(write_locked: str) -> None:
    engine = open_database(write_locked)
    try:
        assert current_revision(engine) == head_revision()
        profile = ensure_profile(engine=engine, now=NOW)
        assert profile.timezone == "Europe/London"
        assert crud.get_profile(engine=engine, name="default") == profile
        assert profile_names(engine) == ["default"]
        drinks = crud.list_entries(engine=engine, kind=EntryKind.HYDRATION, profile_id=profile.id)
        assert [d.volume_ml for d in drinks] == [250]  # type: ignore[attr-defined]
        assert crud.count_entries(engine=engine, kind=EntryKind.HYDRATION, profile_id=profile.id)
        assert crud.list_products(engine=engine, profile_id=profile.id) == []
        assert crud.running_contraction(engine=engine, profile_id=profile.id) is None
        assert list_acknowledgements(engine=engine, profile_id=profile.id) == []
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "command",
    [["profile", "show"], ["flags", "--json"], ["flags"], ["migrate"]],
    ids=" ".join,
)
def test_read_only_commands_run_while_the_write_lock_is_held(
    write_locked: str, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", write_locked, *command]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("script", ["app.py", "pages/history.py", "pages/flags.py"])
def test_pages_load_while_the_write_lock_is_held(
    write_locked: str, script: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_DATABASE_URL", write_locked)
    monkeypatch.delenv("TRACKER_PROFILE", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.context = {"timezone": "Europe/London"}
    at.run()
    if script != "app.py":
        at.switch_page(script).run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == []
