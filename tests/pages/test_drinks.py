"""Drinks page: one-tap sizes, a custom amount in the person's unit, today's total and list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Progress

from db.crud import list_entries
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.core.vocabulary import Beverage
from tracker.entries.profile import update_profile

OpenPage = Callable[..., AppTest]


def progress_bar(at: AppTest) -> Progress:
    (bar,) = at.get("progress")
    assert isinstance(bar, Progress)
    return bar


PAGE = "pages/drinks.py"
SAVE = "FormSubmitter:drinks_form-Save drink"


def london(moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo("Europe/London"))


def drinks_in(db: Engine, profile: ProfileRead) -> list[Any]:
    return list_entries(engine=db, kind=EntryKind.HYDRATION, profile_id=profile.id)


def test_one_tap_logs_water_and_counts_it_against_the_goal(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    at = open_page(PAGE)
    assert at.info[0].value == "No drinks logged yet today."
    assert not at.main.markdown  # no stray text above the page (Streamlit "magic")
    assert [b.label for b in at.button if (b.key or "").startswith("drinks_tap_")] == [
        "+150 ml",
        "+250 ml",
        "+330 ml",
        "+500 ml",
    ]
    at.button(key="drinks_tap_250").click().run()

    (row,) = drinks_in(db, app_profile)
    assert at.success[0].value == f"Logged 250 ml of water at {london(row.taken_at):%H:%M}."
    assert (row.volume_ml, row.beverage) == (250, "water")
    assert list(at.dataframe[0].value["What"]) == ["250 ml water"]
    assert progress_bar(at).text == "Today: 250 ml of 1,600 ml · 1,350 ml to go"
    assert progress_bar(at).value == 15


def test_the_beverage_chosen_for_the_taps_is_kept(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    at = open_page(PAGE)
    at.button_group(key="drinks_tap_beverage").set_value(Beverage.TEA).run()
    at.button(key="drinks_tap_330").click().run()
    at.button(key="drinks_tap_150").click().run()

    assert [(d.volume_ml, d.beverage) for d in drinks_in(db, app_profile)] == [
        (330, "tea"),
        (150, "tea"),
    ]
    assert at.button_group(key="drinks_tap_beverage").value == Beverage.TEA


def test_custom_amount_with_beverage_and_note(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    at = open_page(PAGE)
    at.number_input(key="drinks_form_amount").set_value(400)
    at.selectbox(key="drinks_form_beverage").set_value(Beverage.JUICE)
    at.text_area(key="drinks_form_note").set_value("after the walk")
    at.button(key=SAVE).click().run()

    (row,) = drinks_in(db, app_profile)
    assert at.success[0].value == f"Logged 400 ml of juice at {london(row.taken_at):%H:%M}."
    assert (row.volume_ml, row.beverage, row.note) == (400, "juice", "after the walk")
    assert list(at.dataframe[0].value["What"]) == ["400 ml juice"]
    assert at.number_input(key="drinks_form1_amount").value is None  # ready for the next one


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (0, "Amount: must be more than 0"),
        (5000, "at most 3,000 ml"),
        (None, "Amount: enter how much you drank"),
    ],
)
def test_bad_amount_is_refused_and_nothing_stored(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, amount: float | None, message: str
) -> None:
    at = open_page(PAGE)
    at.number_input(key="drinks_form_amount").set_value(amount)
    at.button(key=SAVE).click().run()

    assert message in at.error[0].value
    assert drinks_in(db, app_profile) == []
    assert not at.success
    assert progress_bar(at).text.startswith("Today: 0 ml of 1,600 ml")


def test_us_units_show_and_take_fluid_ounces(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, now: datetime
) -> None:
    update_profile(engine=db, profile=app_profile, changes={"units": "us"}, now=now)
    at = open_page(PAGE)
    assert [b.label for b in at.button if (b.key or "").startswith("drinks_tap_")] == [
        "+8 fl oz",
        "+12 fl oz",
        "+16 fl oz",
        "+20 fl oz",
    ]
    assert at.number_input(key="drinks_form_amount").label == "Amount (fl oz)"
    at.number_input(key="drinks_form_amount").set_value(10)
    at.button(key=SAVE).click().run()

    (row,) = drinks_in(db, app_profile)
    assert row.volume_ml == pytest.approx(295.735, abs=0.01)
    assert list(at.dataframe[0].value["What"]) == ["10 fl oz water"]
    assert progress_bar(at).text.startswith("Today: 10 fl oz of 54.1 fl oz")


def test_own_goal_is_used(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, now: datetime
) -> None:
    update_profile(engine=db, profile=app_profile, changes={"hydration_goal_ml": 2500}, now=now)
    at = open_page(PAGE)
    at.button(key="drinks_tap_500").click().run()
    assert progress_bar(at).text == "Today: 500 ml of 2,500 ml · 2,000 ml to go"
    assert any(c.value.startswith("Your own goal: 2,500 ml") for c in at.caption)
