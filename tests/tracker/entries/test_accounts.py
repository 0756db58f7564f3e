"""Accounts (tracker/entries/accounts.py): who an account is, its profile, the ID token's expiry,
and the one place that scopes a profile to its account (db.crud.get_profile, ensure_profile,
restore)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine

from db import crud
from tracker.core.errors import DuplicateName, InvalidEntry, TrackerError
from tracker.core.kinds import EntryKind
from tracker.entries import accounts
from tracker.entries.profile import ensure_profile
from tracker.files import backup, demo_profile

NOW = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)
ALICE = accounts.account_of("https://id.example", "alice")
BOB = accounts.account_of("https://id.example", "bob")


def test_an_account_is_the_issuer_and_the_subject() -> None:
    assert ALICE == "https://id.example|alice"
    assert accounts.account_of("https://other.example", "alice") != ALICE  # same sub elsewhere
    for issuer, subject in (("", "alice"), ("https://id.example", " "), ("x", "y" * 400)):
        with pytest.raises(InvalidEntry):
            accounts.account_of(issuer, subject)


def test_each_account_has_its_own_stable_profile_name() -> None:
    assert accounts.profile_name_of(ALICE) == accounts.profile_name_of(ALICE)
    assert accounts.profile_name_of(ALICE) != accounts.profile_name_of(BOB)
    assert len(accounts.profile_name_of(ALICE)) <= 60
    with pytest.raises(ValueError, match="local"):
        accounts.profile_name_of(accounts.LOCAL)


@pytest.mark.parametrize(
    ("claims", "expired"),
    [
        ({"exp": NOW.timestamp() + 60}, False),
        ({"exp": int(NOW.timestamp())}, True),  # at exp, no longer valid
        ({"exp": NOW.timestamp() - 1}, True),
        ({}, True),  # OpenID Connect requires exp: missing means not trusted
        ({"exp": "tomorrow"}, True),
        ({"exp": True}, True),
    ],
)
def test_an_id_token_past_its_exp_is_expired(claims: dict[str, object], expired: bool) -> None:
    assert accounts.token_expired(claims, NOW) is expired


def test_issued_at_reads_iat() -> None:
    assert accounts.issued_at({"iat": NOW.timestamp()}) == NOW
    assert accounts.issued_at({"iat": "x"}) is None
    assert accounts.issued_at({}) is None


def test_a_profile_is_reached_only_with_its_account(any_engine: Engine) -> None:
    name = accounts.profile_name_of(ALICE)
    alice = ensure_profile(engine=any_engine, name=name, now=NOW, account=ALICE)
    assert alice.account == ALICE
    assert crud.get_profile(engine=any_engine, name=name, account=ALICE) == alice
    assert crud.get_profile(engine=any_engine, name=name, account=BOB) is None
    assert crud.get_profile(engine=any_engine, name=name) is None  # the CLI's local person
    with pytest.raises(DuplicateName):  # Bob asking for Alice's name gets no profile of hers
        ensure_profile(engine=any_engine, name=name, now=NOW, account=BOB)
    local = ensure_profile(engine=any_engine, now=NOW)
    assert local.account == accounts.LOCAL and local.id != alice.id


def test_a_restore_never_writes_into_another_accounts_profile(engine: Engine) -> None:
    name = accounts.profile_name_of(ALICE)
    alice = ensure_profile(engine=engine, name=name, now=NOW, account=ALICE)
    source = ensure_profile(engine=engine, name="source", now=NOW)
    crud.create_entry(
        engine=engine,
        kind=EntryKind.HYDRATION,
        profile_id=source.id,
        values={"taken_at": NOW - timedelta(hours=1), "volume_ml": 200, "beverage": "water"},
        now=NOW,
    )
    text = backup.backup_json(engine, source)
    with pytest.raises(TrackerError):  # Bob (or the local CLI) naming Alice's profile
        backup.restore_json(engine=engine, text=text, profile_name=name, now=NOW, account=BOB)
    with pytest.raises(TrackerError):
        backup.restore_json(engine=engine, text=text, profile_name=name, now=NOW)
    assert crud.list_entries(engine=engine, kind=EntryKind.HYDRATION, profile_id=alice.id) == []
    restored = backup.restore_json(
        engine=engine, text=text, profile_name=name, now=NOW, account=ALICE
    )
    assert restored.profile_id == alice.id


def test_a_demo_belongs_to_the_account_that_made_it(engine: Engine) -> None:
    alice = ensure_profile(
        engine=engine, name=accounts.profile_name_of(ALICE), now=NOW, account=ALICE
    )
    demo = demo_profile.start_demo(engine=engine, own=alice, now=NOW)
    assert demo.account == ALICE
    assert demo_profile.find_demo(engine=engine, own_name=alice.name, account=ALICE) == demo
    assert demo_profile.find_demo(engine=engine, own_name=alice.name, account=BOB) is None
    assert demo_profile.delete_demo(engine=engine, own_name=alice.name, account=BOB) == 0
    assert demo_profile.find_demo(engine=engine, own_name=alice.name, account=ALICE) == demo
