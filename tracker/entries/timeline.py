"""Entries as a person reads them: one line of text per entry, and tables with local times.

Pure functions over ``…Read`` models (no Streamlit), shared by Today, History and the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from tracker.core.kinds import EntryKind
from tracker.core.models import ContractionRead, CrampRead, DrinkRead, EventRead, IntakeRead
from tracker.core.timeutil import format_duration_s, to_local
from tracker.core.units import format_volume
from tracker.core.vocabulary import EVENT_DETAILS, Beverage, Units

KIND_LABELS: dict[EntryKind, str] = {
    EntryKind.CRAMPS: "Cramp / pain",
    EntryKind.HYDRATION: "Drink",
    EntryKind.SUPPLEMENTS: "Supplement / medicine",
    EntryKind.CONTRACTIONS: "Contraction",
    EntryKind.EVENTS: "Pregnancy event",
}


@dataclass(frozen=True)
class TimelineItem:
    kind: EntryKind
    entry_id: int
    at: datetime
    summary: str


def entry_time(kind: EntryKind, entry: Any) -> datetime:
    moment: datetime = getattr(entry, kind.time_field)
    return moment


def summarize(kind: EntryKind, entry: Any, units: Units | str = Units.METRIC) -> str:
    """One line, e.g. "Calf (left) · cramp · 7/10 · 5 min"."""
    if isinstance(entry, CrampRead):
        parts = [
            f"{entry.region.label} ({entry.side.label.lower()})",
            entry.quality.label.lower(),
            f"{entry.intensity}/10",
        ]
        if entry.duration_min is not None:
            parts.append(f"{entry.duration_min:g} min")
        if entry.symptoms:
            parts.append(f"{len(entry.symptoms)} symptom{'s' if len(entry.symptoms) > 1 else ''}")
        return " · ".join(parts)
    if isinstance(entry, DrinkRead):
        return f"{format_volume(entry.volume_ml, units)} {Beverage(entry.beverage).label.lower()}"
    if isinstance(entry, IntakeRead):
        return f"{entry.product_name or 'product #' + str(entry.product_id)} × {entry.units:g}"
    if isinstance(entry, ContractionRead):
        if entry.ended_at is None:
            return "still running"
        return f"lasted {format_duration_s(entry.duration_s or 0)}"
    if isinstance(entry, EventRead):
        detail_codes = EVENT_DETAILS.get(entry.kind)
        detail = (
            f" ({detail_codes(entry.detail).label.lower()})"
            if detail_codes and entry.detail
            else ""
        )
        return f"{entry.kind.label}{detail}"
    raise TypeError(f"not an entry: {entry!r}")  # pragma: no cover


def timeline(
    entries: dict[EntryKind, list[Any]], units: Units | str = Units.METRIC
) -> list[TimelineItem]:
    """All entries of several kinds, newest first."""
    items = [
        TimelineItem(kind, entry.id, entry_time(kind, entry), summarize(kind, entry, units))
        for kind, rows in entries.items()
        for entry in rows
    ]
    return sorted(items, key=lambda item: (item.at, item.entry_id), reverse=True)


def timeline_frame(items: list[TimelineItem], tz_name: str) -> pd.DataFrame:
    """A table for display: local time, kind, what, plus the hidden keys to edit a row."""
    return pd.DataFrame(
        {
            "Time": [to_local(i.at, tz_name).strftime("%a %d %b %H:%M") for i in items],
            "Kind": [KIND_LABELS[i.kind] for i in items],
            "What": [i.summary for i in items],
            "kind": [i.kind.value for i in items],
            "id": [i.entry_id for i in items],
        },
        columns=["Time", "Kind", "What", "kind", "id"],
    )
