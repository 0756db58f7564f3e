"""The engine: where the database is, how every SQLite connection is prepared, and what the
database enforces by itself (foreign keys, cascades, waiting writers)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from db import crud
from db.engine import (
    DATABASE_URL_ENV,
    SQLITE_BUSY_TIMEOUT_MS,
    database_url,
    default_sqlite_path,
    make_engine,
    sqlite_file,
)
from db.migrate import open_database
from tests.support.stored import profile_names
from tracker.core.errors import Conflict, StoreError
from tracker.core.kinds import EntryKind
from tracker.core.models import DrinkCreate, ProfileRead
from tracker.entries import journal
from tracker.entries.profile import ensure_profile

NOW = datetime(2026, 3, 1, 21, 40, tzinfo=UTC)


# --- where the database is --------------------------------------------------------------------


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point platformdirs at a temp folder and clear the database variable."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    return tmp_path / "xdg"


def test_default_database_is_a_file_in_the_users_data_folder(data_home: Path) -> None:
    assert default_sqlite_path() == data_home / "cramp-tracker" / "tracker.db"
    assert database_url() == f"sqlite:///{data_home / 'cramp-tracker' / 'tracker.db'}"


@pytest.mark.parametrize(
    ("explicit", "env", "expected"),
    [
        ("sqlite:///given.db", "postgresql+psycopg://u@h/env", "sqlite:///given.db"),
        ("sqlite:///given.db", None, "sqlite:///given.db"),
        (None, "postgresql+psycopg://u@h/env", "postgresql+psycopg://u@h/env"),
        ("", "  sqlite:///env.db  ", "sqlite:///env.db"),
        (None, None, "DEFAULT"),
        (None, "", "DEFAULT"),
        (None, "   ", "DEFAULT"),
    ],
)
def test_database_url_precedence(
    data_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    explicit: str | None,
    env: str | None,
    expected: str,
) -> None:
    if env is not None:
        monkeypatch.setenv(DATABASE_URL_ENV, env)
    if expected == "DEFAULT":
        expected = f"sqlite:///{data_home / 'cramp-tracker' / 'tracker.db'}"
    assert database_url(explicit) == expected


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:////var/lib/tracker.db", Path("/var/lib/tracker.db")),
        ("sqlite:///relative/tracker.db", Path("relative/tracker.db")),
        ("sqlite://", None),
        ("sqlite:///:memory:", None),
        ("postgresql+psycopg://postgres@127.0.0.1:5432/tracker", None),
    ],
)
def test_sqlite_file(url: str, path: Path | None) -> None:
    assert sqlite_file(url) == path


def test_make_engine_creates_the_folder_of_a_new_sqlite_file(tmp_path: Path) -> None:
    target = tmp_path / "new" / "deeper" / "tracker.db"
    engine = open_database(f"sqlite:///{target}")
    try:
        assert ensure_profile(engine=engine, now=NOW).name == "default"
        assert target.is_file()
    finally:
        engine.dispose()


def test_an_unusable_database_is_a_store_error(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}")  # a folder, not a file
    try:
        with pytest.raises(StoreError, match="the database could not be used"):
            crud.get_profile(engine=engine, name="default")
    finally:
        engine.dispose()


# --- every SQLite connection is prepared -----------------------------------------------------


def pragma(connection: Any, name: str) -> Any:
    return connection.execute(f"PRAGMA {name}").fetchone()[0]


def test_sqlite_connections_are_prepared(engine: Engine) -> None:
    # Two connections at once, both fresh from the pool: both prepared.
    first, second = engine.raw_connection(), engine.raw_connection()
    try:
        for connection in (first, second):
            assert pragma(connection, "foreign_keys") == 1
            assert pragma(connection, "journal_mode") == "wal"
            assert pragma(connection, "busy_timeout") == SQLITE_BUSY_TIMEOUT_MS
            assert pragma(connection, "synchronous") == 1  # NORMAL
    finally:
        first.close()
        second.close()
    assert SQLITE_BUSY_TIMEOUT_MS >= 5000


def test_the_sqlite_file_stays_in_wal_mode(engine: Engine) -> None:
    path = sqlite_file(engine.url)
    assert path is not None
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    raw.close()


def test_a_transaction_holds_the_write_lock_from_its_start(engine: Engine) -> None:
    """BEGIN IMMEDIATE: a second writer cannot sneak in half-way (it waits, or here, with no
    patience, is refused) while one transaction is open."""
    path = sqlite_file(engine.url)
    assert path is not None
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        with engine.begin(), pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # free again once it committed
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_two_engines_on_one_file_write_alternately(sqlite_url: str) -> None:
    first, second = open_database(sqlite_url), open_database(sqlite_url)
    try:
        profile = ensure_profile(engine=first, now=NOW)
        assert ensure_profile(engine=second, now=NOW) == profile
        for n in range(6):
            engine = (first, second)[n % 2]
            journal.log_entry(
                engine=engine,
                kind=EntryKind.HYDRATION,
                profile_id=profile.id,
                values={"taken_at": NOW - timedelta(minutes=n), "volume_ml": 100 + n},
                now=NOW,
            )
        for engine in (first, second):
            rows = crud.list_entries(engine=engine, kind=EntryKind.HYDRATION, profile_id=profile.id)
            assert sorted(r.volume_ml for r in rows) == [100, 101, 102, 103, 104, 105]  # type: ignore[attr-defined]
    finally:
        first.dispose()
        second.dispose()


# --- what the database enforces ---------------------------------------------------------------


def test_an_entry_for_a_missing_profile_is_refused(any_engine: Engine) -> None:
    drink = DrinkCreate(taken_at=NOW, volume_ml=200)
    with pytest.raises(Conflict):
        crud.create_entry(
            engine=any_engine, kind=EntryKind.HYDRATION, profile_id=999, values=drink, now=NOW
        )


def fill(engine: Engine, profile: ProfileRead) -> None:
    when = NOW - timedelta(hours=1)
    product = journal.add_product(
        engine=engine, profile_id=profile.id, values={"name": "Mg", "kind": "supplement"}, now=NOW
    )
    entries: list[tuple[EntryKind, dict[str, Any]]] = [
        (
            EntryKind.CRAMPS,
            {
                "started_at": when,
                "region": "calf",
                "side": "left",
                "intensity": 4,
                "quality": "cramp",
            },
        ),
        (EntryKind.HYDRATION, {"taken_at": when, "volume_ml": 250}),
        (EntryKind.SUPPLEMENTS, {"taken_at": when, "product_id": product.id}),
        (EntryKind.CONTRACTIONS, {"started_at": when}),
        (EntryKind.EVENTS, {"occurred_at": when, "kind": "mucus_plug"}),
    ]
    for kind, values in entries:
        journal.log_entry(engine=engine, kind=kind, profile_id=profile.id, values=values, now=NOW)


def test_deleting_a_profile_deletes_everything_it_owns(any_engine: Engine) -> None:
    gone = ensure_profile(engine=any_engine, name="gone", now=NOW)
    kept = ensure_profile(engine=any_engine, name="kept", now=NOW)
    fill(any_engine, gone)
    fill(any_engine, kept)

    with any_engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM profile WHERE id = :id"), {"id": gone.id})

    for kind in EntryKind:
        assert crud.count_entries(engine=any_engine, kind=kind, profile_id=gone.id) == 0
        assert crud.count_entries(engine=any_engine, kind=kind, profile_id=kept.id) == 1
    assert crud.list_products(engine=any_engine, profile_id=gone.id) == []
    assert [p.name for p in crud.list_products(engine=any_engine, profile_id=kept.id)] == ["Mg"]
    assert profile_names(any_engine) == ["kept"]
