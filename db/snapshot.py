"""A profile's whole diary at once: read in one transaction, written in one, deleted in one.

For the full backup (``tracker.files.backup``), "Download my database" and "Delete my data".
Like ``db.crud`` these functions decide no rule: what to write was validated by the caller. Rows
go in and out as plain mappings (column → value, converted by the column types: aware UTC
times, code lists, content dicts), never as database ids the caller has to keep.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util import CommandError
from sqlalchemy.engine import Engine
from sqlmodel import Session

from db import files, versions
from db.crud import transaction
from db.engine import sqlite_file
from db.migrate import alembic_config
from db.tables import ENTRY_TABLES, FlagAcknowledgement, Product, Profile
from tracker.core.errors import Conflict, NotFound
from tracker.core.kinds import EntryKind

_PROFILE = Profile.__table__  # type: ignore[attr-defined]
_PRODUCT = Product.__table__  # type: ignore[attr-defined]
_ACK = FlagAcknowledgement.__table__  # type: ignore[attr-defined]
_INTAKE = ENTRY_TABLES[EntryKind.SUPPLEMENTS].__table__
OWNED_TABLES: tuple[sa.Table, ...] = (
    _INTAKE,  # before the products it names (ON DELETE RESTRICT)
    *(ENTRY_TABLES[k].__table__ for k in EntryKind if k != EntryKind.SUPPLEMENTS),
    _PRODUCT,
    _ACK,
)
"""Every table whose rows belong to a profile, in an order they can be deleted in."""
COMPACT_WAIT_S = 10.0
"""How long compacting waits for other connections (SQLite's busy timeout, as ``db.engine``)."""
PREMIGRATION_COPY_GLOB = ".before-*.bak"
"""What ``db.migrate.backup_sqlite`` appends to the database file's name (``tracker.db`` →
``tracker.db.before-0004-20261203T145937Z.bak``)."""


class ProfileNotEmpty(Conflict):
    """The profile to restore into already holds rows; ``count`` says how many."""

    def __init__(self, name: str, count: int) -> None:
        self.name = name
        self.count = count
        super().__init__(f"profile {name!r} already holds {count} row(s)")


@dataclass(frozen=True)
class ProfileSnapshot:
    """Everything a profile holds, read in one transaction (one consistent moment).

    ``entries`` of each kind oldest first; intakes carry ``product_name`` beside ``product_id``."""

    profile: dict[str, Any]
    products: list[dict[str, Any]]
    entries: dict[EntryKind, list[dict[str, Any]]]
    acknowledgements: list[dict[str, Any]]


def _rows(session: Session, query: Any) -> list[dict[str, Any]]:
    return [dict(row) for row in session.execute(query).mappings().all()]


def read_profile(*, engine: Engine, profile_id: int) -> ProfileSnapshot:
    """The profile row and every row it owns, as column → value, in one read transaction."""
    with transaction(engine, read_only=True) as session:
        found = _rows(session, sa.select(_PROFILE).where(_PROFILE.c.id == profile_id))
        if not found:
            raise NotFound(f"profile {profile_id} does not exist")
        products = _rows(
            session,
            sa.select(_PRODUCT).where(_PRODUCT.c.profile_id == profile_id).order_by(_PRODUCT.c.id),
        )
        names = {row["id"]: row["name"] for row in products}
        entries: dict[EntryKind, list[dict[str, Any]]] = {}
        for kind in EntryKind:
            table = ENTRY_TABLES[kind].__table__
            query = (
                sa.select(table)
                .where(table.c.profile_id == profile_id)
                .order_by(table.c[kind.time_field], table.c.id)
            )
            entries[kind] = _rows(session, query)
        for intake in entries[EntryKind.SUPPLEMENTS]:
            intake["product_name"] = names[intake["product_id"]]
        acknowledgements = _rows(
            session,
            sa.select(_ACK)
            .where(_ACK.c.profile_id == profile_id)
            .order_by(_ACK.c.flag_at, _ACK.c.rule),
        )
    return ProfileSnapshot(found[0], products, entries, acknowledgements)


def count_rows(session: Session, profile_id: int) -> int:
    """How many rows the profile owns (entries, products, acknowledgements)."""
    total = 0
    for table in OWNED_TABLES:
        query = (
            sa.select(sa.func.count()).select_from(table).where(table.c.profile_id == profile_id)
        )
        total += int(session.execute(query).scalar_one())
    return total


def _owned_profile(name: str, account: str) -> Any:
    """The id of the profile ``name`` that ``account`` owns (``crud.get_profile``'s rule)."""
    return sa.select(_PROFILE.c.id).where(_PROFILE.c.name == name, _PROFILE.c.account == account)


def profile_row_count(*, engine: Engine, name: str, account: str = "") -> int | None:
    """How many rows the profile named ``name`` of ``account`` owns; None when it has no such
    profile."""
    with transaction(engine, read_only=True) as session:
        found = session.execute(_owned_profile(name, account)).scalar()
        return None if found is None else count_rows(session, int(found))


def write_profile(
    *,
    engine: Engine,
    name: str,
    profile_values: Mapping[str, Any],
    products: Sequence[Mapping[str, Any]],
    entries: Mapping[EntryKind, Sequence[Mapping[str, Any]]],
    acknowledgements: Sequence[Mapping[str, Any]],
    now: datetime,
    account: str = "",
) -> int:
    """Fill the profile ``name`` of ``account`` (created when missing; its settings set to
    ``profile_values``) with validated rows, in one transaction: all or nothing.
    Returns the profile's id.

    Rows carry their own ``created_at``/``updated_at``; intakes name their product by
    ``product_name`` (one of ``products``). Raises ``ProfileNotEmpty``, writing nothing, when
    the profile already owns rows (checked under the write lock, so no other writer slips in)."""
    with transaction(engine) as session:
        found = session.execute(_owned_profile(name, account)).scalar()
        if found is None:  # a name another account holds is refused by the unique constraint
            created = session.execute(
                sa.insert(_PROFILE)
                .values(
                    name=name, account=account, created_at=now, updated_at=now, **profile_values
                )
                .returning(_PROFILE.c.id)
            )
            profile_id = int(created.scalar_one())
        else:
            profile_id = int(found)
            count = count_rows(session, profile_id)
            if count:
                raise ProfileNotEmpty(name, count)
            session.execute(
                sa.update(_PROFILE)
                .where(_PROFILE.c.id == profile_id)
                .values(updated_at=now, **profile_values)
            )
        versions.touch(session, profile_id)
        owner = {"profile_id": profile_id}
        if products:
            session.execute(sa.insert(_PRODUCT), [{**row, **owner} for row in products])
        ids = dict(
            session.execute(
                sa.select(_PRODUCT.c.name, _PRODUCT.c.id).where(_PRODUCT.c.profile_id == profile_id)
            ).all()
        )
        for kind, rows in entries.items():
            if not rows:
                continue
            if kind == EntryKind.SUPPLEMENTS:
                rows = [
                    {k: v for k, v in row.items() if k != "product_name"}
                    | {"product_id": ids[row["product_name"]]}
                    for row in rows
                ]
            session.execute(
                sa.insert(ENTRY_TABLES[kind].__table__), [{**row, **owner} for row in rows]
            )
        if acknowledgements:
            session.execute(sa.insert(_ACK), [{**row, **owner} for row in acknowledgements])
    return profile_id


# --- delete ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deletion:
    rows: int
    """Rows deleted, the profile's own included."""
    compacted: bool | None
    """SQLite: whether the file was compacted now (False: another connection was reading, so
    the space is given back at a later checkpoint). None for other databases."""


def delete_profile(
    *, engine: Engine, profile_id: int, compact_wait_s: float = COMPACT_WAIT_S
) -> Deletion:
    """Delete the profile and every row it owns (no other profile's) in one transaction, then,
    on SQLite, VACUUM and checkpoint so the file (and its ``-wal``) no longer hold them and
    shrink."""
    deleted = 0
    with transaction(engine) as session:
        exists = session.execute(sa.select(_PROFILE.c.id).where(_PROFILE.c.id == profile_id))
        if exists.scalar() is None:
            raise NotFound(f"profile {profile_id} does not exist")
        for table in (*OWNED_TABLES, _PROFILE):
            column = table.c.id if table is _PROFILE else table.c.profile_id
            result = session.execute(sa.delete(table).where(column == profile_id))
            deleted += int(result.rowcount)  # type: ignore[attr-defined]
    sqlite = sqlite_file(engine.url) is not None
    compacted = compact_sqlite(engine, wait_s=compact_wait_s) if sqlite else None
    return Deletion(deleted, compacted)


def compact_sqlite(engine: Engine, *, wait_s: float = COMPACT_WAIT_S) -> bool:
    """VACUUM a SQLite database (rewrites it without free pages, so deleted rows are gone from
    it), then move the WAL into the file and truncate both. False when that could not finish
    within ``wait_s``: a reader still using the WAL (SQLite then shrinks the file at a later
    checkpoint), or a writer holding the lock."""
    path = sqlite_file(engine.url)
    if path is None:
        return False
    # A connection of its own, in autocommit (VACUUM cannot run inside a transaction).
    connection = sqlite3.connect(path, timeout=wait_s, isolation_level=None)
    try:
        connection.execute("VACUUM")
        busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return not busy
    except sqlite3.OperationalError:
        return False
    finally:
        connection.close()


# --- the SQLite file ---------------------------------------------------------------------------


def copy_sqlite(*, engine: Engine, target: Path | None = None) -> bytes | None:
    """A consistent copy of a live SQLite database made with SQLite's online backup API (not a
    copy of the file, which could catch a write half-done or miss what is still in the WAL).

    With ``target``: written there, mode 0600 (returns None). Without: returned as bytes.
    Raises ``NotFound`` when the database is not a SQLite file."""
    path = sqlite_file(engine.url)
    if path is None:
        raise NotFound("the diary is not a SQLite file; back it up with the database's own tools")
    source = sqlite3.connect(path)
    try:
        if target is not None:
            files.private_file(target)  # 0600 before SQLite opens it; the backup fills it
            copy = sqlite3.connect(target)
            try:
                source.backup(copy)
            finally:
                copy.close()
            return None
        memory = sqlite3.connect(":memory:")
        try:
            source.backup(memory)
            return memory.serialize()
        finally:
            memory.close()
    finally:
        source.close()


@dataclass(frozen=True)
class FileCopy:
    """One automatic copy of the database file made before a schema upgrade."""

    path: Path
    size_bytes: int


def premigration_copies(engine: Engine) -> list[FileCopy]:
    """The copies ``db.migrate.backup_sqlite`` left beside a SQLite database, oldest first
    (none for other databases)."""
    path = sqlite_file(engine.url)
    if path is None or not path.parent.is_dir():
        return []
    found = sorted(path.parent.glob(path.name + PREMIGRATION_COPY_GLOB))
    return [FileCopy(p, p.stat().st_size) for p in found if p.is_file()]


def remove_premigration_copy(engine: Engine, path: Path) -> None:
    """Delete one of ``premigration_copies`` (nothing else: another path is refused)."""
    if path not in {c.path for c in premigration_copies(engine)}:
        raise NotFound(f"{path.name} is not one of the copies made before an upgrade")
    path.unlink()


def known_revision(revision: str) -> bool:
    """Is ``revision`` one of this release's schema revisions?"""
    if not revision.strip():
        return False
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except (CommandError, RevisionError):
        return False
