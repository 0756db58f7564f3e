"""Bring a database to the newest schema; a SQLite file is copied aside first.

Safe when several processes start at once (four imports on a brand-new database): the upgrade
runs in one transaction that first takes the migration lock — PostgreSQL's transaction-level
advisory lock ``MIGRATION_LOCK_KEY``, SQLite's write lock (``BEGIN IMMEDIATE``, see
``db.engine``) — and reads the revision again under it, so the ones that waited find the schema
at head and go on. A database already at head is only read: opening it never waits for a writer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

import db.engine
from db import files
from db.engine import READ_ONLY_OPTION, sqlite_file

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
MIGRATION_LOCK_KEY = 0x6372_616D_706D_6967
"""PostgreSQL advisory lock key held while the schema changes (the bytes of ``crampmig``)."""
MIGRATION_WAIT_S = 300
"""How long a SQLite process waits for another's schema upgrade before it gives up (its busy
timeout while it asks for the migration lock; the usual one, ``db.engine``'s, is 10 s, which a
long upgrade on a slow machine can outlast). PostgreSQL's advisory lock waits as long as needed."""


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The schema revision, read in a read-only transaction (no SQLite write lock)."""
    with engine.execution_options(**{READ_ONLY_OPTION: True}).connect() as connection:
        return _revision(connection)


def _revision(connection: sa.Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def _migration_transaction(engine: Engine) -> Iterator[sa.Connection]:
    """One transaction holding the migration lock, waited for up to ``MIGRATION_WAIT_S``."""
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:  # set before BEGIN IMMEDIATE, which is where the wait happens
            _busy_timeout(connection, MIGRATION_WAIT_S * 1000)
        try:
            with connection.begin():
                _lock_migrations(connection)
                yield connection
        finally:
            if sqlite:  # the connection goes back to the pool with the usual patience
                _busy_timeout(connection, db.engine.SQLITE_BUSY_TIMEOUT_MS)


def _busy_timeout(connection: sa.Connection, milliseconds: int) -> None:
    # On the driver's connection: through SQLAlchemy this would begin a transaction first.
    connection.connection.driver_connection.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")  # type: ignore[union-attr]


def _lock_migrations(connection: sa.Connection) -> None:
    """Wait for, then hold until the transaction ends, the right to change the schema.

    SQLite: the transaction began with ``BEGIN IMMEDIATE``, which already holds the write lock."""
    if connection.dialect.name == "postgresql":
        connection.execute(
            sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
        )


def backup_sqlite(path: Path, label: str, *, now: datetime) -> Path:
    """Copy a live SQLite file (WAL included) to ``<name>.<label>-<UTC stamp>.bak`` beside it,
    readable by its owner only."""
    target = path.with_name(f"{path.name}.{label}-{now.astimezone(UTC):%Y%m%dT%H%M%SZ}.bak")
    files.private_file(target)  # 0600 before SQLite opens it; the backup replaces its content
    with sqlite3.connect(path) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    source.close()
    copy.close()
    return target


def upgrade(engine: Engine, revision: str = "head", *, now: datetime | None = None) -> Path | None:
    """Upgrade to ``revision``; returns the backup file made for a SQLite database, if any.

    A fresh database (no tables yet) is not backed up; one already at the target is only read.
    Of several processes upgrading at once, one upgrades (and backs up) and the others wait.
    """
    target = head_revision() if revision == "head" else revision
    if current_revision(engine) == target:
        return None
    backup: Path | None = None
    with _migration_transaction(engine) as connection:
        current = _revision(connection)  # again: another process may have upgraded meanwhile
        if current == target:
            return None
        path = sqlite_file(engine.url)
        if path is not None and current is not None:
            backup = backup_sqlite(path, f"before-{target}", now=now or datetime.now(UTC))
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    return backup


def downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config()
    with _migration_transaction(engine) as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def open_database(url: str, *, now: datetime | None = None) -> Engine:
    """An engine for ``url`` with the schema brought up to date (the one way in for app and CLI)."""
    from db.engine import make_engine

    engine = make_engine(url)
    upgrade(engine, now=now)
    return engine
