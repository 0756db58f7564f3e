"""First run: an empty diary opens on a three-step welcome, and "Try with demo data" opens a
separate demo profile (never the person's), with a banner on every page and a way back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from db import crud
from tests.pages.conftest import APP, TIMEOUT_S
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.core.vocabulary import Sex
from tracker.entries.journal import log_entry
from tracker.entries.profile import DEFAULT_PROFILE
from tracker.files import demo_profile

WELCOME = "Welcome to Cramp Tracker"
PROFILE_SAVE = "FormSubmitter:welcome_profile-Save and continue"


@pytest.fixture
def today(db_url: str) -> Callable[[], AppTest]:
    """``today()``: a new session on Today, before the welcome is dismissed."""

    def _open() -> AppTest:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
        at.context = {"timezone": "Europe/London"}
        return run(at)

    return _open


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def shows_welcome(at: AppTest) -> bool:
    return any(h.value == WELCOME for h in at.subheader)


def shows_today(at: AppTest) -> bool:
    return any(h.value == "Drinks today" for h in at.subheader)


def step(at: AppTest) -> str:
    [heading] = [m.value for m in at.markdown if m.value.startswith("#### Step ")]
    return heading.removeprefix("#### ")


def links(at: AppTest) -> dict[str, str]:
    """The main area's links: label → page."""
    return {link.proto.label: link.proto.page for link in at.main.get("page_link")}


def entries(db: Engine, profile: ProfileRead) -> int:
    return sum(
        crud.count_entries(engine=db, kind=kind, profile_id=profile.id) for kind in EntryKind
    )


def demo_banner(at: AppTest) -> list[Any]:
    return [i for i in at.info if "You are looking at demo data" in i.value]


def log_drink(db: Engine, profile: ProfileRead, now: datetime) -> None:
    log_entry(
        engine=db,
        kind=EntryKind.HYDRATION,
        profile_id=profile.id,
        values={"taken_at": now, "volume_ml": 250, "beverage": "water"},
        now=now,
    )


def test_an_empty_diary_opens_on_the_welcome_and_each_step_can_be_skipped(
    today: Callable[[], AppTest], db: Engine, app_profile: ProfileRead
) -> None:
    at = today()
    assert shows_welcome(at) and not shows_today(at)
    assert step(at).startswith("Step 1 of 3")
    assert at.selectbox(key="welcome_timezone").value == "Europe/London"

    at.button(key="welcome_skip").click()
    run(at)
    assert step(at).startswith("Step 2 of 3")
    assert links(at)["Open your cabinet"] == "supplements"

    at.button(key="welcome_skip").click()
    run(at)
    assert step(at).startswith("Step 3 of 3")
    assert links(at)["Log a cramp or pain"] == "cramps"
    assert links(at)["Another drink"] == "drinks"
    assert at.button(key="welcome_skip").label == "Skip: go to Today"
    assert "welcome_dismiss" not in [b.key for b in at.button]  # one way out on the last step

    at.button(key="welcome_skip").click()  # the last skip ends the welcome
    run(at)
    assert not shows_welcome(at) and shows_today(at)
    assert crud.get_profile(engine=db, name=DEFAULT_PROFILE) == app_profile  # nothing stored
    assert not shows_welcome(run(at))  # dismissed for this session


def test_the_welcome_can_be_dismissed_at_once(
    today: Callable[[], AppTest], app_profile: ProfileRead
) -> None:
    at = today()
    at.button(key="welcome_dismiss").click()
    run(at)
    assert not shows_welcome(at) and shows_today(at)


def test_step_one_saves_the_profile_and_moves_on(
    today: Callable[[], AppTest], db: Engine, app_profile: ProfileRead
) -> None:
    at = today()
    at.selectbox(key="welcome_timezone").set_value("America/Chicago")
    at.selectbox(key="welcome_sex").set_value(Sex.MALE)
    at.number_input(key="welcome_goal").set_value(2200)
    at.button(key=PROFILE_SAVE).click()
    run(at)

    stored = crud.get_profile(engine=db, name=DEFAULT_PROFILE)
    assert stored is not None
    assert (stored.timezone, stored.sex, stored.due_date) == ("America/Chicago", "male", None)
    assert stored.hydration_goal_ml == 2200
    assert step(at).startswith("Step 2 of 3")


def test_a_drink_logged_in_step_three_ends_the_welcome(
    today: Callable[[], AppTest], db: Engine, app_profile: ProfileRead
) -> None:
    at = today()
    at.button(key="welcome_skip").click()
    run(at)
    at.button(key="welcome_skip").click()
    run(at)
    first = next(b for b in at.button if b.key and b.key.startswith("welcome_drink_"))
    first.click()
    run(at)
    assert entries(db, app_profile) == 1
    assert not shows_welcome(at) and shows_today(at)


