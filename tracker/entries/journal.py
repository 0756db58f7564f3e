"""Logging, editing and listing entries: validate and decide here, then store through ``db``.

Every function takes ``now`` (never reads the clock) and raises only ``TrackerError``s.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from db import crud
from tracker.core.errors import InvalidEntry, OverlapError, Problem
from tracker.core.kinds import EntryKind
from tracker.core.models import (
    ContractionCreate,
    ContractionRead,
    IntakeCreate,
    ProductCreate,
    ProductRead,
)
from tracker.core.thresholds import FUTURE_TOLERANCE_S
from tracker.core.timeutil import format_local

FIELD_LABELS: dict[str, str] = {
    "started_at": "Start time",
    "ended_at": "End time",
    "taken_at": "Time",
    "occurred_at": "Time",
    "duration_min": "Duration (minutes)",
    "volume_ml": "Amount",
    "units": "Units taken",
    "product_id": "Product",
    "intensity": "Intensity",
    "note": "Note",
    "name": "Name",
    "contents": "Contents",
    "medicine_class": "Medicine class",
    "detail": "Detail",
    "birth_year": "Birth year",
    "births_before": "Births before",
    "display_name": "Name",
    "region": "Where",
    "side": "Side",
    "quality": "What it felt like",
    "labour_interval_min": "Labour rule: interval (minutes)",
    "labour_duration_s": "Labour rule: duration (seconds)",
    "labour_sustained_min": "Labour rule: for how long (minutes)",
    "hydration_goal_ml": "Daily drinks goal",
    "timezone": "Time zone",
}

_MODEL_FIELD_LABELS: dict[str, dict[str, str]] = {
    "ProfileCreate": {"units": "Units", "name": "Profile name"},
}
"""Where a field name means something else in one model (``units`` of a profile)."""

M = TypeVar("M", bound=SQLModel)


def validate(model: type[M], values: Mapping[str, Any]) -> M:
    """Build ``model`` from raw values; a failure becomes ``InvalidEntry`` naming each field."""
    try:
        return model.model_validate(dict(values))
    except ValidationError as err:
        raise invalid_entry(err) from err


def invalid_entry(err: ValidationError) -> InvalidEntry:
    problems = []
    for item in err.errors():
        # Name the form field, not its inner position (``triggers.1``, ``contents.iron.[key]``).
        field = str(item["loc"][0]) if item["loc"] else ""
        message = str(item["msg"]).removeprefix("Value error, ")
        if item["type"] == "enum":
            message = f"{item['input']!r} is not a known code; {message[0].lower()}{message[1:]}"
        labels = FIELD_LABELS | _MODEL_FIELD_LABELS.get(err.title, {})
        label = labels.get(field, field.replace("_", " "))
        problems.append(Problem(label, message, name=field))
    return InvalidEntry(problems)


def check_not_future(entry: SQLModel, now: datetime, tz_name: str | None = None) -> None:
    """Refuse a time more than ``FUTURE_TOLERANCE_S`` after ``now`` in any ``*_at`` field;
    the message shows the time in ``tz_name`` (the person's zone), UTC when not given."""
    limit = now + timedelta(seconds=FUTURE_TOLERANCE_S)
    for name, value in entry:
        if name.endswith("_at") and isinstance(value, datetime) and value > limit:
            try:
                shown = format_local(value, tz_name, "%Y-%m-%d %H:%M %Z")
            except OverflowError:  # year 9999 UTC is past the year 9999 east of Greenwich
                shown = format_local(value, None, "%Y-%m-%d %H:%M %Z")
            raise InvalidEntry.single(
                FIELD_LABELS.get(name, name),
                f"{shown} is in the future; "
                f"entries can be at most {FUTURE_TOLERANCE_S // 60} minutes ahead of now",
                name=name,
            )


def check_no_overlap(
    candidate: ContractionCreate,
    others: Sequence[ContractionRead],
    *,
    tz_name: str | None,
    ignore_id: int | None = None,
) -> None:
    """Refuse a contraction that overlaps another; the message names the other one."""
    start, end = candidate.started_at, candidate.ended_at
    for other in others:
        if other.id == ignore_id:
            continue
        other_end = other.ended_at
        if (end is None or other.started_at < end) and (other_end is None or start < other_end):
            when = format_local(other.started_at, tz_name, "%H:%M:%S")
            if other_end is None:
                raise OverlapError(
                    f"a contraction started at {when} is still running: stop it first"
                )
            raise OverlapError(
                f"it would overlap the contraction that started at {when}; "
                "change the times or edit that one"
            )


def _prepare(
    engine: Engine,
    kind: EntryKind,
    profile_id: int,
    entry: SQLModel,
    now: datetime,
    tz_name: str | None,
    ignore_id: int | None = None,
) -> None:
    check_not_future(entry, now, tz_name)
    if isinstance(entry, ContractionCreate):
        others = crud.contractions_near(
            engine=engine, profile_id=profile_id, start=entry.started_at, end=entry.ended_at
        )
        check_no_overlap(entry, others, tz_name=tz_name, ignore_id=ignore_id)
    if isinstance(entry, IntakeCreate):
        crud.get_product(engine=engine, profile_id=profile_id, product_id=entry.product_id)


def log_entry(
    *,
    engine: Engine,
    kind: EntryKind,
    profile_id: int,
    values: Mapping[str, Any] | SQLModel,
    now: datetime,
    tz_name: str | None = None,
) -> Any:
    """Validate and store one entry; returns its ``…Read`` model."""
    entry = _as_create(kind, values)
    _prepare(engine, kind, profile_id, entry, now, tz_name)
    return crud.create_entry(engine=engine, kind=kind, profile_id=profile_id, values=entry, now=now)


def update_entry(
    *,
    engine: Engine,
    kind: EntryKind,
    profile_id: int,
    entry_id: int,
    changes: Mapping[str, Any],
    now: datetime,
    tz_name: str | None = None,
) -> Any:
    """Apply ``changes`` to an entry, re-validating the whole entry."""
    current = crud.get_entry(engine=engine, kind=kind, profile_id=profile_id, entry_id=entry_id)
    model = kind.spec.create
    merged = current.model_dump(include=set(model.model_fields)) | dict(changes)
    entry = validate(model, merged)
    _prepare(engine, kind, profile_id, entry, now, tz_name, ignore_id=entry_id)
    return crud.update_entry(
        engine=engine, kind=kind, profile_id=profile_id, entry_id=entry_id, values=entry, now=now
    )


def delete_entry(*, engine: Engine, kind: EntryKind, profile_id: int, entry_id: int) -> None:
    crud.delete_entry(engine=engine, kind=kind, profile_id=profile_id, entry_id=entry_id)


def _as_create(kind: EntryKind, values: Mapping[str, Any] | SQLModel) -> SQLModel:
    model = kind.spec.create
    if isinstance(values, model):
        return values
    if isinstance(values, SQLModel):
        return validate(model, values.model_dump())
    return validate(model, values)


# --- products --------------------------------------------------------------------------------


def add_product(
    *, engine: Engine, profile_id: int, values: Mapping[str, Any] | ProductCreate, now: datetime
) -> ProductRead:
    product = values if isinstance(values, ProductCreate) else validate(ProductCreate, values)
    return crud.create_product(engine=engine, profile_id=profile_id, product_in=product, now=now)


def edit_product(
    *,
    engine: Engine,
    profile_id: int,
    product_id: int,
    values: Mapping[str, Any] | ProductCreate,
    now: datetime,
) -> ProductRead:
    product = values if isinstance(values, ProductCreate) else validate(ProductCreate, values)
    return crud.update_product(
        engine=engine, profile_id=profile_id, product_id=product_id, product_in=product, now=now
    )
