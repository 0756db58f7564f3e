"""In-memory test data for the red-flag rules: *Read values with sensible defaults and auto ids.

No database needed. Every builder takes the entry's time first (an aware datetime, or a naive
one / ISO text read in UTC) and keyword-only fields as codes or enum members, e.g.::

    p = profile(due_date=date(2026, 5, 1), births_before=0)
    d = diary(p, cramp(utc(2026, 3, 1, 10), region="lower_back", symptoms={"fever"}),
              event(utc(2026, 3, 1, 11), "bleeding", "heavy"))

Ids come from one counter shared by all kinds, so they never collide; pass ``id=`` to fix one.
``diary(profile, *entries)`` sorts the entries into a ``Diary`` by type (products included).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tracker.core.kinds import EntryKind
from tracker.core.models import (
    ContractionRead,
    CrampRead,
    DrinkRead,
    EventRead,
    IntakeRead,
    ProductRead,
    ProfileRead,
)
from tracker.flags import EntryRef, Flag, evaluate
from tracker.flags.diary import Diary

_ids = itertools.count(1)

STAMP = datetime(2026, 1, 1, tzinfo=UTC)
"""created_at/updated_at of every built value (rules never read them)."""

Moment = datetime | str


def next_id() -> int:
    return next(_ids)


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    """An aware UTC datetime."""
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def local(text: str, tz: str = "Europe/London", *, fold: int = 0) -> datetime:
    """A local wall-clock time (ISO text) in ``tz``, as aware UTC. ``fold=1`` picks the second
    of two repeated wall times on the autumn clock change."""
    naive = datetime.fromisoformat(text)
    return naive.replace(tzinfo=ZoneInfo(tz), fold=fold).astimezone(UTC)


def moment(value: Moment) -> datetime:
    """Aware UTC from a datetime or ISO text; naive values are taken as UTC."""
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def _stamped(id: int | None) -> dict[str, Any]:
    return {"id": next_id() if id is None else id, "created_at": STAMP, "updated_at": STAMP}


def profile(
    *,
    due_date: date | None = None,
    births_before: int = 0,
    tz: str = "Europe/London",
    sex: str | None = "female",
    birth_year: int | None = None,
    history: Iterable[str] = (),
    hydration_goal_ml: int | None = None,
    labour_rule: tuple[int, int, int] | None = None,
    name: str = "default",
    id: int | None = None,
) -> ProfileRead:
    """A profile; ``labour_rule`` = (interval min, duration s, sustained min) when custom."""
    interval, duration, sustained = labour_rule or (None, None, None)
    return ProfileRead.model_validate(
        {
            **_stamped(id),
            "name": name,
            "sex": sex,
            "birth_year": birth_year,
            "due_date": due_date,
            "births_before": births_before,
            "history": set(history),
            "timezone": tz,
            "hydration_goal_ml": hydration_goal_ml,
            "labour_interval_min": interval,
            "labour_duration_s": duration,
            "labour_sustained_min": sustained,
        }
    )


def pregnant_profile(ga_days: int, on: date, **kwargs: Any) -> ProfileRead:
    """A profile whose GA on local day ``on`` is ``ga_days`` (due date = on + 280 − ga_days)."""
    return profile(due_date=on + timedelta(days=280 - ga_days), **kwargs)


def cramp(
    at: Moment,
    *,
    region: str = "calf",
    side: str = "left",
    quality: str = "cramp",
    intensity: int = 5,
    duration_min: float | None = None,
    symptoms: Iterable[str] = (),
    triggers: Iterable[str] = (),
    relief: Iterable[str] = (),
    eased_by_rest: str = "unknown",
    note: str = "",
    id: int | None = None,
) -> CrampRead:
    return CrampRead.model_validate(
        {
            **_stamped(id),
            "started_at": moment(at),
            "duration_min": duration_min,
            "region": region,
            "side": side,
            "intensity": intensity,
            "quality": quality,
            "triggers": set(triggers),
            "symptoms": set(symptoms),
            "relief": set(relief),
            "eased_by_rest": eased_by_rest,
            "note": note,
        }
    )


def drink(
    at: Moment, ml: float = 250, *, beverage: str = "water", id: int | None = None
) -> DrinkRead:
    return DrinkRead.model_validate(
        {**_stamped(id), "taken_at": moment(at), "volume_ml": ml, "beverage": beverage}
    )


def product(
    name: str = "Supplement",
    *,
    contents: Mapping[str, float] | None = None,
    kind: str | None = None,
    medicine_class: str | None = None,
    prescribed: bool = False,
    started_on: date | None = None,
    id: int | None = None,
) -> ProductRead:
    """A cabinet product; ``kind`` defaults to medicine when a ``medicine_class`` is given."""
    return ProductRead.model_validate(
        {
            **_stamped(id),
            "name": name,
            "kind": kind or ("medicine" if medicine_class else "supplement"),
            "medicine_class": medicine_class,
            "prescribed": prescribed,
            "started_on": started_on,
            "contents": dict(contents or {}),
        }
    )


def intake(
    at: Moment, product: ProductRead, units: float = 1, *, id: int | None = None
) -> IntakeRead:
    return IntakeRead.model_validate(
        {
            **_stamped(id),
            "taken_at": moment(at),
            "product_id": product.id,
            "units": units,
            "product_name": product.name,
        }
    )


def contraction(
    start: Moment,
    seconds: float | None = None,
    *,
    intensity: str | None = None,
    location: str | None = None,
    id: int | None = None,
) -> ContractionRead:
    """A contraction of ``seconds``; ``None`` = still running (no end)."""
    started = moment(start)
    ended = None if seconds is None else started + timedelta(seconds=seconds)
    return ContractionRead.model_validate(
        {
            **_stamped(id),
            "started_at": started,
            "ended_at": ended,
            "intensity": intensity,
            "location": location,
        }
    )


def contractions(
    first: Moment, count: int, *, every_s: float, seconds: float | None = 60
) -> list[ContractionRead]:
    """``count`` contractions starting ``every_s`` seconds apart, each lasting ``seconds``."""
    start = moment(first)
    return [contraction(start + timedelta(seconds=i * every_s), seconds) for i in range(count)]


def event(at: Moment, kind: str, detail: str | None = None, *, id: int | None = None) -> EventRead:
    return EventRead.model_validate(
        {**_stamped(id), "occurred_at": moment(at), "kind": kind, "detail": detail}
    )


Entry = CrampRead | DrinkRead | IntakeRead | ProductRead | ContractionRead | EventRead


def diary(profile: ProfileRead, *entries: Entry | Iterable[Entry]) -> Diary:
    """A ``Diary`` from entries of any kind, in any order (lists of entries are flattened)."""
    flat: list[Entry] = []
    for item in entries:
        if isinstance(item, Entry):
            flat.append(item)
        else:
            flat.extend(item)
    return Diary.of(
        profile,
        cramps=[e for e in flat if isinstance(e, CrampRead)],
        drinks=[e for e in flat if isinstance(e, DrinkRead)],
        intakes=[e for e in flat if isinstance(e, IntakeRead)],
        products=[e for e in flat if isinstance(e, ProductRead)],
        contractions=[e for e in flat if isinstance(e, ContractionRead)],
        events=[e for e in flat if isinstance(e, EventRead)],
    )


# --- evaluating and asserting (shared by the rule-family tests) -------------------------------

LATER = utc(2027, 6, 1)
"""A default evaluation time after every entry the back and leg tests build."""


def flags(data: Diary, rule: str, at: datetime = LATER) -> list[Flag]:
    """The flags of one rule, newest first."""
    return evaluate(data, at, rules=[rule])


def cramp_refs(*entries: CrampRead) -> tuple[EntryRef, ...]:
    """Evidence references to cramp episodes, as a flag carries them."""
    return tuple(EntryRef(EntryKind.CRAMPS, e.id) for e in entries)


def days(n: float) -> timedelta:
    return timedelta(days=n)


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


def one(found: Iterable[Flag]) -> Flag:
    (flag,) = found
    return flag


def assert_plain(flag: Flag) -> None:
    """Advice says what to do and never names a diagnosis as a fact, nor a dose."""
    text = f"{flag.title} {flag.advice}".lower()
    assert "you have" not in text
    assert "diagnos" not in text
    assert " mg" not in text
