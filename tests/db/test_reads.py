"""Rows read back without a second validation (``db.reads``) equal what validation gives: every
kind of a demo diary (every code family, sets, optional fields, named intakes, a running
contraction), on SQLite and PostgreSQL; and the symptom filter of ``list_entries``."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from db import crud
from db.tables import ENTRY_TABLES
from tests.conftest import NOW
from tracker.core.kinds import EntryKind
from tracker.core.vocabulary import Symptom
from tracker.entries import journal
from tracker.entries.profile import ensure_profile
from tracker.files import demo
from tracker.labour import timer


@pytest.mark.parametrize("pregnant", [False, True])
def test_every_kind_reads_back_as_validation_would(any_engine: Engine, pregnant: bool) -> None:
    profile = ensure_profile(engine=any_engine, now=NOW, timezone="Europe/London")
    demo.fill(engine=any_engine, profile=profile, days=60, seed=5, pregnant=pregnant, now=NOW)
    log_symptom_cramps(any_engine, profile.id)
    if pregnant:
        timer.start(engine=any_engine, profile=profile, now=NOW + timedelta(minutes=1))
    names = {p.id: p.name for p in crud.list_products(engine=any_engine, profile_id=profile.id)}
    later = NOW + timedelta(minutes=2)
    for kind in EntryKind:
        fast = crud.list_entries(engine=any_engine, kind=kind, profile_id=profile.id, end=later)
        table = ENTRY_TABLES[kind].__table__
        query = (
            sa.select(table)
            .where(table.c.profile_id == profile.id)
            .order_by(table.c[kind.time_field], table.c.id)
        )
        with any_engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        validated = [
            kind.spec.read.model_validate(
                {**row, "product_name": names.get(row.get("product_id", -1), "")}
            )
            for row in rows
        ]
        assert fast == validated, kind
        # A StrEnum equals its text: compare the types too (an enum, not a bare string).
        assert [shape(e) for e in fast] == [shape(e) for e in validated], kind
        assert [type(e) for e in fast] == [kind.spec.read] * len(fast)


def shape(model: Any) -> list[tuple[str, type, list[type]]]:
    """Each field's type, and the types inside a collection."""
    return [
        (
            name,
            type(value),
            sorted({type(v) for v in value}, key=str)
            if isinstance(value, (set, frozenset, list, tuple))
            else [],
        )
        for name, value in model
    ]


SYMPTOM_SETS = (
    {"leg_numbness_tingling"},
    {"leg_numbness_tingling", "fever", "night_pain"},
    {"pain_below_knee"},
    set(),
)


def log_symptom_cramps(engine: Engine, profile_id: int) -> None:
    """Episodes with every optional field filled, and symptom sets that overlap."""
    for n, symptoms in enumerate(SYMPTOM_SETS):
        journal.log_entry(
            engine=engine,
            kind=EntryKind.CRAMPS,
            profile_id=profile_id,
            values={
                "started_at": NOW - timedelta(days=n + 1),
                "duration_min": 4.5,
                "region": "lower_back",
                "side": "both",
                "intensity": 5 + n,
                "quality": "dull_ache",
                "triggers": {"lifting", "prolonged_sitting"},
                "symptoms": symptoms,
                "relief": {"heat"},
                "eased_by_rest": "yes",
                "note": "line one\nline two",
            },
            now=NOW,
        )


def test_the_symptom_filter_keeps_only_episodes_listing_it(any_engine: Engine) -> None:
    profile = ensure_profile(engine=any_engine, now=NOW, timezone="Europe/London")
    demo.fill(engine=any_engine, profile=profile, days=120, seed=2, now=NOW)
    log_symptom_cramps(any_engine, profile.id)
    every = crud.list_entries(engine=any_engine, kind=EntryKind.CRAMPS, profile_id=profile.id)
    for symptom in Symptom:
        found = crud.list_entries(
            engine=any_engine,
            kind=EntryKind.CRAMPS,
            profile_id=profile.id,
            with_symptom=symptom.value,
        )
        assert found == [c for c in every if symptom in c.symptoms], symptom
    numb = crud.list_entries(
        engine=any_engine,
        kind=EntryKind.CRAMPS,
        profile_id=profile.id,
        with_symptom="leg_numbness_tingling",
    )
    assert [c.intensity for c in numb] == [6, 5]  # oldest first
