"""The audit trail (``tracker.entries.accounts``): record, trail, record_sign_in and audited, on
SQLite and PostgreSQL. A person's trail is theirs alone; a sign-in seen by many reruns is noted
once; a download is noted when its file is made, not when its button is drawn."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine

from tracker.entries import accounts
from tracker.entries.accounts import Action, AuditLine

A = "https://id.example|alice"
B = "https://id.example|bob"
T0 = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)


def test_the_trail_is_the_accounts_own_newest_first(any_engine: Engine) -> None:
    accounts.record(
        engine=any_engine, account=A, action=Action.EXPORT, detail="CSV, cramps", now=T0
    )
    accounts.record(
        engine=any_engine,
        account=B,
        action=Action.DOWNLOAD,
        detail="Full backup (JSON)",
        now=T0 + timedelta(minutes=1),
    )
    accounts.record(
        engine=any_engine,
        account=A,
        action=Action.DELETE,
        detail="Profile and its data",
        now=T0 + timedelta(hours=2),
    )
    accounts.record(
        engine=any_engine, account=accounts.LOCAL, action=Action.RESTORE, detail="", now=T0
    )

    assert accounts.trail(engine=any_engine, account=A) == [
        AuditLine(T0 + timedelta(hours=2), Action.DELETE, "Profile and its data"),
        AuditLine(T0, Action.EXPORT, "CSV, cramps"),
    ]
    assert accounts.trail(engine=any_engine, account=B) == [
        AuditLine(T0 + timedelta(minutes=1), Action.DOWNLOAD, "Full backup (JSON)")
    ]
    assert [line.action for line in accounts.trail(engine=any_engine, account="")] == [
        Action.RESTORE
    ]
    assert accounts.trail(engine=any_engine, account="https://id.example|carol") == []
    first = accounts.trail(engine=any_engine, account=A)[0]
    assert first.label == "Deleted" and first.at.tzinfo is not None


def test_the_trail_keeps_the_newest_up_to_its_limit(any_engine: Engine) -> None:
    for minute in range(5):
        accounts.record(
            engine=any_engine,
            account=A,
            action=Action.DOWNLOAD,
            detail=f"file {minute}",
            now=T0 + timedelta(minutes=minute),
        )
    lines = accounts.trail(engine=any_engine, account=A, limit=3)
    assert [line.detail for line in lines] == ["file 4", "file 3", "file 2"]


def test_a_long_detail_is_cut_to_what_the_column_holds(any_engine: Engine) -> None:
    accounts.record(engine=any_engine, account=A, action=Action.EXPORT, detail="x" * 500, now=T0)
    (line,) = accounts.trail(engine=any_engine, account=A)
    assert line.detail == "x" * accounts.MAX_DETAIL


def test_a_sign_in_is_recorded_once_per_token_time(any_engine: Engine) -> None:
    assert accounts.record_sign_in(engine=any_engine, account=A, signed_in_at=T0)
    assert not accounts.record_sign_in(engine=any_engine, account=A, signed_in_at=T0)
    # Another person signing in at the same second is their own event.
    assert accounts.record_sign_in(engine=any_engine, account=B, signed_in_at=T0)
    # A new token (signed in again later) is a new sign-in.
    later = T0 + timedelta(hours=8)
    assert accounts.record_sign_in(engine=any_engine, account=A, signed_in_at=later)
    assert accounts.trail(engine=any_engine, account=A) == [
        AuditLine(later, Action.SIGN_IN, ""),
        AuditLine(T0, Action.SIGN_IN, ""),
    ]
    assert len(accounts.trail(engine=any_engine, account=B)) == 1


def test_audited_records_only_when_the_file_is_made(any_engine: Engine) -> None:
    made: list[int] = []
    ticks = iter([T0, T0 + timedelta(seconds=30)])

    def make() -> bytes:
        made.append(1)
        return b"%PDF-1.4 ..."

    data = accounts.audited(
        make,
        engine=any_engine,
        account=A,
        action=Action.DOWNLOAD,
        detail="Doctor report (PDF), 1 Nov-30 Nov 2026",
        clock=lambda: next(ticks),
    )
    assert made == []
    assert accounts.trail(engine=any_engine, account=A) == []  # drawing the button: nothing

    assert data() == b"%PDF-1.4 ..."
    assert accounts.trail(engine=any_engine, account=A) == [
        AuditLine(T0, Action.DOWNLOAD, "Doctor report (PDF), 1 Nov-30 Nov 2026")
    ]
    assert data() == b"%PDF-1.4 ..."  # a second tap is a second download
    assert [line.at for line in accounts.trail(engine=any_engine, account=A)] == [
        T0 + timedelta(seconds=30),
        T0,
    ]
    assert accounts.trail(engine=any_engine, account=B) == []


def test_audited_records_nothing_when_the_file_cannot_be_made(any_engine: Engine) -> None:
    def broken() -> bytes:
        raise OSError("disk gone")

    data = accounts.audited(
        broken,
        engine=any_engine,
        account=A,
        action=Action.DOWNLOAD,
        detail="Full backup (JSON)",
        clock=lambda: T0,
    )
    with pytest.raises(OSError, match="disk gone"):
        data()
    assert accounts.trail(engine=any_engine, account=A) == []
