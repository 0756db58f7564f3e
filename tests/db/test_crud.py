"""Storing and reading back every entity through ``tracker.entries.journal``, on SQLite and
PostgreSQL.

What goes in comes back: same values, same instants to the microsecond, aware UTC, sets and
maps intact; one profile never sees or changes another's entries.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from db import crud
from db.engine import make_engine
from db.migrate import open_database
from tracker.core.errors import Conflict, DuplicateName, InvalidEntry, NotFound
from tracker.core.kinds import EntryKind
from tracker.core.models import ContractionCreate, ProfileRead
from tracker.core.timeutil import local_day_bounds
from tracker.core.vocabulary import HistoryItem, Ingredient, Relief, Symptom, Trigger
from tracker.entries import journal
from tracker.entries.profile import ensure_profile, update_profile

NOW = datetime(2026, 3, 1, 21, 40, 7, 654321, tzinfo=UTC)
LATER = NOW + timedelta(minutes=3, microseconds=17)
BERLIN = ZoneInfo("Europe/Berlin")
# An odd instant given in Berlin time: 2026-03-01 08:15:30.123457 UTC.
T = datetime(2026, 3, 1, 9, 15, 30, 123457, tzinfo=BERLIN)
T_UTC = datetime(2026, 3, 1, 8, 15, 30, 123457, tzinfo=UTC)

K = EntryKind


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def any_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """One migrated database per backend for this whole module (like conftest's ``any_engine``,
    which makes one per test: ~0.5 s each on PostgreSQL). Tests stay apart because each one
    works in profiles of its own, and every query here is scoped to a profile."""
    if request.param == "sqlite":
        engine = open_database(f"sqlite:///{tmp_path_factory.mktemp('crud') / 'tracker.db'}")
        yield engine
        engine.dispose()
        return
    server_url = request.getfixturevalue("postgres_server_url")
    name = f"t_crud_{uuid.uuid4().hex[:12]}"
    admin = make_engine(server_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine = open_database(
        sa.make_url(server_url).set(database=name).render_as_string(hide_password=False)
    )
    yield engine
    engine.dispose()
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def owner(any_engine: Engine) -> ProfileRead:
    name = f"owner-{uuid.uuid4().hex[:8]}"
    return ensure_profile(engine=any_engine, name=name, now=NOW, timezone="Europe/London")


@pytest.fixture
def stranger(any_engine: Engine) -> ProfileRead:
    return ensure_profile(engine=any_engine, name=f"stranger-{uuid.uuid4().hex[:8]}", now=NOW)


def add_product(engine: Engine, profile: ProfileRead, name: str = "Magnesium citrate") -> Any:
    return journal.add_product(
        engine=engine,
        profile_id=profile.id,
        values={"name": name, "kind": "supplement", "contents": {"magnesium": 150}},
        now=NOW,
    )


def log(engine: Engine, profile: ProfileRead, kind: EntryKind, values: dict[str, Any]) -> Any:
    return journal.log_entry(
        engine=engine, kind=kind, profile_id=profile.id, values=values, now=NOW
    )


def entry_values(kind: EntryKind, engine: Engine, profile: ProfileRead) -> dict[str, Any]:
    """One entry of ``kind`` with every field set (time ``T``), as a form would send it."""
    if kind == K.CRAMPS:
        return {
            "started_at": T,
            "duration_min": 7.5,
            "region": "lower_back",
            "side": "both",
            "intensity": 8,
            "quality": "spasm",
            "triggers": ["lifting", "bending"],
            "symptoms": ["pain_below_knee", "night_pain"],
            "relief": ["heat", "rest"],
            "eased_by_rest": "no",
            "note": "after moving boxes — «ouch»",
        }
    if kind == K.HYDRATION:
        return {"taken_at": T, "volume_ml": 333.5, "beverage": "electrolyte", "note": "hot day"}
    if kind == K.SUPPLEMENTS:
        product = add_product(engine, profile)
        return {"taken_at": T, "product_id": product.id, "units": 2.5, "note": "with food"}
    if kind == K.CONTRACTIONS:
        return {
            "started_at": T,
            "ended_at": T + timedelta(seconds=65, microseconds=1),
            "intensity": "moderate",
            "location": "wrapping",
            "note": "",
        }
    return {"occurred_at": T, "kind": "bleeding", "detail": "spotting", "note": "pink"}


CHANGES: dict[EntryKind, dict[str, Any]] = {
    K.CRAMPS: {"intensity": 3, "triggers": ["unknown"], "symptoms": [], "note": "better"},
    K.HYDRATION: {"volume_ml": 500, "beverage": "water"},
    K.SUPPLEMENTS: {"units": 1, "note": ""},
    K.CONTRACTIONS: {"ended_at": T + timedelta(seconds=40), "intensity": "strong"},
    K.EVENTS: {"kind": "waters_broke", "detail": "green_brown"},
}


def as_stored(values: dict[str, Any]) -> dict[str, Any]:
    """What a person expects back: instants in UTC, lists as sets."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, datetime):
            value = value.astimezone(UTC)
        elif isinstance(value, list):
            value = set(value)
        out[name] = value
    return out


