"""Cramp and leg rules L1–L6 and the intensity trend T1 (red-flags.md, "Cramps and legs").

A cramp is an episode of quality ``cramp`` or ``spasm``, in any region; a leg episode is one in
a leg region (``LEG_REGIONS``). Event rules (L1–L4, L6) give one flag per qualifying episode at
its start (L2 may add an emergency flag later, see there). L5 and T1 are state rules: one flag
per continuing pattern, at the moment it began. Both are app heuristics and say so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, timedelta
from functools import cache
from itertools import groupby, pairwise
from typing import NamedTuple

from tracker.core.kinds import EntryKind
from tracker.core.models import CrampRead, ProductRead
from tracker.core.thresholds import (
    B6_BLOCK_DAYS,
    L1_LONG_CRAMP_MIN,
    L2_CHEST_WINDOW_H,
    L5_BASELINE_WEEKS,
    L5_NIGHTS_PER_WEEK,
    L5_RATIO,
    L5_WEEK_COUNT,
    L6_NEW_MEDICINE_DAYS,
    NIGHT_STARTS_AT_H,
    T1_BLOCKS,
    T1_MIN_EPISODES,
)
from tracker.core.timeutil import local_day_bounds, to_local, zone
from tracker.core.vocabulary import (
    EasedByRest,
    MedicineClass,
    ProductKind,
    Quality,
    Region,
    Symptom,
    Trigger,
)
from tracker.flags.diary import Diary, is_leg, within
from tracker.flags.model import EntryRef, Flag, Severity
from tracker.flags.registry import SAME_ENTRY, RuleSpec, first_met_runs, refs, rule
from tracker.flags.sources import cite
from tracker.flags.weeks import (
    EMERGENCY_ADVICE,
    HEURISTIC_NOTE,
    ROUTINE_ADVICE,
    URGENT_ADVICE,
    Edges,
    Timeline,
    block_edges,
    micros,
)

CRAMP_QUALITIES = frozenset({Quality.CRAMP, Quality.SPASM})


def is_cramp(episode: CrampRead) -> bool:
    return episode.quality in CRAMP_QUALITIES


# --- L1: a long cramp -------------------------------------------------------------------------

L1_SOURCES = cite("nidirect_leg_cramps", "mayo_night_cramps")


@rule(
    "L1",
    title="A cramp lasting more than 10 minutes",
    severities=[Severity.URGENT],
    sources=L1_SOURCES,
    reads=(EntryKind.CRAMPS,),
    lookback=SAME_ENTRY,
)
def long_cramp(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    for episode in diary.cramps:
        minutes = episode.duration_min
        if is_cramp(episode) and minutes is not None and minutes > L1_LONG_CRAMP_MIN:
            yield spec.flag(
                title=f"Cramp lasting more than {L1_LONG_CRAMP_MIN} minutes",
                advice=(
                    f"You logged a cramp lasting {minutes:g} minutes. Guidance says a cramp "
                    f"that lasts longer than {L1_LONG_CRAMP_MIN} minutes needs checking. "
                    f"{URGENT_ADVICE}"
                ),
                at=episode.started_at,
                evidence=refs(EntryKind.CRAMPS, [episode]),
            )


# --- L2: swollen red leg (possible clot) ------------------------------------------------------

L2_CHEST_SYMPTOMS = frozenset({Symptom.BREATHLESSNESS, Symptom.CHEST_PAIN, Symptom.COUGHING_BLOOD})
L2_SOURCES = cite("uclh_dvt", "hse_pregnancy_cramps", "seed_004")


def _l2_flag(
    spec: RuleSpec, severity: Severity, at: datetime, evidence: tuple[EntryRef, ...]
) -> Flag:
    if severity is Severity.EMERGENCY:
        title = "Swollen or red leg with chest or breathing symptoms: get help now"
        advice = (
            "You logged a swollen, warm, red or darkened leg and, within a day of it, "
            "breathlessness, chest pain or coughing up blood. Together these are signs that "
            f"need checking straight away (a clot can travel to the lungs). {EMERGENCY_ADVICE}"
        )
    else:
        title = "Swollen or red leg: get it checked today"
        advice = (
            "You logged a swollen, warm, red or darkened leg. These are signs that need "
            f"checking today for a blood clot. {URGENT_ADVICE} If you become breathless, have "
            f"chest pain or cough up blood: {EMERGENCY_ADVICE[0].lower()}{EMERGENCY_ADVICE[1:]}"
        )
    return spec.flag(title=title, advice=advice, at=at, evidence=evidence, severity=severity)


@rule(
    "L2",
    title="Swollen, red leg (possible clot), an emergency with chest or breathing symptoms",
    severities=[Severity.URGENT, Severity.EMERGENCY],
    sources=L2_SOURCES,
    reads=(EntryKind.CRAMPS,),
    lookback=timedelta(hours=L2_CHEST_WINDOW_H),
)
def possible_clot(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    """For each leg episode with ``leg_swelling_redness``: an emergency at its start when
    breathlessness, chest pain or coughing blood is in it or in an episode up to 24 h before;
    otherwise an urgent flag at its start, and an emergency later at the first episode with
    those symptoms up to 24 h after (when the emergency condition was first met). Emergencies
    met at the same instant by several swollen-leg episodes are one flag."""
    chest = [e for e in diary.cramps if e.symptoms & L2_CHEST_SYMPTOMS]
    flags: list[tuple[Severity, datetime, tuple[EntryRef, ...]]] = []
    for leg in diary.cramps:
        if not (is_leg(leg) and Symptom.LEG_SWELLING_REDNESS in leg.symptoms):
            continue
        near = [c for c in chest if within(c.started_at, leg.started_at, L2_CHEST_WINDOW_H)]
        before = [c for c in near if c.started_at <= leg.started_at]
        if before:
            evidence = refs(EntryKind.CRAMPS, [leg, *before])
            flags.append((Severity.EMERGENCY, leg.started_at, evidence))
            continue
        flags.append((Severity.URGENT, leg.started_at, refs(EntryKind.CRAMPS, [leg])))
        if near:
            first = min(c.started_at for c in near)
            same = [c for c in near if c.started_at == first]
            flags.append((Severity.EMERGENCY, first, refs(EntryKind.CRAMPS, [leg, *same])))
    flags.sort(key=lambda f: (f[0].rank, f[1]))
    for (severity, moment), group in groupby(flags, key=lambda f: (f[0], f[1])):
        yield _l2_flag(spec, severity, moment, tuple(ref for f in group for ref in f[2]))


# --- L3: cramps with wasting, or in the chest -------------------------------------------------

L3_SOURCES = cite("nidirect_leg_cramps", "msd_muscle_cramps")


@rule(
    "L3",
    title="Cramps with muscle wasting, or cramps in the chest",
    severities=[Severity.URGENT],
    sources=L3_SOURCES,
    reads=(EntryKind.CRAMPS,),
    lookback=SAME_ENTRY,
)
def cramp_wasting_or_chest(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    for episode in diary.cramps:
        if not is_cramp(episode):
            continue
        wasting = Symptom.MUSCLE_WASTING in episode.symptoms
        in_chest = episode.region == Region.CHEST
        if not (wasting or in_chest):
            continue
        what = " and ".join(
            part
            for part, present in (
                ("muscles getting thinner or weaker", wasting),
                ("a cramp in the chest", in_chest),
            )
            if present
        )
        yield spec.flag(
            title="Cramp in the chest" if in_chest and not wasting else "Cramps with wasting",
            advice=(
                f"You logged {what}. Guidance says cramps with these signs need checking by a "
                f"doctor. {URGENT_ADVICE}"
            ),
            at=episode.started_at,
            evidence=refs(EntryKind.CRAMPS, [episode]),
        )


# --- L4: pain walking, eased by rest ----------------------------------------------------------

L4_SOURCES = cite("nhs_pad", "msd_muscle_cramps", "seed_004")


@rule(
    "L4",
    title="Leg pain when walking that eases with rest (claudication pattern)",
    severities=[Severity.ROUTINE],
    sources=L4_SOURCES,
    reads=(EntryKind.CRAMPS,),
    lookback=SAME_ENTRY,
)
def claudication_pattern(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    for episode in diary.cramps:
        if (
            is_leg(episode)
            and Trigger.WALKING in episode.triggers
            and episode.eased_by_rest == EasedByRest.YES
        ):
            yield spec.flag(
                title="Leg pain when walking that eases with rest",
                advice=(
                    "You logged leg pain that came on with walking and eased with rest. "
                    "Guidance says this pattern is worth checking with a doctor (it can come "
                    f"from the blood flow to the legs). {ROUTINE_ADVICE}"
                ),
                at=episode.started_at,
                evidence=refs(EntryKind.CRAMPS, [episode]),
            )


# --- L5: frequent cramps (app heuristic) ------------------------------------------------------

L5_SOURCES = cite("nidirect_leg_cramps", "mayo_night_cramps")


def night_of(diary: Diary, moment: datetime) -> date:
    """The local date on which the night holding ``moment`` began (noon to noon)."""
    return (to_local(moment, diary.tz) - timedelta(hours=NIGHT_STARTS_AT_H)).date()


L5_WEEKS = 1 + L5_BASELINE_WEEKS
"""L5 looks at the last 7-day block and the 4 before it."""


class FrequentCramps(NamedTuple):
    """What of L5 held at an instant: the cramps of the last 7 days when they were many
    (else an empty range), how many the 4 weeks before held, and the night cramps of the last
    two blocks when they fell on enough nights (else ``()``)."""

    recent: range
    baseline: int
    night_blocks: tuple[range, ...]


def frequent_cramps(
    cramps: Timeline, nights: Timeline, night_dates: Sequence[date], edges: Edges
) -> FrequentCramps | None:
    recent = cramps.block(edges, 0)
    baseline = len(cramps.after_until(edges[L5_WEEKS], edges[1]))
    often = len(recent) >= L5_WEEK_COUNT and len(recent) * L5_BASELINE_WEEKS >= L5_RATIO * baseline
    blocks = (nights.block(edges, 0), nights.block(edges, 1))
    nightly = all(
        len(block) >= L5_NIGHTS_PER_WEEK
        and len({night_dates[i] for i in block}) >= L5_NIGHTS_PER_WEEK
        for block in blocks
    )
    if not (often or nightly):
        return None
    return FrequentCramps(recent if often else range(0), baseline, blocks if nightly else ())


def frequent_cramps_advice(found: FrequentCramps) -> str:
    parts = []
    if found.recent:
        parts.append(
            f"{len(found.recent)} cramps in the last 7 days, at least twice your weekly "
            f"average of the {L5_BASELINE_WEEKS} weeks before "
            f"({found.baseline / L5_BASELINE_WEEKS:g} a week)"
        )
    if found.night_blocks:
        parts.append(
            f"cramps at night on {L5_NIGHTS_PER_WEEK} or more nights in each of the last 2 weeks"
        )
    return (
        f"You logged {' and '.join(parts)}. {HEURISTIC_NOTE} Guidance says to see a doctor when "
        f"cramps are frequent or disturb your sleep. {ROUTINE_ADVICE}"
    )


@rule(
    "L5",
    title="Frequent cramps (app heuristic: a pattern in your diary)",
    severities=[Severity.ROUTINE],
    sources=L5_SOURCES,
    reads=(EntryKind.CRAMPS,),
    lookback=timedelta(days=B6_BLOCK_DAYS * L5_WEEKS + 1),
)
def cramps_frequent(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    """One flag per run of candidate instants at which either part holds (the instants where
    the 7-day blocks' contents change, see ``block_edges``)."""
    cramps = Timeline([e for e in diary.cramps if is_cramp(e)])
    nights = Timeline([e for e in cramps.episodes if Trigger.NIGHT_SLEEP in e.triggers])
    night_dates = [night_of(diary, t) for t in nights.times]
    edges = block_edges(diary, cramps.times, L5_WEEKS, at)
    for began, found in first_met_runs(
        edges, lambda t: frequent_cramps(cramps, nights, night_dates, edges[t])
    ):
        yield spec.flag(
            title="Cramps more often than usual (a pattern in your diary)",
            advice=frequent_cramps_advice(found),
            at=began,
            evidence=refs(
                EntryKind.CRAMPS, cramps.take(found.recent) + nights.take(*found.night_blocks)
            ),
        )


# --- L6: cramps after a new medicine ----------------------------------------------------------

L6_CLASSES = frozenset({MedicineClass.DIURETIC, MedicineClass.STATIN})
L6_SOURCES = cite("nidirect_leg_cramps", "msd_muscle_cramps", "seed_004")


def new_medicines(diary: Diary, episode: CrampRead) -> list[tuple[ProductRead, int]]:
    """Diuretics and statins started on the episode's local day or up to 30 days before, each
    with the number of days between."""
    day = diary.local_day(episode.started_at)
    found = []
    for medicine in diary.products:
        if (
            medicine.kind == ProductKind.MEDICINE
            and medicine.medicine_class in L6_CLASSES
            and medicine.started_on is not None
            and 0 <= (day - medicine.started_on).days <= L6_NEW_MEDICINE_DAYS
        ):
            found.append((medicine, (day - medicine.started_on).days))
    # Ordered by what the person sees, not by storage ids (evaluate must not depend on them).
    return sorted(found, key=lambda pair: (-pair[1], pair[0].name, str(pair[0].medicine_class)))


def started(medicines: list[tuple[ProductRead, int]]) -> str:
    """``It began 3 days after you started Atorvastatin, a statin.`` — one sentence for all."""
    parts = []
    for medicine, days_after in medicines:
        when = {0: "on the day", 1: "1 day after"}.get(days_after, f"{days_after} days after")
        label = medicine.medicine_class.label.lower() if medicine.medicine_class else "medicine"
        parts.append(f"{when} you started {medicine.name}, a {label}")
    return f"It began {' and '.join(parts)}." if parts else ""


@rule(
    "L6",
    title="Cramps after starting a new medicine",
    severities=[Severity.ROUTINE],
    sources=L6_SOURCES,
    reads=(EntryKind.CRAMPS,),
    lookback=SAME_ENTRY,
)
def cramps_after_new_medicine(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    for episode in diary.cramps:
        if not is_cramp(episode):
            continue
        reasons = [started(new_medicines(diary, episode))]
        if Trigger.NEW_MEDICINE in episode.triggers:
            reasons.insert(0, "You noted a new medicine as its trigger.")
        reasons = [r for r in reasons if r]
        if not reasons:
            continue
        yield spec.flag(
            title="Cramps after starting a new medicine",
            advice=(
                f"You logged a cramp. {' '.join(reasons)} Some medicines, such as "
                "water tablets (diuretics) and statins, can cause cramps. Do not stop a "
                f"prescribed medicine on your own: {ROUTINE_ADVICE[0].lower()}"
                f"{ROUTINE_ADVICE[1:]}"
            ),
            at=episode.started_at,
            evidence=refs(EntryKind.CRAMPS, [episode]),
        )


# --- T1: rising intensity (app heuristic) -----------------------------------------------------

T1_SOURCES = cite("app_heuristic")


def complete_blocks(
    episodes: Timeline, midnight: Callable[[date], int], today: date
) -> tuple[range, ...]:
    """The last ``T1_BLOCKS`` complete 7-local-day blocks before ``today`` (which is not
    complete yet), oldest first: the episodes from the local midnight starting each block to
    the one ending it."""
    edges = [midnight(today - timedelta(days=B6_BLOCK_DAYS * k)) for k in range(T1_BLOCKS, -1, -1)]
    return tuple(episodes.from_until(start, end) for start, end in pairwise(edges))


def rising_intensity(episodes: Timeline, blocks: tuple[range, ...]) -> tuple[range, ...]:
    """``blocks`` when each has ≥ 2 episodes and their mean intensity rises strictly from
    block to block; else ``()``."""
    if any(len(b) < T1_MIN_EPISODES for b in blocks):
        return ()
    if not all(episodes.mean(a) < episodes.mean(b) for a, b in pairwise(blocks)):
        return ()
    return blocks


@rule(
    "T1",
    title="Intensity rising week after week (app heuristic: a pattern in your diary)",
    severities=[Severity.ROUTINE],
    sources=T1_SOURCES,
    reads=(EntryKind.CRAMPS,),
    lookback=timedelta(days=B6_BLOCK_DAYS * T1_BLOCKS + 2),
)
def intensity_rising(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    """Every cramp/pain episode counts (any region, any quality). The blocks end at local
    midnight, so the condition can only change at the local midnight after an episode's day
    plus 0, 7, 14 or 21 days: those instants (and ``at``) are the candidates."""
    episodes = Timeline(diary.cramps)
    tz = zone(diary.tz)

    @cache
    def midnight(day: date) -> datetime:
        return local_day_bounds(day, diary.tz)[0]

    @cache
    def midnight_key(day: date) -> int:
        return micros(midnight(day))

    days = {t.astimezone(tz).date() for t in episodes.times}
    day_at = {at: at.astimezone(tz).date()}
    for day in days:
        for k in range(T1_BLOCKS + 1):
            later = day + timedelta(days=1 + B6_BLOCK_DAYS * k)
            if midnight(later) <= at:
                day_at.setdefault(midnight(later), later)

    def met(t: datetime) -> tuple[range, ...]:
        return rising_intensity(episodes, complete_blocks(episodes, midnight_key, day_at[t]))

    for began, blocks in first_met_runs(day_at, met):
        yield spec.flag(
            title="Pain getting stronger week after week (a pattern in your diary)",
            advice=(
                f"The average intensity you logged rose in each of the last {T1_BLOCKS} weeks. "
                f"{HEURISTIC_NOTE} {ROUTINE_ADVICE}"
            ),
            at=began,
            evidence=refs(EntryKind.CRAMPS, episodes.take(*blocks)),
        )
