"""Flag acknowledgements on SQLite and PostgreSQL: stored with their time, one per flag, gone with
their profile."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from db import acks
from db.crud import transaction
from db.tables import FlagAcknowledgement
from tracker.core.errors import Conflict
from tracker.entries.profile import ensure_profile

NOW = datetime(2026, 3, 1, 21, 40, tzinfo=UTC)
FLAG_AT = datetime(2026, 3, 1, 20, 15, 7, 123456, tzinfo=UTC)


def test_an_acknowledgement_is_stored_with_its_time(any_engine: Engine) -> None:
    profile = ensure_profile(engine=any_engine, now=NOW)
    assert acks.list_acknowledgements(engine=any_engine, profile_id=profile.id) == []

    stored = acks.acknowledge(
        engine=any_engine, profile_id=profile.id, rule="P9", flag_at=FLAG_AT, now=NOW
    )

    assert (stored.rule, stored.flag_at, stored.acknowledged_at) == ("P9", FLAG_AT, NOW)
    assert stored.flag_at.tzinfo is UTC and stored.acknowledged_at.tzinfo is UTC
    assert stored.key == ("P9", FLAG_AT)
    assert acks.list_acknowledgements(engine=any_engine, profile_id=profile.id) == [stored]
    found = acks.get_acknowledgement(
        engine=any_engine, profile_id=profile.id, rule="P9", flag_at=FLAG_AT
    )
    assert found == stored
    other_time = FLAG_AT + timedelta(microseconds=1)
    assert (
        acks.get_acknowledgement(
            engine=any_engine, profile_id=profile.id, rule="P9", flag_at=other_time
        )
        is None
    )


def test_acknowledging_again_keeps_the_first_time(any_engine: Engine) -> None:
    profile = ensure_profile(engine=any_engine, now=NOW)
    first = acks.acknowledge(
        engine=any_engine, profile_id=profile.id, rule="P9", flag_at=FLAG_AT, now=NOW
    )
    again = acks.acknowledge(
        engine=any_engine,
        profile_id=profile.id,
        rule="P9",
        flag_at=FLAG_AT,
        now=NOW + timedelta(minutes=5),
    )
    assert again == first
    assert again.acknowledged_at == NOW
    assert len(acks.list_acknowledgements(engine=any_engine, profile_id=profile.id)) == 1


def test_one_row_per_profile_rule_and_flag_time(any_engine: Engine) -> None:
    profile = ensure_profile(engine=any_engine, now=NOW)
    acks.acknowledge(engine=any_engine, profile_id=profile.id, rule="P9", flag_at=FLAG_AT, now=NOW)
    duplicate = FlagAcknowledgement(
        profile_id=profile.id,
        rule="P9",
        flag_at=FLAG_AT,
        acknowledged_at=NOW,
        created_at=NOW,
        updated_at=NOW,
    )
    with pytest.raises(Conflict), transaction(any_engine) as session:
        session.add(duplicate)

    # Another rule at the same time, or another time of the same rule, is another flag.
    acks.acknowledge(engine=any_engine, profile_id=profile.id, rule="B1", flag_at=FLAG_AT, now=NOW)
    later = FLAG_AT + timedelta(hours=1)
    acks.acknowledge(engine=any_engine, profile_id=profile.id, rule="P9", flag_at=later, now=NOW)
    found = acks.list_acknowledgements(engine=any_engine, profile_id=profile.id)
    assert [a.key for a in found] == [("P9", FLAG_AT), ("B1", FLAG_AT), ("P9", later)]
    assert [
        a.key
        for a in acks.list_acknowledgements(engine=any_engine, profile_id=profile.id, since=later)
    ] == [("P9", later)]


def test_profiles_keep_their_own_acknowledgements(any_engine: Engine) -> None:
    sam = ensure_profile(engine=any_engine, now=NOW)
    kim = ensure_profile(engine=any_engine, name="kim", now=NOW)
    acks.acknowledge(engine=any_engine, profile_id=sam.id, rule="P9", flag_at=FLAG_AT, now=NOW)
    assert acks.list_acknowledgements(engine=any_engine, profile_id=kim.id) == []
    acks.acknowledge(engine=any_engine, profile_id=kim.id, rule="P9", flag_at=FLAG_AT, now=NOW)
    assert len(acks.list_acknowledgements(engine=any_engine, profile_id=sam.id)) == 1


def test_acknowledgements_go_with_their_profile(any_engine: Engine) -> None:
    sam = ensure_profile(engine=any_engine, now=NOW)
    kim = ensure_profile(engine=any_engine, name="kim", now=NOW)
    for profile in (sam, kim):
        acks.acknowledge(
            engine=any_engine, profile_id=profile.id, rule="P9", flag_at=FLAG_AT, now=NOW
        )

    with any_engine.begin() as connection:  # the database's ON DELETE CASCADE, not the ORM
        connection.execute(sa.text("DELETE FROM profile WHERE id = :id"), {"id": sam.id})

    with any_engine.connect() as connection:
        owners = connection.execute(sa.text("SELECT profile_id FROM flag_acknowledgement"))
        assert owners.scalars().all() == [kim.id]
