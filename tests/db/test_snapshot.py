"""A profile whole (``db.snapshot``): deleting one removes every row of it and none of another
(SQLite and PostgreSQL), and on SQLite the file shrinks and no longer holds the deleted text;
"Download my database" is a consistent copy made with SQLite's online backup API; the copies
made before schema upgrades are listed with their sizes and can be removed, one by one."""

from __future__ import annotations

import sqlite3
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from db import acks, snapshot
from db.engine import sqlite_file
from db.migrate import backup_sqlite
from tracker.core.errors import NotFound
from tracker.core.kinds import EntryKind
from tracker.entries import journal
from tracker.entries.profile import ensure_profile
from tracker.files import demo

OWNED = ("cramp_episode", "hydration_entry", "intake", "product", "contraction",
         "pregnancy_event", "flag_acknowledgement")  # fmt: skip
SECRET = "only-in-the-deleted-profile-7f3a"


def counts(engine: Engine, profile_id: int) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table: int(
                connection.execute(
                    sa.text(f"SELECT count(*) FROM {table} WHERE profile_id = :p"),
                    {"p": profile_id},
                ).scalar_one()
            )
            for table in OWNED
        }


def on_disk(path: Path) -> int:
    """The database file and its write-ahead log together."""
    wal = path.with_name(path.name + "-wal")
    return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def two_diaries(engine: Engine, now: datetime, days: int) -> tuple[int, int]:
    """A profile with ``days`` of demo diary, a secret note and an acknowledged flag, and
    another profile with 20 days of its own."""
    doomed = ensure_profile(engine=engine, name="doomed", now=now, timezone="Europe/London")
    kept = ensure_profile(engine=engine, name="kept", now=now, timezone="Europe/London")
    demo.fill(engine=engine, profile=doomed, days=days, seed=3, pregnant=True, now=now)
    demo.fill(engine=engine, profile=kept, days=20, seed=4, pregnant=True, now=now)
    journal.log_entry(
        engine=engine,
        kind=EntryKind.HYDRATION,
        profile_id=doomed.id,
        values={"taken_at": now - timedelta(hours=1), "volume_ml": 200, "note": SECRET},
        now=now,
    )
    for profile_id in (doomed.id, kept.id):
        acks.acknowledge(engine=engine, profile_id=profile_id, rule="P1", flag_at=now, now=now)
    return doomed.id, kept.id


def test_delete_removes_every_row_of_the_profile_and_none_of_another(
    any_engine: Engine, now: datetime
) -> None:
    doomed, kept = two_diaries(any_engine, now, days=30)
    kept_before = counts(any_engine, kept)
    doomed_before = counts(any_engine, doomed)
    assert all(doomed_before.values()) and all(kept_before.values())  # every table has rows

    deleted = snapshot.delete_profile(engine=any_engine, profile_id=doomed)

    assert deleted.rows == sum(doomed_before.values()) + 1  # and the profile itself
    assert deleted.compacted is (True if sqlite_file(any_engine.url) else None)
    assert counts(any_engine, doomed) == dict.fromkeys(OWNED, 0)
    assert counts(any_engine, kept) == kept_before
    with any_engine.connect() as connection:
        names = connection.execute(sa.text("SELECT name FROM profile")).scalars().all()
    assert names == ["kept"]
    with pytest.raises(NotFound):
        snapshot.delete_profile(engine=any_engine, profile_id=doomed)


def test_delete_shrinks_the_sqlite_file_and_leaves_no_trace_of_the_text(
    engine: Engine, now: datetime
) -> None:
    doomed, _ = two_diaries(engine, now, days=400)
    path = sqlite_file(engine.url)
    assert path is not None
    wal = path.with_name(path.name + "-wal")

    def holds_secret() -> bool:
        return any(SECRET.encode() in p.read_bytes() for p in (path, wal) if p.exists())

    before = on_disk(path)
    assert holds_secret()

    snapshot.delete_profile(engine=engine, profile_id=doomed)

    after = on_disk(path)
    assert after < before / 3, (before, after)
    assert not holds_secret()


def test_the_copy_is_made_with_the_online_backup_and_holds_the_latest_writes(
    engine: Engine, now: datetime, tmp_path: Path
) -> None:
    doomed, _ = two_diaries(engine, now, days=10)
    expected = counts(engine, doomed)

    data = snapshot.copy_sqlite(engine=engine)
    assert data is not None and data.startswith(b"SQLite format 3\x00")
    as_file = tmp_path / "downloaded.db"
    as_file.write_bytes(data)
    target = tmp_path / "copy.db"
    snapshot.copy_sqlite(engine=engine, target=target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600

    for copy in (as_file, target):
        with sqlite3.connect(copy) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            for table, count in expected.items():
                query = f"SELECT count(*) FROM {table} WHERE profile_id = ?"
                assert connection.execute(query, (doomed,)).fetchone() == (count,)
            # the last drink, still in the WAL rather than the main file, is in the copy
            notes = connection.execute("SELECT note FROM hydration_entry").fetchall()
            assert (SECRET,) in notes
        connection.close()


def test_premigration_copies_are_listed_with_sizes_and_removed_one_by_one(
    engine: Engine, now: datetime, tmp_path: Path
) -> None:
    path = sqlite_file(engine.url)
    assert path is not None
    assert snapshot.premigration_copies(engine) == []
    older = backup_sqlite(path, "before-0003", now=now - timedelta(days=30))
    newer = backup_sqlite(path, "before-0004", now=now)
    stranger = path.with_name("notes.txt")
    stranger.write_text("not a copy")

    found = snapshot.premigration_copies(engine)

    assert [c.path for c in found] == [older, newer]
    assert [c.size_bytes for c in found] == [older.stat().st_size, newer.stat().st_size]
    assert all(c.size_bytes > 0 for c in found)
    with pytest.raises(NotFound):
        snapshot.remove_premigration_copy(engine, stranger)
    snapshot.remove_premigration_copy(engine, older)
    assert not older.exists() and newer.exists() and stranger.exists()
    assert [c.path for c in snapshot.premigration_copies(engine)] == [newer]


def test_postgresql_has_no_file_to_copy(any_engine: Engine) -> None:
    if sqlite_file(any_engine.url) is not None:
        assert snapshot.copy_sqlite(engine=any_engine) is not None
        return
    assert snapshot.premigration_copies(any_engine) == []
    with pytest.raises(NotFound, match="not a SQLite file"):
        snapshot.copy_sqlite(engine=any_engine)


def test_known_revision() -> None:
    assert snapshot.known_revision("0004")
    assert not snapshot.known_revision("9999")
    assert not snapshot.known_revision("")


def test_a_reader_holding_the_wal_delays_the_shrinking_and_says_so(
    engine: Engine, now: datetime
) -> None:
    """Another connection in the middle of a read: the rows are deleted, the checkpoint cannot
    finish (reported, not raised), and the next compaction shrinks the file."""
    doomed, _ = two_diaries(engine, now, days=200)
    path = sqlite_file(engine.url)
    assert path is not None
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM hydration_entry").fetchone()
    try:
        size = on_disk(path)
        deleted = snapshot.delete_profile(engine=engine, profile_id=doomed, compact_wait_s=0.2)
        assert deleted.compacted is False
        assert counts(engine, doomed) == dict.fromkeys(OWNED, 0)
    finally:
        reader.execute("COMMIT")
        reader.close()
    assert snapshot.compact_sqlite(engine) is True
    assert on_disk(path) < size / 2
