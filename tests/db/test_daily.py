"""Daily copies of a SQLite diary (``db.daily``): made at most once a day, seven kept, private;
a damaged or foreign copy is refused; putting a copy back brings back exactly what it held,
keeps the database as it was aside, and moves the data version past every version seen."""

from __future__ import annotations

import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from db import crud, daily
from db.engine import sqlite_file
from db.migrate import open_database
from db.versions import data_version
from tracker.core.errors import NotFound
from tracker.core.kinds import EntryKind
from tracker.entries import journal
from tracker.entries.profile import ensure_profile

NOW = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)


def database(engine: Engine) -> Path:
    path = sqlite_file(engine.url)
    assert path is not None
    return path


def drink(engine: Engine, profile_id: int, volume_ml: int, at: datetime) -> None:
    journal.log_entry(
        engine=engine,
        kind=EntryKind.HYDRATION,
        profile_id=profile_id,
        values={"taken_at": at, "volume_ml": volume_ml, "beverage": "water"},
        now=at,
    )


def volumes(engine: Engine, profile_id: int) -> list[float]:
    found = crud.list_entries(engine=engine, kind=EntryKind.HYDRATION, profile_id=profile_id)
    return [getattr(d, "volume_ml") for d in found]  # noqa: B009


def test_one_copy_a_day_seven_kept_each_private(engine: Engine) -> None:
    ensure_profile(engine=engine, now=NOW)
    first = daily.ensure_daily_copy(engine, now=NOW)
    assert first is not None and first.is_file()
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    assert daily.ensure_daily_copy(engine, now=NOW + timedelta(hours=23)) is None

    for day in range(1, 10):
        assert daily.ensure_daily_copy(engine, now=NOW + timedelta(days=day)) is not None

    kept = daily.copies_of(engine)
    assert len(kept) == daily.KEEP
    assert [c.made_at for c in kept] == [NOW + timedelta(days=d) for d in range(9, 2, -1)]
    assert all(c.size_bytes > 0 for c in kept)


def test_postgres_and_memory_databases_make_no_copies() -> None:
    memory = open_database("sqlite://")
    try:
        assert daily.ensure_daily_copy(memory, now=NOW) is None
        assert daily.copies_of(memory) == []
    finally:
        memory.dispose()


def test_a_damaged_or_foreign_copy_is_refused(engine: Engine, tmp_path: Path) -> None:
    ensure_profile(engine=engine, now=NOW)
    good = daily.ensure_daily_copy(engine, now=NOW)
    assert good is not None
    daily.check_copy(good)

    damaged = daily.ensure_daily_copy(engine, now=NOW + timedelta(days=1))
    assert damaged is not None
    data = bytearray(damaged.read_bytes())
    data[100:4096] = b"\x00" * (4096 - 100)  # the header's tail and the first page's content
    damaged.write_bytes(bytes(data))
    with pytest.raises(daily.CopyUnusable):
        daily.check_copy(damaged)
    newest = daily.newest_good_copy(database(engine))
    assert newest is not None and newest.path == good

    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    connection.close()
    with pytest.raises(daily.CopyUnusable, match="not a Cramp Tracker database"):
        daily.check_copy(foreign)
    not_sqlite = tmp_path / "text.db"
    not_sqlite.write_text("hello" * 1000)
    with pytest.raises(daily.CopyUnusable):
        daily.check_copy(not_sqlite)


def test_restoring_a_copy_brings_back_what_it_held_and_keeps_the_present_aside(
    engine: Engine, sqlite_url: str
) -> None:
    profile = ensure_profile(engine=engine, now=NOW)
    drink(engine, profile.id, 250, NOW - timedelta(hours=3))
    copy = daily.ensure_daily_copy(engine, now=NOW)
    assert copy is not None
    drink(engine, profile.id, 500, NOW - timedelta(hours=1))
    other = open_database(sqlite_url)  # another server process's engine, already in use
    try:
        assert volumes(other, profile.id) == [250, 500]
        before = data_version(engine=other, profile_id=profile.id)

        aside = daily.restore_copy(engine, copy, now=NOW + timedelta(minutes=5))

        assert volumes(engine, profile.id) == [250]
        assert volumes(other, profile.id) == [250]  # seen by the other engine too
        assert data_version(engine=other, profile_id=profile.id) > before
        assert stat.S_IMODE(aside.stat().st_mode) == 0o600
        kept = open_database(f"sqlite:///{aside}")
        try:
            assert volumes(kept, profile.id) == [250, 500]  # the present, kept aside
        finally:
            kept.dispose()
        drink(engine, profile.id, 330, NOW)  # and the diary works on
        assert volumes(other, profile.id) == [250, 330]
    finally:
        other.dispose()


def test_only_a_daily_copy_can_be_restored(engine: Engine, tmp_path: Path) -> None:
    ensure_profile(engine=engine, now=NOW)
    stray = tmp_path / "stray.db"
    stray.write_bytes(database(engine).read_bytes())
    with pytest.raises(NotFound):
        daily.restore_copy(engine, stray, now=NOW)
