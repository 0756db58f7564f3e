"""The command line leaves the same audit trail as the pages (issue 12): ``export`` (each
format), ``restore`` and ``profile delete`` note an event for the local account ("") once they
succeeded, with the format (and period, profile) as detail and never the diary's contents; a
refused or failed command notes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from db.engine import sqlite_file
from db.migrate import backup_sqlite
from tests.tracker.files.test_backup import seed_diary
from tracker.cli import main
from tracker.core.models import ProfileRead
from tracker.entries import accounts
from tracker.entries.accounts import Action
from tracker.entries.profile import ensure_profile
from tracker.files.backup import backup_json


def run(sqlite_url: str, *args: str) -> int:
    return main(["--db", sqlite_url, *args])


def trail(engine: Engine) -> list[tuple[Action, str]]:
    return [(line.action, line.detail) for line in accounts.trail(engine=engine, account="")]


@pytest.fixture
def diary(engine: Engine) -> ProfileRead:
    now = datetime.now(UTC)
    profile = ensure_profile(engine=engine, now=now, timezone="Europe/London")
    return seed_diary(engine, profile, now - timedelta(hours=1))


def test_each_export_is_noted_with_its_format_and_period(
    sqlite_url: str, engine: Engine, diary: ProfileRead, tmp_path: Path
) -> None:
    before = datetime.now(UTC)
    assert run(sqlite_url, "export", "json", "--out", str(tmp_path / "b.json")) == 0
    assert run(sqlite_url, "export", "csv", "--kind", "cramps", "--out", str(tmp_path / "c")) == 0
    assert (
        run(
            sqlite_url,
            *("export", "csv", "--kind", "hydration", "--from", "2026-11-01"),
            *("--to", "2026-11-30", "--out", str(tmp_path / "d.csv")),
        )
        == 0
    )
    assert (
        run(sqlite_url, "export", "fhir", "--to", "2026-11-30", "--out", str(tmp_path / "f")) == 0
    )
    assert (
        run(
            sqlite_url,
            *("export", "pdf", "--from", "2026-11-01", "--to", "2026-11-30"),
            *("--sections", "summary", "--out", str(tmp_path / "r.pdf")),
        )
        == 0
    )

    assert trail(engine) == [
        (Action.EXPORT, "Doctor report (PDF), 2026-11-01 to 2026-11-30"),
        (Action.EXPORT, "FHIR R4 bundle (JSON), up to 2026-11-30"),
        (Action.EXPORT, "Drink (CSV), 2026-11-01 to 2026-11-30"),
        (Action.EXPORT, "Cramp / pain (CSV), every date"),
        (Action.EXPORT, "Full backup (JSON), profile default"),
    ]
    times = [line.at for line in accounts.trail(engine=engine, account="")]
    assert all(before <= at <= datetime.now(UTC) for at in times)


def test_an_export_that_fails_or_is_refused_is_not_noted(
    sqlite_url: str, engine: Engine, diary: ProfileRead, tmp_path: Path
) -> None:
    nowhere = tmp_path / "missing-folder" / "out.csv"
    assert run(sqlite_url, "export", "csv", "--kind", "cramps", "--out", str(nowhere)) == 1
    assert run(sqlite_url, "export", "json", "--out", str(nowhere)) == 1
    backwards = ("--from", "2026-11-30", "--to", "2026-11-01")
    assert run(sqlite_url, "export", "fhir", *backwards, "--out", str(tmp_path / "f")) == 2
    assert run(sqlite_url, "export", "pdf", *backwards, "--out", str(tmp_path / "r")) == 2
    assert trail(engine) == []


def test_restore_and_delete_are_noted_after_they_succeed(
    sqlite_url: str, engine: Engine, diary: ProfileRead, tmp_path: Path
) -> None:
    backup_file = tmp_path / "b.json"
    backup_file.write_text(backup_json(engine, diary), encoding="utf-8")

    assert run(sqlite_url, "--profile", "default", "restore", str(backup_file)) == 2  # not empty
    assert run(sqlite_url, "profile", "delete", "--confirm", "Default") == 2  # wrong name
    assert trail(engine) == []

    assert run(sqlite_url, "--profile", "copy", "restore", str(backup_file)) == 0
    assert run(sqlite_url, "profile", "delete", "--confirm", "default") == 0

    assert trail(engine) == [
        (Action.DELETE, "profile default"),
        (Action.RESTORE, "Full backup (JSON) into profile copy"),
    ]


def test_removing_the_copies_made_before_upgrades_is_noted(
    sqlite_url: str, engine: Engine, diary: ProfileRead
) -> None:
    path = sqlite_file(engine.url)
    assert path is not None
    backup_sqlite(path, "before-0004", now=datetime.now(UTC))

    assert run(sqlite_url, "profile", "delete", "--confirm", "default", "--remove-copies") == 0

    assert trail(engine) == [
        (Action.DELETE, "A copy of the database made before an upgrade"),
        (Action.DELETE, "profile default"),
    ]
