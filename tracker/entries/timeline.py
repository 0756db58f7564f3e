"""Entries as a person reads them: one line of text per entry, and tables with local times.

Pure functions over ``…Read`` models (no Streamlit), shared by Today, History and the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from tracker.core.kinds import EntryKind
from tracker.core.timeutil import to_local
from tracker.core.vocabulary import Units


@dataclass(frozen=True)
class TimelineItem:
    kind: EntryKind
    entry_id: int
    at: datetime
    summary: str


def entry_time(kind: EntryKind, entry: Any) -> datetime:
    return kind.spec.time_of(entry)


def summarize(kind: EntryKind, entry: Any, units: Units | str = Units.METRIC) -> str:
    """One line, e.g. "Calf (left) · cramp · 7/10 · 5 min"."""
    return kind.spec.describe(entry, units)


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
            "Kind": [i.kind.label for i in items],
            "What": [i.summary for i in items],
            "kind": [i.kind.value for i in items],
            "id": [i.entry_id for i in items],
        },
        columns=["Time", "Kind", "What", "kind", "id"],
    )
