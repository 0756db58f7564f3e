"""Where the diary is kept, for the layers above the domain (``tracker.ui``, pages): the
database the settings name, opened with its schema upgraded, and how to tell a person where it
is. The layers above reach the store only through the domain; this is their door to ``db``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from db import daily, versions
from db.engine import database_url, sqlite_file
from db.migrate import open_database

__all__ = [
    "CopyUnusable",
    "DailyCopy",
    "daily_copies",
    "data_location",
    "data_version",
    "database_url",
    "make_daily_copy",
    "newest_good_copy",
    "open_diary",
    "restore_daily_copy",
    "sqlite_path",
]


def open_diary(url: str | None = None) -> Engine:
    """The engine of the database at ``url`` (default: ``database_url()``), schema at head."""
    return open_database(url or database_url())


def data_location(url: str) -> tuple[str, str]:
    """Where the diary is stored (any password hidden) and how to back it up."""
    path = sqlite_file(url)
    if path is not None:
        return str(path), (
            "Your diary is this one SQLite file on this computer. To back it up, copy the file "
            "somewhere safe while the app is stopped, or use Backup and your data below: a full "
            "backup of this profile, or a copy of the whole database made while the app runs."
        )
    shown = sa.make_url(url).render_as_string(hide_password=True)
    return shown, (
        "Your diary is in this database server. Back it up with the database's own tools "
        "(e.g. pg_dump), or download a full backup of this profile under Backup and your data "
        "below."
    )


def data_version(engine: Engine, profile_id: int) -> int:
    """The profile's data version (``db.versions``): changes with every write to its diary, by
    any process; the key of the pages' caches."""
    return versions.data_version(engine=engine, profile_id=profile_id)


# --- daily copies of a SQLite diary (db.daily) -------------------------------------------------

DailyCopy = daily.DailyCopy
CopyUnusable = daily.CopyUnusable


def make_daily_copy(engine: Engine, now: datetime) -> Path | None:
    """At start-up: a copy when the newest is more than a day old, seven kept."""
    return daily.ensure_daily_copy(engine, now=now)


def daily_copies(engine: Engine) -> list[DailyCopy]:
    return daily.copies_of(engine)


def restore_daily_copy(engine: Engine, copy: DailyCopy, now: datetime) -> Path:
    """Put ``copy`` back as the database; returns where the database as it was was kept."""
    return daily.restore_copy(engine, copy.path, now=now)


def newest_good_copy(url: str) -> DailyCopy | None:
    """For a SQLite file that cannot be opened: its newest daily copy that passes the check."""
    path = sqlite_file(url)
    return None if path is None else daily.newest_good_copy(path)


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (None for other databases)."""
    return sqlite_file(url)
