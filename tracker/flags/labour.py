"""Which red flags the contraction timer page shows: the go-in rules for the labour under way
(P1–P3) and the advice for an event logged with a quick button (P5, P6, P8, P9).

Pure Python over ``tracker.flags`` (no Streamlit): the rules decide, this module only picks.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from tracker.core.kinds import EntryKind
from tracker.core.models import EventRead, ProfileRead
from tracker.flags import Diary, EntryRef, Flag, evaluate, load_diary
from tracker.labour.sessions import LabourSession

GO_IN_RULES = ("P1", "P2", "P3")
"""The rules that say when to call the maternity unit about contractions (red-flags.md)."""

EVENT_RULES = ("P5", "P6", "P8", "P9")
"""The rules about the events the timer page logs in one tap."""

EVENT_LOOKBACK = timedelta(days=1)
"""How far back the event rules look for partners (P5: movement 24 h before; P6: 24 h)."""


def latest_per_rule(flags: Sequence[Flag]) -> list[Flag]:
    """The newest flag of each rule, most urgent first (flags come newest first)."""
    latest: dict[str, Flag] = {}
    for flag in flags:
        latest.setdefault(flag.rule, flag)
    return sorted(latest.values(), key=lambda f: (f.severity.rank, f.rule))


def go_in_flags(profile: ProfileRead, session: LabourSession | None, now: datetime) -> list[Flag]:
    """P1, P2 and P3 met by the latest session while it is still going (within 2 h)."""
    if session is None or not session.is_open(now):
        return []
    diary = Diary.of(profile, contractions=session.contractions)
    return latest_per_rule(evaluate(diary, now, rules=GO_IN_RULES))


def event_flags(
    *, engine: Engine, profile: ProfileRead, event: EventRead, now: datetime
) -> list[Flag]:
    """The flags of ``EVENT_RULES`` that ``event`` is evidence of, most urgent first."""
    diary = load_diary(engine=engine, profile=profile, since=event.occurred_at - EVENT_LOOKBACK)
    ref = EntryRef(EntryKind.EVENTS, event.id)
    found = [f for f in evaluate(diary, now, rules=EVENT_RULES) if ref in f.evidence]
    return latest_per_rule(found)
