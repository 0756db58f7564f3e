"""Settings, "Backup and your data": the full backup and the database copy handed to the browser
are the real files; restore fills an empty profile only and refuses a damaged file with its
reason; "Delete my data" needs the name typed and deletes that profile only; the copies made
before upgrades are listed and removed; on PostgreSQL no database file is offered."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from db import crud
from db.engine import sqlite_file
from db.migrate import backup_sqlite, open_database
from tests.pages.conftest import APP, TIMEOUT_S, Deferred, clicked
from tests.tracker.files.test_backup import row_counts, seed_diary
from tracker.core.models import ProfileRead
from tracker.entries.profile import ensure_profile
from tracker.files.backup import backup_json
from tracker.ui.backup import size_text

PAGE = "pages/settings.py"
OpenPage = Callable[..., AppTest]


def london_today() -> str:
    return f"{datetime.now(ZoneInfo('Europe/London')).date():%Y-%m-%d}"


@pytest.fixture
def filled(db: Engine, app_profile: ProfileRead, now: datetime) -> ProfileRead:
    return seed_diary(db, app_profile, now)


def test_the_full_backup_download_is_the_profiles_backup(
    open_page: OpenPage, db: Engine, filled: ProfileRead, deferred: Deferred
) -> None:
    at = open_page(PAGE)
    assert at.subheader[-1].value == "Backup and your data"
    assert any("Backup and your data below" in c.value for c in at.caption)  # not "Export page"

    data, name = clicked(at, deferred, "backup_download")

    assert data == backup_json(db, filled).encode("utf-8")
    assert name == f"cramp-tracker-backup-{london_today()}.json"


def test_restore_fills_an_empty_profile_and_the_same_backup_comes_out(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, now: datetime
) -> None:
    source = ensure_profile(engine=db, name="source", now=now, timezone="Europe/London")
    text = backup_json(db, seed_diary(db, source, now))
    at = open_page(PAGE)

    at.file_uploader(key="backup_restore_file").set_value(
        ("mine.json", text.encode(), "application/json")
    )
    at.run()
    at.button(key="backup_restore").click().run()

    assert not at.error
    assert at.success[0].value == "Restored 16 rows from mine.json."
    profile = crud.get_profile(engine=db, name="default")
    assert profile is not None and profile.display_name == "Sam"
    assert backup_json(db, profile) == text
    # now that it holds entries, the page no longer offers to restore into it
    assert not at.file_uploader
    assert any("holds 16 entries" in i.value for i in at.info)


def test_a_damaged_backup_is_refused_with_its_reason_and_nothing_written(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, now: datetime
) -> None:
    source = ensure_profile(engine=db, name="source", now=now, timezone="Europe/London")
    text = backup_json(db, seed_diary(db, source, now))
    at = open_page(PAGE)

    cut = text[: len(text) // 2].encode()
    at.file_uploader(key="backup_restore_file").set_value(("cut.json", cut, "application/json"))
    at.run()
    at.button(key="backup_restore").click().run()

    assert "Not restored" in at.error[0].value and "ends early" in at.error[0].value
    assert set(row_counts(db, app_profile.id).values()) == {0}
    assert crud.get_profile(engine=db, name="default") == app_profile  # settings untouched


def test_delete_my_data_needs_the_name_and_deletes_this_profile_only(
    open_page: OpenPage, db: Engine, filled: ProfileRead, now: datetime
) -> None:
    other = ensure_profile(engine=db, name="other", now=now, timezone="Europe/London")
    seed_diary(db, other, now)
    other_before = row_counts(db, other.id)
    at = open_page(PAGE)
    assert any("cannot be undone" in w.value for w in at.warning)
    assert at.button(key="backup_delete").disabled

    at.text_input(key="backup_delete_confirm").set_value("Default").run()
    assert at.button(key="backup_delete").disabled
    at.text_input(key="backup_delete_confirm").set_value("default").run()
    assert not at.button(key="backup_delete").disabled
    at.button(key="backup_delete").click().run()

    assert not at.error, [e.value for e in at.error]
    assert at.success[0].value == "Deleted the profile default and its 17 rows."
    assert set(row_counts(db, filled.id).values()) == {0}
    assert row_counts(db, other.id) == other_before
    fresh = crud.get_profile(engine=db, name="default")  # the page starts an empty diary
    assert fresh is not None and fresh.id != filled.id and fresh.display_name == ""
    # a new, empty field (a browser keeps what was typed into a field it already knows)
    assert [t.key for t in at.text_input if (t.key or "").startswith("backup_")] == [
        "backup_delete1_confirm"
    ]
    assert at.text_input(key="backup_delete1_confirm").value == ""
    assert at.button(key="backup_delete").disabled


def test_my_database_download_is_a_complete_sqlite_copy(
    open_page: OpenPage, db: Engine, filled: ProfileRead, deferred: Deferred, tmp_path: Path
) -> None:
    at = open_page(PAGE)

    data, name = clicked(at, deferred, "backup_database")

    assert name == f"cramp-tracker-database-{london_today()}.db"
    copy = tmp_path / "copy.db"
    copy.write_bytes(data)
    with sqlite3.connect(copy) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        notes = {row[0] for row in connection.execute("SELECT note FROM cramp_episode")}
    connection.close()
    assert "Zoë: ≥ 2 µg, naïve café — 夜" in notes


def test_copies_made_before_upgrades_are_listed_and_removed(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, now: datetime
) -> None:
    path = sqlite_file(db.url)
    assert path is not None
    copy = backup_sqlite(path, "before-0004", now=now)
    at = open_page(PAGE)
    listed = [m.value for m in at.markdown if ".bak" in m.value]
    assert listed == [f"{copy.name} · {size_text(copy.stat().st_size)}"]
    assert size_text(copy.stat().st_size).endswith(" kB")

    at.button(key=f"backup_remove_{copy.name}").click().run()

    assert not copy.exists()
    assert any("Removed" in s.value for s in at.success)
    assert not [m.value for m in at.markdown if ".bak" in m.value]


@pytest.mark.postgres
def test_on_postgresql_no_database_file_is_offered(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch, deferred: Deferred
) -> None:
    monkeypatch.setenv("TRACKER_DATABASE_URL", postgres_url)
    monkeypatch.delenv("TRACKER_PROFILE", raising=False)
    engine = open_database(postgres_url)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    at.context = {"timezone": "Europe/London"}
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception

    keys = [b.key for b in at.download_button]
    assert keys == ["backup_download"]
    assert any("pg_dump" in c.value for c in at.caption)
    data, _ = clicked(at, deferred, "backup_download")
    profile = crud.get_profile(engine=engine, name="default")
    assert profile is not None and data == backup_json(engine, profile).encode()
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM profile")).scalar_one() == 1
    engine.dispose()
