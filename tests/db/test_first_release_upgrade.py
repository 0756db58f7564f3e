"""A database made by the first released schema (revision 0001), with a diary in every table,
kept as a fixture file (``fixtures/first_release.sql``), upgrades to head on SQLite and
PostgreSQL with every row intact: every column of every row as stored, and as read through
today's column types (UTC times, code lists), and the schema the models expect.

``test_migrations.py`` builds its 0001 database with today's code; this one loads what the
release wrote, so a later change to migration 0001 or to how a column is stored shows up."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import db.tables  # noqa: F401  (the tables the models expect)
from db import crud
from db.engine import make_engine
from db.migrate import current_revision, head_revision, upgrade
from tests.db.fixtures import first_release
from tracker.core.kinds import EntryKind
from tracker.core.vocabulary import HistoryItem
from tracker.entries import journal

NOW = datetime(2026, 3, 1, 21, 40, tzinfo=UTC)


@pytest.fixture
def bare_engine(any_url: str) -> Iterator[Engine]:
    """An engine on an empty database: no tables, no revision."""
    engine = make_engine(any_url)
    yield engine
    engine.dispose()


def fixture_text() -> str:
    return first_release.FIXTURE.read_text(encoding="utf-8")


def tables(engine: Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}


def stored(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the 0001 tables as the driver returns it, by table, in id order."""
    with engine.connect() as connection:
        return {t: first_release.raw_rows(connection, t) for t in first_release.TABLES}


def stored_columns(engine: Engine, table: str, columns: list[str]) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        result = connection.exec_driver_sql(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id")
        return [tuple(r) for r in result]


def expected(value: Any) -> Any:
    """A value of ``ROWS`` as today's column types read it back."""
    if isinstance(value, set):
        return sorted(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return value


def schema_differences(engine: Engine) -> list[Any]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, SQLModel.metadata))


# --- the fixture -------------------------------------------------------------------------------


def test_the_fixture_is_what_its_generator_writes(bare_engine: Engine) -> None:
    """Its schema is what migration 0001 creates on this database; on SQLite its rows are
    ``ROWS`` as the release's column types stored them (regenerate with
    ``python -m tests.db.fixtures.first_release`` only for a change that is meant)."""
    dialect = bare_engine.dialect.name
    in_file = first_release.statements(fixture_text(), dialect)
    assert first_release.capture_schema(bare_engine) == [
        s for s in in_file if s.startswith("CREATE ")
    ]
    if dialect == "sqlite":
        assert first_release.rows_section(bare_engine) == [
            s for s in in_file if s.startswith("INSERT ")
        ]


def test_the_fixture_holds_what_the_release_column_types_store(bare_engine: Engine) -> None:
    """Loaded from its literals, or written through the column types of release 0001 (the
    same rows, aware times, code sets), the database holds the same values."""
    first_release.load(bare_engine)
    from_literals = stored(bare_engine)
    assert all(from_literals.values())
    with bare_engine.begin() as connection:
        for table in reversed(first_release.TABLES):
            connection.exec_driver_sql(f"DELETE FROM {table}")
        first_release.write_rows(connection)
    assert stored(bare_engine) == from_literals


def test_the_sections_parse_and_reject_an_unknown_dialect() -> None:
    text = "-- dialect: any\nSELECT 1;\n-- dialect: sqlite\nSELECT\n  2;\n-- dialect: postgresql\n"
    assert first_release.statements(text, "sqlite") == ["SELECT 1", "SELECT\n  2"]
    assert first_release.statements(text, "postgresql") == ["SELECT 1"]
    with pytest.raises(ValueError, match="unknown section"):
        first_release.statements("-- dialect: mysql\nSELECT 1;\n", "sqlite")
    with pytest.raises(ValueError, match="no ';'"):
        first_release.statements("-- dialect: any\nSELECT 1\n", "sqlite")


# --- the upgrade -------------------------------------------------------------------------------


def test_the_first_release_upgrades_to_head_with_every_row_intact(bare_engine: Engine) -> None:
    first_release.load(bare_engine)
    assert current_revision(bare_engine) == first_release.REVISION
    assert tables(bare_engine) == set(first_release.TABLES)
    before = stored(bare_engine)
    assert {t: len(rows) for t, rows in before.items()} == {
        t: len(rows) for t, rows in first_release.ROWS.items()
    }
    columns = {
        t: [c["name"] for c in sa.inspect(bare_engine).get_columns(t)] for t in first_release.TABLES
    }

    upgrade(bare_engine, now=NOW)

    assert current_revision(bare_engine) == head_revision()
    assert schema_differences(bare_engine) == []
    for table in first_release.TABLES:
        # As stored: the same values, byte for byte on SQLite (no time or list rewritten).
        assert stored_columns(bare_engine, table, columns[table]) == before[table], table
        # As read through today's column types: aware UTC times, code lists, dates, numbers.
        model = SQLModel.metadata.tables[table]
        with bare_engine.connect() as connection:
            read = [
                dict(r._mapping)
                for r in connection.execute(
                    sa.select(*[model.c[c] for c in columns[table]]).order_by(model.c.id)
                )
            ]
        want = [{c: expected(v) for c, v in row.items()} for row in first_release.ROWS[table]]
        assert read == want, table
        times = [v for row in read for v in row.values() if isinstance(v, datetime)]
        assert times and all(t.tzinfo is UTC for t in times)


def test_the_upgraded_diary_is_read_and_written_through_the_domain(bare_engine: Engine) -> None:
    first_release.load(bare_engine)
    upgrade(bare_engine, now=NOW)

    sam = crud.get_profile(engine=bare_engine, name="default")
    partner = crud.get_profile(engine=bare_engine, name="partner")
    assert sam is not None and partner is not None
    assert sam.history == {HistoryItem.OSTEOPOROSIS, HistoryItem.CANCER}
    assert (partner.display_name, partner.history, partner.sex) == ("Zoë O'Brien", set(), None)
    cramps: list[Any] = crud.list_entries(
        engine=bare_engine, kind=EntryKind.CRAMPS, profile_id=sam.id
    )
    assert sorted(c.id for c in cramps) == [1, 2]
    drinks: list[Any] = crud.list_entries(
        engine=bare_engine, kind=EntryKind.HYDRATION, profile_id=partner.id
    )
    assert [(d.volume_ml, d.taken_at) for d in drinks] == [
        (250.0, datetime(2026, 1, 3, 5, 0, tzinfo=UTC))
    ]

    # New rows go on after the release's ids (PostgreSQL's sequences were moved past them).
    new = journal.log_entry(
        engine=bare_engine,
        kind=EntryKind.CRAMPS,
        profile_id=partner.id,
        values={
            "started_at": NOW,
            "region": "calf",
            "side": "left",
            "intensity": 3,
            "quality": "cramp",
        },
        now=NOW,
    )
    assert new.id == len(first_release.CRAMPS) + 1
