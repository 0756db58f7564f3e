"""Back rules B1–B7 (red-flags.md, "Back"); week blocks and wording in ``tracker.flags.weeks``.

A back episode is one in a back region (``BACK_REGIONS``). Event rules (B1–B5) give one flag per
qualifying episode at its start (the Flags page groups repeats of a rule). B6 and B7 are state
rules: one flag per continuing pattern, at the moment it began.

Blocks and days are local: a "7-day block ending at t" runs from the same wall-clock time 7
local days earlier (exclusive) to t (inclusive), so across a clock change it lasts 167 or 169 h.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from datetime import datetime, timedelta

from tracker.core.kinds import EntryKind
from tracker.core.models import CrampRead
from tracker.core.thresholds import (
    B6_BLOCK_DAYS,
    B6_BLOCKS,
    B7_MIN_DAYS,
    B7_MIN_SPAN_DAYS,
    BACK_PAIN_AGE_ABOVE,
    BACK_PAIN_AGE_BELOW,
)
from tracker.core.vocabulary import BACK_RISK_HISTORY, HistoryItem, Symptom, Trigger
from tracker.flags.diary import Diary, is_back
from tracker.flags.model import Flag, Severity
from tracker.flags.registry import SAME_ENTRY, RuleSpec, first_met_runs, refs, rule
from tracker.flags.sources import cite
from tracker.flags.weeks import (
    EMERGENCY_ADVICE,
    ROUTINE_ADVICE,
    URGENT_ADVICE,
    Edges,
    Timeline,
    block_edges,
    day_month,
    logged,
)

# --- B1–B4: event rules -----------------------------------------------------------------------

B1_SYMPTOMS = frozenset(
    {
        Symptom.SADDLE_NUMBNESS,
        Symptom.BLADDER_BOWEL_LOSS,
        Symptom.URINATION_DIFFICULTY,
        Symptom.BOTH_LEGS,
    }
)
B1_TRIGGERS = frozenset({Trigger.MAJOR_TRAUMA})
B1_SOURCES = cite("sheffield_msk_back", "ouh_cauda_equina", "seed_003", "seed_004")


@rule(
    "B1",
    title="Back pain with signs of pressure on the spinal nerves (cauda equina warning signs)",
    severities=[Severity.EMERGENCY],
    sources=B1_SOURCES,
    reads=(EntryKind.CRAMPS,),
    lookback=SAME_ENTRY,
)
def cauda_equina_signs(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    for episode in diary.cramps:
        found = (episode.symptoms & B1_SYMPTOMS) | (episode.triggers & B1_TRIGGERS)
        if is_back(episode) and found:
            yield spec.flag(
                title="Back pain with warning signs that need checking now",
                advice=(
                    f"{logged(found)} With back pain, these are warning signs of pressure on "
                    "the nerves at the base of the spine (cauda equina) and need checking "
                    f"straight away. {EMERGENCY_ADVICE}"
                ),
                at=episode.started_at,
                evidence=refs(EntryKind.CRAMPS, [episode]),
            )


B2_SYMPTOMS = frozenset(
    {
        Symptom.NUMBNESS_ONE_SIDE,
        Symptom.BALANCE_LOSS,
        Symptom.LEG_WEAKNESS,
        Symptom.LIMB_SENSATION_LOSS,
    }
)
B2_SOURCES = cite("seed_003", "glos_red_flags")


@rule(
    "B2",
    title="Numbness, weakness or loss of balance (neurological warning signs)",
    severities=[Severity.EMERGENCY],
    sources=B2_SOURCES,
    reads=(EntryKind.CRAMPS,),
    lookback=SAME_ENTRY,
)
def neurological_signs(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    for episode in diary.cramps:
        found = episode.symptoms & B2_SYMPTOMS
        if found:
            yield spec.flag(
                title="Numbness, weakness or loss of balance: get checked now",
                advice=(
                    f"{logged(found)} Numbness or weakness, loss of feeling in a limb or loss "
                    f"of balance are signs that need checking straight away. {EMERGENCY_ADVICE}"
                ),
                at=episode.started_at,
                evidence=refs(EntryKind.CRAMPS, [episode]),
            )


B3_SYMPTOMS = frozenset(
    {Symptom.FEVER, Symptom.WEIGHT_LOSS, Symptom.NIGHT_PAIN, Symptom.COUGH_STRAIN_PAIN}
)
B3_SOURCES = cite("sheffield_msk_back", "redflagsymptoms_back")


@rule(
    "B3",
    title="Back pain with signs of a serious cause",
    severities=[Severity.URGENT],
    sources=B3_SOURCES,
    reads=(EntryKind.CRAMPS,),
    lookback=SAME_ENTRY,
)
def serious_cause_signs(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    for episode in diary.cramps:
        found = episode.symptoms & B3_SYMPTOMS
        if is_back(episode) and found:
            yield spec.flag(
                title="Back pain with signs that need checking today",
                advice=(
                    f"{logged(found)} With back pain, these are signs that need checking by "
                    f"a doctor soon. {URGENT_ADVICE}"
                ),
                at=episode.started_at,
                evidence=refs(EntryKind.CRAMPS, [episode]),
            )


B4_SYMPTOMS = frozenset({Symptom.PAIN_BELOW_KNEE, Symptom.LEG_NUMBNESS_TINGLING})
B4_SOURCES = cite("mayo_back_pain")


@rule(
    "B4",
    title="Back pain spreading into a leg (nerve-root signs)",
    severities=[Severity.ROUTINE],
    sources=B4_SOURCES,
    reads=(EntryKind.CRAMPS,),
    lookback=SAME_ENTRY,
)
def nerve_root_signs(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    for episode in diary.cramps:
        found = episode.symptoms & B4_SYMPTOMS
        if is_back(episode) and found:
            yield spec.flag(
                title="Back pain spreading into a leg",
                advice=(
                    f"{logged(found)} Guidance says to see a doctor when back pain spreads "
                    "down a leg, especially below the knee, or comes with numbness or tingling. "
                    f"{ROUTINE_ADVICE}"
                ),
                at=episode.started_at,
                evidence=refs(EntryKind.CRAMPS, [episode]),
            )


# --- B5: risk factors -------------------------------------------------------------------------

B5_SOURCES = cite("glos_red_flags", "mayo_back_pain")


def risk_factors(diary: Diary, episode: CrampRead) -> tuple[str, ...]:
    """Why back pain in ``episode`` deserves a check: age reached in the episode's (local) year
    below 20 or above 50, and every ``history`` item of the profile."""
    reasons: list[str] = []
    age = diary.age_in(diary.local_day(episode.started_at).year)
    if age is not None and age < BACK_PAIN_AGE_BELOW:
        reasons.append(f"being under {BACK_PAIN_AGE_BELOW}")
    if age is not None and age > BACK_PAIN_AGE_ABOVE:
        reasons.append(f"being over {BACK_PAIN_AGE_ABOVE}")
    reasons += [
        f"a history of {item.label.lower()}"
        for item in HistoryItem
        if item in BACK_RISK_HISTORY and item in diary.profile.history
    ]
    return tuple(reasons)


@rule(
    "B5",
    title="Back pain with a risk factor (age under 20 or over 50, or a history item)",
    severities=[Severity.ROUTINE],
    sources=B5_SOURCES,
    reads=(EntryKind.CRAMPS,),
    lookback=SAME_ENTRY,
)
def back_pain_risk_factors(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    """One flag per back episode with a risk factor (the spec's trigger is the episode); the
    Flags page groups the repeats of a rule, so they do not bury other news."""
    for episode in filter(is_back, diary.cramps):
        reasons = risk_factors(diary, episode)
        if reasons:
            yield spec.flag(
                title="Back pain with a risk factor",
                advice=(
                    f"You logged back pain, with a risk factor: {'; '.join(reasons)}. Guidance "
                    "says back pain with a risk factor like this is worth checking with a doctor. "
                    f"{ROUTINE_ADVICE}"
                ),
                at=episode.started_at,
                evidence=refs(EntryKind.CRAMPS, [episode]),
            )


# --- B6: persistent back pain -----------------------------------------------------------------

B6_SOURCES = cite("glos_red_flags", "mayo_back_pain")


def persistent_back_pain(back: Timeline, edges: Edges) -> tuple[range, ...]:
    """The 4 blocks of ``edges`` (newest first) when each has a back episode and the last
    block's mean intensity is at least the first's; else ``()``."""
    blocks = tuple(back.block(edges, j) for j in range(B6_BLOCKS))
    if not all(blocks) or back.mean(blocks[0]) < back.mean(blocks[-1]):
        return ()
    return blocks


@rule(
    "B6",
    title="Back pain in each of the last 4 weeks, not easing",
    severities=[Severity.ROUTINE],
    sources=B6_SOURCES,
    reads=(EntryKind.CRAMPS,),
    lookback=timedelta(days=B6_BLOCK_DAYS * B6_BLOCKS + 1),
)
def back_pain_persisting(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    back = Timeline([e for e in diary.cramps if is_back(e)])
    edges = block_edges(diary, back.times, B6_BLOCKS, at)
    for began, blocks in first_met_runs(edges, lambda t: persistent_back_pain(back, edges[t])):
        yield spec.flag(
            title="Back pain for 4 weeks running, not easing",
            advice=(
                f"You logged back pain in each of {B6_BLOCKS} weeks in a row and it is not "
                "getting milder. Guidance says to see a doctor when back pain lasts a few "
                f"weeks or about a month. {ROUTINE_ADVICE}"
            ),
            at=began,
            evidence=refs(EntryKind.CRAMPS, back.take(*blocks)),
        )


# --- B7: leg numbness not getting better ------------------------------------------------------

B7_SOURCES = cite("seed_004")


@rule(
    "B7",
    title="Leg numbness or tingling on several days over 2 weeks, not getting better",
    severities=[Severity.URGENT],
    sources=B7_SOURCES,
    reads=(EntryKind.CRAMPS,),
    lookback=None,
    cramps_with=Symptom.LEG_NUMBNESS_TINGLING,
)
def numbness_not_improving(spec: RuleSpec, diary: Diary, at: datetime) -> Iterator[Flag]:
    """Over every ``leg_numbness_tingling`` episode up to the candidate instant (the spec sets
    no window): ≥ 3 local days spanning ≥ 14 days, and the later half of the episodes (by time;
    the middle one of an odd number in neither half) at least as intense as the earlier half."""
    numb = Timeline([e for e in diary.cramps if Symptom.LEG_NUMBNESS_TINGLING in e.symptoms])
    days = [diary.local_day(t) for t in numb.times]
    distinct = [0]  # distinct local days among the first n episodes (days never go back)
    for n, day in enumerate(days):
        distinct.append(distinct[-1] + (n == 0 or day != days[n - 1]))

    def met(t: datetime) -> int:
        """How many episodes met B7 at ``t`` (all up to ``t``), 0 when it was not met."""
        count = bisect_right(numb.times, t)
        if distinct[count] < B7_MIN_DAYS:
            return 0
        if (days[count - 1] - days[0]).days < B7_MIN_SPAN_DAYS:
            return 0
        half = count // 2
        if numb.mean(range(count - half, count)) < numb.mean(range(half)):
            return 0
        return count

    for began, count in first_met_runs([*numb.times, at], met):
        yield spec.flag(
            title="Leg numbness or tingling that is not getting better",
            advice=(
                "You logged numbness or tingling in a leg on "
                f"{distinct[count]} different days from {day_month(days[0])} to "
                f"{day_month(days[count - 1])}, and it is not getting milder. That needs "
                f"checking by a doctor soon. {URGENT_ADVICE}"
            ),
            at=began,
            evidence=refs(EntryKind.CRAMPS, numb.episodes[:count]),
        )
