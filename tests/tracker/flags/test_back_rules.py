"""Back rules B1–B7 (red-flags.md, "Back"): each fires on its trigger, stays quiet just outside
each threshold, and stamps the exact time first met with the entries that met it. Days and
7-day blocks are local to Europe/London (the builders' zone), across both 2026 clock changes."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.tracker.flags.builders import (
    assert_plain,
    cramp,
    cramp_refs,
    days,
    diary,
    flags,
    local,
    one,
    profile,
    utc,
)
from tracker.core.models import CrampRead
from tracker.core.vocabulary import BACK_REGIONS, BACK_RISK_HISTORY, CRAMP_HISTORY, HistoryItem
from tracker.flags import RULES, Severity
from tracker.flags.sources import cite

"""Evaluated after every entry below."""

WHEN = local("2026-05-04T09:30")
BACK = sorted(BACK_REGIONS)
NOT_BACK = ["shoulder", "chest", "abdomen", "pelvis", "thigh", "calf", "arm"]
B1 = ["sheffield_msk_back", "ouh_cauda_equina", "seed_003", "seed_004"]
EMERGENCY_WORDS = "Call 999 / 112 / 911 or your local emergency number now"


@pytest.mark.parametrize(
    ("rule", "severities", "sources"),
    [
        ("B1", [Severity.EMERGENCY], B1),
        ("B2", [Severity.EMERGENCY], ["seed_003", "glos_red_flags"]),
        ("B3", [Severity.URGENT], ["sheffield_msk_back", "redflagsymptoms_back"]),
        ("B4", [Severity.ROUTINE], ["mayo_back_pain"]),
        ("B5", [Severity.ROUTINE], ["glos_red_flags", "mayo_back_pain"]),
        ("B6", [Severity.ROUTINE], ["glos_red_flags", "mayo_back_pain"]),
        ("B7", [Severity.URGENT], ["seed_004"]),
    ],
)
def test_back_rules_are_registered_with_the_spec_severities_and_sources(
    rule: str, severities: list[Severity], sources: list[str]
) -> None:
    spec = RULES[rule]
    assert (spec.id, list(spec.severities), spec.sources) == (rule, severities, cite(*sources))
    assert spec.title


# --- B1: possible cauda equina ----------------------------------------------------------------


@pytest.mark.parametrize("region", BACK)
@pytest.mark.parametrize(
    ("symptoms", "triggers"),
    [
        ({"saddle_numbness"}, ()),
        ({"bladder_bowel_loss"}, ()),
        ({"urination_difficulty"}, ()),
        ({"both_legs"}, ()),
        ((), {"major_trauma"}),
        ({"both_legs", "saddle_numbness"}, {"major_trauma"}),
    ],
)
def test_b1_back_episode_with_a_cauda_equina_sign_is_an_emergency_at_its_start(
    region: str, symptoms: set[str], triggers: set[str]
) -> None:
    episode = cramp(WHEN, region=region, symptoms=symptoms, triggers=triggers)
    flag = one(flags(diary(profile(), episode), "B1"))
    assert flag.rule == "B1"
    assert flag.severity is Severity.EMERGENCY
    assert flag.at == WHEN
    assert flag.evidence == cramp_refs(episode)
    assert flag.sources == cite(*B1)
    assert EMERGENCY_WORDS in flag.advice
    assert "emergency department" in flag.advice
    assert_plain(flag)


@pytest.mark.parametrize(
    ("region", "symptoms", "triggers"),
    [
        *[(r, {"saddle_numbness", "both_legs"}, ()) for r in NOT_BACK],
        *[(r, (), {"major_trauma"}) for r in NOT_BACK],
        ("lower_back", {"fever", "leg_numbness_tingling", "pain_below_knee"}, ()),
        ("lower_back", (), {"injury", "lifting"}),
    ],
)
def test_b1_quiet_outside_a_back_region_or_without_its_signs(
    region: str, symptoms: set[str], triggers: set[str]
) -> None:
    episode = cramp(WHEN, region=region, symptoms=symptoms, triggers=triggers)
    assert flags(diary(profile(), episode), "B1") == []


def test_b1_one_flag_per_episode_newest_first_and_nothing_logged_after_at() -> None:
    first = cramp(WHEN, region="lower_back", symptoms={"both_legs"})
    second = cramp(WHEN + days(2), region="neck", triggers={"major_trauma"})
    data = diary(profile(), first, second)
    assert [(f.at, f.evidence) for f in flags(data, "B1")] == [
        (second.started_at, cramp_refs(second)),
        (first.started_at, cramp_refs(first)),
    ]
    assert [f.at for f in flags(data, "B1", at=WHEN + days(1))] == [WHEN]


# --- B2: neurological warning -----------------------------------------------------------------


@pytest.mark.parametrize("region", [*BACK, *NOT_BACK, "hand"])
@pytest.mark.parametrize(
    "symptom", ["numbness_one_side", "balance_loss", "leg_weakness", "limb_sensation_loss"]
)
def test_b2_any_episode_with_a_neurological_sign_is_an_emergency(region: str, symptom: str) -> None:
    episode = cramp(WHEN, region=region, symptoms={symptom})
    flag = one(flags(diary(profile(), episode), "B2"))
    assert (flag.severity, flag.at, flag.evidence) == (
        Severity.EMERGENCY,
        WHEN,
        cramp_refs(episode),
    )
    assert flag.sources == cite("seed_003", "glos_red_flags")
    assert EMERGENCY_WORDS in flag.advice
    assert_plain(flag)


@pytest.mark.parametrize(
    "symptoms", [(), {"leg_numbness_tingling"}, {"saddle_numbness", "pain_below_knee", "fever"}]
)
def test_b2_quiet_without_its_signs(symptoms: set[str]) -> None:
    assert flags(diary(profile(), cramp(WHEN, region="calf", symptoms=symptoms)), "B2") == []


# --- B3: signs of a serious cause -------------------------------------------------------------


@pytest.mark.parametrize("region", BACK)
@pytest.mark.parametrize("symptom", ["fever", "weight_loss", "night_pain", "cough_strain_pain"])
def test_b3_back_episode_with_a_serious_sign_is_urgent(region: str, symptom: str) -> None:
    episode = cramp(WHEN, region=region, symptoms={symptom})
    flag = one(flags(diary(profile(), episode), "B3"))
    assert (flag.severity, flag.at, flag.evidence) == (Severity.URGENT, WHEN, cramp_refs(episode))
    assert flag.sources == cite("sheffield_msk_back", "redflagsymptoms_back")
    assert "today" in flag.advice
    assert_plain(flag)


@pytest.mark.parametrize(
    ("region", "symptoms"),
    [
        *[(r, {"fever", "night_pain"}) for r in NOT_BACK],
        ("lower_back", {"nausea", "pain_below_knee"}),
    ],
)
def test_b3_quiet_outside_a_back_region_or_without_its_signs(
    region: str, symptoms: set[str]
) -> None:
    assert flags(diary(profile(), cramp(WHEN, region=region, symptoms=symptoms)), "B3") == []


# --- B4: nerve-root signs ---------------------------------------------------------------------


@pytest.mark.parametrize("region", BACK)
@pytest.mark.parametrize("symptom", ["pain_below_knee", "leg_numbness_tingling"])
def test_b4_back_episode_spreading_into_a_leg_is_routine(region: str, symptom: str) -> None:
    episode = cramp(WHEN, region=region, symptoms={symptom})
    flag = one(flags(diary(profile(), episode), "B4"))
    assert (flag.severity, flag.at, flag.evidence) == (Severity.ROUTINE, WHEN, cramp_refs(episode))
    assert flag.sources == cite("mayo_back_pain")
    assert "next appointment" in flag.advice
    assert_plain(flag)


@pytest.mark.parametrize(
    ("region", "symptoms"),
    [
        *[(r, {"pain_below_knee", "leg_numbness_tingling"}) for r in NOT_BACK],
        ("lower_back", {"fever", "both_legs"}),
    ],
)
def test_b4_quiet_outside_a_back_region_or_without_its_signs(
    region: str, symptoms: set[str]
) -> None:
    assert flags(diary(profile(), cramp(WHEN, region=region, symptoms=symptoms)), "B4") == []


# --- B5: risk factors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "fires"), [(15, True), (19, True), (20, False), (35, False), (50, False), (51, True)]
)
def test_b5_age_in_the_year_of_the_episode_under_20_or_over_50(age: int, fires: bool) -> None:
    episode = cramp(WHEN, region="lower_back")
    found = flags(diary(profile(birth_year=WHEN.year - age), episode), "B5")
    if not fires:
        assert found == []
        return
    flag = one(found)
    assert (flag.severity, flag.at, flag.evidence) == (Severity.ROUTINE, WHEN, cramp_refs(episode))
    assert flag.sources == cite("glos_red_flags", "mayo_back_pain")
    assert ("under 20" if age < 20 else "over 50") in flag.advice
    assert_plain(flag)


@pytest.mark.parametrize("item", sorted(BACK_RISK_HISTORY))
def test_b5_any_history_item_is_a_risk_factor(item: HistoryItem) -> None:
    episode = cramp(WHEN, region="neck")
    flag = one(flags(diary(profile(birth_year=1980, history={item}), episode), "B5"))
    assert (flag.at, flag.evidence) == (WHEN, cramp_refs(episode))
    assert item.label.lower() in flag.advice


@pytest.mark.parametrize(
    ("birth_year", "history", "region"),
    [
        (None, (), "lower_back"),
        (1980, (), "lower_back"),
        (1960, {"cancer"}, "calf"),  # a risk factor, but not a back episode
        (2010, {"osteoporosis"}, "thigh"),
    ],
)
def test_b5_quiet_without_a_risk_factor_or_a_back_episode(
    birth_year: int | None, history: set[str], region: str
) -> None:
    data = diary(profile(birth_year=birth_year, history=history), cramp(WHEN, region=region))
    assert flags(data, "B5") == []


def test_b5_one_flag_per_back_episode_with_a_risk_factor() -> None:
    """Every back episode with a risk factor is flagged at its start (the Flags page groups
    them); a leg episode is not."""
    in_2026 = [cramp(local(f"2026-{m:02d}-10T08:00"), region="lower_back") for m in (2, 6, 11)]
    leg = cramp(local("2026-12-01T08:00"), region="calf")
    in_2027 = [cramp(local(f"2027-{m:02d}-10T08:00"), region="upper_back") for m in (1, 3)]
    data = diary(profile(birth_year=1976, history={"steroid_use"}), *in_2026, leg, *in_2027)
    back = [*in_2026, *in_2027]
    assert [(f.at, f.evidence) for f in flags(data, "B5")] == [
        (e.started_at, cramp_refs(e)) for e in reversed(back)
    ]


def test_b5_turning_20_ends_the_age_risk() -> None:
    """Born 1976 would be too old; with a birth year of 2007: 19 in 2026, 20 in 2027."""
    at_19 = cramp(local("2026-07-01T10:00"), region="lower_back")
    at_19_again = cramp(local("2026-08-01T10:00"), region="lower_back")
    at_20 = cramp(local("2027-02-01T10:00"), region="lower_back")
    data = diary(profile(birth_year=2007), at_19, at_19_again, at_20)
    assert [(f.at, f.evidence) for f in flags(data, "B5")] == [
        (at_19_again.started_at, cramp_refs(at_19_again)),
        (at_19.started_at, cramp_refs(at_19)),
    ]


@pytest.mark.parametrize(("tz", "fires"), [("Europe/London", True), ("America/New_York", False)])
def test_b5_age_is_reached_in_the_local_year(tz: str, fires: bool) -> None:
    """02:00 UTC on 1 January 2027 is still 2026 in New York (age 50 there, 51 in London)."""
    episode = cramp(utc(2027, 1, 1, 2), region="lower_back")
    found = flags(diary(profile(birth_year=1976, tz=tz), episode), "B5")
    assert [f.at for f in found] == ([episode.started_at] if fires else [])


# --- B6: persistent back pain -----------------------------------------------------------------

T6 = local("2026-06-29T12:00")


def weekly_back_pain(
    end: datetime, intensities: list[int | None], region: str = "lower_back"
) -> list[CrampRead]:
    """One back episode 1 day before the end of each 7-day block ending at ``end``, newest
    block first; ``None`` leaves that block empty."""
    return [
        cramp(end - days(1 + 7 * k), region=region, intensity=i)
        for k, i in enumerate(intensities)
        if i is not None
    ]


@pytest.mark.parametrize(
    ("intensities", "fires"),
    [
        ([5, 5, 5, 5], True),  # the last block's mean equals the first's
        ([6, 2, 9, 5], True),
        ([4, 6, 6, 5], False),  # lower in the last block
        ([5, None, 5, 5], False),  # a gap in block 2
        ([5, 5, 5, None], False),  # only 3 blocks
        ([None, 5, 5, 5], False),
    ],
)
def test_b6_back_pain_in_each_of_4_blocks_not_easing(
    intensities: list[int | None], fires: bool
) -> None:
    episodes = weekly_back_pain(T6, intensities)
    found = flags(diary(profile(), episodes), "B6", at=T6)
    if not fires:
        assert found == []
        return
    flag = one(found)
    # first met when the newest episode was logged (the 4th block then had its episode)
    assert (flag.severity, flag.at) == (Severity.ROUTINE, T6 - days(1))
    assert flag.evidence == cramp_refs(*episodes)
    assert flag.sources == cite("glos_red_flags", "mayo_back_pain")
    assert_plain(flag)


def test_b6_mean_intensity_of_several_episodes_per_block() -> None:
    last = [
        cramp(T6 - days(2), region="neck", intensity=3),
        cramp(T6 - days(1), region="lower_back", intensity=6),
    ]
    middle = weekly_back_pain(T6, [None, 1, 1])
    first = [
        cramp(T6 - days(27), region="upper_back", intensity=4),
        cramp(T6 - days(25), region="buttock_hip", intensity=5),
    ]
    assert [f.at for f in flags(diary(profile(), last, middle, first), "B6", at=T6)] == [
        T6 - days(1)
    ]
    lower = [
        cramp(T6 - days(2), region="neck", intensity=3),
        cramp(T6 - days(1), region="lower_back", intensity=5),
    ]
    assert flags(diary(profile(), lower, middle, first), "B6", at=T6) == []


def test_b6_blocks_have_inclusive_ends_and_exclusive_starts() -> None:
    """An episode exactly 28 days before the instant is outside the oldest block."""
    newest = cramp(T6, region="lower_back", intensity=5)
    middle = weekly_back_pain(T6, [None, 5, 5])
    on_edge = cramp(T6 - days(28), region="lower_back", intensity=5)
    inside = cramp(T6 - days(28) + timedelta(minutes=1), region="lower_back", intensity=5)
    assert flags(diary(profile(), newest, middle, on_edge), "B6", at=T6) == []
    flag = one(flags(diary(profile(), newest, middle, inside), "B6", at=T6))
    assert (flag.at, flag.evidence) == (T6, cramp_refs(newest, *middle, inside))


def test_b6_non_back_episodes_do_not_count() -> None:
    episodes = weekly_back_pain(T6, [5, 5, 5])
    assert flags(diary(profile(), episodes, cramp(T6 - days(22), region="calf")), "B6") == []


def test_b6_a_pattern_that_goes_on_is_one_flag_at_the_moment_it_began() -> None:
    six_weeks = weekly_back_pain(T6, [5, 5, 5, 5, 5, 5])
    began = T6 - days(1 + 7 * 2)  # the 4th weekly episode
    flag = one(flags(diary(profile(), six_weeks), "B6", at=T6))
    assert flag.at == began
    assert flag.evidence == cramp_refs(*six_weeks[2:])


def test_b6_can_begin_between_episodes_and_keeps_its_time_when_evaluated_later() -> None:
    """Episodes on days 5, 6, 13 and 20: on day 20 the oldest block is empty; on day 26 the
    day-5 episode enters it (21 days later, same wall-clock time) and the pattern begins."""
    start = local("2026-06-01T08:00")
    episodes = [cramp(start + days(d), region="lower_back") for d in (5, 6, 13, 20)]
    data = diary(profile(), episodes)
    assert flags(data, "B6", at=start + days(26) - timedelta(seconds=1)) == []
    for at in (start + days(26), start + days(26.5), start + days(27)):
        flag = one(flags(data, "B6", at=at))
        assert (flag.at, flag.evidence) == (start + days(26), cramp_refs(*episodes))
    # by day 27 the day-6 episode has moved into the oldest block too: still the same flag;
    # on day 33 the newest block is empty and the pattern has ended
    assert flags(data, "B6", at=start + days(34))[0].at == start + days(26)


def test_b6_blocks_are_local_days_across_the_spring_clock_change() -> None:
    """Blocks ending at 11:30 BST on 5 April: the block edge 14 local days earlier is 11:30 GMT
    on 22 March (336 − 1 hours before). The episode logged at that wall-clock time enters the
    third block exactly then; with 24-hour days it would be an hour later."""
    moving = cramp(local("2026-03-22T11:30"), region="lower_back")
    others = [
        cramp(local("2026-04-04T12:00"), region="lower_back"),  # block 1
        cramp(local("2026-03-25T12:00"), region="lower_back"),  # block 2
        cramp(local("2026-03-10T12:00"), region="lower_back"),  # block 4
    ]
    data = diary(profile(), moving, others)
    began = local("2026-04-05T11:30")
    assert began == moving.started_at + timedelta(hours=14 * 24 - 1)
    assert flags(data, "B6", at=began - timedelta(minutes=1)) == []
    flag = one(flags(data, "B6", at=local("2026-04-05T12:00")))
    assert (flag.at, flag.evidence) == (began, cramp_refs(moving, *others))


# --- B7: leg numbness not getting better ------------------------------------------------------

D7 = local("2026-05-04T08:00")


@pytest.mark.parametrize(
    ("offsets", "fires"),
    [
        ([0, 7, 14], True),  # 3 days spanning 14
        ([0, 1, 2, 20], True),
        ([0, 7, 13], False),  # spanning 13
        ([0, 0.25, 14], False),  # 2 days (two episodes on the first day)
        ([0, 14], False),
    ],
)
def test_b7_numbness_on_3_days_spanning_14(offsets: list[float], fires: bool) -> None:
    episodes = [
        cramp(D7 + days(d), region="lower_back", symptoms={"leg_numbness_tingling"})
        for d in offsets
    ]
    found = flags(diary(profile(), episodes), "B7")
    if not fires:
        assert found == []
        return
    flag = one(found)
    assert (flag.severity, flag.at) == (Severity.URGENT, episodes[-1].started_at)
    assert flag.evidence == cramp_refs(*episodes)
    assert flag.sources == cite("seed_004")
    assert "today" in flag.advice
    assert_plain(flag)


@pytest.mark.parametrize(
    ("intensities", "fires"),
    [
        ([5, 5, 5], True),
        ([4, 5, 6], True),
        ([6, 5, 4], False),  # getting milder
        ([5, 1, 5], True),  # the middle one of an odd number is in neither half
        ([5, 6, 6, 5], True),  # halves 5.5 and 5.5
        ([5, 7, 6, 5], False),  # halves 6 and 5.5
    ],
)
def test_b7_later_half_at_least_as_intense_as_the_earlier(
    intensities: list[int], fires: bool
) -> None:
    step = 14 / (len(intensities) - 1)
    episodes = [
        cramp(D7 + days(k * step), region="calf", intensity=i, symptoms={"leg_numbness_tingling"})
        for k, i in enumerate(intensities)
    ]
    found = flags(diary(profile(), episodes), "B7")
    assert [f.at for f in found] == ([episodes[-1].started_at] if fires else [])


def test_b7_counts_only_episodes_with_leg_numbness() -> None:
    numb = [cramp(D7 + days(d), symptoms={"leg_numbness_tingling"}) for d in (0, 14)]
    other = cramp(D7 + days(7), symptoms={"pain_below_knee"})
    assert flags(diary(profile(), numb, other), "B7") == []


def test_b7_continuing_numbness_is_one_flag_and_a_relapse_after_easing_another() -> None:
    def numb(day: float, intensity: int) -> CrampRead:
        return cramp(D7 + days(day), intensity=intensity, symptoms={"leg_numbness_tingling"})

    first = [numb(0, 5), numb(7, 5), numb(14, 5), numb(21, 5)]  # met at day 14, goes on
    easing = [numb(28, 1), numb(29, 1)]  # halves 5 vs 3.67 at day 28: not met
    worse = [numb(35, 9), numb(36, 9)]  # halves 5 vs 5.75 at day 36: met again
    found = flags(diary(profile(), first, easing, worse), "B7")
    assert [f.at for f in found] == [worse[1].started_at, first[2].started_at]
    assert found[1].evidence == cramp_refs(*first[:3])
    assert found[0].evidence == cramp_refs(*first, *easing, *worse)


def test_b7_days_are_local_across_the_spring_clock_change() -> None:
    """00:30 GMT on 16 March to 00:15 BST on 30 March: 14 local days (13 in UTC)."""
    episodes = [
        cramp(local(text), region="lower_back", symptoms={"leg_numbness_tingling"})
        for text in ("2026-03-16T00:30", "2026-03-22T12:00", "2026-03-30T00:15")
    ]
    assert episodes[-1].started_at == utc(2026, 3, 29, 23, 15)
    flag = one(flags(diary(profile(), episodes), "B7"))
    assert (flag.at, flag.evidence) == (episodes[-1].started_at, cramp_refs(*episodes))
    assert "on 3 different days from 16 March 2026 to 30 March 2026" in flag.advice


def test_b7_days_are_local_across_the_autumn_clock_change() -> None:
    """00:30 BST on 12 October (23:30 UTC on the 11th) to noon GMT on 25 October: 13 local
    days, though 14 UTC days apart."""
    episodes = [
        cramp(local(text), region="lower_back", symptoms={"leg_numbness_tingling"})
        for text in ("2026-10-12T00:30", "2026-10-18T12:00", "2026-10-25T12:00")
    ]
    assert episodes[0].started_at == utc(2026, 10, 11, 23, 30)
    assert flags(diary(profile(), episodes), "B7") == []


def test_b7_two_utc_days_that_are_one_local_day_count_once() -> None:
    """00:30 and 22:00 BST on 5 October fall on 4 and 5 October in UTC."""
    episodes = [
        cramp(local(text), symptoms={"leg_numbness_tingling"})
        for text in ("2026-10-05T00:30", "2026-10-05T22:00", "2026-10-19T22:00")
    ]
    assert flags(diary(profile(), episodes), "B7") == []
    third_day = cramp(local("2026-10-10T12:00"), symptoms={"leg_numbness_tingling"})
    assert [f.at for f in flags(diary(profile(), episodes, third_day), "B7")] == [
        episodes[-1].started_at
    ]


@pytest.mark.parametrize("item", sorted(CRAMP_HISTORY))
def test_b5_ignores_the_cramp_related_history(item: HistoryItem) -> None:
    """Diabetes, kidney and thyroid disease, PAD: shown on the report, no rule (vocabulary.md)."""
    episode = cramp(WHEN, region="lower_back")
    assert flags(diary(profile(birth_year=1980, history={item}), episode), "B5") == []
