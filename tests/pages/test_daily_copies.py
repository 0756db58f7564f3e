"""The app makes the day's copy of a SQLite diary when it opens it, and a diary file that cannot
be read opens a page naming the newest good copy and how to put it back, not a crash."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from db import crud, daily
from db.engine import sqlite_file
from tracker.core.kinds import EntryKind
from tracker.entries import journal
from tracker.entries.profile import ensure_profile


def test_opening_the_app_makes_the_days_copy(
    open_page: Callable[[str], AppTest], db_url: str
) -> None:
    path = sqlite_file(db_url)
    assert path is not None
    open_page("app.py")
    (copy,) = daily.daily_copies(path)
    assert datetime.now(UTC) - copy.made_at < timedelta(minutes=5)


def test_an_unreadable_diary_names_its_newest_good_copy(
    open_page: Callable[[str], AppTest], db: Engine, db_url: str
) -> None:
    ensure_profile(engine=db, now=datetime.now(UTC))
    good = daily.ensure_daily_copy(db, now=datetime.now(UTC) - timedelta(days=2))
    assert good is not None
    db.dispose()
    path = sqlite_file(db_url)
    assert path is not None
    for extra in ("-wal", "-shm"):
        Path(f"{path}{extra}").unlink(missing_ok=True)
    path.write_bytes(b"this is not a database, a disk went bad" * 200)

    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"), default_timeout=30)
    at.run()

    assert not at.exception
    assert "cannot be read" in at.error[0].value and str(path) in at.error[0].value
    assert "newest good daily copy" in at.info[0].value
    assert f"cp {good}" in at.code[0].value and f"mv {path} {path}.damaged" in at.code[0].value
    assert path.read_bytes().startswith(b"this is not")  # nothing was overwritten


def test_settings_puts_a_daily_copy_back_after_a_confirmation(
    open_page: Callable[[str], AppTest], db: Engine, db_url: str
) -> None:
    profile = ensure_profile(engine=db, now=datetime.now(UTC), timezone="Europe/London")
    at = open_page("pages/settings.py")  # the server opens the diary: today's copy is made
    journal.log_entry(
        engine=db,
        kind=EntryKind.HYDRATION,
        profile_id=profile.id,
        values={"taken_at": datetime.now(UTC), "volume_ml": 250, "beverage": "water"},
        now=datetime.now(UTC),
    )
    at.run()
    restore = at.button(key="backup_daily_restore")
    assert restore.disabled  # not before the person says they understand
    at.checkbox(key="backup_daily_confirm").check().run()
    at.button(key="backup_daily_restore").click().run()

    assert not at.exception
    assert crud.list_entries(engine=db, kind=EntryKind.HYDRATION, profile_id=profile.id) == []
    (message,) = [s.value for s in at.success if "is back" in s.value]
    assert ".before-restore-" in message
