"""Properties of the whole engine over arbitrary valid diaries (hypothesis): ``evaluate`` never
raises, and what it finds does not depend on the order the entries were stored in.

Diaries span five weeks around the March clock changes, in several zones, with and without a due
date (GA from before the pregnancy to past the due date, often at term), every code of the
vocabulary, values at and around the thresholds, contraction series that are often regular, the
last one possibly still running. Times are whole minutes so that entries often share a time
(ties are where order could leak in). Runs over every rule registered when it runs."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.tracker.flags.builders import (
    contraction,
    cramp,
    drink,
    event,
    intake,
    product,
    profile,
)
from tracker.core.kinds import EntryKind
from tracker.core.models import IntakeRead, ProductRead, ProfileRead
from tracker.core.vocabulary import (
    EVENT_DETAILS,
    Beverage,
    EasedByRest,
    EventKind,
    HistoryItem,
    Ingredient,
    MedicineClass,
    Quality,
    Region,
    Relief,
    Side,
    Symptom,
    Trigger,
)
from tracker.flags import Diary, Flag, evaluate

BASE = datetime(2026, 3, 1, tzinfo=UTC)
SPAN_MIN = 35 * 24 * 60
ZONES = ("UTC", "Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata")

minutes = st.integers(0, SPAN_MIN)
moments = minutes.map(lambda m: BASE + timedelta(minutes=m))


def codes(enum: Any) -> st.SearchStrategy[str]:
    return st.sampled_from(enum.codes())


def code_sets(enum: Any) -> st.SearchStrategy[set[str]]:
    return st.sets(codes(enum), max_size=4)


@st.composite
def profiles(draw: st.DrawFn) -> ProfileRead:
    due: date | None = draw(
        st.none()
        | (st.integers(-40, 330) | st.integers(0, 50)).map(lambda d: BASE.date() + timedelta(d))
    )
    labour: tuple[int, int, int] | None = None
    if draw(st.booleans()):
        interval = draw(st.integers(1, 30))
        labour = (
            interval,
            draw(st.integers(10, 300)),
            draw(st.integers(max(10, interval + 1), 240)),
        )
    return profile(
        due_date=due,
        births_before=draw(st.integers(0, 3)),
        tz=draw(st.sampled_from(ZONES)),
        sex=draw(st.sampled_from([None, "female", "male", "other"])),
        birth_year=draw(st.none() | st.integers(1930, 2012)),
        history=draw(code_sets(HistoryItem)),
        hydration_goal_ml=draw(st.none() | st.integers(500, 6000)),
        labour_rule=labour,
        id=1,
    )


@st.composite
def cramps(draw: st.DrawFn, ids: Sequence[int]) -> list[Any]:
    durations = st.none() | st.sampled_from([0.5, 10, 10.01, 1440]) | st.floats(0.01, 1440)
    return [
        cramp(
            draw(moments),
            region=draw(codes(Region)),
            side=draw(codes(Side)),
            quality=draw(codes(Quality)),
            intensity=draw(st.integers(0, 10)),
            duration_min=draw(durations),
            symptoms=draw(code_sets(Symptom)),
            triggers=draw(code_sets(Trigger)),
            relief=draw(code_sets(Relief)),
            eased_by_rest=draw(codes(EasedByRest)),
            id=i,
        )
        for i in ids
    ]


@st.composite
def products(draw: st.DrawFn) -> list[ProductRead]:
    amounts = st.sampled_from([45, 100, 350, 2000, 2500]) | st.floats(0.001, 5000)
    made = []
    for i in range(1, draw(st.integers(0, 4)) + 1):
        medicine = draw(st.booleans())
        made.append(
            product(
                f"Product {i}",
                kind="medicine" if medicine else "supplement",
                medicine_class=draw(codes(MedicineClass)) if medicine else None,
                prescribed=draw(st.booleans()),
                started_on=draw(st.none() | moments.map(lambda m: m.date())),
                contents=draw(st.dictionaries(codes(Ingredient), amounts, max_size=4)),
                id=i,
            )
        )
    return made


@st.composite
def contraction_series(draw: st.DrawFn) -> list[Any]:
    """Non-overlapping contractions, each at most 10 minutes, often regular (a typical gap and
    length with some jitter, so labour patterns occur); the last one maybe running."""
    count = draw(st.integers(0, 30))
    start = BASE + timedelta(minutes=draw(minutes))
    gap_s = draw(st.integers(60, 1200) | st.integers(120, 420))
    length_s = draw(st.integers(20, 150))
    jitter = draw(st.sampled_from([0, 30, 300]))
    made = []
    for i in range(1, count + 1):
        running = i == count and draw(st.booleans())
        seconds = None if running else max(1, min(600, length_s + draw(st.integers(-20, 20))))
        made.append(contraction(start, seconds, id=i))
        rest = max(1, gap_s - (seconds or 0) + draw(st.integers(-jitter, jitter)))
        start += timedelta(seconds=(seconds or 0) + rest)
    return made


@st.composite
def events(draw: st.DrawFn, ids: Sequence[int]) -> list[Any]:
    made = []
    for i in ids:
        kind = draw(codes(EventKind))
        allowed = EVENT_DETAILS.get(EventKind(kind))
        detail = draw(st.none() | codes(allowed)) if allowed else None
        made.append(event(draw(moments), kind, detail, id=i))
    return made


@st.composite
def diaries(draw: st.DrawFn) -> dict[str, Any]:
    """The parts of a diary (``Diary.of`` keywords) with ids 1, 2, … per kind."""
    cabinet = draw(products())
    intakes: list[IntakeRead] = []
    if cabinet:
        for i in range(1, draw(st.integers(0, 25)) + 1):
            chosen = draw(st.sampled_from(cabinet))
            units = draw(st.sampled_from([1, 2, 20]) | st.floats(0.01, 20))
            intakes.append(intake(draw(moments), chosen, units, id=i))
    return {
        "cramps": draw(cramps(range(1, draw(st.integers(0, 25)) + 1))),
        "drinks": [
            drink(draw(moments), draw(st.floats(1, 3000)), beverage=draw(codes(Beverage)), id=i)
            for i in range(1, draw(st.integers(0, 60)) + 1)
        ],
        "intakes": intakes,
        "products": cabinet,
        "contractions": draw(contraction_series()),
        "events": draw(events(range(1, draw(st.integers(0, 8)) + 1))),
    }


KIND_OF = {
    "cramps": EntryKind.CRAMPS,
    "drinks": EntryKind.HYDRATION,
    "intakes": EntryKind.SUPPLEMENTS,
    "contractions": EntryKind.CONTRACTIONS,
    "events": EntryKind.EVENTS,
}


def stored_in_another_order(
    parts: dict[str, Any], rnd: random.Random
) -> tuple[dict[str, Any], dict[tuple[EntryKind, int], int]]:
    """The same entries inserted in a shuffled order: new ids as a database would give them
    (1000, 1001, … in insertion order), and a map from each new id back to the original."""
    new_parts: dict[str, Any] = {}
    back: dict[tuple[EntryKind, int], int] = {}
    product_ids: dict[int, int] = {}
    shuffled_products = rnd.sample(parts["products"], len(parts["products"]))
    for n, item in enumerate(shuffled_products):
        product_ids[item.id] = 1000 + n
    new_parts["products"] = [
        p.model_copy(update={"id": product_ids[p.id]}) for p in shuffled_products
    ]
    for name, kind in KIND_OF.items():
        moved = []
        for n, item in enumerate(rnd.sample(parts[name], len(parts[name]))):
            update: dict[str, Any] = {"id": 1000 + n}
            if name == "intakes":
                update["product_id"] = product_ids[item.product_id]
            back[(kind, 1000 + n)] = item.id
            moved.append(item.model_copy(update=update))
        new_parts[name] = moved
    return new_parts, back


def fingerprints(parts: dict[str, Any]) -> dict[tuple[EntryKind, int], str]:
    """Each original entry's content without its id: entries identical in everything but the
    id are interchangeable, so evidence naming either one is the same answer."""
    return {
        (kind, item.id): repr(sorted(item.model_dump(exclude={"id"}).items()))
        for name, kind in KIND_OF.items()
        for item in parts[name]
    }


def canonical(
    flag: Flag, content: dict[tuple[EntryKind, int], str], back: dict[tuple[EntryKind, int], int]
) -> tuple[Any, ...]:
    """A flag with its evidence as the content of the original entries it names."""
    evidence = sorted(
        content[(ref.kind, back.get((ref.kind, ref.id), ref.id))] for ref in flag.evidence
    )
    return (flag.at, flag.rule, flag.severity, flag.title, flag.advice, evidence, flag.sources)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(person=profiles(), parts=diaries(), at=moments, rnd=st.randoms(use_true_random=False))
def test_evaluate_never_raises_and_does_not_depend_on_insertion_order(
    person: ProfileRead, parts: dict[str, Any], at: datetime, rnd: random.Random
) -> None:
    found = evaluate(Diary.of(person, **parts), at)

    assert all(f.at <= at for f in found)
    assert [f.at for f in found] == sorted((f.at for f in found), reverse=True)
    moved, back = stored_in_another_order(parts, rnd)
    again = evaluate(Diary.of(person, **moved), at)
    content = fingerprints(parts)
    assert sorted(canonical(f, content, back) for f in again) == sorted(
        canonical(f, content, {}) for f in found
    )
