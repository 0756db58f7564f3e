"""Hydration and supplement rules H1, N1–N5 (red-flags.md): each fires on its trigger and stays
quiet just outside each threshold. Days are local days in Europe/London (the builders' zone)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from tests.tracker.flags.builders import (
    diary,
    drink,
    intake,
    local,
    pregnant_profile,
    product,
    profile,
    utc,
)
from tracker.core.kinds import EntryKind
from tracker.core.models import DrinkRead, ProductRead, ProfileRead
from tracker.flags import Diary, Flag, Severity, evaluate
from tracker.flags.model import EntryRef

LATER = utc(2027, 1, 1)
"""Evaluated long after every entry below (all days complete)."""


def flags(data: Diary, rule: str, at: datetime = LATER) -> list[Flag]:
    return evaluate(data, at, rules=[rule])


def supplements(*ids: int) -> tuple[EntryRef, ...]:
    return tuple(EntryRef(EntryKind.SUPPLEMENTS, i) for i in ids)


# --- H1: low fluid days ------------------------------------------------------------------------


def day_of_drinks(day: date, total_ml: float) -> list[DrinkRead]:
    """Two drinks on a London local day (10:00 and 16:00) adding up to ``total_ml``."""
    return [
        drink(local(f"{day}T10:00"), total_ml / 2),
        drink(local(f"{day}T16:00"), total_ml / 2),
    ]


def days_of_drinks(first: date, totals: list[float | None]) -> list[DrinkRead]:
    """Consecutive local days from ``first``; ``None`` = no drink logged that day."""
    out: list[DrinkRead] = []
    for offset, total in enumerate(totals):
        if total is not None:
            out += day_of_drinks(first + timedelta(days=offset), total)
    return out


MARCH_2 = date(2026, 3, 2)


def test_h1_three_low_days_of_seven_is_one_info_flag_at_the_midnight_ending_the_third() -> None:
    drinks = days_of_drinks(MARCH_2, [1600, 1700, 2000, 1600, 1500, 1200, 1599])
    [flag] = flags(diary(profile(), drinks), "H1")

    assert flag.severity == Severity.INFO
    assert flag.at == local("2026-03-09T00:00")  # the 7th day (8 March) complete
    low_drinks = drinks[8:]  # 6, 7 and 8 March
    assert flag.evidence == tuple(EntryRef(EntryKind.HYDRATION, d.id) for d in low_drinks)
    assert "3 of your last 7 days" in flag.title
    assert "1,600 ml" in flag.advice and "common cause of cramps" in flag.advice
    assert "magnesium" not in flag.advice.lower()


def test_h1_two_low_days_and_one_exactly_at_the_reference_is_no_flag() -> None:
    drinks = days_of_drinks(MARCH_2, [1600, 1700, 2000, 1600, 1500, 1200, 1600])
    assert flags(diary(profile(), drinks), "H1") == []


def test_h1_the_current_day_is_not_complete_so_it_does_not_count() -> None:
    drinks = days_of_drinks(MARCH_2, [1500, 1500, 300])  # the third day is still going
    data = diary(profile(), drinks)
    assert flags(data, "H1", at=local("2026-03-04T20:00")) == []
    [flag] = flags(data, "H1", at=local("2026-03-05T00:00"))  # once it is over, it counts
    assert flag.at == local("2026-03-05T00:00")


def test_h1_days_without_drinks_are_neither_low_nor_part_of_the_seven() -> None:
    # Nothing logged on 5 days: not counted as low (2 low days only) ...
    quiet = days_of_drinks(MARCH_2, [1500, None, None, None, None, None, 1500])
    assert flags(diary(profile(), quiet), "H1") == []
    # ... and they do not push a low day out of the last 7 days *with drinks*.
    spread = days_of_drinks(MARCH_2, [1500, *[None] * 10, 1500, 2000, 2000, 2000, 2000, 1500])
    [flag] = flags(diary(profile(), spread), "H1")
    assert flag.at == local("2026-03-19T00:00")


def test_h1_only_the_last_seven_days_with_drinks_count() -> None:
    # Low on days 1, 2 and 8: at most 2 of any 7 consecutive drink days are low (3 of 8).
    drinks = days_of_drinks(MARCH_2, [1500, 1500, *[2000] * 5, 1500])
    assert flags(diary(profile(), drinks), "H1") == []


def test_h1_a_lasting_pattern_is_one_flag_and_a_new_run_is_another() -> None:
    totals: list[float | None] = [1000, 1000, 1000, 1000, *[2000] * 7, 1000, 1000, 1000]
    found = flags(diary(profile(), days_of_drinks(MARCH_2, totals)), "H1")
    assert [f.at for f in found] == [local("2026-03-16T00:00"), local("2026-03-05T00:00")]


@pytest.mark.parametrize(
    ("person", "low_ml", "fine_ml"),
    [
        (profile(sex="female"), 1599, 1600),
        (profile(sex="male"), 1999, 2000),
        (profile(sex="other"), 1599, 1600),
        (profile(sex=None), 1599, 1600),
        (pregnant_profile(200, MARCH_2, sex="female"), 1899, 1900),  # +300 ml in pregnancy
        (pregnant_profile(200, MARCH_2, sex="male"), 2299, 2300),
        (profile(sex="male", hydration_goal_ml=1200), 1199, 1200),  # the person's own goal wins
        (pregnant_profile(200, MARCH_2, hydration_goal_ml=2500), 2499, 2500),
    ],
)
def test_h1_reference_by_sex_pregnancy_and_own_goal(
    person: ProfileRead, low_ml: float, fine_ml: float
) -> None:
    assert len(flags(diary(person, days_of_drinks(MARCH_2, [low_ml] * 3)), "H1")) == 1
    assert flags(diary(person, days_of_drinks(MARCH_2, [fine_ml] * 3)), "H1") == []


def test_h1_advice_names_the_own_goal_or_the_reference() -> None:
    low = days_of_drinks(MARCH_2, [1000] * 3)
    [own] = flags(diary(profile(hydration_goal_ml=1200), low), "H1")
    assert "your own daily goal of 1,200 ml" in own.advice
    [reference] = flags(diary(profile(sex="male"), low), "H1")
    assert "the daily drinks reference of 2,000 ml" in reference.advice
    assert "Mon 2 Mar 2026: 1,000 ml" in reference.advice


def test_h1_pregnancy_extra_counts_only_on_days_of_the_pregnancy() -> None:
    # GA 0 on 5 March: 2 to 4 March are before the pregnancy (reference 1600, 1800 ml is fine).
    person = pregnant_profile(0, date(2026, 3, 5))
    before = days_of_drinks(MARCH_2, [1800, 1800, 1800])
    assert flags(diary(person, before), "H1") == []
    during = days_of_drinks(date(2026, 3, 5), [1800, 1800, 1800])
    [flag] = flags(diary(person, during), "H1")
    assert "1,900 ml" in flag.advice


def test_h1_local_days_over_the_spring_clock_change() -> None:
    # 29 March 2026 is 23 hours long in London; a drink at 00:30 BST on 30 March (23:30 UTC
    # on the 29th) belongs to 30 March, and the flag is at London midnight (23:00 UTC).
    drinks = [
        *day_of_drinks(date(2026, 3, 27), 1000),
        *day_of_drinks(date(2026, 3, 28), 1000),
        drink(local("2026-03-29T00:30"), 1000),
        drink(local("2026-03-30T00:30"), 1000),  # would make 29 March 2000 ml in UTC days
    ]
    [flag] = flags(diary(profile(), drinks), "H1")
    assert flag.at == utc(2026, 3, 29, 23, 0)
    assert EntryRef(EntryKind.HYDRATION, drinks[-1].id) not in flag.evidence


def test_h1_us_units_speak_in_fluid_ounces() -> None:
    person = profile().model_copy(update={"units": "us"})
    [flag] = flags(diary(person, days_of_drinks(MARCH_2, [1000] * 3)), "H1")
    assert "54.1 fl oz" in flag.advice  # 1600 ml


# --- N1: magnesium -------------------------------------------------------------------------------


def magnesium(mg: float, *, kind: str = "supplement") -> ProductRead:
    return product(f"Magnesium {mg} mg", kind=kind, contents={"magnesium": mg})


def test_n1_350_mg_in_a_day_is_no_flag() -> None:
    a, b = magnesium(200), magnesium(150)
    data = diary(
        profile(), a, b, intake(local("2026-03-02T08:00"), a), intake(local("2026-03-02T20:00"), b)
    )
    assert flags(data, "N1") == []


def test_n1_350_5_mg_is_one_routine_flag_at_the_intake_that_went_over() -> None:
    a, b = magnesium(200), magnesium(150.5)
    first = intake(local("2026-03-02T08:00"), a)
    second = intake(local("2026-03-02T20:00"), b)
    third = intake(local("2026-03-02T22:00"), a)  # still the same day: no second flag
    [flag] = flags(diary(profile(), a, b, first, second, third), "N1")

    assert (flag.rule, flag.severity, flag.at) == ("N1", Severity.ROUTINE, second.taken_at)
    assert flag.evidence == supplements(first.id, second.id)
    assert "350.5 mg" in flag.advice and "350 mg" in flag.advice
    assert "250 mg" in flag.advice  # European bodies' lower figure is noted
    assert "doctor or pharmacist" in flag.advice


def test_n1_magnesium_from_a_medicine_counts() -> None:
    supplement, medicine = magnesium(200), magnesium(151, kind="medicine")
    taken = [
        intake(local("2026-03-02T08:00"), supplement),
        intake(local("2026-03-02T09:00"), medicine),
    ]
    [flag] = flags(diary(profile(), supplement, medicine, taken), "N1")
    assert flag.evidence == supplements(*(t.id for t in taken))


def test_n1_units_multiply_and_float_noise_never_tips_the_total() -> None:
    tablet = magnesium(318.1818181818182)
    exact = diary(profile(), tablet, intake(local("2026-03-02T08:00"), tablet, units=1.1))
    assert flags(exact, "N1") == []  # 1.1 × 318.18… = 350.00000000000006 in floats
    two = magnesium(180)
    assert len(flags(diary(profile(), two, intake(local("2026-03-02T08:00"), two, 2)), "N1")) == 1


def test_n1_days_do_not_add_up_and_each_day_over_is_its_own_flag() -> None:
    tablet = magnesium(300)
    taken = [intake(local(f"2026-03-0{d}T08:00"), tablet) for d in (2, 3)]
    assert flags(diary(profile(), tablet, taken), "N1") == []
    twice = [intake(local(f"2026-03-0{d}T{h}:00"), tablet) for d in (2, 3) for h in ("08", "20")]
    assert len(flags(diary(profile(), tablet, twice), "N1")) == 2


def test_n1_local_midnight_starts_the_next_day() -> None:
    tablet = magnesium(200)
    taken = [
        intake(local("2026-03-02T23:59:59"), tablet),
        intake(local("2026-03-03T00:00:00"), tablet),
    ]
    assert flags(diary(profile(), tablet, taken), "N1") == []
    third = intake(local("2026-03-03T00:00:01"), tablet)
    [flag] = flags(diary(profile(), tablet, taken, third), "N1")
    assert flag.evidence == supplements(taken[1].id, third.id)


def test_n1_local_days_over_the_autumn_clock_change() -> None:
    # 25 October 2026 is 25 hours long in London: 00:30 BST (23:30 UTC on the 24th) and
    # 23:30 GMT are the same local day, though two UTC days.
    tablet = magnesium(200)
    autumn = [intake(local("2026-10-25T00:30"), tablet), intake(local("2026-10-25T23:30"), tablet)]
    assert autumn[0].taken_at.date() != autumn[1].taken_at.date()
    [flag] = flags(diary(profile(), tablet, autumn), "N1")
    assert flag.at == autumn[1].taken_at
    # 29 March 2026: 00:30 GMT and 00:30 BST next day are one UTC day but two local days.
    spring = [intake(local("2026-03-29T00:30"), tablet), intake(local("2026-03-30T00:30"), tablet)]
    assert spring[0].taken_at.date() == spring[1].taken_at.date()
    assert flags(diary(profile(), tablet, spring), "N1") == []


# --- N2: calcium and vitamin D -------------------------------------------------------------------


def calcium(mg: float, *, kind: str = "supplement") -> ProductRead:
    return product(f"Calcium {mg} mg", kind=kind, contents={"calcium": mg})


@pytest.mark.parametrize(
    ("birth_year", "fine_mg", "over_mg"),
    [
        (None, 2500, 2501),
        (1976, 2500, 2501),  # 50 in 2026
        (1975, 2000, 2001),  # 51 in 2026: the lower level
    ],
)
def test_n2_calcium_limit_by_age(birth_year: int | None, fine_mg: float, over_mg: float) -> None:
    person = profile(birth_year=birth_year)
    fine, over = calcium(fine_mg), calcium(over_mg)
    quiet = diary(person, fine, intake(local("2026-03-02T08:00"), fine))
    assert flags(quiet, "N2") == []
    taken = intake(local("2026-03-02T08:00"), over)
    [flag] = flags(diary(person, over, taken), "N2")
    assert (flag.severity, flag.at, flag.title) == (
        Severity.ROUTINE,
        taken.taken_at,
        "Calcium above the daily upper level",
    )
    assert f"{fine_mg:,} mg" in flag.advice


def test_n2_age_is_taken_in_the_year_of_the_intake() -> None:
    person = profile(birth_year=1975)  # 50 in 2025, 51 in 2026
    tablet = calcium(2100)
    taken = [intake(local("2025-12-31T20:00"), tablet), intake(local("2026-01-01T08:00"), tablet)]
    [flag] = flags(diary(person, tablet, taken), "N2")
    assert flag.at == taken[1].taken_at


def test_n2_calcium_from_a_medicine_is_not_counted() -> None:
    medicine = calcium(3000, kind="medicine")
    assert (
        flags(diary(profile(), medicine, intake(local("2026-03-02T08:00"), medicine)), "N2") == []
    )


def vitamin_d(ug: float, *, kind: str = "supplement") -> ProductRead:
    return product(f"Vitamin D {ug} µg", kind=kind, contents={"vitamin_d": ug})


def test_n2_vitamin_d_100_ug_is_fine_101_is_a_flag() -> None:
    fine, over = vitamin_d(100), vitamin_d(101)
    assert flags(diary(profile(), fine, intake(local("2026-03-02T08:00"), fine)), "N2") == []
    [flag] = flags(diary(profile(), over, intake(local("2026-03-02T08:00"), over)), "N2")
    assert flag.title == "Vitamin D above the daily upper level"
    assert "101 µg" in flag.advice and "100 µg" in flag.advice


def test_n2_vitamin_d_in_us_units_is_told_in_iu() -> None:
    person = profile().model_copy(update={"units": "us"})
    tablet = vitamin_d(125)
    [flag] = flags(diary(person, tablet, intake(local("2026-03-02T08:00"), tablet)), "N2")
    assert "5,000 IU" in flag.advice and "4,000 IU" in flag.advice


def test_n2_calcium_and_vitamin_d_over_on_one_day_are_two_flags() -> None:
    both = product("Calcium + D", contents={"calcium": 1300, "vitamin_d": 60})
    first = intake(local("2026-03-02T08:00"), both)
    second = intake(local("2026-03-02T20:00"), both)
    found = flags(diary(profile(), both, first, second), "N2")
    assert sorted(f.title for f in found) == [
        "Calcium above the daily upper level",
        "Vitamin D above the daily upper level",
    ]
    assert {f.at for f in found} == {second.taken_at}


# --- N3: iron ------------------------------------------------------------------------------------


def iron(mg: float, *, prescribed: bool = False) -> ProductRead:
    return product(f"Iron {mg} mg", contents={"iron": mg}, prescribed=prescribed)


def test_n3_45_mg_is_fine_45_5_is_a_flag() -> None:
    fine, over = iron(45), iron(45.5)
    assert flags(diary(profile(), fine, intake(local("2026-03-02T08:00"), fine)), "N3") == []
    taken = intake(local("2026-03-02T08:00"), over)
    [flag] = flags(diary(profile(), over, taken), "N3")
    assert (flag.severity, flag.at, flag.evidence) == (
        Severity.ROUTINE,
        taken.taken_at,
        supplements(taken.id),
    )
    assert "45.5 mg" in flag.advice and "doctor or pharmacist" in flag.advice


def test_n3_prescribed_iron_is_not_counted() -> None:
    prescribed, bought = iron(65, prescribed=True), iron(14)
    taken = [
        intake(local("2026-03-02T08:00"), prescribed),
        intake(local("2026-03-02T09:00"), bought, units=3),  # 42 mg not prescribed
    ]
    assert flags(diary(profile(), prescribed, bought, taken), "N3") == []


# --- N4: retinol in pregnancy ------------------------------------------------------------------


MULTI = product("Multivitamin A", contents={"vitamin_a_retinol": 800, "vitamin_d": 10})


def test_n4_pregnant_and_retinol_is_a_routine_flag() -> None:
    taken = intake(local("2026-03-02T08:00"), MULTI)
    [flag] = flags(diary(pregnant_profile(70, MARCH_2), MULTI, taken), "N4")
    assert (flag.severity, flag.at, flag.evidence) == (
        Severity.ROUTINE,
        taken.taken_at,
        supplements(taken.id),
    )
    assert "Multivitamin A" in flag.title and "midwife" in flag.advice


@pytest.mark.parametrize(
    "person", [profile(), pregnant_profile(-1, MARCH_2)], ids=["no due date", "before GA 0"]
)
def test_n4_not_pregnant_at_the_intake_is_no_flag(person: ProfileRead) -> None:
    assert flags(diary(person, MULTI, intake(local("2026-03-02T08:00"), MULTI)), "N4") == []


def test_n4_a_product_without_retinol_is_no_flag() -> None:
    folic = product("Folic acid", contents={"folic_acid": 400})
    data = diary(pregnant_profile(70, MARCH_2), folic, intake(local("2026-03-02T08:00"), folic))
    assert flags(data, "N4") == []


# --- N5: potassium -------------------------------------------------------------------------------


def test_n5_any_potassium_intake_is_information() -> None:
    salts = product("Electrolyte tablet", contents={"potassium": 200, "magnesium": 50})
    plain = product("Vitamin C", contents={"other": 500})
    taken = [intake(local("2026-03-02T08:00"), salts), intake(local("2026-03-02T09:00"), plain)]
    [flag] = flags(diary(profile(), salts, plain, taken), "N5")
    assert (flag.severity, flag.evidence) == (Severity.INFO, supplements(taken[0].id))
    assert "kidney disease" in flag.advice


# --- wording --------------------------------------------------------------------------------------

DOSING_WORDS = ("take less", "reduce", "cut down", "stop taking", "lower your dose", "increase")


def test_no_rule_here_gives_dosing_advice_or_suggests_magnesium() -> None:
    everything = product(
        "Everything",
        contents={
            "magnesium": 400,
            "calcium": 3000,
            "vitamin_d": 200,
            "iron": 60,
            "vitamin_a_retinol": 800,
            "potassium": 99,
        },
    )
    person = pregnant_profile(200, MARCH_2, birth_year=1960)
    data = diary(
        person,
        everything,
        intake(local("2026-03-02T08:00"), everything),
        days_of_drinks(MARCH_2, [500] * 4),
    )
    found = evaluate(data, LATER, rules=["H1", "N1", "N2", "N3", "N4", "N5"])
    assert sorted({f.rule for f in found}) == ["H1", "N1", "N2", "N3", "N4", "N5"]
    for flag in found:
        assert not any(word in flag.advice.lower() for word in DOSING_WORDS), flag
        assert flag.sources
        if flag.rule != "N1":
            assert "magnesium" not in flag.advice.lower(), flag
