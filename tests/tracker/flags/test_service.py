"""What the pages ask of the engine (tracker.flags.service), against a real database on SQLite
and PostgreSQL: the banner's emergencies, acknowledgements, flags of a just-saved entry, the
preview before saving, and the Flags page's groups."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from db import acks
from tests.tracker.flags import builders as b
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.core.vocabulary import EVENT_DETAILS, EventKind, Quality, Region, Symptom, Trigger
from tracker.entries import journal
from tracker.entries.profile import ensure_profile, update_profile
from tracker.flags import EntryRef, Flag, Severity, service
from tracker.flags.diary import Diary
from tracker.flags.registry import RULES, RuleSpec


@pytest.fixture
def pregnant(any_engine: Engine, now: datetime) -> ProfileRead:
    """A profile at GA 34+0 on ``now`` (due in 6 weeks), in London."""
    profile = ensure_profile(engine=any_engine, now=now, timezone="Europe/London")
    due = now.date() + timedelta(weeks=6)
    return update_profile(engine=any_engine, profile=profile, changes={"due_date": due}, now=now)


def log(
    engine: Engine, profile: ProfileRead, entry_kind: EntryKind, now: datetime, **values: Any
) -> int:
    entry = journal.log_entry(
        engine=engine, kind=entry_kind, profile_id=profile.id, values=values, now=now
    )
    return int(entry.id)


def cord_felt(engine: Engine, profile: ProfileRead, at: datetime, now: datetime) -> int:
    return log(engine, profile, EntryKind.EVENTS, now, occurred_at=at, kind="cord_felt")


def cramp(engine: Engine, profile: ProfileRead, at: datetime, now: datetime, **more: Any) -> int:
    values = {"region": "calf", "side": "left", "intensity": 6, "quality": "cramp"} | more
    return log(engine, profile, EntryKind.CRAMPS, now, started_at=at, **values)


def fake_rule(
    monkeypatch: pytest.MonkeyPatch,
    rule_id: str,
    severities: tuple[Severity, ...],
    check: Any,
) -> None:
    """Register a rule for this test only (the registry is a plain dict)."""
    monkeypatch.setitem(
        RULES, rule_id, RuleSpec(rule_id, f"Test rule {rule_id}", severities, ("a source",), check)
    )


# --- the banner ----------------------------------------------------------------------------------


def test_an_emergency_stays_until_acknowledged_and_the_time_is_stored(
    any_engine: Engine, pregnant: ProfileRead, now: datetime
) -> None:
    event_id = cord_felt(any_engine, pregnant, now - timedelta(minutes=20), now)

    [flag] = service.unacknowledged_emergencies(any_engine, pregnant, now)
    assert (flag.rule, flag.severity, flag.at) == (
        "P9",
        Severity.EMERGENCY,
        now - timedelta(minutes=20),
    )
    assert flag.evidence == (EntryRef(EntryKind.EVENTS, event_id),)
    assert "emergency number" in flag.advice and flag.sources

    clicked = now + timedelta(minutes=3)
    stored = service.acknowledge(any_engine, pregnant, flag, clicked)

    assert service.unacknowledged_emergencies(any_engine, pregnant, clicked) == []
    assert (stored.rule, stored.flag_at, stored.acknowledged_at) == ("P9", flag.at, clicked)
    [row] = acks.list_acknowledgements(engine=any_engine, profile_id=pregnant.id)
    assert row.acknowledged_at == clicked
    # Acknowledged is not forgotten: the listing still has it, with its acknowledgement.
    [group] = service.flag_groups(any_engine, pregnant, clicked)
    assert group.latest == flag and group.acknowledgement(flag) == row
    # A second emergency is a new flag: the banner comes back for it alone.
    second = now + timedelta(minutes=10)
    cord_felt(any_engine, pregnant, second, second)
    assert [f.at for f in service.unacknowledged_emergencies(any_engine, pregnant, second)] == [
        second
    ]


def test_the_banner_keeps_an_emergency_for_14_days(
    any_engine: Engine, pregnant: ProfileRead, now: datetime
) -> None:
    inside = now - timedelta(days=service.BANNER_DAYS) + timedelta(minutes=1)
    outside = now - timedelta(days=service.BANNER_DAYS) - timedelta(minutes=1)
    cord_felt(any_engine, pregnant, inside, now)
    cord_felt(any_engine, pregnant, outside, now)

    assert [f.at for f in service.unacknowledged_emergencies(any_engine, pregnant, now)] == [inside]
    listed = service.current_flags(any_engine, pregnant, now, days=30)
    assert [f.at for f in listed if f.rule == "P9"] == [inside, outside]


def test_the_banner_runs_only_emergency_rules_over_recent_data(
    any_engine: Engine, pregnant: ProfileRead, now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Diary] = []

    def mixed(diary: Diary, at: datetime) -> Iterator[Flag]:
        seen.append(diary)
        for entry in diary.cramps:
            severity = Severity.EMERGENCY if entry.intensity >= 9 else Severity.URGENT
            yield Flag("ZM", severity, "mixed", "advice", entry.started_at, (), ("a source",))

    def never(diary: Diary, at: datetime) -> Iterator[Flag]:
        raise AssertionError("a rule without an emergency severity was run for the banner")

    fake_rule(monkeypatch, "ZM", (Severity.URGENT, Severity.EMERGENCY), mixed)
    fake_rule(monkeypatch, "ZR", (Severity.ROUTINE, Severity.INFO), never)
    cramp(any_engine, pregnant, now - timedelta(days=40), now, intensity=9)
    cramp(any_engine, pregnant, now - timedelta(hours=2), now, intensity=9)
    cramp(any_engine, pregnant, now - timedelta(hours=1), now, intensity=5)

    flags = [f for f in service.unacknowledged_emergencies(any_engine, pregnant, now)]
    assert [(f.rule, f.at) for f in flags] == [("ZM", now - timedelta(hours=2))]
    oldest = min(c.started_at for d in seen for c in d.cramps)
    limit = service.BANNER_DAYS * 24 + service.EMERGENCY_LOOKBACK.total_seconds() / 3600
    assert now - oldest <= timedelta(hours=limit)
    assert "ZM" in service.rules_giving({Severity.EMERGENCY})
    assert "ZR" not in service.rules_giving({Severity.EMERGENCY, Severity.URGENT})


class Forbidden(tuple):  # type: ignore[type-arg]
    """Stands in for drinks and intakes: any look at it fails the test."""

    def _refuse(self, *args: Any) -> Any:
        raise AssertionError("an urgent or emergency rule read drinks or intakes")

    __iter__ = __len__ = __getitem__ = __bool__ = __contains__ = _refuse


@pytest.mark.parametrize("ga_days", [None, 70, 200, 270])
def test_no_urgent_or_emergency_rule_reads_drinks_or_intakes(ga_days: int | None) -> None:
    """The urgent and emergency rules declare a short look-back (``@rule(lookback=…)``) and
    read no drinks or intakes: a rule that starts reading them fails here, to be given the
    look-back it needs."""
    at = b.utc(2026, 3, 1, 21, 40)
    person = b.profile() if ga_days is None else b.pregnant_profile(ga_days, at.date())
    entries: list[Any] = []
    for n, (region, quality) in enumerate(
        (r, q) for r in Region for q in (Quality.CRAMP, Quality.DULL_ACHE, Quality.SHARP)
    ):
        start = at - timedelta(days=20) + timedelta(hours=5 * n)
        entries.append(
            b.cramp(
                start,
                region=region,
                quality=quality,
                intensity=n % 11,
                duration_min=15 if n % 2 else 2,
                symptoms=list(Symptom)[n % len(Symptom) :][:4],
                triggers=list(Trigger)[n % len(Trigger) :][:2],
            )
        )
    for n, kind in enumerate(EventKind):
        detail_codes = EVENT_DETAILS.get(kind)
        for detail in detail_codes.codes() if detail_codes else [None]:
            entries.append(b.event(at - timedelta(hours=n + 1), kind.value, detail))
    for days, intensity in ((30, 3), (22, 4), (15, 6)):  # B7
        entries.append(
            b.cramp(
                at - timedelta(days=days),
                region="lower_back",
                intensity=intensity,
                symptoms={"leg_numbness_tingling"},
            )
        )
    entries.append(  # L2, emergency
        b.cramp(at - timedelta(hours=3), symptoms={"leg_swelling_redness", "breathlessness"})
    )
    entries.extend(b.contractions(at - timedelta(hours=2), 20, every_s=240, seconds=70))
    entries.append(b.contraction(at - timedelta(minutes=10), 130))
    full = b.diary(person, *entries)
    blind = replace(full, drinks=Forbidden(), intakes=Forbidden())

    raised = {
        f.rule for r in service.rules_giving(service.URGENT_NOW) for f in RULES[r].check(blind, at)
    }
    assert {"B1", "B7", "L1", "L2"} <= raised  # the data does reach the rules' checks
    if ga_days == 270:
        assert {"P1", "P9"} <= raised


# --- after a save --------------------------------------------------------------------------------


def test_flags_for_a_saved_entry_are_those_it_is_evidence_of(
    any_engine: Engine, pregnant: ProfileRead, now: datetime
) -> None:
    long_id = cramp(any_engine, pregnant, now - timedelta(hours=3), now, duration_min=15)
    short_id = cramp(any_engine, pregnant, now - timedelta(hours=1), now, duration_min=2)
    event_id = cord_felt(any_engine, pregnant, now - timedelta(minutes=5), now)

    def rules(ref: EntryRef) -> list[tuple[str, Severity]]:
        found = service.flags_for_entries(any_engine, pregnant, now, [ref])
        return [(f.rule, f.severity) for f in found]

    assert rules(EntryRef(EntryKind.CRAMPS, long_id)) == [("L1", Severity.URGENT)]
    assert rules(EntryRef(EntryKind.CRAMPS, short_id)) == []
    assert rules(EntryRef(EntryKind.EVENTS, event_id)) == [("P9", Severity.EMERGENCY)]
    # Routine and information flags are not for saying at once.
    assert (
        service.flags_for_entries(
            any_engine,
            pregnant,
            now,
            [EntryRef(EntryKind.CRAMPS, long_id)],
            severities={Severity.ROUTINE},
        )
        == []
    )


def test_unacknowledged_urgent_flags_for_today(
    any_engine: Engine, pregnant: ProfileRead, now: datetime
) -> None:
    cramp(any_engine, pregnant, now - timedelta(days=3), now, duration_min=15)
    cramp(any_engine, pregnant, now - timedelta(days=20), now, duration_min=15)  # too old
    cord_felt(any_engine, pregnant, now - timedelta(hours=1), now)  # emergency: the banner's

    [flag] = service.unacknowledged_urgent(any_engine, pregnant, now)
    assert (flag.rule, flag.at) == ("L1", now - timedelta(days=3))
    service.acknowledge(any_engine, pregnant, flag, now)
    assert service.unacknowledged_urgent(any_engine, pregnant, now) == []


# --- before a save -------------------------------------------------------------------------------


def test_the_preview_says_what_logging_would_raise_and_stores_nothing(
    any_engine: Engine, pregnant: ProfileRead, now: datetime
) -> None:
    def preview(kind: str) -> list[Flag]:
        values = {"occurred_at": now, "kind": kind}
        return service.flags_if_logged(any_engine, pregnant, now, EntryKind.EVENTS, values)

    [flag] = preview("cord_felt")
    assert (flag.rule, flag.severity) == ("P9", Severity.EMERGENCY)
    assert flag.evidence == (EntryRef(EntryKind.EVENTS, service.PREVIEW_ID),)
    assert preview("mucus_plug") == []
    assert preview("not_a_kind") == []  # would not validate: no flag, no error
    assert service.current_flags(any_engine, pregnant, now) == []


def test_no_preview_without_a_due_date(any_engine: Engine, now: datetime) -> None:
    profile = ensure_profile(engine=any_engine, now=now)
    values = {"occurred_at": now, "kind": "cord_felt"}
    assert service.flags_if_logged(any_engine, profile, now, EntryKind.EVENTS, values) == []


# --- the Flags page ------------------------------------------------------------------------------


def test_flags_are_grouped_by_rule_most_serious_first(
    any_engine: Engine, pregnant: ProfileRead, now: datetime
) -> None:
    first = cord_felt(any_engine, pregnant, now - timedelta(days=2), now)
    latest = cord_felt(any_engine, pregnant, now - timedelta(days=1), now)
    long_id = cramp(any_engine, pregnant, now - timedelta(hours=5), now, duration_min=15)
    cramp(
        any_engine,
        pregnant,
        now - timedelta(hours=4),
        now,
        region="lower_back",
        quality="sharp",
        symptoms={"pain_below_knee"},
    )  # B4: routine

    groups = service.flag_groups(any_engine, pregnant, now)
    assert [g.rule for g in groups[:2]] == ["P9", "L1"]
    p9, l1 = groups[0], groups[1]
    assert (p9.count, p9.severity) == (2, Severity.EMERGENCY)
    assert p9.latest.at == now - timedelta(days=1)
    assert [e.ref.id for e in p9.evidence] == [latest]
    assert p9.evidence[0].summary == EventKind.CORD_FELT.label
    assert first not in [e.ref.id for e in p9.evidence]  # evidence of the latest only
    assert [e.ref for e in l1.evidence] == [EntryRef(EntryKind.CRAMPS, long_id)]
    assert "B4" in [g.rule for g in groups]

    urgent_only = service.flag_groups(any_engine, pregnant, now, severities={Severity.URGENT})
    assert [g.rule for g in urgent_only] == ["P9", "L1"]  # emergencies always listed
    nothing_chosen = service.flag_groups(any_engine, pregnant, now, severities=())
    assert [g.rule for g in nothing_chosen] == ["P9"]
    last_day = service.flag_groups(any_engine, pregnant, now, days=1)
    assert [(g.rule, g.count) for g in last_day][:2] == [("P9", 1), ("L1", 1)]


def test_the_banners_urgent_pregnancy_flags_leave_contraction_patterns_to_the_timer(
    engine: Engine, now: datetime
) -> None:
    """P5 (waters broken, an event) is for every page's banner; P2 (six contractions in ten
    minutes) shows on the timer page and Today, not in the banner."""
    profile = ensure_profile(engine=engine, now=now, timezone="Europe/London")
    profile = update_profile(
        engine=engine, profile=profile, changes={"due_date": (now + timedelta(days=5)).date()},
        now=now,
    )  # fmt: skip
    for i in range(6):
        start = now - timedelta(minutes=30) + timedelta(minutes=i * 1.5)
        journal.log_entry(
            engine=engine,
            kind=EntryKind.CONTRACTIONS,
            profile_id=profile.id,
            values={"started_at": start, "ended_at": start + timedelta(seconds=50)},
            now=now,
        )
    journal.log_entry(
        engine=engine,
        kind=EntryKind.EVENTS,
        profile_id=profile.id,
        values={"occurred_at": now - timedelta(minutes=5), "kind": "waters_broke",
                "detail": "clear"},
        now=now,
    )  # fmt: skip

    alerts = service.alert_flags(engine, profile, now)
    assert {"P2", "P5"} <= {f.rule for f in alerts}  # both met
    banner = service.unacknowledged_pregnancy_urgent(engine, profile, now)
    assert [f.rule for f in banner] == ["P5"]