def test_a_diary_with_entries_never_shows_the_welcome(
    today: Callable[[], AppTest], db: Engine, app_profile: ProfileRead, now: datetime
) -> None:
    log_drink(db, app_profile, now)
    at = today()
    assert not shows_welcome(at) and shows_today(at)


def test_try_with_demo_data_opens_a_separate_profile_and_back_shows_the_empty_diary(
    today: Callable[[], AppTest], db: Engine, app_profile: ProfileRead
) -> None:
    at = today()
    at.button(key="welcome_demo").click()
    run(at)

    demo = demo_profile.find_demo(engine=db, own_name=DEFAULT_PROFILE)
    assert demo is not None and demo.id != app_profile.id
    assert entries(db, demo) > 100
    assert entries(db, app_profile) == 0
    assert crud.list_products(engine=db, profile_id=app_profile.id) == []
    assert crud.get_profile(engine=db, name=DEFAULT_PROFILE) == app_profile
    assert not shows_welcome(at) and shows_today(at)  # the demo's Today
    assert len(demo_banner(at)) == 1

    at.switch_page("pages/flags.py")
    run(at)
    assert len(demo_banner(at)) == 1  # on every page while in the demo
    assert at.sidebar.caption[0].value == demo_profile.DEMO_DISPLAY_NAME

    other_tab = today()  # another browser session stays on the person's diary
    assert shows_welcome(other_tab) and demo_banner(other_tab) == []

    at.switch_page("pages/settings.py")
    run(at)
    assert at.text_input(key="settings_display_name").value == demo_profile.DEMO_DISPLAY_NAME
    at.button(key="demo_back").click()
    run(at)
    assert demo_banner(at) == []
    assert at.sidebar.caption[0].value == "Your diary"
    # the form is drawn from the person's profile, not kept from the demo's
    assert at.text_input(key="settings_display_name").value == ""
    at.switch_page("app.py")
    run(at)
    assert shows_welcome(at)  # the person's diary, still empty
    assert entries(db, app_profile) == 0
    assert demo_profile.find_demo(engine=db, own_name=DEFAULT_PROFILE) is not None  # kept


def test_back_and_delete_removes_only_the_demo(
    today: Callable[[], AppTest], db: Engine, app_profile: ProfileRead
) -> None:
    at = today()
    at.toggle(key="welcome_demo_pregnant").set_value(True)
    at.button(key="welcome_demo").click()
    run(at)
    demo = demo_profile.find_demo(engine=db, own_name=DEFAULT_PROFILE)
    assert demo is not None and demo.due_date is not None  # a pregnancy when asked for

    at.button(key="demo_back_delete").click()
    run(at)
    assert demo_banner(at) == []
    assert demo_profile.find_demo(engine=db, own_name=DEFAULT_PROFILE) is None
    assert crud.get_profile(engine=db, name=demo.name) is None
    assert crud.get_profile(engine=db, name=DEFAULT_PROFILE) == app_profile
    assert shows_welcome(at)  # the person's diary is still empty
    assert any("demo data was deleted" in s.value for s in at.success)


def test_the_welcome_offers_the_kept_demo_again_or_to_delete_it(
    today: Callable[[], AppTest], db: Engine, app_profile: ProfileRead, now: datetime
) -> None:
    demo_profile.start_demo(engine=db, own=app_profile, now=now)
    at = today()
    assert at.button(key="welcome_demo").label == "Open the demo data again"
    at.button(key="welcome_delete_demo").click()
    run(at)
    assert demo_profile.find_demo(engine=db, own_name=DEFAULT_PROFILE) is None
    assert at.button(key="welcome_demo").label == "Try with demo data"
    assert shows_welcome(at) and entries(db, app_profile) == 0


def test_settings_offers_the_demo_to_a_diary_with_entries_and_deletes_it(
    today: Callable[[], AppTest], db: Engine, app_profile: ProfileRead, now: datetime
) -> None:
    log_drink(db, app_profile, now)
    at = today()
    at.switch_page("pages/settings.py")
    run(at)
    assert at.button(key="settings_demo").label == "Try with demo data"
    at.button(key="settings_demo").click()
    run(at)
    demo = demo_profile.find_demo(engine=db, own_name=DEFAULT_PROFILE)
    assert demo is not None and entries(db, demo) > 100
    assert entries(db, app_profile) == 1
    assert len(demo_banner(at)) == 1
    assert "settings_demo" not in [b.key for b in at.button]  # in the demo: the banner leads back

    at.button(key="demo_back").click()
    run(at)
    assert at.button(key="settings_demo").label == "Open the demo data again"
    at.button(key="settings_delete_demo").click()
    run(at)
    assert demo_profile.find_demo(engine=db, own_name=DEFAULT_PROFILE) is None
    assert entries(db, app_profile) == 1
    assert any("demo data was deleted" in s.value for s in at.success)
