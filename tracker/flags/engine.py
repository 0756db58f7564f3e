"""``evaluate``: runs every registered rule over a diary cut at ``at``.

A rule looks at a ``Diary`` already cut at ``at`` and yields ``Flag``s, each stamped with the
time its condition was first met. Two shapes occur:

- **event rules** (B1, P9, …): one flag per entry (or group of entries) that meets the
  trigger, at that entry's time;
- **state rules** (B6, H1, L5, T1, …): the condition is checked at candidate instants (entry
  times, local midnights, ``at``) with ``first_met_runs``; a flag is made at the first instant
  of each run of consecutive candidates where it holds, so a pattern that lasts a week is one
  flag, and the flag's time is when it began.

The registry (``@rule``, ``RuleSpec``, ``first_met_runs``, ``refs``) lives in
``tracker.flags.registry``. ``RULES`` is taken from ``tracker.flags.rules``, which imports every
rule family first: it is complete wherever ``evaluate`` can be called.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from tracker.flags.diary import Diary
from tracker.flags.model import Flag
from tracker.flags.rules import RULES

__all__ = ["RULES", "evaluate", "in_window"]


def evaluate(data: Diary, at: datetime, *, rules: Iterable[str] | None = None) -> list[Flag]:
    """Every flag whose condition was met at or before ``at``, newest first.

    Only data stamped at or before ``at`` is looked at. ``rules`` limits the ids evaluated.
    """
    cut = data.until(at)
    wanted = RULES if rules is None else {r: RULES[r] for r in rules}
    flags = [flag for spec in wanted.values() for flag in spec.check(cut, at)]
    return sorted(flags, key=lambda f: (f.at, -f.severity.rank, f.rule, f.evidence), reverse=True)


def in_window(flags: Iterable[Flag], at: datetime, days: float) -> list[Flag]:
    """The flags whose time lies in ``[at − days, at]`` (the listing of red-flags.md)."""
    start = at - timedelta(days=days)
    return [f for f in flags if start <= f.at <= at]
