"""Pregnancy and labour rules P1–P10 (red-flags.md). Every rule applies only while a due date is
set and GA ≥ 0 at the time of the triggering entry.

Contraction rules (P1–P3) are checked at each contraction start ``s`` over the contractions
starting in a window ``[s − span, s]`` (inclusive); a flag is made at the first start of each
run of consecutive starts where the condition holds (``first_met_runs``), so one labour gives
one flag. A contraction still running (no end) counts as a start but has no duration.

Rules that pair two entries (P6, P7: bleeding with fainting or pain) are met when the second
of the pair is logged: the flag's time is the later of the triggering entry and the earliest
partner, and its evidence the triggering entry and the partners logged by then.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from tracker.core.kinds import EntryKind
from tracker.core.models import ContractionRead, CrampRead, EventRead
from tracker.core.thresholds import (
    EARLY_PREGNANCY_GA_DAYS,
    ECTOPIC_WINDOW_GA_DAYS,
    FETAL_MOVEMENT_GA_DAYS,
    P2_LONG_CONTRACTION_S,
    P2_MANY_COUNT,
    P2_MANY_SPAN_MIN,
    P3_HOUR_COUNT,
    P3_HOUR_SPAN_MIN,
    P3_SHORT_COUNT,
    P3_SHORT_SPAN_MIN,
    P5_NOW_AFTER_REDUCED_MOVEMENT_H,
    P6_FAINT_WINDOW_H,
    P6_PAIN_WINDOW_H,
    PRETERM_START_GA_DAYS,
    TERM_GA_DAYS,
)
from tracker.core.vocabulary import (
    BACK_REGIONS,
    BleedingDetail,
    EventKind,
    Quality,
    Region,
    Symptom,
    WatersDetail,
)
from tracker.entries.profile import labour_rule
from tracker.flags.diary import Diary
from tracker.flags.model import NOW, WITHIN_2_HOURS, EntryRef, Flag, Severity
from tracker.flags.registry import SAME_ENTRY, RuleSpec, first_met_runs, refs, rule
from tracker.flags.sources import cite
from tracker.labour.sessions import pattern_holds

CALL_EMERGENCY = "Call 999 / 112 / 911 or your local emergency number now"
"""What every emergency advice starts with (red-flags.md, Severities)."""

Entry = CrampRead | EventRead | ContractionRead
E = TypeVar("E", bound=Entry)


# --- shared helpers --------------------------------------------------------------------------


def _ga(diary: Diary, moment: datetime) -> int | None:
    """GA in days at ``moment`` when a P* rule may apply there (due date set, GA ≥ 0)."""
    ga = diary.ga_days(moment)
    return ga if ga is not None and ga >= 0 else None


def _time(entry: Entry) -> datetime:
    return entry.occurred_at if isinstance(entry, EventRead) else entry.started_at


def _ref(entry: Entry) -> EntryRef:
    kind = (
        EntryKind.EVENTS
        if isinstance(entry, EventRead)
        else EntryKind.CONTRACTIONS
        if isinstance(entry, ContractionRead)
        else EntryKind.CRAMPS
    )
    return EntryRef(kind, entry.id)


def _paired(trigger: Entry, partners: Sequence[Entry]) -> tuple[datetime, tuple[EntryRef, ...]]:
    """When ``trigger`` together with one of ``partners`` (non-empty) was first met, and the
    entries logged by then: the trigger and its partners at or before that time."""
    met = max(_time(trigger), min(_time(p) for p in partners))
    evidence = (_ref(trigger), *(_ref(p) for p in partners if _time(p) <= met))
    return met, evidence


class _Timeline(Generic[E]):
    """Entries sorted by time, for inclusive time windows found by bisection (fast on years of
    data)."""

    def __init__(self, entries: Iterable[E]) -> None:
        self.all = tuple(sorted(entries, key=lambda e: (_time(e), _ref(e))))
        self.times = [_time(e) for e in self.all]

    def window(self, end: datetime, span: timedelta) -> tuple[E, ...]:
        """Entries stamped in ``[end − span, end]``."""
        return self.all[bisect_left(self.times, end - span) : bisect_right(self.times, end)]

    def around(self, moment: datetime, hours: float) -> tuple[E, ...]:
        """Entries stamped within ``hours`` of ``moment``, either side (inclusive)."""
        span = timedelta(hours=hours)
        return self.window(moment + span, 2 * span)


T = TypeVar("T")


def _contraction_runs(
    diary: Diary, check: Callable[[datetime], T | None]
) -> list[tuple[datetime, T]]:
    """``check`` at every contraction start; the first start of each run where it holds."""
    return first_met_runs((c.started_at for c in diary.contractions), check)


# --- P1 labour pattern at term ----------------------------------------------------------------

P1_SOURCES = cite("metrohealth_511", "ohsu_when_to_come", "kaiser_when_to_go")


@rule(
    "P1",
    title="Contractions matching the go-in rule at term (from 37 weeks)",
    severities=[Severity.URGENT],
    sources=P1_SOURCES,
    reads=(EntryKind.CONTRACTIONS,),
    lookback=SAME_ENTRY,
)
def labour_pattern(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    go_in = labour_rule(diary.profile)
    interval = timedelta(minutes=go_in.interval_min)
    span = timedelta(minutes=go_in.sustained_min)
    timeline = _Timeline(diary.contractions)

    def window_met(s: datetime) -> tuple[ContractionRead, ...] | None:
        ga = _ga(diary, s)
        if ga is None or ga < TERM_GA_DAYS:
            return None
        w = timeline.window(s, span)
        if not w or w[0].started_at > s - (span - interval):
            return None
        # The 80 % tests are the timer's own (tracker.labour.sessions), so the page and the flag
        # agree.
        held = pattern_holds(w, interval_min=go_in.interval_min, duration_s=go_in.duration_s)
        return w if held else None

    for first, w in _contraction_runs(diary, window_met):
        yield spec.flag(
            soon=NOW,
            title=f"Contractions match your go-in rule ({go_in})",
            advice=(
                "Contact your maternity unit now. Your timed contractions have matched the "
                f"go-in rule ({go_in.sentence}): this is when the guidance says to call them. "
                "Follow what they tell you about when to come in."
            ),
            at=first,
            evidence=refs(EntryKind.CONTRACTIONS, w),
        )


# --- P2 very long or very frequent contractions -----------------------------------------------

P2_SOURCES = cite("kingston_labour")


@rule(
    "P2",
    title="A contraction of 2 minutes or more, or 6 or more within 10 minutes",
    severities=[Severity.URGENT],
    sources=P2_SOURCES,
    reads=(EntryKind.CONTRACTIONS,),
    lookback=SAME_ENTRY,
)
def long_or_frequent_contractions(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    timeline = _Timeline(diary.contractions)
    span = timedelta(minutes=P2_MANY_SPAN_MIN)

    def met(s: datetime) -> tuple[str, tuple[ContractionRead, ...]] | None:
        if _ga(diary, s) is None:
            return None
        long = tuple(
            c
            for c in timeline.window(s, timedelta(0))
            if c.duration_s is not None and c.duration_s >= P2_LONG_CONTRACTION_S
        )
        w = timeline.window(s, span)
        many = w if len(w) >= P2_MANY_COUNT else ()
        if long and many:
            return "Long and frequent contractions", many
        if long:
            return f"Contraction lasting {P2_LONG_CONTRACTION_S // 60} minutes or more", long
        if many:
            return f"{P2_MANY_COUNT} or more contractions within {P2_MANY_SPAN_MIN} minutes", many
        return None

    for first, (title, evidence) in _contraction_runs(diary, met):
        yield spec.flag(
            soon=NOW,
            title=title,
            advice=(
                "Contact your maternity unit now. The guidance says to call them when a "
                f"contraction lasts {P2_LONG_CONTRACTION_S // 60} minutes or longer, or when "
                f"{P2_MANY_COUNT} or more come within {P2_MANY_SPAN_MIN} minutes."
            ),
            at=first,
            evidence=refs(EntryKind.CONTRACTIONS, evidence),
        )


# --- P3 contractions before 37 weeks ----------------------------------------------------------

P3_SOURCES = cite("nichd_preterm", "mayo_preterm", "webmd_preterm")


def _preterm(ga: int | None) -> bool:
    return ga is not None and PRETERM_START_GA_DAYS <= ga < TERM_GA_DAYS


@rule(
    "P3",
    title="Frequent contractions between 20 and 37 weeks",
    severities=[Severity.URGENT],
    sources=P3_SOURCES,
    reads=(EntryKind.CONTRACTIONS,),
    lookback=SAME_ENTRY,
)
def preterm_contractions(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    timeline = _Timeline(diary.contractions)
    hour, short = timedelta(minutes=P3_HOUR_SPAN_MIN), timedelta(minutes=P3_SHORT_SPAN_MIN)

    def met(s: datetime) -> tuple[ContractionRead, ...] | None:
        if not _preterm(_ga(diary, s)):
            return None
        in_hour = timeline.window(s, hour)
        if len(in_hour) >= P3_HOUR_COUNT:
            return in_hour
        in_short = timeline.window(s, short)
        return in_short if len(in_short) >= P3_SHORT_COUNT else None

    for first, evidence in _contraction_runs(diary, met):
        yield spec.flag(
            soon=NOW,
            title="Frequent contractions before 37 weeks",
            advice=(
                "Contact your maternity unit now. The guidance says contractions this often "
                f"before 37 weeks ({P3_HOUR_COUNT} or more in {P3_HOUR_SPAN_MIN} minutes, or "
                f"{P3_SHORT_COUNT} or more in {P3_SHORT_SPAN_MIN} minutes) should be checked "
                "straight away."
            ),
            at=first,
            evidence=refs(EntryKind.CONTRACTIONS, evidence),
        )


# --- P4 preterm warning signs -----------------------------------------------------------------

P4_SOURCES = cite("nichd_preterm", "mayo_preterm", "webmd_preterm", "seed_002")
P4_SYMPTOMS = frozenset({Symptom.PELVIC_PRESSURE, Symptom.DISCHARGE_CHANGE, Symptom.FLUID_LEAK})
P4_LOWER_BACK_QUALITIES = frozenset({Quality.DULL_ACHE, Quality.CRAMP})
P4_CRAMPING_REGIONS = frozenset({Region.ABDOMEN, Region.PELVIS})


def _preterm_sign(cramp: CrampRead) -> bool:
    return bool(
        cramp.symptoms & P4_SYMPTOMS
        or (cramp.region == Region.LOWER_BACK and cramp.quality in P4_LOWER_BACK_QUALITIES)
        or (cramp.region in P4_CRAMPING_REGIONS and cramp.quality == Quality.CRAMP)
    )


@rule(
    "P4",
    title="Preterm warning signs between 20 and 37 weeks",
    severities=[Severity.URGENT],
    sources=P4_SOURCES,
    reads=(EntryKind.CRAMPS,),
    lookback=SAME_ENTRY,
)
def preterm_warning_signs(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    for cramp in diary.cramps:
        if _preterm(_ga(diary, cramp.started_at)) and _preterm_sign(cramp):
            yield spec.flag(
                soon=NOW,
                title=f"{cramp.region.label}: warning sign before 37 weeks",
                advice=(
                    "Contact your maternity unit now. The guidance lists pelvic pressure, a "
                    "change in discharge, leaking fluid, a dull low backache and period-like "
                    "cramps before 37 weeks as signs to get checked straight away."
                ),
                at=cramp.started_at,
                evidence=refs(EntryKind.CRAMPS, [cramp]),
            )


# --- P5 waters broken -------------------------------------------------------------------------

P5_SOURCES = cite("sath_waters")
MOVEMENT_KINDS = frozenset({EventKind.REDUCED_MOVEMENT, EventKind.NO_MOVEMENT})
WATERS_NOT_CLEAR = frozenset({WatersDetail.GREEN_BROWN, WatersDetail.BLOODY, WatersDetail.SMELLY})


@rule(
    "P5",
    title="Waters broken",
    severities=[Severity.URGENT],
    sources=P5_SOURCES,
    reads=(EntryKind.EVENTS,),
    lookback=SAME_ENTRY,
)
def waters_broken(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    look_back = timedelta(hours=P5_NOW_AFTER_REDUCED_MOVEMENT_H)
    movements = _Timeline(e for e in diary.events if e.kind in MOVEMENT_KINDS)
    for event in diary.events:
        ga = _ga(diary, event.occurred_at)
        if event.kind != EventKind.WATERS_BROKE or ga is None:
            continue
        moving_less = movements.window(event.occurred_at, look_back)
        reasons = []
        if event.detail in WATERS_NOT_CLEAR:
            reasons.append(f"the fluid is {WatersDetail(event.detail).label.lower()}")
        elif event.detail != WatersDetail.CLEAR:
            reasons.append("you are not sure the fluid is clear")
        if ga < TERM_GA_DAYS:
            reasons.append("it is before 37 weeks")
        if moving_less:
            reasons.append("the baby was moving less in the 24 hours before")
        if reasons:
            soon = NOW
            advice = (
                "Contact your maternity unit now: the guidance says not to wait when "
                + " and ".join(reasons)
                + "."
            )
        else:
            soon = WITHIN_2_HOURS
            advice = (
                "Contact your maternity unit within 2 hours. Call them straight away if the "
                "fluid turns green, brown, bloody or smelly, or the baby moves less."
            )
        yield spec.flag(
            title="Waters broken",
            soon=soon,
            advice=advice,
            at=event.occurred_at,
            evidence=refs(EntryKind.EVENTS, [event, *moving_less]),
        )


# --- P6 bleeding in pregnancy -----------------------------------------------------------------

P6_SOURCES = cite("mayo_bleeding", "tommys_miscarriage", "seed_002")
HEAVY_BLEEDING = frozenset({BleedingDetail.HEAVY, BleedingDetail.SOAKED_PAD_IN_HOUR})
P6_PAIN_REGIONS = frozenset({Region.ABDOMEN, Region.PELVIS, Region.LOWER_BACK})


def _bleedings(diary: Diary) -> _Timeline[Entry]:
    """Every entry that logs bleeding: a ``bleeding`` event or a ``vaginal_bleeding`` symptom."""
    found: list[Entry] = [e for e in diary.events if e.kind == EventKind.BLEEDING]
    found += [c for c in diary.cramps if Symptom.VAGINAL_BLEEDING in c.symptoms]
    return _Timeline(found)


@rule(
    "P6",
    title="Bleeding in pregnancy",
    severities=[Severity.EMERGENCY, Severity.URGENT, Severity.ROUTINE],
    sources=P6_SOURCES,
    reads=(
        EntryKind.EVENTS,
        EntryKind.CRAMPS,
    ),
    lookback=timedelta(hours=max(P6_FAINT_WINDOW_H, P6_PAIN_WINDOW_H)),
)
def bleeding(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    fainting = _Timeline(c for c in diary.cramps if Symptom.FAINTING in c.symptoms)
    collapses = _Timeline(e for e in diary.events if e.kind == EventKind.COLLAPSE)
    pains = _Timeline(c for c in diary.cramps if c.region in P6_PAIN_REGIONS)
    for entry in _bleedings(diary).all:
        moment = _time(entry)
        ga = _ga(diary, moment)
        if ga is None:
            continue
        fainted: list[Entry] = [
            *fainting.around(moment, P6_FAINT_WINDOW_H),
            *collapses.around(moment, P6_FAINT_WINDOW_H),
        ]
        pain = pains.around(moment, P6_PAIN_WINDOW_H)
        heavy = isinstance(entry, EventRead) and entry.detail in HEAVY_BLEEDING
        met: datetime = moment
        evidence: tuple[EntryRef, ...] = (_ref(entry),)
        soon = ""  # the severity's own (Flag.soon) unless a branch says "now"
        if heavy:
            severity, title = Severity.EMERGENCY, "Heavy bleeding in pregnancy"
            advice = f"{CALL_EMERGENCY}, or go to the emergency department."
        elif fainted:
            met, evidence = _paired(entry, fainted)
            severity, title = Severity.EMERGENCY, "Bleeding with fainting or collapse"
            advice = f"{CALL_EMERGENCY}, or go to the emergency department."
        elif ga >= EARLY_PREGNANCY_GA_DAYS:
            severity, title, soon = Severity.URGENT, "Bleeding from 13 weeks", NOW
            advice = (
                "Contact your maternity unit now. The guidance says bleeding from 13 weeks "
                "should be checked straight away."
            )
        elif pain:
            met, evidence = _paired(entry, pain)
            severity, title = Severity.URGENT, "Bleeding with tummy, pelvic or back pain"
            advice = (
                "Contact your maternity unit, early pregnancy unit or doctor today. "
                "Call 999 / 112 / 911 or your local emergency number if the pain becomes "
                "severe or you feel faint."
            )
        else:
            severity, title = Severity.ROUTINE, "Bleeding before 13 weeks, without pain"
            advice = (
                "Mention it to your midwife or doctor, or book an appointment. Contact them "
                "sooner if the bleeding gets heavier or you get pain."
            )
        yield spec.flag(
            title=title, advice=advice, at=met, evidence=evidence, severity=severity, soon=soon
        )


# --- P7 early pregnancy warning signs (ectopic) -----------------------------------------------

P7_SOURCES = cite("hse_ectopic", "nhs_ectopic", "seed_002")
P7_ALONE = {Symptom.SHOULDER_TIP_PAIN: "shoulder-tip pain", Symptom.FAINTING: "fainting"}


@rule(
    "P7",
    title="Early pregnancy warning signs before 14 weeks",
    severities=[Severity.EMERGENCY],
    sources=P7_SOURCES,
    reads=(EntryKind.CRAMPS, EntryKind.EVENTS),
    lookback=timedelta(hours=P6_PAIN_WINDOW_H),
)
def early_pregnancy_warning(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    bleedings = _bleedings(diary)
    for cramp in diary.cramps:
        ga = _ga(diary, cramp.started_at)
        if ga is None or ga >= ECTOPIC_WINDOW_GA_DAYS:
            continue
        alone = sorted(P7_ALONE[s] for s in cramp.symptoms if s in P7_ALONE)
        bled = (
            bleedings.around(cramp.started_at, P6_PAIN_WINDOW_H)
            if Symptom.ABDOMINAL_PAIN_ONE_SIDE in cramp.symptoms
            else ()
        )
        if alone:
            met: datetime = cramp.started_at
            evidence: tuple[EntryRef, ...] = (_ref(cramp),)
            title = " and ".join(alone)
        elif bled:
            met, evidence = _paired(cramp, bled)
            title = "one-sided tummy pain with bleeding"
        else:
            continue
        yield spec.flag(
            title=f"Early pregnancy warning sign: {title}",
            advice=(
                f"{CALL_EMERGENCY}, or go to the emergency department. The guidance says "
                "these signs before 14 weeks need checking straight away."
            ),
            at=met,
            evidence=evidence,
        )


# --- P8 baby moving less ----------------------------------------------------------------------

P8_SOURCES = cite("rcog_gtg57", "tommys_movements")


@rule(
    "P8",
    title="Baby moving less (from 24 weeks)",
    severities=[Severity.URGENT],
    sources=P8_SOURCES,
    reads=(EntryKind.EVENTS,),
    lookback=SAME_ENTRY,
)
def baby_moving_less(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    for event in diary.events:
        ga = _ga(diary, event.occurred_at)
        if event.kind in MOVEMENT_KINDS and ga is not None and ga >= FETAL_MOVEMENT_GA_DAYS:
            yield spec.flag(
                soon=NOW,
                title=event.kind.label,
                advice=(
                    "Contact your maternity unit now, whatever the time of day. The guidance "
                    "says not to wait until the next day or your next appointment."
                ),
                at=event.occurred_at,
                evidence=refs(EntryKind.EVENTS, [event]),
            )


# --- P9 labour emergency ----------------------------------------------------------------------

P9_KINDS = frozenset(
    {EventKind.CORD_FELT, EventKind.SEIZURE, EventKind.COLLAPSE, EventKind.URGE_TO_PUSH}
)
P9_SOURCES = cite("coch_labour")


@rule(
    "P9",
    title="Labour emergency",
    severities=[Severity.EMERGENCY],
    sources=P9_SOURCES,
    reads=(EntryKind.EVENTS,),
    lookback=SAME_ENTRY,
)
def labour_emergency(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    for event in diary.events:
        if event.kind in P9_KINDS and diary.pregnant_at(event.occurred_at):
            yield spec.flag(
                title=f"{event.kind.label}: labour emergency",
                advice=f"{CALL_EMERGENCY}, then your maternity unit.",
                at=event.occurred_at,
                evidence=refs(EntryKind.EVENTS, [event]),
            )


# --- P10 possible infection -------------------------------------------------------------------

P10_SOURCES = cite("coch_labour", "webmd_pregnancy_infection")
P10_REGIONS = BACK_REGIONS | {Region.ABDOMEN, Region.PELVIS}
P10_SYMPTOMS = frozenset({Symptom.FEVER, Symptom.PAINFUL_URINATION})


@rule(
    "P10",
    title="Fever or painful urine with back or tummy pain in pregnancy",
    severities=[Severity.URGENT],
    sources=P10_SOURCES,
    reads=(EntryKind.CRAMPS,),
    lookback=SAME_ENTRY,
)
def possible_infection(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    for cramp in diary.cramps:
        found = cramp.symptoms & P10_SYMPTOMS
        if cramp.region in P10_REGIONS and found and _ga(diary, cramp.started_at) is not None:
            yield spec.flag(
                title=f"{cramp.region.label} pain with "
                + " and ".join(sorted(s.label.lower() for s in found)),
                advice=(
                    "Contact your maternity unit, midwife or doctor today. The guidance says "
                    "a fever or painful urine with back or tummy pain in pregnancy should be "
                    "checked."
                ),
                at=cramp.started_at,
                evidence=refs(EntryKind.CRAMPS, [cramp]),
            )
