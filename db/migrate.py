"""Bring a database to the newest schema; a SQLite file is copied aside first."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from db.engine import sqlite_file

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def backup_sqlite(path: Path, label: str, *, now: datetime) -> Path:
    """Copy a live SQLite file (WAL included) to ``<name>.<label>-<UTC stamp>.bak`` beside it."""
    target = path.with_name(f"{path.name}.{label}-{now.astimezone(UTC):%Y%m%dT%H%M%SZ}.bak")
    with sqlite3.connect(path) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    source.close()
    copy.close()
    return target


def upgrade(engine: Engine, revision: str = "head", *, now: datetime | None = None) -> Path | None:
    """Upgrade to ``revision``; returns the backup file made for a SQLite database, if any.

    A fresh database (no tables yet) is not backed up; one already at the target is not touched.
    """
    current = current_revision(engine)
    target = head_revision() if revision == "head" else revision
    if current == target:
        return None
    backup: Path | None = None
    path = sqlite_file(engine.url)
    if path is not None and current is not None and path.exists():
        backup = backup_sqlite(path, f"before-{target}", now=now or datetime.now(UTC))
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    return backup


def downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def open_database(url: str, *, now: datetime | None = None) -> Engine:
    """An engine for ``url`` with the schema brought up to date (the one way in for app and CLI)."""
    from db.engine import make_engine

    engine = make_engine(url)
    upgrade(engine, now=now)
    return engine
