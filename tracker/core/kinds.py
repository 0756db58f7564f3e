"""The kinds of log entry, named as the command line and CSV files name them."""

from __future__ import annotations

from enum import StrEnum


class EntryKind(StrEnum):
    CRAMPS = "cramps"
    HYDRATION = "hydration"
    SUPPLEMENTS = "supplements"
    CONTRACTIONS = "contractions"
    EVENTS = "events"

    @property
    def singular(self) -> str:
        return _SINGULAR[self]

    @property
    def time_field(self) -> str:
        return _TIME_FIELD[self]


_SINGULAR = {
    EntryKind.CRAMPS: "cramp episode",
    EntryKind.HYDRATION: "drink",
    EntryKind.SUPPLEMENTS: "intake",
    EntryKind.CONTRACTIONS: "contraction",
    EntryKind.EVENTS: "pregnancy event",
}
_TIME_FIELD = {
    EntryKind.CRAMPS: "started_at",
    EntryKind.HYDRATION: "taken_at",
    EntryKind.SUPPLEMENTS: "taken_at",
    EntryKind.CONTRACTIONS: "started_at",
    EntryKind.EVENTS: "occurred_at",
}
