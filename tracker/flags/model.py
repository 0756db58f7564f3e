"""What the red-flag engine returns: a flag with its severity, advice, evidence and sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from tracker.core.kinds import EntryKind


class Severity(StrEnum):
    """How soon to act (red-flags.md, Severities), most urgent first."""

    EMERGENCY = "emergency"
    URGENT = "urgent"
    ROUTINE = "routine"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for emergency … 3 for info (sort key: most urgent first)."""
        return list(Severity).index(self)

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Severity.EMERGENCY: "Emergency: get help now",
    Severity.URGENT: "Urgent: contact your maternity unit, midwife or doctor today",
    Severity.ROUTINE: "Routine: mention it at your next appointment",
    Severity.INFO: "Information",
}


NOW = "now"
WITHIN_2_HOURS = "within 2 hours"
TODAY = "today"
NEXT_APPOINTMENT = "at your next appointment"
DEFAULT_SOON = {
    Severity.EMERGENCY: NOW,
    Severity.URGENT: TODAY,
    Severity.ROUTINE: NEXT_APPOINTMENT,
    Severity.INFO: "",
}
"""How soon to act when a rule says no more than its severity (red-flags.md: urgent is "now or
today"; a rule whose advice says "now" or "within 2 hours" says so in ``Flag.soon``)."""


@dataclass(frozen=True, order=True)
class EntryRef:
    """An entry that met a rule: its kind and id (ids are per kind)."""

    kind: EntryKind
    id: int


@dataclass(frozen=True)
class Flag:
    """One time a rule was met.

    ``at`` is when its condition was first met (aware UTC); ``evidence`` the entries that met
    it; ``advice`` says what the guidance says to do, never a diagnosis.
    """

    rule: str
    severity: Severity
    title: str
    advice: str
    at: datetime
    evidence: tuple[EntryRef, ...]
    sources: tuple[str, ...]
    key: str = field(default="", compare=False)
    soon: str = field(default="", compare=False)
    """How soon the advice says to act (``NOW``, ``WITHIN_2_HOURS``, ``TODAY``…), in the same
    words as the advice; the severity's ``DEFAULT_SOON`` when the rule gives none. Screens show
    it beside the severity, and colour an urgent flag that says "now" as they colour alarms."""

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise ValueError("a flag's time must be aware UTC")
        object.__setattr__(self, "at", self.at.astimezone(UTC))
        object.__setattr__(self, "evidence", tuple(sorted(set(self.evidence))))
        if not self.key:
            object.__setattr__(self, "key", f"{self.rule}@{self.at.isoformat()}")
        if not self.soon:
            object.__setattr__(self, "soon", DEFAULT_SOON[self.severity])

    def to_json(self) -> dict[str, Any]:
        """The ``flags --json`` item (files-and-cli.md): a contract, do not change its shape."""
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "title": self.title,
            "at": self.at.isoformat(),
            "advice": self.advice,
            "evidence": [ref.id for ref in self.evidence],
            "sources": list(self.sources),
        }
