"""Journal rules that need ``now`` or other entries: no future times, no overlapping
contractions; and logging through the journal refuses without storing anything."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from db import crud
from tracker.core.errors import InvalidEntry, NotFound, OverlapError
from tracker.core.kinds import EntryKind
from tracker.core.models import (
    ContractionCreate,
    ContractionRead,
    CrampCreate,
    DrinkCreate,
    EventCreate,
    IntakeCreate,
    ProfileRead,
)
from tracker.entries import journal
from tracker.entries.journal import check_no_overlap, check_not_future, validate
from tracker.entries.profile import ensure_profile

NOW = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
S = timedelta(seconds=1)
M = timedelta(minutes=1)

ENTRIES: dict[str, tuple[type[SQLModel], str, dict[str, Any]]] = {
    "cramp": (
        CrampCreate,
        "started_at",
        {"region": "calf", "side": "left", "intensity": 5, "quality": "cramp"},
    ),
    "drink": (DrinkCreate, "taken_at", {"volume_ml": 200}),
    "intake": (IntakeCreate, "taken_at", {"product_id": 1}),
    "contraction": (ContractionCreate, "started_at", {}),
    "event": (EventCreate, "occurred_at", {"kind": "mucus_plug"}),
}


# --- check_not_future -------------------------------------------------------------------------


@pytest.mark.parametrize("entity", list(ENTRIES))
@pytest.mark.parametrize(
    ("offset", "ok"),
    [
        (-timedelta(days=400), True),
        (timedelta(0), True),
        (4 * M + 59 * S, True),
        (5 * M, True),
        (5 * M + S, False),
        (timedelta(hours=1), False),
        (timedelta(days=1), False),
    ],
)
def test_check_not_future_allows_five_minutes_of_clock_skew(
    entity: str, offset: timedelta, ok: bool
) -> None:
    model, field, values = ENTRIES[entity]
    entry = validate(model, values | {field: NOW + offset})
    if ok:
        check_not_future(entry, NOW)
        return
    with pytest.raises(InvalidEntry) as caught:
        check_not_future(entry, NOW)
    assert caught.value.problems[0].field in ("Start time", "Time")
    assert "in the future" in str(caught.value)
    assert "5 minutes" in str(caught.value)


def test_check_not_future_also_checks_the_end_of_a_contraction() -> None:
    ok = validate(ContractionCreate, {"started_at": NOW, "ended_at": NOW + 5 * M})
    check_not_future(ok, NOW)
    late = validate(ContractionCreate, {"started_at": NOW, "ended_at": NOW + 5 * M + S})
    with pytest.raises(InvalidEntry) as caught:
        check_not_future(late, NOW)
    assert caught.value.problems[0].field == "End time"
    assert "2026-07-01 10:05 UTC is in the future" in str(caught.value)


def test_check_not_future_compares_instants_not_wall_clocks() -> None:
    # 12:04 in Berlin (UTC+2) is 10:04 UTC: four minutes ahead, allowed.
    berlin = validate(DrinkCreate, {"taken_at": "2026-07-01T12:04:00+02:00", "volume_ml": 100})
    check_not_future(berlin, NOW)
    # 06:06 in New York (UTC-4) is 10:06 UTC: refused.
    new_york = validate(DrinkCreate, {"taken_at": "2026-07-01T06:06:00-04:00", "volume_ml": 100})
    with pytest.raises(InvalidEntry):
        check_not_future(new_york, NOW)


# --- check_no_overlap -------------------------------------------------------------------------

T = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)  # 10:00 in London


def stored(entry_id: int, start: datetime, end: datetime | None) -> ContractionRead:
    return ContractionRead.model_validate(
        {"id": entry_id, "created_at": T, "updated_at": T, "started_at": start, "ended_at": end}
    )


def candidate(start: datetime, end: datetime | None) -> ContractionCreate:
    return validate(ContractionCreate, {"started_at": start, "ended_at": end})


FINISHED = stored(1, T, T + M)  # 10:00:00–10:01:00 London


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (T + M, T + 2 * M),  # starts exactly when the other ends
        (T - M, T),  # ends exactly when the other starts
        (T - 5 * M, T - 4 * M),
        (T + 3 * M, None),  # a running one after it
        (T + M, None),  # a running one starting as it ends
    ],
)
def test_contractions_that_only_touch_or_are_apart_are_allowed(
    start: datetime, end: datetime | None
) -> None:
    check_no_overlap(candidate(start, end), [FINISHED], tz_name="Europe/London")


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (T + 30 * S, T + 90 * S),  # starts inside
        (T - 30 * S, T + 30 * S),  # ends inside
        (T + 10 * S, T + 20 * S),  # wholly inside
        (T - M, T + 2 * M),  # wholly around
        (T, T + M),  # the same times
        (T + M - S, T + 2 * M),  # one second of overlap
        (T + 30 * S, None),  # running, started inside
        (T - M, None),  # running, started before it
    ],
)
def test_overlapping_contractions_are_refused_naming_the_other(
    start: datetime, end: datetime | None
) -> None:
    with pytest.raises(OverlapError, match="overlap the contraction that started at 10:00:00"):
        check_no_overlap(candidate(start, end), [FINISHED], tz_name="Europe/London")


RUNNING = stored(2, T + 10 * M, None)  # running since 10:10:00 London


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (T + 11 * M, T + 12 * M),  # after its start
        (T + 9 * M, T + 11 * M),  # across its start
        (T + 20 * M, None),  # a second running one
        (T + 5 * M, None),  # a running one that began earlier
    ],
)
def test_a_running_contraction_blocks_others_until_it_is_stopped(
    start: datetime, end: datetime | None
) -> None:
    with pytest.raises(OverlapError, match="started at 10:10:00 is still running: stop it first"):
        check_no_overlap(candidate(start, end), [RUNNING], tz_name="Europe/London")


def test_a_contraction_that_ended_before_the_running_one_began_is_allowed() -> None:
    check_no_overlap(candidate(T + 8 * M, T + 10 * M), [RUNNING], tz_name="Europe/London")


def test_a_contraction_does_not_clash_with_itself() -> None:
    moved = candidate(T + 20 * S, T + 80 * S)
    check_no_overlap(moved, [FINISHED], tz_name=None, ignore_id=FINISHED.id)
    with pytest.raises(OverlapError):
        check_no_overlap(moved, [FINISHED], tz_name=None, ignore_id=99)


def test_overlap_message_shows_the_time_in_the_profiles_zone() -> None:
    with pytest.raises(OverlapError, match="started at 05:00:00"):
        check_no_overlap(candidate(T, T + M), [FINISHED], tz_name="America/New_York")
    with pytest.raises(OverlapError, match="started at 09:00:00"):
        check_no_overlap(candidate(T, T + M), [FINISHED], tz_name=None)


# --- the same rules when logging into a database ---------------------------------------------

C = EntryKind.CONTRACTIONS


def log(
    engine: Engine, profile: ProfileRead, kind: EntryKind, values: dict[str, Any] | SQLModel
) -> Any:
    return journal.log_entry(
        engine=engine,
        kind=kind,
        profile_id=profile.id,
        values=values,
        now=NOW,
        tz_name=profile.timezone,
    )


def starts(engine: Engine, profile: ProfileRead) -> list[datetime]:
    rows: list[Any] = crud.list_entries(engine=engine, kind=C, profile_id=profile.id)
    return [r.started_at for r in rows]


KINDS = {
    "cramp": EntryKind.CRAMPS,
    "drink": EntryKind.HYDRATION,
    "intake": EntryKind.SUPPLEMENTS,
    "contraction": C,
    "event": EntryKind.EVENTS,
}


@pytest.mark.parametrize("entity", list(ENTRIES))
def test_a_future_entry_is_not_stored(engine: Engine, profile: ProfileRead, entity: str) -> None:
    _model, field, values = ENTRIES[entity]
    if entity == "intake":
        product = journal.add_product(
            engine=engine,
            profile_id=profile.id,
            values={"name": "Mg", "kind": "supplement"},
            now=NOW,
        )
        values = values | {"product_id": product.id}
    log(engine, profile, KINDS[entity], values | {field: NOW + 5 * M})
    with pytest.raises(InvalidEntry, match="in the future"):
        log(engine, profile, KINDS[entity], values | {field: NOW + 5 * M + S})
    assert crud.count_entries(engine=engine, kind=KINDS[entity], profile_id=profile.id) == 1


def test_touching_contractions_are_both_stored(engine: Engine, profile: ProfileRead) -> None:
    log(engine, profile, C, {"started_at": T, "ended_at": T + M})
    log(engine, profile, C, {"started_at": T + M, "ended_at": T + 2 * M})
    log(engine, profile, C, {"started_at": T - M, "ended_at": T})
    assert starts(engine, profile) == [T - M, T, T + M]


def test_an_overlapping_contraction_is_not_stored(engine: Engine, profile: ProfileRead) -> None:
    log(engine, profile, C, {"started_at": T, "ended_at": T + M})
    with pytest.raises(OverlapError, match="started at 10:00:00"):
        log(engine, profile, C, {"started_at": T + 30 * S, "ended_at": T + 2 * M})
    assert starts(engine, profile) == [T]


def test_a_running_contraction_must_be_stopped_before_the_next(
    engine: Engine, profile: ProfileRead
) -> None:
    running = log(engine, profile, C, {"started_at": T})
    with pytest.raises(OverlapError, match="still running"):
        log(engine, profile, C, {"started_at": T + 2 * M})
    with pytest.raises(OverlapError, match="still running"):
        log(engine, profile, C, {"started_at": T + 2 * M, "ended_at": T + 3 * M})
    stopped = journal.update_entry(
        engine=engine,
        kind=C,
        profile_id=profile.id,
        entry_id=running.id,
        changes={"ended_at": T + 70 * S},
        now=NOW,
    )
    assert stopped.duration_s == 70
    log(engine, profile, C, {"started_at": T + 2 * M})
    assert starts(engine, profile) == [T, T + 2 * M]


def test_editing_a_contraction_does_not_clash_with_itself(
    engine: Engine, profile: ProfileRead
) -> None:
    first = log(engine, profile, C, {"started_at": T, "ended_at": T + M})
    log(engine, profile, C, {"started_at": T + 2 * M, "ended_at": T + 3 * M})
    edited = journal.update_entry(
        engine=engine,
        kind=C,
        profile_id=profile.id,
        entry_id=first.id,
        changes={"started_at": T + 10 * S, "ended_at": T + 2 * M, "intensity": "strong"},
        now=NOW,
    )
    assert (edited.started_at, edited.ended_at, edited.intensity) == (
        T + 10 * S,
        T + 2 * M,
        "strong",
    )


def test_editing_a_contraction_into_another_is_refused(
    engine: Engine, profile: ProfileRead
) -> None:
    first = log(engine, profile, C, {"started_at": T, "ended_at": T + M})
    log(engine, profile, C, {"started_at": T + 2 * M, "ended_at": T + 3 * M})
    with pytest.raises(OverlapError, match="started at 10:02:00"):
        journal.update_entry(
            engine=engine,
            kind=C,
            profile_id=profile.id,
            entry_id=first.id,
            changes={"ended_at": T + 2 * M + S},
            now=NOW,
            tz_name="Europe/London",
        )
    unchanged: Any = crud.get_entry(engine=engine, kind=C, profile_id=profile.id, entry_id=first.id)
    assert unchanged.ended_at == T + M


def test_another_profiles_contractions_do_not_block(engine: Engine, profile: ProfileRead) -> None:
    other = ensure_profile(engine=engine, name="partner", now=NOW)
    log(engine, other, C, {"started_at": T})
    log(engine, profile, C, {"started_at": T + 10 * S})
    assert starts(engine, profile) == [T + 10 * S]
    assert starts(engine, other) == [T]


def test_an_edit_is_revalidated_as_a_whole(engine: Engine, profile: ProfileRead) -> None:
    cramp = log(
        engine,
        profile,
        EntryKind.CRAMPS,
        {"started_at": T, "region": "calf", "side": "left", "intensity": 5, "quality": "cramp"},
    )
    attempts: list[tuple[dict[str, Any], str]] = [
        ({"intensity": 11}, "Intensity"),
        ({"started_at": NOW + timedelta(hours=2)}, "in the future"),
        ({"triggers": ["gremlins"]}, "triggers"),
    ]
    for changes, words in attempts:
        with pytest.raises(InvalidEntry, match=words):
            journal.update_entry(
                engine=engine,
                kind=EntryKind.CRAMPS,
                profile_id=profile.id,
                entry_id=cramp.id,
                changes=changes,
                now=NOW,
            )
    assert (
        crud.get_entry(
            engine=engine, kind=EntryKind.CRAMPS, profile_id=profile.id, entry_id=cramp.id
        )
        == cramp
    )


def test_an_intake_of_another_profiles_product_is_refused(
    engine: Engine, profile: ProfileRead
) -> None:
    other = ensure_profile(engine=engine, name="partner", now=NOW)
    theirs = journal.add_product(
        engine=engine, profile_id=other.id, values={"name": "Iron", "kind": "supplement"}, now=NOW
    )
    with pytest.raises(NotFound, match=f"product #{theirs.id} no longer exists"):
        log(engine, profile, EntryKind.SUPPLEMENTS, {"taken_at": T, "product_id": theirs.id})
    with pytest.raises(NotFound):
        log(engine, profile, EntryKind.SUPPLEMENTS, {"taken_at": T, "product_id": 12345})
    assert crud.count_entries(engine=engine, kind=EntryKind.SUPPLEMENTS, profile_id=profile.id) == 0


def test_an_entry_given_as_a_model_is_logged_as_is(engine: Engine, profile: ProfileRead) -> None:
    drink = validate(DrinkCreate, {"taken_at": T, "volume_ml": 330, "beverage": "tea"})
    logged = log(engine, profile, EntryKind.HYDRATION, drink)
    assert (logged.taken_at, logged.volume_ml, logged.beverage) == (T, 330, "tea")
