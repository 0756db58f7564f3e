"""Daily copies of a SQLite diary that make themselves, and putting one back.

At start-up (``ensure_daily_copy``), when the newest copy is more than a day old, the database
is copied beside itself with SQLite's online backup API (``tracker.db.daily-<UTC stamp>.bak``,
mode 0600: consistent while the app runs, the WAL included), and only the newest ``KEEP``
copies are kept. A copy is put back (``restore_copy``) only after it passes SQLite's integrity
check and holds this app's tables; the database as it was is first copied aside
(``….before-restore-<stamp>.bak``), the copy is written into the live file through the same
backup API (other connections see it on their next transaction), the schema is upgraded if the
copy is older, and every profile's data version is moved past every version seen before, so no
cached page shows what was there before the restore.

PostgreSQL keeps its own backups (``pg_dump``); nothing here applies to it.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from db.engine import sqlite_file
from db.migrate import backup_sqlite, upgrade
from tracker.core.errors import NotFound, TrackerError

DAILY_LABEL = "daily"
KEEP = 7
"""Daily copies kept: a week to notice that something went wrong."""
EVERY = timedelta(days=1)
RESTORE_LABEL = "before-restore"
_STAMP = re.compile(r"\.daily-(\d{8}T\d{6}Z)\.bak$")
REQUIRED_TABLES = frozenset({"alembic_version", "profile", "cramp_episode"})


class CopyUnusable(TrackerError):
    """A copy failed its check (damaged, or not this app's database); nothing was changed."""


@dataclass(frozen=True)
class DailyCopy:
    path: Path
    made_at: datetime
    """When it was made (UTC, from its name)."""
    size_bytes: int


def daily_copies(database: Path) -> list[DailyCopy]:
    """The daily copies beside ``database``, newest first."""
    if not database.parent.is_dir():
        return []
    found = []
    for path in database.parent.glob(f"{database.name}.{DAILY_LABEL}-*.bak"):
        match = _STAMP.search(path.name)
        if match and path.is_file() and path.name.startswith(database.name + "."):
            made = datetime.strptime(match.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            found.append(DailyCopy(path, made, path.stat().st_size))
    return sorted(found, key=lambda c: c.made_at, reverse=True)


def copies_of(engine: Engine) -> list[DailyCopy]:
    """``daily_copies`` of the engine's SQLite file (none for other databases)."""
    path = sqlite_file(engine.url)
    return [] if path is None else daily_copies(path)


def ensure_daily_copy(engine: Engine, *, now: datetime, keep: int = KEEP) -> Path | None:
    """Copy a SQLite database when its newest daily copy is older than a day (or there is none)
    and keep the newest ``keep``; returns the new copy's path (None when none was due)."""
    path = sqlite_file(engine.url)
    if path is None or not path.is_file():
        return None
    existing = daily_copies(path)
    if existing and now - existing[0].made_at < EVERY:
        return None
    made = backup_sqlite(path, DAILY_LABEL, now=now)
    for old in daily_copies(path)[keep:]:
        old.path.unlink(missing_ok=True)
    return made


def check_copy(path: Path) -> None:
    """Raise ``CopyUnusable`` unless ``path`` is an intact SQLite database with this app's
    tables (SQLite's ``PRAGMA integrity_check``)."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as err:
        raise CopyUnusable(f"{path.name} cannot be opened: {err}") from err
    try:
        (verdict,) = connection.execute("PRAGMA integrity_check").fetchone()
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as err:
        raise CopyUnusable(f"{path.name} is not a readable database: {err}") from err
    finally:
        connection.close()
    if verdict != "ok":
        raise CopyUnusable(f"{path.name} is damaged: {verdict}")
    if not tables >= REQUIRED_TABLES:
        raise CopyUnusable(f"{path.name} is not a Cramp Tracker database")


def newest_good_copy(database: Path) -> DailyCopy | None:
    """The newest daily copy of ``database`` that passes ``check_copy``."""
    for copy in daily_copies(database):
        try:
            check_copy(copy.path)
        except CopyUnusable:
            continue
        return copy
    return None


def restore_copy(engine: Engine, copy_path: Path, *, now: datetime) -> Path:
    """Put the daily copy ``copy_path`` back as the database (see the module); returns where
    the database as it was has been copied aside. Only one of ``copies_of(engine)``."""
    path = sqlite_file(engine.url)
    if path is None:
        raise NotFound("only a SQLite diary has daily copies")
    if copy_path not in {c.path for c in daily_copies(path)}:
        raise NotFound(f"{copy_path.name} is not one of the daily copies")
    check_copy(copy_path)
    with engine.connect() as connection:
        seen = connection.execute(sa.text("SELECT MAX(data_version) FROM profile")).scalar()
    aside = backup_sqlite(path, RESTORE_LABEL, now=now)
    source = sqlite3.connect(f"file:{copy_path}?mode=ro", uri=True)
    target = sqlite3.connect(path, timeout=10)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    engine.dispose()  # pooled connections opened before the restore start afresh
    upgrade(engine, now=now)
    with engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE profile SET data_version = data_version + :past"),
            {"past": int(seen or 0) + 1},
        )
    return aside