def fields_of(read: Any, names: Any) -> dict[str, Any]:
    return {name: getattr(read, name) for name in names}


@pytest.mark.parametrize("kind", list(EntryKind))
def test_entry_round_trip_log_get_list_update_delete(
    any_engine: Engine, owner: ProfileRead, kind: EntryKind
) -> None:
    values = entry_values(kind, any_engine, owner)
    logged = log(any_engine, owner, kind, values)
    assert fields_of(logged, values) == as_stored(values)
    assert (logged.created_at, logged.updated_at) == (NOW, NOW)

    got = journal_get(any_engine, owner, kind, logged.id)
    assert got == logged
    assert crud.list_entries(engine=any_engine, kind=kind, profile_id=owner.id) == [logged]

    changed = journal.update_entry(
        engine=any_engine,
        kind=kind,
        profile_id=owner.id,
        entry_id=logged.id,
        changes=CHANGES[kind],
        now=LATER,
    )
    again = journal_get(any_engine, owner, kind, logged.id)
    assert again == changed
    assert fields_of(again, values) == as_stored(values | CHANGES[kind])
    assert (again.created_at, again.updated_at) == (NOW, LATER)

    journal.delete_entry(engine=any_engine, kind=kind, profile_id=owner.id, entry_id=logged.id)
    assert crud.list_entries(engine=any_engine, kind=kind, profile_id=owner.id) == []
    with pytest.raises(NotFound, match=f"{kind.singular} \\(#{logged.id}\\) no longer exists"):
        journal_get(any_engine, owner, kind, logged.id)
    with pytest.raises(NotFound):
        journal.update_entry(
            engine=any_engine,
            kind=kind,
            profile_id=owner.id,
            entry_id=logged.id,
            changes={},
            now=LATER,
        )
    with pytest.raises(NotFound):
        journal.delete_entry(engine=any_engine, kind=kind, profile_id=owner.id, entry_id=logged.id)


def journal_get(engine: Engine, profile: ProfileRead, kind: EntryKind, entry_id: int) -> Any:
    return crud.get_entry(engine=engine, kind=kind, profile_id=profile.id, entry_id=entry_id)


def test_another_profiles_entries_cannot_be_seen_changed_or_deleted(
    any_engine: Engine, owner: ProfileRead, stranger: ProfileRead
) -> None:
    mine = {kind: log(any_engine, owner, kind, entry_values(kind, any_engine, owner)) for kind in K}
    for kind, entry in mine.items():
        assert crud.list_entries(engine=any_engine, kind=kind, profile_id=stranger.id) == []
        assert crud.count_entries(engine=any_engine, kind=kind, profile_id=stranger.id) == 0
        with pytest.raises(NotFound):
            journal_get(any_engine, stranger, kind, entry.id)
        with pytest.raises(NotFound):
            journal.update_entry(
                engine=any_engine,
                kind=kind,
                profile_id=stranger.id,
                entry_id=entry.id,
                changes={"note": "hijacked"},
                now=LATER,
            )
        with pytest.raises(NotFound):
            journal.delete_entry(
                engine=any_engine, kind=kind, profile_id=stranger.id, entry_id=entry.id
            )
        assert journal_get(any_engine, owner, kind, entry.id) == entry


