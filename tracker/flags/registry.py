"""The rule registry: the ``@rule`` decorator, the ``RuleSpec`` it registers, and the small
helpers every rule family shares (``refs``, ``first_met_runs``).

The rules (``tracker.flags.rules``) import only from here, and the engine imports the rules, so
nothing in ``tracker.flags`` imports in a circle. A rule's id, severities and sources are
written once, in its ``@rule(...)``; its flags are built by its spec::

    @rule("B4", title=..., severities=[Severity.ROUTINE], sources=B4_SOURCES,
          reads=(EntryKind.CRAMPS,), lookback=SAME_ENTRY)
    def nerve_root_signs(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
        yield spec.flag(at=..., evidence=..., title=..., advice=...)

A rule that can give several severities names one in each ``spec.flag(severity=...)``.

``RULES`` fills as each rule family is imported; ``tracker.flags.engine`` imports every family
at load time, so whoever can call ``evaluate`` sees all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from tracker.core.kinds import EntryKind
from tracker.flags.diary import Diary
from tracker.flags.model import EntryRef, Flag, Severity

RuleCheck = Callable[[Diary, datetime], Iterable[Flag]]
"""What the engine runs: a diary cut at ``at``, and ``at``; the rule's flags."""


@dataclass(frozen=True)
class RuleSpec:
    """A registered rule: its id, what it watches for, its possible severities and sources."""

    id: str
    title: str
    severities: tuple[Severity, ...]
    sources: tuple[str, ...]
    check: RuleCheck
    reads: frozenset[EntryKind] = frozenset(EntryKind)
    """The kinds of entry the rule reads (the profile and the cabinet are always there). A
    bounded read leaves the others out of the diary, and touching one fails loudly
    (``diary.NOT_READ``), so a rule cannot read what it did not declare."""
    lookback: timedelta | None = None
    """How long before a flag's time the rule reads cramp episodes, drinks and intakes (the
    large tables; contractions, events and the cabinet are always read whole). ``None``: every
    one ever, or with ``cramps_with`` every episode that lists that symptom."""
    cramps_with: str | None = None
    """A rule with ``cramps_with`` must begin a run only at an episode listing that symptom and
    name only such episodes up to it (B7): a bounded read leaves the earlier ones out when no
    episode of the read lists it (``diary.listed_since``)."""
    drink_days: int = 0
    """The rule also reads the drinks of this many local days with drinks before its window,
    however long ago they were (H1's "last 7 days with drinks logged")."""

    def __post_init__(self) -> None:
        if not self.severities:
            raise ValueError(f"rule {self.id} declares no severity")
        if not self.sources:
            raise ValueError(f"rule {self.id} cites no source")

    def flag(
        self,
        *,
        at: datetime,
        evidence: Iterable[EntryRef],
        title: str,
        advice: str,
        severity: Severity | None = None,
        soon: str = "",
    ) -> Flag:
        """A flag of this rule, with its id and sources. ``severity`` only when the rule can
        give several (one of them); a rule with one severity gives that one. ``soon``: how
        soon the advice says to act, when it says more than the severity (``Flag.soon``)."""
        return Flag(
            rule=self.id,
            severity=self._severity(severity),
            title=title,
            advice=advice,
            at=at,
            evidence=tuple(evidence),
            sources=self.sources,
            soon=soon,
        )

    def _severity(self, severity: Severity | None) -> Severity:
        declared = " or ".join(s.value for s in self.severities)
        if len(self.severities) == 1:
            if severity is not None:
                raise ValueError(f"rule {self.id} gives only {declared}: leave severity out")
            return self.severities[0]
        if severity is None:
            raise ValueError(f"rule {self.id} can give {declared}: name the severity")
        if severity not in self.severities:
            raise ValueError(f"rule {self.id} cannot give {severity.value}, only {declared}")
        return severity


RuleBody = Callable[[RuleSpec, Diary, datetime], Iterable[Flag]]
"""A rule as written: it gets its own spec (to build its flags), the cut diary and ``at``."""

