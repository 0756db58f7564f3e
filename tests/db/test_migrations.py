"""Schema migrations on SQLite and PostgreSQL: a fresh database, an old one with data, the
schema the models expect, the SQLite backup, and the way back down."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import db.tables  # noqa: F401  (the tables the models expect)
from db import crud
from db.engine import make_engine, sqlite_file
from db.migrate import current_revision, downgrade, head_revision, open_database, upgrade
from tracker.core.columns import CodeSet, UTCDateTime
from tracker.core.kinds import EntryKind
from tracker.core.vocabulary import HistoryItem, Trigger
from tracker.entries import journal
from tracker.entries.profile import ensure_profile

NOW = datetime(2026, 3, 1, 21, 40, tzinfo=UTC)
OLD = datetime(2025, 12, 24, 7, 5, 9, 123456, tzinfo=UTC)

TABLES_0001 = {"profile", "cramp_episode", "hydration_entry"}
TABLES_0002 = {"product", "intake", "contraction", "pregnancy_event"}
TABLES_0003 = {"flag_acknowledgement"}
TABLES_0006 = {"audit_event"}
HEAD = "0006"


@pytest.fixture
def bare_engine(any_url: str) -> Iterator[Engine]:
    """An engine on an empty database: no tables, no revision."""
    engine = make_engine(any_url)
    yield engine
    engine.dispose()


def tables(engine: Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}


def schema_differences(engine: Engine) -> list[Any]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, SQLModel.metadata))


def backups(engine: Engine) -> list[Path]:
    path = sqlite_file(engine.url)
    assert path is not None
    return sorted(path.parent.glob(f"{path.name}.*.bak"))


def test_head_is_the_newest_revision() -> None:
    assert head_revision() == HEAD


def test_an_empty_database_is_brought_to_head_without_a_backup(bare_engine: Engine) -> None:
    assert current_revision(bare_engine) is None
    assert upgrade(bare_engine, now=NOW) is None
    assert current_revision(bare_engine) == HEAD
    assert tables(bare_engine) == TABLES_0001 | TABLES_0002 | TABLES_0003 | TABLES_0006
    assert tables(bare_engine) == set(SQLModel.metadata.tables)
    assert schema_differences(bare_engine) == []


def test_the_migrated_schema_matches_the_models(any_engine: Engine) -> None:
    assert schema_differences(any_engine) == []


def test_one_running_contraction_index_is_unique_and_partial(any_engine: Engine) -> None:
    indexes = {i["name"]: i for i in sa.inspect(any_engine).get_indexes("contraction")}
    running = indexes["uq_contraction_one_running"]
    assert running["unique"]
    assert running["column_names"] == ["profile_id"]
    where = running["dialect_options"][f"{any_engine.dialect.name}_where"]
    assert "ended_at is null" in str(where).lower()
    assert not indexes["ix_contraction_profile_started"]["unique"]


# --- a database made by the previous release -------------------------------------------------


def insert(connection: sa.Connection, table: str, row: dict[str, Any]) -> int:
    """INSERT by hand, binding values the way the 0001 release stored them."""
    types = {
        name: UTCDateTime()
        if isinstance(v, datetime)
        else CodeSet()
        if isinstance(v, set)
        else None
        for name, v in row.items()
    }
    statement = sa.text(
        f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join(':' + c for c in row)})"
    ).bindparams(*[sa.bindparam(name, type_=t) for name, t in types.items() if t is not None])
    connection.execute(statement, row)
    return int(connection.execute(sa.text(f"SELECT max(id) FROM {table}")).scalar_one())


def fill_release_0001(engine: Engine) -> dict[str, Any]:
    """A profile, two cramps and a drink, written straight into the 0001 tables."""
    stamps = {"created_at": OLD, "updated_at": OLD}
    with engine.begin() as connection:
        profile_id = insert(
            connection,
            "profile",
            stamps
            | {
                "name": "default",
                "display_name": "Sam",
                "sex": "female",
                "birth_year": 1991,
                "due_date": date(2026, 4, 20),
                "births_before": 1,
                "history": {"osteoporosis", "cancer"},
                "timezone": "Europe/London",
                "units": "us",
                "hydration_goal_ml": 2100,
            },
        )
        cramp = stamps | {
            "profile_id": profile_id,
            "started_at": OLD,
            "duration_min": 2.5,
            "region": "calf",
            "side": "right",
            "intensity": 7,
            "quality": "cramp",
            "triggers": {"night_sleep", "exercise"},
            "symptoms": set(),
            "relief": {"stretching"},
            "eased_by_rest": "yes",
            "note": "woke me up",
        }
        insert(connection, "cramp_episode", cramp)
        insert(
            connection,
            "cramp_episode",
            cramp | {"started_at": OLD + timedelta(days=1), "duration_min": None, "note": ""},
        )
        insert(
            connection,
            "hydration_entry",
            stamps
            | {
                "profile_id": profile_id,
                "taken_at": OLD,
                "volume_ml": 473.2,
                "beverage": "tea",
                "note": "",
            },
        )
    return {"profile_id": profile_id}


def test_upgrading_a_0001_database_keeps_every_row(bare_engine: Engine) -> None:
    assert upgrade(bare_engine, "0001", now=NOW) is None
    assert current_revision(bare_engine) == "0001"
    assert tables(bare_engine) == TABLES_0001
    fill_release_0001(bare_engine)

    backup = upgrade(bare_engine, now=NOW)

    assert current_revision(bare_engine) == HEAD
    assert schema_differences(bare_engine) == []
    profile = crud.get_profile(engine=bare_engine, name="default")
    assert profile is not None
    assert (profile.display_name, profile.sex, profile.birth_year) == ("Sam", "female", 1991)
    assert (profile.due_date, profile.births_before, profile.units) == (date(2026, 4, 20), 1, "us")
    assert profile.history == {HistoryItem.OSTEOPOROSIS, HistoryItem.CANCER}
    assert (profile.timezone, profile.hydration_goal_ml) == ("Europe/London", 2100)
    assert (profile.created_at, profile.updated_at) == (OLD, OLD)

    cramps: list[Any] = crud.list_entries(
        engine=bare_engine, kind=EntryKind.CRAMPS, profile_id=profile.id
    )
    assert [(c.started_at, c.duration_min, c.note) for c in cramps] == [
        (OLD, 2.5, "woke me up"),
        (OLD + timedelta(days=1), None, ""),
    ]
    assert cramps[0].triggers == {Trigger.NIGHT_SLEEP, Trigger.EXERCISE}
    assert cramps[0].started_at.tzinfo is UTC
    drinks: list[Any] = crud.list_entries(
        engine=bare_engine, kind=EntryKind.HYDRATION, profile_id=profile.id
    )
    assert [(d.taken_at, d.volume_ml, d.beverage) for d in drinks] == [(OLD, 473.2, "tea")]

    # The old rows and the new tables are usable together.
    new_cramp = journal.log_entry(
        engine=bare_engine,
        kind=EntryKind.CRAMPS,
        profile_id=profile.id,
        values={
            "started_at": NOW,
            "region": "foot",
            "side": "left",
            "intensity": 2,
            "quality": "spasm",
        },
        now=NOW,
    )
    assert new_cramp.id not in {c.id for c in cramps}
    product = journal.add_product(
        engine=bare_engine,
        profile_id=profile.id,
        values={"name": "Mg", "kind": "supplement"},
        now=NOW,
    )
    journal.log_entry(
        engine=bare_engine,
        kind=EntryKind.SUPPLEMENTS,
        profile_id=profile.id,
        values={"taken_at": NOW, "product_id": product.id},
        now=NOW,
    )

    if bare_engine.dialect.name == "sqlite":
        assert backup is not None
        assert backup.name == "tracker.db.before-0006-20260301T214000Z.bak"
        assert backups(bare_engine) == [backup]
        with sqlite3.connect(backup) as copy:
            assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
            assert copy.execute("SELECT count(*) FROM cramp_episode").fetchone() == (2,)
            assert copy.execute("SELECT note FROM cramp_episode ORDER BY id").fetchall() == [
                ("woke me up",),
                ("",),
            ]
            assert copy.execute("SELECT volume_ml FROM hydration_entry").fetchall() == [(473.2,)]
            names = {
                r[0] for r in copy.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            assert "product" not in names
        copy.close()
    else:
        assert backup is None


def test_a_sqlite_file_is_backed_up_once_and_not_again_at_head(
    sqlite_url: str,
) -> None:
    engine = make_engine(sqlite_url)
    try:
        upgrade(engine, "0001", now=NOW)
        assert backups(engine) == []  # a brand-new file has nothing to keep
        fill_release_0001(engine)
        first = upgrade(engine, now=NOW)
        assert first is not None and first.exists()
        assert upgrade(engine, now=NOW + timedelta(hours=1)) is None
        assert upgrade(engine, "head", now=NOW + timedelta(hours=2)) is None
        assert backups(engine) == [first]
    finally:
        engine.dispose()
    again = open_database(sqlite_url, now=NOW + timedelta(days=1))  # what the app does on start
    try:
        assert backups(again) == [first]
        assert crud.count_entries(engine=again, kind=EntryKind.CRAMPS, profile_id=1) == 2
    finally:
        again.dispose()


def test_opening_an_old_file_upgrades_it_and_keeps_a_backup(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    upgrade(engine, "0001", now=NOW)
    fill_release_0001(engine)
    engine.dispose()

    opened = open_database(sqlite_url, now=NOW)
    try:
        assert current_revision(opened) == HEAD
        [backup] = backups(opened)
        with sqlite3.connect(backup) as copy:
            assert copy.execute("SELECT count(*) FROM profile").fetchone() == (1,)
        copy.close()
    finally:
        opened.dispose()


# --- down --------------------------------------------------------------------------------------


def test_downgrade_to_0001_then_base_and_up_again(any_engine: Engine) -> None:
    profile = ensure_profile(engine=any_engine, now=NOW)
    journal.log_entry(
        engine=any_engine,
        kind=EntryKind.HYDRATION,
        profile_id=profile.id,
        values={"taken_at": OLD, "volume_ml": 250},
        now=NOW,
    )
    journal.log_entry(
        engine=any_engine,
        kind=EntryKind.CONTRACTIONS,
        profile_id=profile.id,
        values={"started_at": OLD},
        now=NOW,
    )

    downgrade(any_engine, "0002")
    assert tables(any_engine) == TABLES_0001 | TABLES_0002

    downgrade(any_engine, "0001")
    assert current_revision(any_engine) == "0001"
    assert tables(any_engine) == TABLES_0001
    assert (
        crud.count_entries(engine=any_engine, kind=EntryKind.HYDRATION, profile_id=profile.id) == 1
    )

    downgrade(any_engine, "base")
    assert current_revision(any_engine) is None
    assert tables(any_engine) == set()

    assert upgrade(any_engine, now=NOW) is None  # nothing left worth a backup
    assert current_revision(any_engine) == HEAD
    assert schema_differences(any_engine) == []
    assert crud.get_profile(engine=any_engine, name="default") is None


def test_0005_gives_old_profiles_no_favourites_and_goes_back_down_keeping_them(
    any_engine: Engine,
) -> None:
    """0005 adds ``profile.favourites``: a profile from 0004 reads back with none, pinned ones
    are stored, and the way down to 0004 drops only that column (the diary stays)."""
    downgrade(any_engine, "0004")
    with any_engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO profile (created_at, updated_at, name, display_name, births_before,"
                " history, timezone, units) VALUES (:at, :at, 'old', '', 0, '[]', 'UTC', 'metric')"
            ),
            {"at": NOW.replace(tzinfo=None)},
        )
    upgrade(any_engine, now=NOW)
    old = crud.get_profile(engine=any_engine, name="old")
    assert old is not None and old.favourites == {}
    pinned = crud.update_profile(
        engine=any_engine, profile_id=old.id, values={"favourites": {"calf/left/cramp": 6}}, now=NOW
    )
    assert pinned.favourites == {"calf/left/cramp": 6}

    downgrade(any_engine, "0004")
    assert "favourites" not in {c["name"] for c in sa.inspect(any_engine).get_columns("profile")}
    with any_engine.connect() as connection:
        names = connection.execute(sa.text("SELECT name FROM profile")).scalars().all()
    assert names == ["old"]