def test_list_entries_takes_a_half_open_range(any_engine: Engine, owner: ProfileRead) -> None:
    start, end = local_day_bounds(date(2025, 10, 26), "Europe/London")  # a 25-hour day
    us = timedelta(microseconds=1)
    moments = [start - us, start, start + timedelta(hours=1), end - us, end]
    for moment in reversed(moments):
        log(any_engine, owner, K.HYDRATION, {"taken_at": moment, "volume_ml": 100})

    def listed(**bounds: Any) -> list[datetime]:
        rows: list[Any] = crud.list_entries(
            engine=any_engine, kind=K.HYDRATION, profile_id=owner.id, **bounds
        )
        return [r.taken_at for r in rows]

    assert listed(start=start, end=end) == moments[1:4]
    assert listed(start=start) == moments[1:]
    assert listed(end=end) == moments[:4]
    assert listed() == moments
    assert listed(start=start, end=end, newest_first=True) == moments[3:0:-1]
    assert listed(newest_first=True, limit=2) == [moments[4], moments[3]]
    assert listed(start=end, end=end) == []


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 3, 1, 8, 15, 30, 123457, tzinfo=UTC),
        datetime(2025, 7, 1, 23, 59, 59, 999999, tzinfo=ZoneInfo("America/Los_Angeles")),
        datetime(2025, 10, 26, 1, 30, 0, 1, fold=1, tzinfo=ZoneInfo("Europe/London")),
        datetime(2026, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=13, minutes=45))),
    ],
)
def test_timestamps_come_back_as_the_same_instant_in_utc(
    any_engine: Engine, owner: ProfileRead, moment: datetime
) -> None:
    # (timedelta arithmetic on a local time ignores fold: add in UTC)
    end = moment.astimezone(UTC) + timedelta(seconds=59, microseconds=3)
    logged = log(any_engine, owner, K.CONTRACTIONS, {"started_at": moment, "ended_at": end})
    got = journal_get(any_engine, owner, K.CONTRACTIONS, logged.id)
    for value, given in [(got.started_at, moment), (got.ended_at, end)]:
        # (compare in UTC: Python never calls a time in a repeated hour equal across zones)
        assert value == given.astimezone(UTC)
        assert value.tzinfo is UTC
    assert got.duration_s == pytest.approx(59.000003)


def test_timestamps_do_not_depend_on_the_database_sessions_time_zone(
    any_engine: Engine, owner: ProfileRead
) -> None:
    logged = log(any_engine, owner, K.HYDRATION, {"taken_at": T, "volume_ml": 250})
    other = make_engine(any_engine.url.render_as_string(hide_password=False))
    if other.dialect.name == "postgresql":

        @sa.event.listens_for(other, "connect")
        def _new_york(dbapi_connection: Any, _record: Any) -> None:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SET TIME ZONE 'America/New_York'")
            dbapi_connection.commit()

    try:
        seen = journal_get(other, owner, K.HYDRATION, logged.id)
        assert seen.taken_at == T_UTC
        assert seen.taken_at.tzinfo is UTC
        day_start, day_end = local_day_bounds(date(2026, 3, 1), "Europe/London")
        in_day: list[Any] = crud.list_entries(
            engine=other, kind=K.HYDRATION, profile_id=owner.id, start=day_start, end=day_end
        )
        assert [r.id for r in in_day] == [logged.id]
        # written through the second session, read through the first
        later = log(other, owner, K.HYDRATION, {"taken_at": T + timedelta(hours=1), "volume_ml": 1})
        assert journal_get(any_engine, owner, K.HYDRATION, later.id).taken_at == T_UTC + timedelta(
            hours=1
        )
    finally:
        other.dispose()


