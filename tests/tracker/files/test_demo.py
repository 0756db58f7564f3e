"""The demo diary: realistic, calm, deterministic per seed, and stored all or nothing in an
empty profile only (``demo --days N [--seed S] [--pregnant]``)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from db import crud
from db.migrate import open_database
from tests.tracker.flags.builders import profile as built_profile
from tracker.cli import main
from tracker.core.errors import Conflict, InvalidEntry
from tracker.core.kinds import EntryKind
from tracker.core.timeutil import gestational_age_days, local_date, to_local
from tracker.entries.profile import ensure_profile
from tracker.files import demo
from tracker.flags import RULES, evaluate

NOW = datetime(2026, 3, 1, 21, 40, tzinfo=UTC)
TZ = "Europe/London"


def make(days: int, *, seed: int = 1, pregnant: bool = False) -> demo.Demo:
    return demo.generate(days=days, seed=seed, pregnant=pregnant, now=NOW, timezone=TZ)


def times(made: demo.Demo) -> list[datetime]:
    return [
        *(c.started_at for c in made.cramps),
        *(d.taken_at for d in made.drinks),
        *(i.taken_at for _, i in made.intakes),
        *(c.started_at for c in made.contractions),
        *(e.occurred_at for e in made.events),
    ]


# --- what is generated ---------------------------------------------------------------------------


def test_a_year_without_pregnancy_has_cramps_drinks_most_days_and_daily_intakes() -> None:
    made = make(365)
    counts = made.counts()
    drink_days = {local_date(d.taken_at, TZ) for d in made.drinks}
    assert 0.8 * 365 <= len(drink_days) <= 365
    assert 6 <= counts[EntryKind.HYDRATION] / len(drink_days) <= 11
    assert 30 <= counts[EntryKind.CRAMPS] <= 200
    assert counts[EntryKind.SUPPLEMENTS] >= 365  # vitamin D and magnesium most days
    assert counts[EntryKind.CONTRACTIONS] == counts[EntryKind.EVENTS] == 0
    assert made.due_date is None and made.profile_changes == {}
    assert {p.name for p in made.products} == {p.name for p in demo.CABINET}

    night = [c for c in made.cramps if "night_sleep" in c.triggers]
    assert len(night) > len(made.cramps) / 3
    assert all(1 <= local_hour(c.started_at) <= 5 for c in night)
    assert {c.region for c in made.cramps} >= {"calf", "foot", "lower_back"}
    assert all(0 <= c.intensity <= 8 for c in made.cramps)


def local_hour(moment: datetime) -> int:
    return to_local(moment, TZ).hour


def test_every_entry_lies_in_the_days_asked_for_and_none_in_the_future() -> None:
    for pregnant in (False, True):
        made = make(20, pregnant=pregnant)
        first_day = local_date(NOW, TZ) - timedelta(days=19)
        assert all(first_day <= local_date(t, TZ) and t <= NOW for t in times(made))
        assert all(c.ended_at is not None and c.ended_at <= NOW for c in made.contractions)


def test_pregnant_demo_ends_in_late_pregnancy_with_events_and_labour_like_contractions() -> None:
    made = make(120, pregnant=True)
    assert made.due_date is not None
    assert made.profile_changes == {"due_date": made.due_date}
    assert gestational_age_days(made.due_date, local_date(NOW, TZ)) == 38 * 7 + 4
    assert sorted(e.kind for e in made.events) == ["mucus_plug", "reduced_movement"]
    contractions = made.contractions
    assert len(contractions) >= 20
    for a, b in pairwise(contractions):
        assert a.ended_at is not None and a.ended_at <= b.started_at  # never overlapping
    last_hours = [c for c in contractions if c.started_at >= NOW - timedelta(hours=2)]
    assert len(last_hours) >= 20  # the labour-like session just before now
    names = {p.name for p in made.products}
    assert names == {p.name for p in demo.PREGNANCY_CABINET}
    assert not any("magnesium" in p.contents for p in made.products)


def test_same_seed_same_diary_another_seed_another() -> None:
    assert make(60, seed=7, pregnant=True) == make(60, seed=7, pregnant=True)
    assert make(60, seed=7) != make(60, seed=8)


@pytest.mark.parametrize("pregnant", [False, True])
def test_demo_doses_are_ordinary_and_pregnancy_is_calm_until_labour(pregnant: bool) -> None:
    made = make(3 * 365, seed=3, pregnant=pregnant)
    diary = demo.as_diary(made, built_profile(tz=TZ), now=NOW)
    assert len(diary.drinks) == len(made.drinks)
    assert all(i.product_id in {p.id for p in diary.products} for i in diary.intakes)
    found = Counter(f.rule for f in evaluate(diary, NOW))
    # Nothing near an upper level, no retinol: no N1–N4.
    assert not found.keys() & {"N1", "N2", "N3", "N4", "N5"}
    # No symptom is ever logged: no emergency or symptom rule fires.
    assert not found.keys() & {"B1", "B2", "B3", "B4", "L1", "L2", "L3", "L4", "L6"}
    if pregnant and "P1" in RULES:
        # Practice tightenings stay below P2/P3; the last session matches the go-in rule.
        assert not found.keys() & {"P2", "P3", "P4", "P6", "P7", "P9", "P10"}
        p1 = evaluate(diary, NOW, rules=["P1"])
        assert p1 and all(f.at >= NOW - timedelta(hours=2) for f in p1)


def test_days_out_of_range_are_refused() -> None:
    with pytest.raises(InvalidEntry):
        make(0)
    with pytest.raises(InvalidEntry):
        make(demo.DEMO_MAX_DAYS + 1)


# --- storing: the demo command -------------------------------------------------------------------


def stored_counts(engine: Engine, name: str = "default") -> dict[EntryKind, int]:
    found = crud.get_profile(engine=engine, name=name)
    assert found is not None
    return {
        kind: crud.count_entries(engine=engine, kind=kind, profile_id=found.id)
        for kind in EntryKind
    }


def test_demo_command_fills_an_empty_profile_in_sqlite_and_postgresql(
    any_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", any_url, "demo", "--days", "45", "--seed", "5", "--pregnant"]) == 0
    out = capsys.readouterr().out
    engine = open_database(any_url)
    try:
        counts = stored_counts(engine)
        profile = crud.get_profile(engine=engine, name="default")
        assert profile is not None and profile.due_date is not None
        assert profile.sex == "female"
        assert all(counts.values())
        said = ", ".join(f"{n} {kind.value}" for kind, n in counts.items())
        assert out == (
            f"demo diary of 45 days (seed 5) added to profile 'default': {said}; 3 products\n"
            f"due date set to {profile.due_date.isoformat()}\n"
        )
        assert len(crud.list_products(engine=engine, profile_id=profile.id)) == 3
    finally:
        engine.dispose()


def test_fill_stores_exactly_what_generate_makes(engine: Engine) -> None:
    profile = ensure_profile(engine=engine, now=NOW, timezone=TZ)
    made = demo.fill(engine=engine, profile=profile, days=30, seed=9, now=NOW)
    assert made == make(30, seed=9)
    assert stored_counts(engine) == made.counts()
    stored = crud.list_entries(engine=engine, kind=EntryKind.HYDRATION, profile_id=profile.id)
    assert [(d.taken_at, d.volume_ml) for d in stored] == [
        (d.taken_at, d.volume_ml) for d in made.drinks
    ]
    intakes = crud.list_entries(engine=engine, kind=EntryKind.SUPPLEMENTS, profile_id=profile.id)
    assert Counter(i.product_name for i in intakes) == Counter(name for name, _ in made.intakes)


def test_demo_refuses_a_profile_with_entries_or_products(
    sqlite_url: str, engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", sqlite_url, "demo", "--days", "10"]) == 0
    before = stored_counts(engine)
    capsys.readouterr()
    assert main(["--db", sqlite_url, "demo", "--days", "10", "--seed", "2"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("error: profile 'default' already has entries")
    assert stored_counts(engine) == before

    # A cabinet alone is enough to refuse (the demo's product names would clash, too).
    other = ensure_profile(engine=engine, name="cabinet-only", now=NOW)
    crud.create_product(
        engine=engine,
        profile_id=other.id,
        product_in=demo.MAGNESIUM,
        now=NOW,
    )
    assert main(["--db", sqlite_url, "--profile", "cabinet-only", "demo", "--days", "3"]) == 2


def test_a_failure_half_way_leaves_nothing_behind(
    sqlite_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any) -> None:
        raise Conflict("the database refused the change: simulated")

    # The last step inside store_diary's one transaction: profile and entries are added by then.
    monkeypatch.setattr(demo.bulk, "_add_products_and_intakes", broken)
    assert main(["--db", sqlite_url, "demo", "--days", "30", "--pregnant"]) == 2
    assert set(stored_counts(engine).values()) == {0}
    profile = crud.get_profile(engine=engine, name="default")
    assert profile is not None and profile.due_date is None


@pytest.mark.parametrize("days", ["0", "x", str(demo.DEMO_MAX_DAYS + 1)])
def test_demo_bad_days_is_exit_2(sqlite_url: str, days: str) -> None:
    assert main(["--db", sqlite_url, "demo", "--days", days]) == 2
