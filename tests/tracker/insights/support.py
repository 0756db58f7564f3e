"""Small builders of ``DiaryFrames`` for the insights tests (plain records, no database)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tracker.insights.frames import DiaryFrames, frames_from_records

LONDON = "Europe/London"


def local(day: date, hour: int = 12, minute: int = 0, tz: str = LONDON) -> datetime:
    """Aware UTC for a local wall-clock time."""
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(tz)).astimezone(UTC)


def cramp(at: datetime, intensity: int = 5, **extra: Any) -> dict[str, Any]:
    return {
        "id": extra.pop("id", 0),
        "started_at": at,
        "region": extra.pop("region", "calf"),
        "side": extra.pop("side", "left"),
        "intensity": intensity,
        "quality": "cramp",
        "eased_by_rest": "unknown",
        **extra,
    }


def drink(at: datetime, volume_ml: float) -> dict[str, Any]:
    return {"id": 0, "taken_at": at, "volume_ml": volume_ml, "beverage": "water"}


def intake(at: datetime, product: str, units: float = 1, product_id: int = 1) -> dict[str, Any]:
    return {
        "id": 0,
        "taken_at": at,
        "product_id": product_id,
        "product_name": product,
        "units": units,
    }


def product(
    name: str, product_id: int = 1, contents: dict[str, float] | None = None, **extra: Any
) -> dict[str, Any]:
    return {
        "id": product_id,
        "name": name,
        "kind": extra.get("kind", "supplement"),
        "medicine_class": None,
        "prescribed": extra.get("prescribed", False),
        "contents": contents or {},
    }


def frames(
    first: date,
    last: date,
    *,
    goal_ml: int = 1600,
    tz: str = LONDON,
    cramps: Sequence[dict[str, Any]] = (),
    drinks: Sequence[dict[str, Any]] = (),
    intakes: Sequence[dict[str, Any]] = (),
    products: Sequence[dict[str, Any]] = (),
) -> DiaryFrames:
    return frames_from_records(
        first=first,
        last=last,
        timezone=tz,
        goal_ml=goal_ml,
        cramps=cramps,
        drinks=drinks,
        intakes=intakes,
        products=products,
    )


def days(first: date, count: int) -> list[date]:
    return [first + timedelta(days=i) for i in range(count)]