def test_code_sets_and_maps_round_trip(any_engine: Engine, owner: ProfileRead) -> None:
    every = {"triggers": Trigger.codes(), "symptoms": Symptom.codes(), "relief": Relief.codes()}
    cramp = log(
        any_engine,
        owner,
        K.CRAMPS,
        {"started_at": T, "region": "calf", "side": "left", "intensity": 0, "quality": "cramp"}
        | every,
    )
    got = journal_get(any_engine, owner, K.CRAMPS, cramp.id)
    assert got.triggers == set(Trigger)
    assert got.symptoms == set(Symptom)
    assert got.relief == set(Relief)
    empty = log(
        any_engine,
        owner,
        K.CRAMPS,
        {"started_at": T, "region": "calf", "side": "left", "intensity": 0, "quality": "cramp"},
    )
    assert journal_get(any_engine, owner, K.CRAMPS, empty.id).triggers == set()

    contents = {i.value: 0.25 + n for n, i in enumerate(Ingredient)}
    product = journal.add_product(
        engine=any_engine,
        profile_id=owner.id,
        values={"name": "Multi", "kind": "supplement", "contents": contents},
        now=NOW,
    )
    stored = crud.get_product(engine=any_engine, profile_id=owner.id, product_id=product.id)
    assert stored.contents == {Ingredient(k): v for k, v in contents.items()}

    updated = update_profile(
        engine=any_engine,
        profile=owner,
        changes={"history": ["steroid_use", "iv_drug_use"], "due_date": date(2026, 5, 1)},
        now=LATER,
    )
    again = ensure_profile(engine=any_engine, name=owner.name, now=LATER)
    assert again == updated
    assert again.history == {HistoryItem.STEROID_USE, HistoryItem.IV_DRUG_USE}
    assert again.due_date == date(2026, 5, 1)


# --- products ---------------------------------------------------------------------------------


def test_product_round_trip_and_duplicate_names(
    any_engine: Engine, owner: ProfileRead, stranger: ProfileRead
) -> None:
    statin = journal.add_product(
        engine=any_engine,
        profile_id=owner.id,
        values={
            "name": "Atorvastatin 20 mg",
            "kind": "medicine",
            "medicine_class": "statin",
            "prescribed": True,
            "started_on": date(2025, 11, 2),
        },
        now=NOW,
    )
    magnesium = add_product(any_engine, owner)
    assert crud.get_product(engine=any_engine, profile_id=owner.id, product_id=statin.id) == statin
    assert crud.list_products(engine=any_engine, profile_id=owner.id) == [statin, magnesium]
    assert (statin.prescribed, statin.started_on, statin.medicine_class) == (
        True,
        date(2025, 11, 2),
        "statin",
    )

    with pytest.raises(DuplicateName, match="already has a product named 'Magnesium citrate'"):
        add_product(any_engine, owner)
    with pytest.raises(DuplicateName):
        journal.edit_product(
            engine=any_engine,
            profile_id=owner.id,
            product_id=statin.id,
            values={"name": "Magnesium citrate", "kind": "supplement"},
            now=LATER,
        )
    assert crud.get_product(engine=any_engine, profile_id=owner.id, product_id=statin.id) == statin

    theirs = add_product(any_engine, stranger)  # the same name in another cabinet is fine
    assert theirs.id != magnesium.id
    with pytest.raises(NotFound):
        crud.get_product(engine=any_engine, profile_id=owner.id, product_id=theirs.id)
    with pytest.raises(NotFound):
        journal.edit_product(
            engine=any_engine,
            profile_id=owner.id,
            product_id=theirs.id,
            values={"name": "Mine now", "kind": "supplement"},
            now=LATER,
        )
    with pytest.raises(NotFound):
        crud.delete_product(engine=any_engine, profile_id=owner.id, product_id=theirs.id)

    renamed = journal.edit_product(
        engine=any_engine,
        profile_id=owner.id,
        product_id=magnesium.id,
        values={"name": "Mg glycinate", "kind": "supplement", "contents": {"magnesium": 200}},
        now=LATER,
    )
    assert (renamed.name, renamed.contents, renamed.updated_at) == (
        "Mg glycinate",
        {Ingredient.MAGNESIUM: 200},
        LATER,
    )
    with pytest.raises(InvalidEntry):
        journal.add_product(
            engine=any_engine,
            profile_id=owner.id,
            values={"name": "Bad", "kind": "supplement", "medicine_class": "diuretic"},
            now=NOW,
        )
    assert len(crud.list_products(engine=any_engine, profile_id=owner.id)) == 2


