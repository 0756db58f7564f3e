"""Cramp and leg rules L1–L6 and the trend T1 (red-flags.md, "Cramps and legs"): each fires on
its trigger, stays quiet just outside each threshold, and stamps the exact time first met with
the entries that met it. Days and blocks are local to Europe/London (the builders' zone)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.tracker.flags.builders import (
    assert_plain,
    cramp,
    cramp_refs,
    days,
    diary,
    flags,
    hours,
    local,
    one,
    product,
    profile,
    utc,
)
from tracker.core.models import CrampRead
from tracker.core.vocabulary import LEG_REGIONS
from tracker.flags import RULES, Severity
from tracker.flags.sources import cite

"""Evaluated after every entry below."""

WHEN = local("2026-05-04T09:30")
LEGS = sorted(LEG_REGIONS)
NOT_LEGS = ["lower_back", "upper_back", "neck", "shoulder", "chest", "abdomen", "arm", "hand"]
EMERGENCY_WORDS = "Call 999 / 112 / 911 or your local emergency number now"
HEURISTIC_WORDS = "pattern"


@pytest.mark.parametrize(
    ("rule", "severities", "sources"),
    [
        ("L1", [Severity.URGENT], ["nidirect_leg_cramps", "mayo_night_cramps"]),
        (
            "L2",
            [Severity.URGENT, Severity.EMERGENCY],
            ["uclh_dvt", "hse_pregnancy_cramps", "seed_004"],
        ),
        ("L3", [Severity.URGENT], ["nidirect_leg_cramps", "msd_muscle_cramps"]),
        ("L4", [Severity.ROUTINE], ["nhs_pad", "msd_muscle_cramps", "seed_004"]),
        ("L5", [Severity.ROUTINE], ["nidirect_leg_cramps", "mayo_night_cramps"]),
        ("L6", [Severity.ROUTINE], ["nidirect_leg_cramps", "msd_muscle_cramps", "seed_004"]),
        ("T1", [Severity.ROUTINE], ["app_heuristic"]),
    ],
)
def test_leg_rules_are_registered_with_the_spec_severities_and_sources(
    rule: str, severities: list[Severity], sources: list[str]
) -> None:
    spec = RULES[rule]
    assert (spec.id, list(spec.severities), spec.sources) == (rule, severities, cite(*sources))
    assert spec.title


# --- L1: a cramp lasting more than 10 minutes -------------------------------------------------


@pytest.mark.parametrize(
    ("quality", "minutes", "fires"),
    [
        ("cramp", 10.01, True),
        ("spasm", 10.01, True),
        ("cramp", 90, True),
        ("cramp", 10, False),
        ("spasm", 9.5, False),
        ("cramp", None, False),  # duration unknown
        ("dull_ache", 30, False),
        ("throbbing", 30, False),
    ],
)
def test_l1_cramp_lasting_more_than_10_minutes(
    quality: str, minutes: float | None, fires: bool
) -> None:
    episode = cramp(WHEN, region="calf", quality=quality, duration_min=minutes)
    found = flags(diary(profile(), episode), "L1")
    if not fires:
        assert found == []
        return
    flag = one(found)
    assert (flag.rule, flag.severity, flag.at) == ("L1", Severity.URGENT, WHEN)
    assert flag.evidence == cramp_refs(episode)
    assert flag.sources == cite("nidirect_leg_cramps", "mayo_night_cramps")
    assert "today" in flag.advice
    assert_plain(flag)


@pytest.mark.parametrize("region", ["foot", "thigh", "abdomen", "hand"])
def test_l1_any_region(region: str) -> None:
    episode = cramp(WHEN, region=region, duration_min=11)
    assert [f.evidence for f in flags(diary(profile(), episode), "L1")] == [cramp_refs(episode)]


# --- L2: swollen red leg, with or without chest symptoms --------------------------------------

CHEST = ["breathlessness", "chest_pain", "coughing_blood"]


@pytest.mark.parametrize("region", LEGS)
def test_l2_swollen_leg_alone_is_urgent(region: str) -> None:
    leg = cramp(WHEN, region=region, quality="throbbing", symptoms={"leg_swelling_redness"})
    flag = one(flags(diary(profile(), leg), "L2"))
    assert (flag.severity, flag.at, flag.evidence) == (Severity.URGENT, WHEN, cramp_refs(leg))
    assert flag.sources == cite("uclh_dvt", "hse_pregnancy_cramps", "seed_004")
    assert "today" in flag.advice
    assert_plain(flag)


@pytest.mark.parametrize("symptom", CHEST)
def test_l2_chest_symptom_in_the_same_episode_is_an_emergency_only(symptom: str) -> None:
    leg = cramp(WHEN, region="calf", symptoms={"leg_swelling_redness", symptom})
    flag = one(flags(diary(profile(), leg), "L2"))
    assert (flag.severity, flag.at, flag.evidence) == (Severity.EMERGENCY, WHEN, cramp_refs(leg))
    assert EMERGENCY_WORDS in flag.advice
    assert_plain(flag)


@pytest.mark.parametrize("symptom", CHEST)
@pytest.mark.parametrize(
    ("before", "emergency"),
    [(hours(24), True), (hours(3), True), (hours(24) + timedelta(minutes=1), False)],
)
def test_l2_chest_symptom_up_to_24_h_before(
    symptom: str, before: timedelta, emergency: bool
) -> None:
    chest = cramp(WHEN - before, region="chest", quality="sharp", symptoms={symptom})
    leg = cramp(WHEN, region="thigh", symptoms={"leg_swelling_redness"})
    flag = one(flags(diary(profile(), chest, leg), "L2"))
    if emergency:
        assert (flag.severity, flag.at, flag.evidence) == (
            Severity.EMERGENCY,
            WHEN,
            cramp_refs(chest, leg),
        )
    else:
        assert (flag.severity, flag.at, flag.evidence) == (Severity.URGENT, WHEN, cramp_refs(leg))


@pytest.mark.parametrize("symptom", CHEST)
def test_l2_chest_symptom_24_h_after_adds_an_emergency_when_it_is_logged(symptom: str) -> None:
    leg = cramp(WHEN, region="calf", symptoms={"leg_swelling_redness"})
    chest = cramp(WHEN + hours(24), region="upper_back", quality="sharp", symptoms={symptom})
    data = diary(profile(), leg, chest)
    assert [(f.severity, f.at, f.evidence) for f in flags(data, "L2")] == [
        (Severity.EMERGENCY, chest.started_at, cramp_refs(leg, chest)),
        (Severity.URGENT, WHEN, cramp_refs(leg)),
    ]
    # before the chest symptom was logged, only the urgent flag was met
    assert [f.severity for f in flags(data, "L2", at=WHEN + hours(23))] == [Severity.URGENT]


def test_l2_chest_symptom_just_over_24_h_after_leaves_it_urgent() -> None:
    leg = cramp(WHEN, region="calf", symptoms={"leg_swelling_redness"})
    chest = cramp(WHEN + hours(24) + timedelta(minutes=1), region="chest", symptoms={"chest_pain"})
    flag = one(flags(diary(profile(), leg, chest), "L2"))
    assert (flag.severity, flag.at, flag.evidence) == (Severity.URGENT, WHEN, cramp_refs(leg))


def test_l2_emergency_is_met_at_the_first_chest_episode_after() -> None:
    leg = cramp(WHEN, region="calf", symptoms={"leg_swelling_redness"})
    first = cramp(WHEN + hours(2), region="chest", symptoms={"breathlessness"})
    second = cramp(WHEN + hours(5), region="chest", symptoms={"coughing_blood"})
    found = flags(diary(profile(), leg, first, second), "L2")
    assert [(f.severity, f.at, f.evidence) for f in found] == [
        (Severity.EMERGENCY, first.started_at, cramp_refs(leg, first)),
        (Severity.URGENT, WHEN, cramp_refs(leg)),
    ]


def test_l2_two_swollen_legs_and_one_chest_episode_make_one_emergency() -> None:
    legs = [
        cramp(WHEN + hours(h), region="calf", symptoms={"leg_swelling_redness"}) for h in (0, 6)
    ]
    chest = cramp(WHEN + hours(10), region="chest", symptoms={"breathlessness"})
    found = flags(diary(profile(), legs, chest), "L2")
    assert [(f.severity, f.at, f.evidence) for f in found] == [
        (Severity.EMERGENCY, chest.started_at, cramp_refs(*legs, chest)),
        (Severity.URGENT, legs[1].started_at, cramp_refs(legs[1])),
        (Severity.URGENT, legs[0].started_at, cramp_refs(legs[0])),
    ]
    assert len({f.key for f in found}) == 3


@pytest.mark.parametrize("region", NOT_LEGS)
def test_l2_quiet_outside_a_leg_region(region: str) -> None:
    episode = cramp(WHEN, region=region, symptoms={"leg_swelling_redness", "breathlessness"})
    assert flags(diary(profile(), episode), "L2") == []


def test_l2_chest_symptoms_without_a_swollen_leg_are_not_l2() -> None:
    episode = cramp(WHEN, region="calf", symptoms={"breathlessness", "chest_pain"})
    assert flags(diary(profile(), episode), "L2") == []


# --- L3: cramps with wasting, or in the chest -------------------------------------------------


@pytest.mark.parametrize(
    ("quality", "region", "symptoms", "fires"),
    [
        ("cramp", "calf", {"muscle_wasting"}, True),
        ("spasm", "hand", {"muscle_wasting"}, True),
        ("cramp", "chest", (), True),
        ("spasm", "chest", {"muscle_wasting"}, True),
        ("sharp", "chest", (), False),  # chest pain that is not a cramp
        ("dull_ache", "thigh", {"muscle_wasting"}, False),
        ("cramp", "abdomen", (), False),
        ("cramp", "calf", {"leg_weakness"}, False),
    ],
)
def test_l3_cramp_with_wasting_or_in_the_chest(
    quality: str, region: str, symptoms: set[str], fires: bool
) -> None:
    episode = cramp(WHEN, region=region, quality=quality, symptoms=symptoms)
    found = flags(diary(profile(), episode), "L3")
    if not fires:
        assert found == []
        return
    flag = one(found)
    assert (flag.severity, flag.at, flag.evidence) == (Severity.URGENT, WHEN, cramp_refs(episode))
    assert flag.sources == cite("nidirect_leg_cramps", "msd_muscle_cramps")
    assert "today" in flag.advice
    assert_plain(flag)


# --- L4: claudication pattern -----------------------------------------------------------------


@pytest.mark.parametrize("region", LEGS)
def test_l4_leg_pain_walking_eased_by_rest_is_routine(region: str) -> None:
    episode = cramp(
        WHEN, region=region, quality="dull_ache", triggers={"walking"}, eased_by_rest="yes"
    )
    flag = one(flags(diary(profile(), episode), "L4"))
    assert (flag.severity, flag.at, flag.evidence) == (Severity.ROUTINE, WHEN, cramp_refs(episode))
    assert flag.sources == cite("nhs_pad", "msd_muscle_cramps", "seed_004")
    assert "next appointment" in flag.advice
    assert_plain(flag)


@pytest.mark.parametrize(
    ("region", "triggers", "eased"),
    [
        ("calf", {"walking"}, "no"),
        ("calf", {"walking"}, "unknown"),
        ("calf", {"exercise", "prolonged_standing"}, "yes"),
        *[(r, {"walking"}, "yes") for r in NOT_LEGS],
    ],
)
def test_l4_quiet_without_walking_rest_easing_or_a_leg(
    region: str, triggers: set[str], eased: str
) -> None:
    episode = cramp(WHEN, region=region, triggers=triggers, eased_by_rest=eased)
    assert flags(diary(profile(), episode), "L4") == []


# --- L5: frequent cramps (app heuristic) ------------------------------------------------------

T5 = local("2026-07-15T12:00")


def recent_and_baseline(recent: int, baseline: int) -> tuple[list[CrampRead], list[CrampRead]]:
    """``recent`` cramps a day apart ending 1 day before T5, and ``baseline`` cramps 54 h apart
    from 33 days before T5 (never 5 in any 7 days, all in the 4 weeks before the recent ones)."""
    start = T5 - days(33)
    base = [cramp(start + hours(54 * i), region="foot") for i in range(baseline)]
    last = [cramp(T5 - days(recent - i), region="calf") for i in range(recent)]
    return last, base


@pytest.mark.parametrize(
    ("recent", "baseline", "fires"),
    [
        (5, 0, True),
        (4, 0, False),  # fewer than 5
        (5, 10, True),  # 5 = 2 × 2.5 a week
        (5, 11, False),  # 5 < 2 × 2.75
        (6, 11, True),  # not at the 5th cramp; at the 6th: 6 ≥ 5.5
    ],
)
def test_l5_five_cramps_in_7_days_and_twice_the_weekly_mean_before(
    recent: int, baseline: int, fires: bool
) -> None:
    last, base = recent_and_baseline(recent, baseline)
    found = flags(diary(profile(), last, base), "L5", at=T5)
    if not fires:
        assert found == []
        return
    flag = one(found)
    # first met at the 5th cramp of the week when that was enough, else at the 6th
    nth = 5 if 2 * baseline <= 5 * 4 else 6
    assert (flag.severity, flag.at) == (Severity.ROUTINE, last[nth - 1].started_at)
    assert flag.evidence == cramp_refs(*last[:nth])
    assert flag.sources == cite("nidirect_leg_cramps", "mayo_night_cramps")
    assert HEURISTIC_WORDS in flag.title
    assert "heuristic" in flag.advice
    assert f"{nth} cramps in the last 7 days" in flag.advice
    assert_plain(flag)


def test_l5_counts_cramps_and_spasms_only() -> None:
    aches = [cramp(T5 - days(d), quality="dull_ache") for d in range(5)]
    mixed = [cramp(T5 - days(d), quality=q) for d, q in enumerate(["cramp", "spasm"] * 2)]
    assert flags(diary(profile(), aches), "L5", at=T5) == []
    assert flags(diary(profile(), aches[:1], mixed), "L5", at=T5) == []
    assert len(flags(diary(profile(), mixed, cramp(T5, quality="spasm")), "L5", at=T5)) == 1


def night_cramp(text: str) -> CrampRead:
    return cramp(local(text), region="calf", triggers={"night_sleep"})


WEEK_BEFORE = ["2026-06-28T02:00", "2026-06-29T02:00", "2026-06-30T02:00"]
"""Night cramps in the block before the last (never 5 cramps in 7 days, so only the night
part of L5 can be met)."""
LAST_WEEK = ["2026-07-09T02:00", "2026-07-10T02:00", "2026-07-11T02:00"]


@pytest.mark.parametrize(
    ("before", "last", "fires"),
    [
        (WEEK_BEFORE, LAST_WEEK, True),
        (WEEK_BEFORE[:2], LAST_WEEK, False),  # 2 nights in the earlier block
        (WEEK_BEFORE, LAST_WEEK[:2], False),
        # 23:50 and 00:10 are one night: 2 nights
        (WEEK_BEFORE, ["2026-07-08T23:50", "2026-07-09T00:10", "2026-07-11T02:00"], False),
        (WEEK_BEFORE, ["2026-07-08T23:50", "2026-07-09T13:00", "2026-07-11T02:00"], True),
    ],
)
def test_l5_night_cramps_on_3_nights_in_each_of_two_blocks(
    before: list[str], last: list[str], fires: bool
) -> None:
    episodes = [night_cramp(t) for t in [*before, *last]]
    found = flags(diary(profile(), episodes), "L5", at=T5)
    if not fires:
        assert found == []
        return
    flag = one(found)
    # met at the 3rd night of the last block; the blocks end there
    assert (flag.at, flag.evidence) == (episodes[-1].started_at, cramp_refs(*episodes))
    assert "at night" in flag.advice
    assert "cramps in the last 7 days" not in flag.advice


def test_l5_night_cramps_need_the_night_trigger() -> None:
    episodes = [cramp(local(t), region="calf") for t in [*WEEK_BEFORE, *LAST_WEEK]]
    assert flags(diary(profile(), episodes), "L5", at=T5) == []


def test_l5_frequent_cramps_that_go_on_are_one_flag() -> None:
    daily = [cramp(T5 - days(d), region="calf") for d in range(20, -1, -1)]
    flag = one(flags(diary(profile(), daily), "L5", at=T5))
    assert flag.at == daily[4].started_at
    assert flag.evidence == cramp_refs(*daily[:5])


# --- L6: cramps after a new medicine ----------------------------------------------------------

STARTED = date(2026, 3, 1)


@pytest.mark.parametrize(
    ("kind", "medicine_class", "day", "fires"),
    [
        ("medicine", "statin", 0, True),  # on the day it was started
        ("medicine", "statin", 30, True),
        ("medicine", "diuretic", 30, True),
        ("medicine", "diuretic", 12, True),
        ("medicine", "statin", 31, False),
        ("medicine", "diuretic", -1, False),  # before it was started
        ("medicine", "other", 5, False),
        ("medicine", None, 5, False),
        ("supplement", None, 5, False),
    ],
)
def test_l6_cramp_within_30_days_after_starting_a_diuretic_or_statin(
    kind: str, medicine_class: str | None, day: int, fires: bool
) -> None:
    medicine = product("Atorvastatin", kind=kind, medicine_class=medicine_class, started_on=STARTED)
    episode = cramp(local(f"{STARTED + timedelta(days=day)}T15:00"), region="calf")
    found = flags(diary(profile(), medicine, episode), "L6")
    if not fires:
        assert found == []
        return
    flag = one(found)
    assert (flag.severity, flag.at) == (Severity.ROUTINE, episode.started_at)
    assert flag.evidence == cramp_refs(episode)
    assert flag.sources == cite("nidirect_leg_cramps", "msd_muscle_cramps", "seed_004")
    when = f"{day} days after" if day else "on the day"
    assert f"It began {when} you started Atorvastatin, a " in flag.advice
    assert "Do not stop" in flag.advice
    assert_plain(flag)


def test_l6_medicine_without_a_start_date_does_not_count() -> None:
    medicine = product("Furosemide", medicine_class="diuretic")
    assert flags(diary(profile(), medicine, cramp(WHEN)), "L6") == []


@pytest.mark.parametrize(("quality", "fires"), [("cramp", True), ("spasm", True), ("sharp", False)])
def test_l6_new_medicine_trigger_alone(quality: str, fires: bool) -> None:
    episode = cramp(WHEN, region="thigh", quality=quality, triggers={"new_medicine"})
    found = flags(diary(profile(), episode), "L6")
    assert [(f.at, f.evidence) for f in found] == ([(WHEN, cramp_refs(episode))] if fires else [])


def test_l6_days_after_started_on_are_local_days() -> None:
    """00:30 BST on 1 April is 31 local days after 1 March (30 in UTC)."""
    medicine = product("Bendroflumethiazide", medicine_class="diuretic", started_on=STARTED)
    late = cramp(local("2026-04-01T00:30"))
    in_time = cramp(local("2026-03-31T23:30"))
    assert late.started_at == utc(2026, 3, 31, 23, 30)
    found = flags(diary(profile(), medicine, late, in_time), "L6")
    assert [f.evidence for f in found] == [cramp_refs(in_time)]


# --- T1: rising intensity (app heuristic) -----------------------------------------------------

T1_AT = local("2026-07-22T12:00")
"""Today is 22 July: the complete blocks are 1–7, 8–14 and 15–21 July."""


def two_per_block(first_day: date, intensities: list[list[int]]) -> list[CrampRead]:
    """Episodes at 10:00 on the last days of consecutive 7-day blocks from ``first_day`` (so a
    block's episodes all fall in one complete block only once it has ended)."""
    return [
        cramp(local(f"{first_day + timedelta(days=7 * b + 7 - len(block) + k)}T10:00"), intensity=i)
        for b, block in enumerate(intensities)
        for k, i in enumerate(block)
    ]


@pytest.mark.parametrize(
    ("intensities", "fires"),
    [
        ([[3, 3], [4, 4], [5, 5]], True),
        ([[2, 4], [3, 4], [3, 5, 6]], True),
        ([[3, 3], [4, 4], [4, 4]], False),  # not strictly rising
        ([[5, 5], [4, 4], [6, 6]], False),
        ([[3, 3], [4], [5, 5]], False),  # a block with 1 episode
        ([[3], [4, 4], [5, 5]], False),
        ([[], [4, 4], [5, 5]], False),
    ],
)
def test_t1_mean_intensity_rising_in_3_complete_blocks(
    intensities: list[list[int]], fires: bool
) -> None:
    episodes = two_per_block(date(2026, 7, 1), intensities)
    found = flags(diary(profile(), episodes), "T1", at=T1_AT)
    if not fires:
        assert found == []
        return
    flag = one(found)
    # met at the local midnight that completed the third block
    assert (flag.severity, flag.at) == (Severity.ROUTINE, local("2026-07-22T00:00"))
    assert flag.evidence == cramp_refs(*episodes)
    assert flag.sources == cite("app_heuristic")
    assert HEURISTIC_WORDS in flag.title
    assert "heuristic" in flag.advice
    assert_plain(flag)


def test_t1_the_day_not_yet_complete_does_not_count() -> None:
    episodes = two_per_block(date(2026, 7, 1), [[3, 3], [4, 4], [5]])
    today = cramp(local("2026-07-22T08:00"), intensity=9)
    assert flags(diary(profile(), episodes, today), "T1", at=T1_AT) == []
    flag = one(flags(diary(profile(), episodes, today), "T1", at=local("2026-07-23T08:00")))
    assert (flag.at, flag.evidence) == (local("2026-07-23T00:00"), cramp_refs(*episodes, today))


def test_t1_counts_every_episode_whatever_its_region_or_quality() -> None:
    episodes = [
        cramp(local("2026-07-02T10:00"), region="lower_back", quality="dull_ache", intensity=2),
        cramp(local("2026-07-03T10:00"), region="neck", quality="sharp", intensity=2),
        cramp(local("2026-07-09T10:00"), region="abdomen", quality="burning", intensity=3),
        cramp(local("2026-07-10T10:00"), region="calf", intensity=3),
        cramp(local("2026-07-16T10:00"), region="arm", quality="tingling", intensity=4),
        cramp(local("2026-07-17T10:00"), region="foot", intensity=4),
    ]
    # the blocks 27 June–3 July, 4–10 and 11–17 July hold them all from midnight on 18 July
    assert [f.at for f in flags(diary(profile(), episodes), "T1", at=T1_AT)] == [
        local("2026-07-18T00:00")
    ]


def test_t1_blocks_are_local_days_across_the_autumn_clock_change() -> None:
    """Today is 2 November: blocks 12–18, 19–25 October and 26 October–1 November. 00:30 BST
    on 19 October is 23:30 UTC on the 18th: by local days it belongs to the second block."""
    episodes = [
        cramp(local("2026-10-13T10:00"), intensity=2),
        cramp(local("2026-10-15T10:00"), intensity=2),
        cramp(local("2026-10-19T00:30"), intensity=3),
        cramp(local("2026-10-25T23:30"), intensity=3),  # GMT by then
        cramp(local("2026-10-27T10:00"), intensity=4),
        cramp(local("2026-11-01T23:59"), intensity=4),
    ]
    assert episodes[2].started_at == utc(2026, 10, 18, 23, 30)
    flag = one(flags(diary(profile(), episodes), "T1", at=local("2026-11-02T09:00")))
    assert (flag.at, flag.evidence) == (utc(2026, 11, 2), cramp_refs(*episodes))


def test_t1_the_first_midnight_of_the_pattern_is_its_time_however_late_evaluated() -> None:
    episodes = two_per_block(date(2026, 7, 1), [[3, 3], [4, 4], [5, 5]])
    data = diary(profile(), episodes)
    assert flags(data, "T1", at=local("2026-07-21T23:59")) == []
    for at in (local("2026-07-22T00:00"), T1_AT, local("2026-08-30T12:00")):
        assert [f.at for f in flags(data, "T1", at=at)] == [local("2026-07-22T00:00")]
