"""What a local day holds: every entry, the drinks total against the goal, ingredient totals."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine

from db import crud
from tracker.core.kinds import EntryKind
from tracker.core.models import IntakeRead, ProductRead, ProfileRead
from tracker.core.timeutil import local_day_bounds
from tracker.entries.profile import hydration_goal_ml
from tracker.entries.timeline import TimelineItem, timeline


@dataclass(frozen=True)
class DaySummary:
    day: date
    items: list[TimelineItem]
    drinks_ml: float
    goal_ml: int
    cramp_count: int

    @property
    def drinks_fraction(self) -> float:
        return min(self.drinks_ml / self.goal_ml, 1.0) if self.goal_ml else 0.0


def entries_on(
    *,
    engine: Engine,
    profile: ProfileRead,
    day: date,
    kinds: tuple[EntryKind, ...] = tuple(EntryKind),
) -> dict[EntryKind, list[Any]]:
    start, end = local_day_bounds(day, profile.timezone)
    return {
        kind: crud.list_entries(
            engine=engine, kind=kind, profile_id=profile.id, start=start, end=end
        )
        for kind in kinds
    }


def day_summary(*, engine: Engine, profile: ProfileRead, day: date) -> DaySummary:
    entries = entries_on(engine=engine, profile=profile, day=day)
    drinks = entries[EntryKind.HYDRATION]
    return DaySummary(
        day=day,
        items=timeline(entries, profile.units),
        drinks_ml=sum(d.volume_ml for d in drinks),
        goal_ml=hydration_goal_ml(profile),
        cramp_count=len(entries[EntryKind.CRAMPS]),
    )


def ingredient_totals(intakes: list[IntakeRead], products: list[ProductRead]) -> dict[str, float]:
    """Σ units × per-unit amount of each ingredient (vocabulary.md), in storage units."""
    contents = {p.id: p.contents for p in products}
    totals: dict[str, float] = defaultdict(float)
    for intake in intakes:
        for ingredient, amount in contents.get(intake.product_id, {}).items():
            totals[str(ingredient)] += intake.units * amount
    return dict(totals)
