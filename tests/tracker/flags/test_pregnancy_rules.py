"""Pregnancy and labour rules P1–P10 (shared/spec/red-flags.md): each fires, and does not just
outside each threshold; times and evidence are asserted exactly.

Times are in February 2026 (Europe/London = UTC then) at midday, so a GA set for ``DAY`` holds
for every entry of a test unless the test crosses a day on purpose.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any

import pytest

from tests.tracker.flags.builders import (
    contraction,
    contractions,
    cramp,
    diary,
    event,
    local,
    pregnant_profile,
    profile,
    utc,
)
from tracker.core.kinds import EntryKind
from tracker.core.models import ContractionRead, CrampRead, EventRead, ProfileRead
from tracker.core.timeutil import to_local
from tracker.core.vocabulary import WatersDetail
from tracker.flags import RULES, EntryRef, Flag, Severity, evaluate
from tracker.flags.diary import Diary
from tracker.flags.rules.pregnancy import CALL_EMERGENCY
from tracker.flags.sources import cite

DAY = date(2026, 2, 10)
NOON = utc(2026, 2, 10, 12)
AT = utc(2026, 2, 14)
"""Evaluation time, after every entry of a test unless it says otherwise."""

P_RULES = [f"P{i}" for i in range(1, 11)]
MIN = timedelta(minutes=1)
SEC = timedelta(seconds=1)
HOUR = timedelta(hours=1)


def ga(weeks: int, days: int = 0, **kwargs: Any) -> ProfileRead:
    """A profile whose GA on ``DAY`` is ``weeks+days``."""
    return pregnant_profile(weeks * 7 + days, DAY, **kwargs)


def run(d: Diary, rule: str, at: datetime = AT) -> list[Flag]:
    """The flags of one rule, oldest first."""
    return sorted(evaluate(d, at, rules=[rule]), key=lambda f: f.at)


def ref(*entries: Any) -> tuple[EntryRef, ...]:
    kinds = {
        ContractionRead: EntryKind.CONTRACTIONS,
        CrampRead: EntryKind.CRAMPS,
        EventRead: EntryKind.EVENTS,
    }
    flat: list[Any] = []
    for e in entries:
        flat.extend(e if isinstance(e, Sequence) else [e])
    return tuple(sorted(EntryRef(kinds[type(e)], e.id) for e in flat))


def only(flags: list[Flag]) -> Flag:
    assert len(flags) == 1, [(f.rule, f.at, f.title) for f in flags]
    return flags[0]


def starts_at(first: datetime, minutes: Sequence[float], seconds: Sequence[float | None]):
    return [
        contraction(first + timedelta(minutes=m), s) for m, s in zip(minutes, seconds, strict=True)
    ]


# --- registry ------------------------------------------------------------------------------------

RULE_SOURCES = {
    "P1": cite("metrohealth_511", "ohsu_when_to_come", "kaiser_when_to_go"),
    "P2": cite("kingston_labour"),
    "P3": cite("nichd_preterm", "mayo_preterm", "webmd_preterm"),
    "P4": cite("nichd_preterm", "mayo_preterm", "webmd_preterm", "seed_002"),
    "P5": cite("sath_waters"),
    "P6": cite("mayo_bleeding", "tommys_miscarriage", "seed_002"),
    "P7": cite("hse_ectopic", "nhs_ectopic", "seed_002"),
    "P8": cite("rcog_gtg57", "tommys_movements"),
    "P9": cite("coch_labour"),
    "P10": cite("coch_labour", "webmd_pregnancy_infection"),
}
RULE_SEVERITIES = {
    "P1": [Severity.URGENT],
    "P2": [Severity.URGENT],
    "P3": [Severity.URGENT],
    "P4": [Severity.URGENT],
    "P5": [Severity.URGENT],
    "P6": [Severity.EMERGENCY, Severity.URGENT, Severity.ROUTINE],
    "P7": [Severity.EMERGENCY],
    "P8": [Severity.URGENT],
    "P9": [Severity.EMERGENCY],
    "P10": [Severity.URGENT],
}


@pytest.mark.parametrize("rule_id", P_RULES)
def test_rule_is_registered_with_its_spec_sources_and_severities(rule_id: str) -> None:
    evaluate(diary(profile()), AT)  # imports the rule families
    spec = RULES[rule_id]
    assert spec.sources == RULE_SOURCES[rule_id]
    assert list(spec.severities) == RULE_SEVERITIES[rule_id]
    assert not [w for w in ("possible", "diagnos", "you are in labour") if w in spec.title.lower()]


# --- P1 labour pattern at term -------------------------------------------------------------------


def test_p1_fires_once_for_a_labour_at_the_first_contraction_meeting_5_1_1() -> None:
    cs = contractions(NOON, 40, every_s=240, seconds=60)
    flag = only(run(diary(ga(39), cs), "P1"))
    # at s the window [s − 60, s] must reach back to s − 55: first at 56 min (15th contraction)
    assert flag.at == NOON + 56 * MIN == cs[14].started_at
    assert flag.evidence == ref(cs[:15])
    assert flag.severity is Severity.URGENT
    assert flag.sources == RULE_SOURCES["P1"]
    assert "5-1-1" in flag.title
    assert flag.advice.startswith("Contact your maternity unit now")


@pytest.mark.parametrize(
    ("every_s", "fires"), [(300, True), (301, False)], ids=["5:00 fires", "5:01 does not"]
)
def test_p1_interval_edge(every_s: int, fires: bool) -> None:
    cs = contractions(NOON, 30, every_s=every_s, seconds=60)
    flags = run(diary(ga(39), cs), "P1")
    if fires:
        flag = only(flags)
        assert flag.at == cs[11].started_at  # 0 … 55 min: 12 starts, 11 intervals of 5:00
        assert flag.evidence == ref(cs[:12])
    else:
        assert flags == []


@pytest.mark.parametrize(("seconds", "fires"), [(60, True), (59, False)])
def test_p1_duration_edge(seconds: int, fires: bool) -> None:
    cs = contractions(NOON, 30, every_s=240, seconds=seconds)
    assert len(run(diary(ga(39), cs), "P1")) == (1 if fires else 0)


@pytest.mark.parametrize(
    ("first_offset_s", "count", "fires"),
    [(0, 12, True), (0, 11, False), (1, 12, False)],
    ids=["starts span 55:00 fires", "starts span 50:00 not", "starts span 54:59 not"],
)
def test_p1_sustained_edge(first_offset_s: int, count: int, fires: bool) -> None:
    # starts every 5 min over a span of 55 min already cover 60 min of the 5-1-1 pattern:
    # the window's earliest start must be ≤ s − (60 − 5)
    cs = contractions(NOON, count, every_s=300, seconds=60)
    cs[0] = contraction(NOON + first_offset_s * SEC, 60)
    flags = run(diary(ga(39), cs), "P1")
    if fires:
        assert only(flags).at == cs[-1].started_at
        assert only(flags).evidence == ref(cs)
    else:
        assert flags == []


@pytest.mark.parametrize(
    ("weeks", "days", "fires"), [(36, 6, False), (37, 0, True), (42, 0, True), (-1, 6, False)]
)
def test_p1_gestational_age_edge(weeks: int, days: int, fires: bool) -> None:
    cs = contractions(NOON, 30, every_s=240, seconds=60)
    assert len(run(diary(ga(weeks, days), cs), "P1")) == (1 if fires else 0)


@pytest.mark.parametrize(
    ("births_before", "every_s", "fires", "first_met"),
    [(0, 420, False, None), (1, 420, True, 8), (1, 421, False, None), (3, 300, True, 11)],
    ids=["first baby 7 min", "later baby 7:00", "later baby 7:01", "later baby 5 min"],
)
def test_p1_default_rule_follows_births_before(
    births_before: int, every_s: int, fires: bool, first_met: int | None
) -> None:
    cs = contractions(NOON, 30, every_s=every_s, seconds=60)
    flags = run(diary(ga(39, births_before=births_before), cs), "P1")
    if fires:
        assert first_met is not None
        assert only(flags).at == cs[first_met].started_at
        assert "7-1-1" in only(flags).title
    else:
        assert flags == []


@pytest.mark.parametrize(("seconds", "fires"), [(45, True), (44, False)])
def test_p1_uses_the_profiles_own_labour_rule(seconds: int, fires: bool) -> None:
    cs = contractions(NOON, 40, every_s=240, seconds=seconds)
    flags = run(diary(ga(39, labour_rule=(4, 45, 90)), cs), "P1")
    if fires:
        # earliest start ≤ s − 86 min: first at 88 min (23rd contraction)
        assert only(flags).at == cs[22].started_at
        assert only(flags).evidence == ref(cs[:23])
        assert "4 min / 45 s / 90 min" in only(flags).title
    else:
        assert flags == []


@pytest.mark.parametrize(
    ("minutes", "seconds", "fires"),
    [
        ([0, 35, 40, 45, 50, 55], [60, 60, 30, 60, 60, None], True),
        ([0, 30, 40, 45, 50, 55], [60, 60, 30, 60, 60, None], False),
        ([0, 35, 40, 45, 50, 55], [60, 30, 30, 60, 60, None], False),
    ],
    ids=[
        "4 of 5 intervals and 4 of 5 finished long (80 %)",
        "3 of 5 intervals",
        "3 of 5 finished long",
    ],
)
def test_p1_eighty_percent_shares(
    minutes: list[int], seconds: list[float | None], fires: bool
) -> None:
    cs = starts_at(NOON, minutes, seconds)
    flags = run(diary(ga(39), cs), "P1")
    if fires:
        # the running last contraction counts as a start, not as a duration
        assert only(flags).at == cs[-1].started_at
        assert only(flags).evidence == ref(cs)
    else:
        assert flags == []


def test_p1_over_the_autumn_clock_change_sees_4_minute_intervals_and_flags_once() -> None:
    # Europe/London 2026-10-25: 02:00 BST → 01:00 GMT; 00:30 local is 23:30 UTC the day before
    first, last = local("2026-10-25T00:30"), local("2026-10-25T03:00")
    count = int((last - first) / (4 * MIN)) + 1
    cs = contractions(first, count, every_s=240, seconds=60)
    p = profile(due_date=date(2026, 11, 8))  # 38+0 on 25 October
    wall = [to_local(c.started_at, "Europe/London").replace(tzinfo=None) for c in cs]
    assert min(b - a for a, b in pairwise(wall)) < timedelta(0)  # 01:xx twice
    flag = only(run(diary(p, cs), "P1", at=last + HOUR))
    assert flag.at == cs[14].started_at == utc(2026, 10, 25, 0, 26)
    assert flag.evidence == ref(cs[:15])


def test_p1_a_pause_gives_a_second_flag_for_the_second_run() -> None:
    first = contractions(NOON, 20, every_s=240, seconds=60)
    second = contractions(NOON + 4 * HOUR, 20, every_s=240, seconds=60)
    flags = run(diary(ga(39), first, second), "P1")
    assert [f.at for f in flags] == [first[14].started_at, second[14].started_at]


# --- P2 long or frequent contractions ------------------------------------------------------------


@pytest.mark.parametrize(("seconds", "fires"), [(120, True), (119, False)])
def test_p2_long_contraction_edge(seconds: int, fires: bool) -> None:
    c = contraction(NOON, seconds)
    flags = run(diary(ga(39), c), "P2")
    if fires:
        flag = only(flags)
        assert (flag.at, flag.evidence, flag.severity) == (NOON, ref(c), Severity.URGENT)
        assert flag.sources == RULE_SOURCES["P2"]
        assert "2 minutes" in flag.title
    else:
        assert flags == []


@pytest.mark.parametrize(
    ("last_s", "fires"), [(600, True), (601, False)], ids=["6 in 10:00", "6 in 10:01"]
)
def test_p2_six_within_ten_minutes_edge(last_s: int, fires: bool) -> None:
    cs = starts_at(NOON, [0, 2, 4, 6, 8, last_s / 60], [50] * 6)
    flags = run(diary(ga(39), cs), "P2")
    if fires:
        assert (only(flags).at, only(flags).evidence) == (cs[5].started_at, ref(cs))
    else:
        assert flags == []


def test_p2_frequent_contractions_give_one_flag_per_run() -> None:
    cs = contractions(NOON, 30, every_s=90, seconds=50)
    flag = only(run(diary(ga(30), cs), "P2"))
    assert (flag.at, flag.evidence) == (cs[5].started_at, ref(cs[:6]))


def test_p2_long_contractions_in_a_row_are_one_flag_apart_ones_two() -> None:
    long1, long2 = contraction(NOON, 130), contraction(NOON + 5 * MIN, 125)
    short = contraction(NOON + 10 * MIN, 60)
    long3 = contraction(NOON + 15 * MIN, 150)
    flags = run(diary(ga(39), long1, long2, short, long3), "P2")
    assert [(f.at, f.evidence) for f in flags] == [
        (NOON, ref(long1)),
        (long3.started_at, ref(long3)),
    ]


def test_p2_a_running_contraction_has_no_duration_until_it_ends() -> None:
    c = contraction(NOON, 130)
    d = diary(ga(39), c)
    assert run(d, "P2", at=NOON + 125 * SEC) == []  # still running at `at`
    assert only(run(d, "P2", at=NOON + 130 * SEC)).at == NOON


# --- P3 contractions before 37 weeks -------------------------------------------------------------


@pytest.mark.parametrize(
    ("weeks", "days", "fires"),
    [(19, 6, False), (20, 0, True), (36, 6, True), (37, 0, False)],
)
def test_p3_gestational_age_edges(weeks: int, days: int, fires: bool) -> None:
    cs = contractions(NOON, 6, every_s=12 * 60, seconds=40)
    assert len(run(diary(ga(weeks, days), cs), "P3")) == (1 if fires else 0)


@pytest.mark.parametrize(
    ("last_s", "fires"), [(3600, True), (3601, False)], ids=["6 in 60:00", "6 in 60:01"]
)
def test_p3_six_within_an_hour_edge(last_s: int, fires: bool) -> None:
    cs = starts_at(NOON, [0, 12, 24, 36, 48, last_s / 60], [40] * 6)
    flags = run(diary(ga(30), cs), "P3")
    if fires:
        flag = only(flags)
        assert (flag.at, flag.evidence) == (cs[5].started_at, ref(cs))
        assert flag.severity is Severity.URGENT
        assert flag.sources == RULE_SOURCES["P3"]
    else:
        assert flags == []


@pytest.mark.parametrize(
    ("last_s", "fires"), [(1200, True), (1201, False)], ids=["4 in 20:00", "4 in 20:01"]
)
def test_p3_four_within_twenty_minutes_edge(last_s: int, fires: bool) -> None:
    cs = starts_at(NOON, [0, 400 / 60, 800 / 60, last_s / 60], [40] * 4)
    flags = run(diary(ga(30), cs), "P3")
    if fires:
        assert (only(flags).at, only(flags).evidence) == (cs[3].started_at, ref(cs))
    else:
        assert flags == []


def test_p3_three_within_twenty_minutes_is_not_enough() -> None:
    cs = contractions(NOON, 3, every_s=60, seconds=40)
    assert run(diary(ga(30), cs), "P3") == []


# --- P4 preterm warning signs --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "quality", "symptoms", "fires"),
    [
        ("calf", "sharp", {"pelvic_pressure"}, True),
        ("calf", "sharp", {"discharge_change"}, True),
        ("thigh", "sharp", {"fluid_leak"}, True),
        ("lower_back", "dull_ache", set(), True),
        ("lower_back", "cramp", set(), True),
        ("abdomen", "cramp", set(), True),
        ("pelvis", "cramp", set(), True),
        ("lower_back", "sharp", set(), False),
        ("upper_back", "dull_ache", set(), False),
        ("abdomen", "dull_ache", set(), False),
        ("pelvis", "spasm", set(), False),
        ("calf", "cramp", {"nausea"}, False),
    ],
)
def test_p4_signs(region: str, quality: str, symptoms: set[str], fires: bool) -> None:
    c = cramp(NOON, region=region, quality=quality, symptoms=symptoms)
    flags = run(diary(ga(30), c), "P4")
    if fires:
        flag = only(flags)
        assert (flag.at, flag.evidence, flag.severity) == (NOON, ref(c), Severity.URGENT)
        assert flag.sources == RULE_SOURCES["P4"]
    else:
        assert flags == []


@pytest.mark.parametrize(
    ("weeks", "days", "fires"), [(19, 6, False), (20, 0, True), (36, 6, True), (37, 0, False)]
)
def test_p4_gestational_age_edges(weeks: int, days: int, fires: bool) -> None:
    c = cramp(NOON, region="lower_back", quality="dull_ache")
    assert len(run(diary(ga(weeks, days), c), "P4")) == (1 if fires else 0)


# --- P5 waters broken ----------------------------------------------------------------------------

NOW_ADVICE = "Contact your maternity unit now"
TWO_HOURS_ADVICE = "Contact your maternity unit within 2 hours"


@pytest.mark.parametrize(
    ("weeks", "days", "detail", "now"),
    [
        (38, 0, "clear", False),
        (37, 0, "clear", False),
        (36, 6, "clear", True),
        (38, 0, "green_brown", True),
        (38, 0, "bloody", True),
        (38, 0, "smelly", True),
        (38, 0, "unsure", True),
        (38, 0, None, True),
    ],
)
def test_p5_now_or_within_two_hours(weeks: int, days: int, detail: str | None, now: bool) -> None:
    waters = event(NOON, "waters_broke", detail)
    flag = only(run(diary(ga(weeks, days), waters), "P5"))
    assert (flag.at, flag.evidence, flag.severity) == (NOON, ref(waters), Severity.URGENT)
    assert flag.sources == RULE_SOURCES["P5"]
    assert flag.advice.startswith(NOW_ADVICE if now else TWO_HOURS_ADVICE)
    assert flag.soon == ("now" if now else "within 2 hours")  # shown beside "Urgent"
    if detail in {"green_brown", "bloody", "smelly"}:
        assert WatersDetail(detail).label.lower() in flag.advice  # says why it is "now"


@pytest.mark.parametrize(
    ("kind", "before", "now"),
    [
        ("reduced_movement", timedelta(hours=24), True),
        ("no_movement", HOUR, True),
        ("reduced_movement", timedelta(0), True),
        ("reduced_movement", timedelta(hours=24) + SEC, False),
        ("reduced_movement", -MIN, False),
    ],
    ids=["24h before", "1h before", "same moment", "24h+1s before", "after"],
)
def test_p5_reduced_movement_in_the_24_hours_before_means_now(
    kind: str, before: timedelta, now: bool
) -> None:
    waters = event(NOON, "waters_broke", "clear")
    moving = event(NOON - before, kind)
    flag = only(run(diary(ga(38), waters, moving), "P5"))
    assert flag.advice.startswith(NOW_ADVICE if now else TWO_HOURS_ADVICE)
    assert flag.soon == ("now" if now else "within 2 hours")
    assert flag.at == NOON
    assert flag.evidence == (ref(waters, moving) if now else ref(waters))


# --- P6 bleeding in pregnancy --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weeks", "detail", "severity"),
    [
        (8, "heavy", Severity.EMERGENCY),
        (30, "soaked_pad_in_hour", Severity.EMERGENCY),
        (30, "spotting", Severity.URGENT),
        (8, "light", Severity.ROUTINE),
    ],
)
def test_p6_severity_from_the_bleeding_alone(weeks: int, detail: str, severity: Severity) -> None:
    bleed = event(NOON, "bleeding", detail)
    flag = only(run(diary(ga(weeks), bleed), "P6"))
    assert (flag.at, flag.evidence, flag.severity) == (NOON, ref(bleed), severity)
    assert flag.sources == RULE_SOURCES["P6"]
    if severity is Severity.EMERGENCY:
        assert flag.advice.startswith(CALL_EMERGENCY)
    # how soon, in the advice's words: from 13 weeks "now"; an emergency "now"; early spotting
    # at the next appointment
    soon = {
        Severity.EMERGENCY: "now",
        Severity.URGENT: "now",
        Severity.ROUTINE: "at your next appointment",
    }
    assert flag.soon == soon[severity]


@pytest.mark.parametrize(
    ("weeks", "days", "severity"), [(12, 6, Severity.ROUTINE), (13, 0, Severity.URGENT)]
)
def test_p6_thirteen_week_edge(weeks: int, days: int, severity: Severity) -> None:
    bleed = event(NOON, "bleeding", "spotting")
    assert only(run(diary(ga(weeks, days), bleed), "P6")).severity is severity


@pytest.mark.parametrize(
    ("make_partner", "offset", "emergency"),
    [
        (lambda t: cramp(t, region="abdomen", symptoms={"fainting"}), -2 * HOUR, True),
        (lambda t: cramp(t, region="abdomen", symptoms={"fainting"}), 2 * HOUR, True),
        (lambda t: cramp(t, region="calf", symptoms={"fainting"}), -2 * HOUR - SEC, False),
        (lambda t: cramp(t, region="calf", symptoms={"fainting"}), 2 * HOUR + SEC, False),
        (lambda t: event(t, "collapse"), HOUR, True),
        (lambda t: event(t, "collapse"), -2 * HOUR - SEC, False),
    ],
    ids=[
        "faint 2h before",
        "faint 2h after",
        "faint 2h+1s before",
        "faint 2h+1s after",
        "collapse 1h after",
        "collapse 2h+1s before",
    ],
)
def test_p6_fainting_or_collapse_within_two_hours_is_an_emergency(
    make_partner, offset: timedelta, emergency: bool
) -> None:
    bleed = event(NOON, "bleeding", "spotting")
    partner = make_partner(NOON + offset)
    flag = only(run(diary(ga(30), bleed, partner), "P6"))
    if emergency:
        assert flag.severity is Severity.EMERGENCY
        assert flag.at == max(NOON, partner_time(partner))  # met once both were logged
        assert flag.evidence == ref(bleed, partner)
        assert flag.advice.startswith(CALL_EMERGENCY)
    else:
        assert (flag.severity, flag.at, flag.evidence) == (Severity.URGENT, NOON, ref(bleed))


def partner_time(entry: CrampRead | EventRead) -> datetime:
    return entry.occurred_at if isinstance(entry, EventRead) else entry.started_at


@pytest.mark.parametrize(
    ("region", "offset", "severity"),
    [
        ("abdomen", -timedelta(hours=24), Severity.URGENT),
        ("pelvis", timedelta(hours=24), Severity.URGENT),
        ("lower_back", timedelta(0), Severity.URGENT),
        ("abdomen", -timedelta(hours=24) - SEC, Severity.ROUTINE),
        ("abdomen", timedelta(hours=24) + SEC, Severity.ROUTINE),
        ("calf", HOUR, Severity.ROUTINE),
        ("upper_back", HOUR, Severity.ROUTINE),
    ],
    ids=[
        "abdomen 24h before",
        "pelvis 24h after",
        "lower back same time",
        "24h+1s before",
        "24h+1s after",
        "calf",
        "upper back",
    ],
)
def test_p6_early_bleeding_with_pain_within_24_hours_is_urgent(
    region: str, offset: timedelta, severity: Severity
) -> None:
    bleed = event(NOON, "bleeding", "spotting")
    pain = cramp(NOON + offset, region=region, quality="sharp")
    flag = only(run(diary(ga(10), bleed, pain), "P6"))
    assert flag.severity is severity
    if severity is Severity.URGENT:
        assert flag.soon == "today"  # "…or doctor today", as the advice says
        assert flag.at == max(NOON, pain.started_at)
        assert flag.evidence == ref(bleed, pain)
    else:
        assert (flag.at, flag.evidence) == (NOON, ref(bleed))


def test_p6_evidence_is_what_was_logged_when_the_condition_was_first_met() -> None:
    bleed = event(NOON, "bleeding", "spotting")
    first_pain = cramp(NOON + HOUR, region="abdomen")
    later_pain = cramp(NOON + 10 * HOUR, region="pelvis")
    flag = only(run(diary(ga(10), bleed, first_pain, later_pain), "P6"))
    assert (flag.severity, flag.at) == (Severity.URGENT, NOON + HOUR)
    assert flag.evidence == ref(bleed, first_pain)


@pytest.mark.parametrize(
    ("weeks", "region", "severity"),
    [
        (10, "abdomen", Severity.URGENT),
        (10, "calf", Severity.ROUTINE),
        (20, "calf", Severity.URGENT),
    ],
)
def test_p6_bleeding_logged_as_a_symptom(weeks: int, region: str, severity: Severity) -> None:
    episode = cramp(NOON, region=region, symptoms={"vaginal_bleeding"})
    flag = only(run(diary(ga(weeks), episode), "P6"))
    assert (flag.at, flag.evidence, flag.severity) == (NOON, ref(episode), severity)


def test_p6_one_flag_per_bleeding_entry() -> None:
    first, second = event(NOON, "bleeding", "spotting"), event(NOON + HOUR, "bleeding", "heavy")
    flags = run(diary(ga(30), first, second), "P6")
    assert [(f.at, f.evidence, f.severity) for f in flags] == [
        (NOON, ref(first), Severity.URGENT),
        (NOON + HOUR, ref(second), Severity.EMERGENCY),
    ]


# --- P7 early pregnancy warning signs ------------------------------------------------------------


@pytest.mark.parametrize(
    ("weeks", "days", "symptom", "fires"),
    [
        (13, 6, "shoulder_tip_pain", True),
        (14, 0, "shoulder_tip_pain", False),
        (0, 0, "shoulder_tip_pain", True),
        (-1, 6, "shoulder_tip_pain", False),
        (8, 0, "fainting", True),
        (13, 6, "fainting", True),
        (14, 0, "fainting", False),
        (8, 0, "abdominal_pain_one_side", False),
        (8, 0, "nausea", False),
    ],
)
def test_p7_signs_on_their_own(weeks: int, days: int, symptom: str, fires: bool) -> None:
    episode = cramp(NOON, region="shoulder", quality="sharp", symptoms={symptom})
    flags = run(diary(ga(weeks, days), episode), "P7")
    if fires:
        flag = only(flags)
        assert (flag.at, flag.evidence, flag.severity) == (NOON, ref(episode), Severity.EMERGENCY)
        assert flag.sources == RULE_SOURCES["P7"]
        assert flag.advice.startswith(CALL_EMERGENCY)
    else:
        assert flags == []


@pytest.mark.parametrize(
    ("offset", "fires"),
    [
        (-timedelta(hours=24), True),
        (timedelta(hours=3), True),
        (timedelta(hours=24), True),
        (-timedelta(hours=24) - SEC, False),
        (timedelta(hours=24) + SEC, False),
    ],
    ids=["bleeding 24h before", "3h after", "24h after", "24h+1s before", "24h+1s after"],
)
def test_p7_one_sided_pain_with_bleeding_within_24_hours(offset: timedelta, fires: bool) -> None:
    pain = cramp(NOON, region="abdomen", quality="sharp", symptoms={"abdominal_pain_one_side"})
    bleed = event(NOON + offset, "bleeding", "spotting")
    flags = run(diary(ga(8), pain, bleed), "P7")
    if fires:
        flag = only(flags)
        assert flag.at == max(NOON, bleed.occurred_at)
        assert flag.evidence == ref(pain, bleed)
    else:
        assert flags == []


def test_p7_one_sided_pain_and_bleeding_in_the_same_episode() -> None:
    episode = cramp(
        NOON, region="abdomen", symptoms={"abdominal_pain_one_side", "vaginal_bleeding"}
    )
    flag = only(run(diary(ga(6), episode), "P7"))
    assert (flag.at, flag.evidence) == (NOON, ref(episode))


def test_p7_gestational_age_is_taken_at_the_pain_episode() -> None:
    pain = cramp(NOON, region="abdomen", symptoms={"abdominal_pain_one_side"})
    bleed = event(NOON + 20 * HOUR, "bleeding", "spotting")  # the next day: 14+0
    assert len(run(diary(ga(13, 6), pain, bleed), "P7")) == 1
    assert run(diary(ga(14, 0), pain, bleed), "P7") == []


# --- P8 baby moving less -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weeks", "days", "kind", "fires"),
    [
        (23, 6, "reduced_movement", False),
        (24, 0, "reduced_movement", True),
        (23, 6, "no_movement", False),
        (34, 0, "no_movement", True),
        (34, 0, "mucus_plug", False),
    ],
)
def test_p8_baby_moving_less_from_24_weeks(weeks: int, days: int, kind: str, fires: bool) -> None:
    e = event(NOON, kind)
    flags = run(diary(ga(weeks, days), e), "P8")
    if fires:
        flag = only(flags)
        assert (flag.at, flag.evidence, flag.severity) == (NOON, ref(e), Severity.URGENT)
        assert flag.sources == RULE_SOURCES["P8"]
        assert flag.advice.startswith("Contact your maternity unit now")
    else:
        assert flags == []


# --- P9 labour emergency -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weeks", "kind", "fires"),
    [
        (39, "cord_felt", True),
        (39, "seizure", True),
        (20, "collapse", True),
        (39, "urge_to_push", True),
        (39, "mucus_plug", False),
        (-1, "cord_felt", False),
    ],
)
def test_p9_labour_emergency(weeks: int, kind: str, fires: bool) -> None:
    e = event(NOON, kind)
    flags = run(diary(ga(weeks), e), "P9")
    if fires:
        flag = only(flags)
        assert (flag.at, flag.evidence, flag.severity) == (NOON, ref(e), Severity.EMERGENCY)
        assert flag.advice.startswith(CALL_EMERGENCY)
    else:
        assert flags == []


# --- P10 possible infection ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "symptom", "fires"),
    [
        ("lower_back", "fever", True),
        ("upper_back", "painful_urination", True),
        ("neck", "fever", True),
        ("buttock_hip", "fever", True),
        ("abdomen", "painful_urination", True),
        ("pelvis", "fever", True),
        ("calf", "fever", False),
        ("shoulder", "painful_urination", False),
        ("lower_back", "nausea", False),
    ],
)
def test_p10_possible_infection(region: str, symptom: str, fires: bool) -> None:
    c = cramp(NOON, region=region, quality="dull_ache", symptoms={symptom})
    flags = run(diary(ga(16), c), "P10")
    if fires:
        flag = only(flags)
        assert (flag.at, flag.evidence, flag.severity) == (NOON, ref(c), Severity.URGENT)
        assert flag.sources == RULE_SOURCES["P10"]
    else:
        assert flags == []


# --- every P rule: pregnancy only, data up to `at`, wording ---------------------------------------


def everything(start: datetime) -> list[Any]:
    """Entries that meet every P rule at 39+0 or 10+0 (by GA, some rules only)."""
    return [
        *contractions(start, 40, every_s=150, seconds=130),
        cramp(start, region="lower_back", quality="dull_ache", symptoms={"fever"}),
        cramp(start, region="abdomen", symptoms={"shoulder_tip_pain", "fainting"}),
        event(start, "waters_broke", "green_brown"),
        event(start, "bleeding", "spotting"),
        event(start, "reduced_movement"),
        event(start, "cord_felt"),
    ]


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        (profile(due_date=None), set()),
        (ga(-1, 6), set()),
        (ga(39), {"P1", "P2", "P5", "P6", "P8", "P9", "P10"}),
        (ga(30), {"P2", "P3", "P4", "P5", "P6", "P8", "P9", "P10"}),
        (ga(0), {"P2", "P5", "P6", "P7", "P9", "P10"}),
    ],
    ids=["no due date", "GA -0+1", "39+0", "30+0", "0+0"],
)
def test_p_rules_apply_only_while_pregnant(p: ProfileRead, expected: set[str]) -> None:
    flags = evaluate(diary(p, everything(NOON)), AT, rules=P_RULES)
    assert {f.rule for f in flags} == expected


def test_evaluate_ignores_entries_after_at() -> None:
    cs = contractions(NOON, 40, every_s=240, seconds=60)
    bleed = event(NOON, "bleeding", "spotting")
    faint = cramp(NOON + HOUR, region="calf", symptoms={"fainting"})
    late = event(NOON + HOUR, "cord_felt")
    d = diary(ga(39), cs, bleed, faint, late)
    before = evaluate(d, cs[13].started_at, rules=P_RULES)
    assert [(f.rule, f.severity) for f in before] == [("P6", Severity.URGENT)]
    after = evaluate(d, NOON + HOUR, rules=P_RULES)
    assert sorted((f.rule, f.severity.value, f.at) for f in after) == [
        ("P1", "urgent", cs[14].started_at),
        ("P6", "emergency", NOON + HOUR),
        ("P9", "emergency", NOON + HOUR),
    ]


@pytest.mark.parametrize("weeks", [39, 30, 0])
def test_advice_says_what_to_do_never_a_diagnosis(weeks: int) -> None:
    flags = evaluate(diary(ga(weeks), everything(NOON)), AT, rules=P_RULES)
    assert flags
    for flag in flags:
        text = f"{flag.title} {flag.advice}".lower()
        assert "you are in labour" not in text and "diagnos" not in text, flag
        assert " mg" not in text and "dose" not in text, flag
        if flag.severity is Severity.EMERGENCY:
            assert flag.advice.startswith(CALL_EMERGENCY), flag
        elif flag.severity is Severity.URGENT:
            assert flag.advice.startswith("Contact your maternity unit"), flag
