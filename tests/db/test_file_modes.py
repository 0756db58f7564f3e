"""The diary is the person's alone on a shared computer: the data folder 0700, the database with
its ``-wal``/``-shm``, the pre-upgrade backups and CSV exports 0600, whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from db.engine import database_url, default_sqlite_path, sqlite_file
from db.migrate import downgrade, open_database, upgrade
from tracker.cli import main
from tracker.core.kinds import EntryKind
from tracker.entries import journal
from tracker.entries.profile import ensure_profile

NOW = datetime(2026, 3, 1, 21, 40, tzinfo=UTC)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The common default umask, under which plain files come out 0644 and folders 0755."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def test_a_new_diary_is_private_folder_database_wal_and_shm(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    path = tmp_path / "new" / "data" / "tracker.db"
    engine = open_database(f"sqlite:///{path}")
    try:
        profile = ensure_profile(engine=engine, now=NOW)
        journal.log_entry(
            engine=engine,
            kind=EntryKind.HYDRATION,
            profile_id=profile.id,
            values={"taken_at": NOW, "volume_ml": 250},
            now=NOW,
        )
        wal, shm = path.with_name("tracker.db-wal"), path.with_name("tracker.db-shm")
        assert wal.exists() and shm.exists()  # the engine's connection is still open
        assert {p.name: mode(p) for p in (path, wal, shm)} == {
            "tracker.db": "0o600",
            "tracker.db-wal": "0o600",
            "tracker.db-shm": "0o600",
        }
        assert mode(path.parent) == "0o700"
        assert mode(path.parent.parent) == "0o700"  # made by us for the diary too
        assert mode(tmp_path) == "0o755"  # what was there is left alone
    finally:
        engine.dispose()


def test_an_open_diary_with_a_0644_file_is_tightened_in_a_folder_of_the_persons_choice(
    tmp_path: Path,
) -> None:
    path = tmp_path / "tracker.db"
    open_database(f"sqlite:///{path}").dispose()
    path.chmod(0o644)
    tmp_path.chmod(0o755)
    engine = open_database(f"sqlite:///{path}")
    try:
        assert mode(path) == "0o600"
        ensure_profile(engine=engine, now=NOW)
        assert mode(path.with_name("tracker.db-wal")) == "0o600"
        assert mode(tmp_path) == "0o755"  # their folder (could be their home): not ours to change
    finally:
        engine.dispose()


def test_stale_wal_and_shm_files_are_tightened_with_the_database(tmp_path: Path) -> None:
    path = tmp_path / "tracker.db"
    first = open_database(f"sqlite:///{path}")
    ensure_profile(engine=first, now=NOW)
    wal, shm = path.with_name("tracker.db-wal"), path.with_name("tracker.db-shm")
    for each in (path, wal, shm):
        each.chmod(0o644)  # as an older release left them, still open in another process
    second = open_database(f"sqlite:///{path}")
    try:
        assert [mode(p) for p in (path, wal, shm)] == ["0o600"] * 3
    finally:
        first.dispose()
        second.dispose()


def test_the_default_data_folder_is_made_and_kept_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    folder = default_sqlite_path().parent
    assert folder == tmp_path / "share" / "cramp-tracker"
    open_database(database_url()).dispose()
    assert mode(folder) == "0o700"
    assert mode(folder / "tracker.db") == "0o600"

    folder.chmod(0o755)  # as an older release made it
    (folder / "tracker.db").chmod(0o644)
    open_database(database_url()).dispose()
    assert (mode(folder), mode(folder / "tracker.db")) == ("0o700", "0o600")


def test_a_pre_upgrade_backup_is_private(sqlite_url: str) -> None:
    engine = open_database(sqlite_url)
    try:
        ensure_profile(engine=engine, now=NOW)
        downgrade(engine, "0002")
        backup = upgrade(engine, now=NOW)
        assert backup is not None
        assert mode(backup) == "0o600"
    finally:
        engine.dispose()


def test_a_csv_export_is_private_new_or_replaced(sqlite_url: str, tmp_path: Path) -> None:
    new, old = tmp_path / "new.csv", tmp_path / "old.csv"
    old.write_text("someone's old file\n")
    assert mode(old) == "0o644"
    for out in (new, old):
        args = ["--db", sqlite_url, "export", "csv", "--kind", "hydration", "--out", str(out)]
        assert main(args) == 0
        assert mode(out) == "0o600"
        assert out.read_text() == "taken_at,volume_ml,beverage,note\n"
    path = sqlite_file(sqlite_url)
    assert path is not None and mode(path) == "0o600"