RULES: dict[str, RuleSpec] = {}
"""Every rule by id, in registration order (complete once ``tracker.flags.rules`` is imported,
which ``tracker.flags.engine`` does at load time)."""


SAME_ENTRY = timedelta(0)
"""A rule that reads only the entry it flags (and contractions or events, read whole)."""

LOCAL_DAY = timedelta(days=2)
"""A rule that adds up a local day: the day can start up to a day and a few hours (a clock
change, a far zone) before the flag's time."""


def rule(
    rule_id: str,
    *,
    title: str,
    severities: Sequence[Severity],
    sources: Sequence[str],
    reads: Iterable[EntryKind],
    lookback: timedelta | None,
    cramps_with: str | None = None,
    drink_days: int = 0,
) -> Callable[[RuleBody], RuleBody]:
    """Register ``body`` as rule ``rule_id`` (decorator); it is called with its ``RuleSpec``.
    ``reads`` and ``lookback`` are required: which kinds of entry the rule reads and how far
    back (``RuleSpec.reads``, ``RuleSpec.lookback``), which is what lets a page read a bounded
    diary (``read_bounds``)."""
    kinds = frozenset(reads)
    if not kinds:
        raise ValueError(f"rule {rule_id} reads no kind of entry")

    def register(body: RuleBody) -> RuleBody:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} is registered twice")

        def check(diary: Diary, at: datetime) -> Iterable[Flag]:
            return body(spec, diary, at)

        spec = RuleSpec(
            rule_id,
            title,
            tuple(severities),
            tuple(sources),
            check,
            reads=kinds,
            lookback=lookback,
            cramps_with=cramps_with,
            drink_days=drink_days,
        )
        RULES[rule_id] = spec
        return body

    return register


@dataclass(frozen=True)
class ReadBounds:
    """What to read for some rules and flags first met from ``start`` on: cramp episodes,
    drinks and intakes from ``since`` (None: all), plus every earlier episode that lists one of
    ``cramps_with`` when an episode from ``since`` on lists it too (``diary.listed_since``);
    contractions, events and the cabinet whole. Only the ``kinds`` the rules
    read are read at all (``RuleSpec.reads``)."""

    since: datetime | None
    cramps_with: frozenset[str]
    drink_days: int = 0
    kinds: frozenset[EntryKind] = frozenset(EntryKind)


BOUNDS_MARGIN = timedelta(days=1)
"""Read this much more than the longest look-back (a flag first met just before ``start``
must still be seen as met there, not as new at ``start``)."""


def read_bounds(specs: Iterable[RuleSpec], start: datetime) -> ReadBounds:
    """The smallest read that gives ``specs`` the same flags from ``start`` on as the whole
    diary. Twice the look-back, because a flag first met in the window may name entries up to
    a look-back before it, whose own conditions need a look-back more. The rules over runs of
    weeks (B6, L5, T1, H1) stay exact too: each pattern needs entries inside its look-back (or,
    for H1, its last days with drinks, read by ``drink_days``), so a pattern met before the
    read's start has ended by the window or is seen met where the read becomes complete. The
    property tests of tests/tracker/flags/test_bounded_reads.py hold all of this."""
    chosen = list(specs)
    kinds = frozenset(k for s in chosen for k in s.reads)
    if any(s.lookback is None and s.cramps_with is None for s in chosen):
        return ReadBounds(None, frozenset(), kinds=kinds)
    longest = max((s.lookback for s in chosen if s.lookback is not None), default=timedelta(0))
    symptoms = frozenset(s.cramps_with for s in chosen if s.cramps_with is not None)
    drink_days = max((s.drink_days for s in chosen), default=0)
    return ReadBounds(start - 2 * longest - BOUNDS_MARGIN, symptoms, drink_days, kinds)


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
    entry_kind = EntryKind(str(kind))
    return tuple(EntryRef(entry_kind, int(getattr(e, "id"))) for e in entries)  # noqa: B009
