"""The rule registry and ``evaluate``: every rule is a small function registered by its id.

A rule looks at a ``Diary`` already cut at ``at`` and yields ``Flag``s, each stamped with the
time its condition was first met. Two shapes occur:

- **event rules** (B1, P9, …): one flag per entry (or group of entries) that meets the
  trigger, at that entry's time;
- **state rules** (B6, H1, L5, T1, …): the condition is checked at candidate instants (entry
  times, local midnights, ``at``) with ``first_met_runs``; a flag is made at the first instant
  of each run of consecutive candidates where it holds, so a pattern that lasts a week is one
  flag, and the flag's time is when it began.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from tracker.flags.diary import Diary
from tracker.flags.model import EntryRef, Flag, Severity

RuleCheck = Callable[[Diary, datetime], Iterable[Flag]]


@dataclass(frozen=True)
class RuleSpec:
    """A registered rule: its id, what it watches for, its possible severities and sources."""

    id: str
    title: str
    severities: tuple[Severity, ...]
    sources: tuple[str, ...]
    check: RuleCheck


RULES: dict[str, RuleSpec] = {}
"""Every rule by id, in registration order (filled when ``tracker.flags.rules`` is imported)."""


def rule(
    rule_id: str, *, title: str, severities: Sequence[Severity], sources: Sequence[str]
) -> Callable[[RuleCheck], RuleCheck]:
    """Register ``check`` as rule ``rule_id`` (decorator)."""

    def register(check: RuleCheck) -> RuleCheck:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} is registered twice")
        RULES[rule_id] = RuleSpec(rule_id, title, tuple(severities), tuple(sources), check)
        return check

    return register


def evaluate(data: Diary, at: datetime, *, rules: Iterable[str] | None = None) -> list[Flag]:
    """Every flag whose condition was met at or before ``at``, newest first.

    Only data stamped at or before ``at`` is looked at. ``rules`` limits the ids evaluated.
    """
    import tracker.flags.rules  # noqa: F401  (registers every rule family)

    cut = data.until(at)
    wanted = RULES if rules is None else {r: RULES[r] for r in rules}
    flags = [flag for spec in wanted.values() for flag in spec.check(cut, at)]
    return sorted(flags, key=lambda f: (f.at, -f.severity.rank, f.rule, f.evidence), reverse=True)


def in_window(flags: Iterable[Flag], at: datetime, days: float) -> list[Flag]:
    """The flags whose time lies in ``[at − days, at]`` (the listing of red-flags.md)."""
    start = at - timedelta(days=days)
    return [f for f in flags if start <= f.at <= at]


T = TypeVar("T")


def first_met_runs(
    candidates: Iterable[datetime], check: Callable[[datetime], T | None]
) -> list[tuple[datetime, T]]:
    """``(first instant, what check returned there)`` for each run of consecutive candidate
    instants (sorted, duplicates ignored) at which ``check`` returns something truthy."""
    runs: list[tuple[datetime, T]] = []
    inside = False
    for moment in sorted(set(candidates)):
        found = check(moment)
        if found and not inside:
            runs.append((moment, found))
        inside = bool(found)
    return runs


def refs(kind: object, entries: Iterable[object]) -> tuple[EntryRef, ...]:
    """Evidence references for entries of one kind (anything with an ``id``)."""
    from tracker.kinds import EntryKind

    entry_kind = EntryKind(str(kind))
    return tuple(EntryRef(entry_kind, int(getattr(e, "id"))) for e in entries)  # noqa: B009
