"""``export json``, ``restore`` and ``profile delete`` end to end: in-process against a real
SQLite file, and ``python -m tracker restore`` in a second process whose write this one sees."""

from __future__ import annotations

import stat
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from db import crud
from db.migrate import backup_sqlite
from db.versions import data_version
from tests.tracker.files.test_backup import row_counts, seed_diary
from tracker.cli import main
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.entries import journal
from tracker.entries.profile import ensure_profile
from tracker.files.backup import backup_json

ROOT = Path(__file__).resolve().parents[2]


def run(sqlite_url: str, *args: str) -> int:
    return main(["--db", sqlite_url, *args])


def named(engine: Engine, name: str) -> ProfileRead | None:
    return crud.get_profile(engine=engine, name=name)


@pytest.fixture
def real_now() -> datetime:
    """The command line reads the real clock: entries are made an hour before it."""
    return datetime.now(UTC)


@pytest.fixture
def diary(engine: Engine, real_now: datetime) -> ProfileRead:
    profile = ensure_profile(engine=engine, now=real_now, timezone="Europe/London")
    return seed_diary(engine, profile, real_now - timedelta(hours=1))


def test_export_json_writes_the_backup_privately(
    sqlite_url: str,
    engine: Engine,
    diary: ProfileRead,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "backup.json"
    assert run(sqlite_url, "export", "json", "--out", str(out)) == 0
    assert out.read_text(encoding="utf-8") == backup_json(engine, diary)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert capsys.readouterr().out == (
        f"backed up profile 'default' to {out}: 2 products, 3 cramps, 2 hydration, "
        "3 supplements, 3 contractions, 2 events, 1 flag_acknowledgements\n"
    )


def test_restore_into_a_new_profile_then_export_gives_the_same_file(
    sqlite_url: str,
    engine: Engine,
    diary: ProfileRead,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert run(sqlite_url, "export", "json", "--out", str(first)) == 0
    capsys.readouterr()

    assert run(sqlite_url, "--profile", "restored", "restore", str(first)) == 0
    assert capsys.readouterr().out == f"restored 16 rows from {first} into profile 'restored'\n"
    assert run(sqlite_url, "export", "json", "--out", str(second), "--profile", "restored") == 0
    assert second.read_bytes() == first.read_bytes()


def test_restore_into_a_profile_with_entries_exits_2_and_writes_nothing(
    sqlite_url: str,
    engine: Engine,
    diary: ProfileRead,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "backup.json"
    out.write_text(backup_json(engine, diary), encoding="utf-8")
    before = row_counts(engine, diary.id)

    assert run(sqlite_url, "restore", str(out)) == 2

    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("error: profile 'default' already has 16 entries")
    assert "--profile" in err or "new profile name" in err
    assert row_counts(engine, diary.id) == before


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda text: text[: len(text) // 2], "ends early"),
        (lambda text: text.replace('"intensity": 7', '"intensity": 9'), "SHA-256"),
        (lambda text: "\ufeff" + text, "layout"),
    ],
    ids=["truncated", "edited", "byte-order mark"],
)
def test_a_damaged_backup_exits_2_with_one_line_and_no_profile(
    sqlite_url: str,
    engine: Engine,
    diary: ProfileRead,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    damage: object,
    reason: str,
) -> None:
    out = tmp_path / "backup.json"
    out.write_text(damage(backup_json(engine, diary)), encoding="utf-8")  # type: ignore[operator]

    assert run(sqlite_url, "--profile", "new", "restore", str(out)) == 2

    err = capsys.readouterr().err
    assert err.count("\n") == 1 and reason in err and "nothing was written" in err
    assert named(engine, "new") is None


def test_restore_of_a_missing_or_non_utf8_file_exits_2(
    sqlite_url: str, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(sqlite_url, "--profile", "new", "restore", str(tmp_path / "none.json")) == 2
    assert "cannot read" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"backup": "\xff"}\n')
    assert run(sqlite_url, "--profile", "new", "restore", str(bad)) == 2
    assert "not UTF-8" in capsys.readouterr().err
    assert named(engine, "new") is None


def test_a_restore_by_another_process_is_seen_here(
    sqlite_url: str, engine: Engine, real_now: datetime, tmp_path: Path
) -> None:
    """Issue 9: the data version is bumped by every write path (restore too) and seen by a
    second process: here the command line restores, this process reads the new version."""
    source = ensure_profile(engine=engine, name="source", now=real_now, timezone="UTC")
    journal.log_entry(
        engine=engine,
        kind=EntryKind.HYDRATION,
        profile_id=source.id,
        values={"taken_at": real_now - timedelta(hours=1), "volume_ml": 250},
        now=real_now,
    )
    out = tmp_path / "backup.json"
    out.write_text(backup_json(engine, source), encoding="utf-8")
    target = ensure_profile(engine=engine, now=real_now, timezone="UTC")
    before = data_version(engine=engine, profile_id=target.id)

    done = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", sqlite_url, "restore", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert (done.returncode, done.stderr) == (0, "")
    assert data_version(engine=engine, profile_id=target.id) > before
    assert row_counts(engine, target.id)["hydration_entry"] == 1


def test_profile_delete_needs_the_name_typed_again(
    sqlite_url: str, engine: Engine, diary: ProfileRead, capsys: pytest.CaptureFixture[str]
) -> None:
    before = row_counts(engine, diary.id)
    assert run(sqlite_url, "profile", "delete", "--confirm", "Default") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'default'" in err
    assert row_counts(engine, diary.id) == before
    assert run(sqlite_url, "--profile", "nobody", "profile", "delete", "--confirm", "nobody") == 2
    assert "no profile named 'nobody'" in capsys.readouterr().err
    assert named(engine, "nobody") is None  # not created by asking


def test_profile_delete_removes_that_profile_only_and_lists_the_copies(
    sqlite_url: str,
    engine: Engine,
    diary: ProfileRead,
    real_now: datetime,
    capsys: pytest.CaptureFixture[str],
) -> None:
    other = ensure_profile(engine=engine, name="other", now=real_now, timezone="UTC")
    journal.log_entry(
        engine=engine,
        kind=EntryKind.HYDRATION,
        profile_id=other.id,
        values={"taken_at": real_now - timedelta(hours=1), "volume_ml": 250},
        now=real_now,
    )
    other_before = row_counts(engine, other.id)
    path = Path(engine.url.database or "")
    copy = backup_sqlite(path, "before-0004", now=real_now)

    assert run(sqlite_url, "profile", "delete", "--confirm", "default") == 0

    out = capsys.readouterr().out
    assert out.startswith("deleted profile 'default' and its 17 rows\n")
    assert f"{copy} ({copy.stat().st_size:,} bytes)" in out
    assert "--remove-copies" in out
    assert named(engine, "default") is None
    assert row_counts(engine, diary.id) == dict.fromkeys(row_counts(engine, diary.id), 0)
    assert row_counts(engine, other.id) == other_before

    assert run(sqlite_url, "--profile", "other", "profile", "delete", "--confirm", "other",
               "--remove-copies") == 0  # fmt: skip
    assert f"removed {copy}" in capsys.readouterr().out
    assert not copy.exists()


def test_help_documents_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["restore", "--help"]) == 0
    assert "empty" in capsys.readouterr().out
    assert main(["profile", "delete", "--help"]) == 0
    assert "--confirm" in capsys.readouterr().out
    assert main(["export", "json", "--help"]) == 0
    assert "--out" in capsys.readouterr().out
