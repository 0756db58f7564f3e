"""``python -m tracker restore`` killed with SIGKILL at several moments, on SQLite and
PostgreSQL: afterwards the profile holds every row of the backup or none, never part, and the
database takes the next restore whole.

The moments: fixed delays after the start (most land while the command still loads), and one
kill while the restore's write transaction is open (seen from outside: on PostgreSQL its INSERT
in ``pg_stat_activity``, on SQLite the write lock held), which must leave nothing.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from db import snapshot
from db.engine import sqlite_file
from db.migrate import open_database
from tests.support.server import PROJECT_DIR
from tracker.entries.profile import ensure_profile
from tracker.files import backup, demo

DEMO_DAYS = 240
"""A few thousand rows: a restore that writes for a while."""
DELAYS_S = (0.05, 0.2, 1.0, 2.0)
WRITE_WAIT_S = 60.0
POLL_S = 0.002
RESTORE_TIMEOUT_S = 60.0
WRITING = (
    r"^INSERT INTO (profile|product|cramp_episode|hydration_entry|intake|contraction|"
    r"pregnancy_event|flag_acknowledgement)\M"
)
"""PostgreSQL: a statement of the restore's one transaction (not the audit's, after it)."""


@pytest.fixture
def backup_file(any_url: str, tmp_path: Path) -> tuple[Path, int]:
    """A backup of a demo diary in the database under test, and its number of rows."""
    engine = open_database(any_url)
    try:
        now = datetime.now(UTC)
        source = ensure_profile(engine=engine, name="source", now=now, timezone="Europe/London")
        demo.fill(engine=engine, profile=source, days=DEMO_DAYS, now=now)
        text = backup.backup_json(engine, source)
    finally:
        engine.dispose()
    path = tmp_path / "backup.json"
    path.write_text(text, encoding="utf-8")
    return path, sum(backup.part_counts(text).values())


def restore(url: str, path: Path, profile: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "tracker", "--db", url, "--profile", profile]
    return subprocess.Popen(
        [*command, "restore", str(path)],
        cwd=PROJECT_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def rows_in(engine: Engine, profile: str) -> int:
    return snapshot.profile_row_count(engine=engine, name=profile) or 0


def kill(process: subprocess.Popen[str]) -> bool:
    """SIGKILL; True if it was still running (False: it had finished)."""
    running = process.poll() is None
    if running:
        process.send_signal(signal.SIGKILL)
    process.communicate(timeout=RESTORE_TIMEOUT_S)
    return running


def writing(url: str, watcher: Engine) -> bool:
    """Whether another connection is inside the restore's write transaction right now."""
    path = sqlite_file(url)
    if path is not None:
        probe = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError as err:  # "database is locked": a writer holds it
            return "locked" in str(err)
        finally:
            probe.close()
    with watcher.connect() as connection:
        found = connection.execute(
            sa.text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction') "
                "AND query ~* :writing"
            ),
            {"writing": WRITING},
        ).scalar_one()
    return bool(found)


def test_a_killed_restore_leaves_all_rows_or_none(
    any_url: str, backup_file: tuple[Path, int]
) -> None:
    path, whole = backup_file
    engine = open_database(any_url)
    outcomes: list[str] = []
    try:
        for delay in DELAYS_S:
            profile = f"killed after {delay * 1000:.0f} ms"
            process = restore(any_url, path, profile)
            time.sleep(delay)
            was_running = kill(process)
            found = rows_in(engine, profile)
            outcomes.append(f"{profile}: {'killed' if was_running else 'done'}, {found} rows")
            assert found in (0, whole), outcomes

        process = restore(any_url, path, "killed while writing")
        deadline = time.monotonic() + WRITE_WAIT_S
        while not writing(any_url, engine):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the restore never began to write"
            time.sleep(POLL_S)
        assert kill(process)
        assert rows_in(engine, "killed while writing") == 0
        outcomes.append("killed while writing: 0 rows")

        done = restore(any_url, path, "whole")
        out, err = done.communicate(timeout=RESTORE_TIMEOUT_S)
        assert (done.returncode, err) == (0, ""), out
        assert rows_in(engine, "whole") == whole
        file = sqlite_file(any_url)
        if file is not None:
            with sqlite3.connect(file) as check:
                assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        engine.dispose()
        print(f"\nrestore of {whole} rows killed on {any_url.partition(':')[0]}: {outcomes}")
