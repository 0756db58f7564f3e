"""The one place an engine is made and every connection prepared.

SQLite (default): WAL, foreign keys, a busy timeout, and ``BEGIN IMMEDIATE`` for every
writing transaction so that two tabs writing at once wait instead of failing half-way
(reads, marked with ``READ_ONLY_OPTION``, use a plain ``BEGIN`` and never wait for a writer).
The SQLite file is the person's alone: its folder is made 0700 and the file 0600 before SQLite
opens it (``db.files``), so its ``-wal`` and ``-shm`` are 0600 too.
PostgreSQL: ``TRACKER_DATABASE_URL=postgresql+psycopg://…``; nothing else changes.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from platformdirs import user_data_dir
from sqlalchemy.engine import Engine

from db import files

DATABASE_URL_ENV = "TRACKER_DATABASE_URL"
APP_DIR_NAME = "cramp-tracker"
DB_FILE_NAME = "tracker.db"
SQLITE_BUSY_TIMEOUT_MS = 10_000
READ_ONLY_OPTION = "tracker_read_only"
"""Execution option marking a transaction that only reads (SQLite: deferred BEGIN)."""


def default_sqlite_path() -> Path:
    """``tracker.db`` in the user's data directory (e.g. ``~/.local/share/cramp-tracker``)."""
    return Path(user_data_dir(APP_DIR_NAME, appauthor=False)) / DB_FILE_NAME


def database_url(explicit: str | None = None) -> str:
    """``--db``, else ``TRACKER_DATABASE_URL``, else the default SQLite file."""
    if explicit:
        return explicit
    from_env = os.environ.get(DATABASE_URL_ENV, "").strip()
    if from_env:
        return from_env
    return f"sqlite:///{default_sqlite_path()}"


def sqlite_file(url: str | sa.URL) -> Path | None:
    """The file behind a SQLite URL (None for other databases and in-memory SQLite)."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with its connections prepared; makes a SQLite file private."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_file(parsed)
        if path is not None:
            _private_sqlite_file(path)
        engine = sa.create_engine(
            parsed,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        )
        _prepare_sqlite(engine)
        return engine
    return sa.create_engine(parsed, pool_pre_ping=True)


def _private_sqlite_file(path: Path) -> None:
    """The folder 0700 when we make it (the default data folder always), the database file,
    and any ``-wal``/``-shm`` an older release left readable, 0600."""
    files.private_folder(path.parent)
    if path.parent.resolve() == default_sqlite_path().parent.resolve():
        files.tighten_folder(path.parent)
    # Anything in the way (a folder, no write access) is left for SQLite to report.
    with contextlib.suppress(OSError):
        files.private_file(path)
        for suffix in ("-wal", "-shm"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                files.tighten_file(companion)


def _prepare_sqlite(engine: Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN instead of the sqlite3 module.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        # Writers take the write lock up front (no deadlock on upgrading a read lock);
        # readers use a deferred BEGIN so they never wait for each other (WAL).
        read_only = connection.get_execution_options().get(READ_ONLY_OPTION, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