def test_a_product_with_intakes_is_kept_and_intakes_show_its_name(
    any_engine: Engine, owner: ProfileRead
) -> None:
    product = add_product(any_engine, owner)
    spare = add_product(any_engine, owner, name="Vitamin D 25 µg")
    intakes = [
        log(
            any_engine,
            owner,
            K.SUPPLEMENTS,
            {"taken_at": T + timedelta(hours=h), "product_id": pid},
        )
        for h, pid in [(0, product.id), (1, spare.id), (2, product.id)]
    ]
    listed: list[Any] = crud.list_entries(
        engine=any_engine, kind=K.SUPPLEMENTS, profile_id=owner.id
    )
    assert [(i.product_name, i.id) for i in listed] == [
        ("Magnesium citrate", intakes[0].id),
        ("Vitamin D 25 µg", intakes[1].id),
        ("Magnesium citrate", intakes[2].id),
    ]
    assert intakes[0].product_name == "Magnesium citrate"

    with pytest.raises(Conflict, match="Magnesium citrate has 2 logged intake"):
        crud.delete_product(engine=any_engine, profile_id=owner.id, product_id=product.id)
    assert len(crud.list_products(engine=any_engine, profile_id=owner.id)) == 2

    journal.edit_product(
        engine=any_engine,
        profile_id=owner.id,
        product_id=product.id,
        values={"name": "Magnesium (new box)", "kind": "supplement"},
        now=LATER,
    )
    assert journal_get(any_engine, owner, K.SUPPLEMENTS, intakes[2].id).product_name == (
        "Magnesium (new box)"
    )

    for intake in intakes[::2]:
        journal.delete_entry(
            engine=any_engine, kind=K.SUPPLEMENTS, profile_id=owner.id, entry_id=intake.id
        )
    crud.delete_product(engine=any_engine, profile_id=owner.id, product_id=product.id)
    assert [p.name for p in crud.list_products(engine=any_engine, profile_id=owner.id)] == [
        "Vitamin D 25 µg"
    ]
    with pytest.raises(NotFound):
        crud.delete_product(engine=any_engine, profile_id=owner.id, product_id=product.id)


# --- contractions in the database -------------------------------------------------------------


def test_only_one_running_contraction_per_profile_even_bypassing_the_journal(
    any_engine: Engine, owner: ProfileRead, stranger: ProfileRead
) -> None:
    def store(profile: ProfileRead, start: datetime, end: datetime | None = None) -> Any:
        entry = ContractionCreate(started_at=start, ended_at=end)
        return crud.create_entry(
            engine=any_engine, kind=K.CONTRACTIONS, profile_id=profile.id, values=entry, now=NOW
        )

    running = store(owner, T_UTC)
    with pytest.raises(Conflict, match="the database refused the change"):
        store(owner, T_UTC + timedelta(minutes=5))
    store(owner, T_UTC - timedelta(minutes=5), T_UTC - timedelta(minutes=4))  # finished: fine
    store(stranger, T_UTC)  # another profile's running one: fine
    assert crud.running_contraction(engine=any_engine, profile_id=owner.id) == running

    crud.update_entry(
        engine=any_engine,
        kind=K.CONTRACTIONS,
        profile_id=owner.id,
        entry_id=running.id,
        values=ContractionCreate(started_at=T_UTC, ended_at=T_UTC + timedelta(seconds=50)),
        now=LATER,
    )
    assert crud.running_contraction(engine=any_engine, profile_id=owner.id) is None
    second = store(owner, T_UTC + timedelta(minutes=5))
    assert crud.running_contraction(engine=any_engine, profile_id=owner.id) == second
    assert crud.count_entries(engine=any_engine, kind=K.CONTRACTIONS, profile_id=owner.id) == 3


def test_a_batch_is_stored_all_or_nothing(any_engine: Engine, owner: ProfileRead) -> None:
    batch = [
        ContractionCreate(
            started_at=T_UTC - timedelta(minutes=10), ended_at=T_UTC - timedelta(minutes=9)
        ),
        ContractionCreate(started_at=T_UTC),
        ContractionCreate(started_at=T_UTC + timedelta(minutes=5)),  # a second running one
    ]
    with pytest.raises(Conflict):
        crud.create_entries(
            engine=any_engine, kind=K.CONTRACTIONS, profile_id=owner.id, values=batch, now=NOW
        )
    assert crud.count_entries(engine=any_engine, kind=K.CONTRACTIONS, profile_id=owner.id) == 0
    assert (
        crud.create_entries(
            engine=any_engine, kind=K.CONTRACTIONS, profile_id=owner.id, values=batch[:2], now=NOW
        )
        == 2
    )
    rows: list[Any] = crud.list_entries(engine=any_engine, kind=K.CONTRACTIONS, profile_id=owner.id)
    assert [r.started_at for r in rows] == [b.started_at for b in batch[:2]]
