"""Settings page: the profile is validated, stored (not kept in session state) and used."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from db.crud import get_profile
from tracker.core.models import ProfileRead
from tracker.core.vocabulary import HistoryItem, Sex, Units
from tracker.entries.profile import update_profile
from tracker.entries.store import data_location

OpenPage = Callable[..., AppTest]

PAGE = "pages/settings.py"
SAVE = "FormSubmitter:settings_form-Save settings"


def stored(db: Engine) -> ProfileRead:
    profile = get_profile(engine=db, name="default")
    assert profile is not None
    return profile


def london_today() -> date:
    return datetime.now(ZoneInfo("Europe/London")).date()


def test_saved_profile_is_stored_and_shown_in_a_new_session(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    due = london_today() + timedelta(days=19)  # 280 − 19 = 261 days = 37+2
    at = open_page(PAGE)
    at.text_input(key="settings_display_name").set_value("Sam")
    at.selectbox(key="settings_sex").set_value(Sex.FEMALE)
    at.number_input(key="settings_birth_year").set_value(1990)
    at.date_input(key="settings_due_date").set_value(due)
    at.number_input(key="settings_births_before").set_value(1)
    at.multiselect(key="settings_history").set_value([HistoryItem.OSTEOPOROSIS])
    at.selectbox(key="settings_timezone").set_value("America/Chicago")
    at.radio(key="settings_units").set_value(Units.US)
    at.number_input(key="settings_goal").set_value(2100)
    at.button(key=SAVE).click().run()

    assert not at.error
    assert at.success[0].value == "Settings saved."
    profile = stored(db)
    assert profile.display_name == "Sam"
    assert (profile.sex, profile.birth_year, profile.due_date) == ("female", 1990, due)
    assert profile.births_before == 1
    assert profile.history == {"osteoporosis"}
    assert (profile.timezone, profile.units, profile.hydration_goal_ml) == (
        "America/Chicago",
        "us",
        2100,
    )

    again = open_page(PAGE)  # a new browser session: only the database remembers
    assert again.text_input(key="settings_display_name").value == "Sam"
    assert again.number_input(key="settings_birth_year").value == 1990
    assert again.date_input(key="settings_due_date").value == due
    assert again.selectbox(key="settings_timezone").value == "America/Chicago"
    assert again.radio(key="settings_units").value == Units.US
    assert again.number_input(key="settings_goal").value == 71.0  # 2100 ml in fl oz
    # 7-1-1 after a birth, shown as the rule in force
    assert any("Go-in rule now: **7-1-1**" in c.value for c in again.caption)


def test_bad_birth_year_is_named_and_nothing_stored(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    at = open_page(PAGE)
    at.text_input(key="settings_display_name").set_value("Should not be saved")
    at.number_input(key="settings_birth_year").set_value(2090)
    at.button(key=SAVE).click().run()

    assert "Birth year: 2090 is in the future" in at.error[0].value
    assert not at.success
    profile = stored(db)
    assert profile.display_name == "" and profile.birth_year is None


def test_gestational_age_is_shown_and_the_due_date_can_be_cleared(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, now: datetime
) -> None:
    due = london_today() + timedelta(days=19)
    update_profile(engine=db, profile=app_profile, changes={"due_date": due}, now=now)
    at = open_page(PAGE)
    assert any(c.value == "Today you are 37+2 weeks pregnant." for c in at.caption)

    at.checkbox(key="settings_clear_due_date").check()
    at.button(key=SAVE).click().run()

    assert stored(db).due_date is None
    assert at.date_input(key="settings_due_date").value is None
    assert not any("pregnant" in c.value for c in at.caption)
    assert not any(c.key == "settings_clear_due_date" for c in at.checkbox)


def test_own_labour_rule_then_back_to_default(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    at = open_page(PAGE)
    assert any("Go-in rule now: **5-1-1**" in c.value for c in at.caption)
    at.toggle(key="settings_labour_own").set_value(True)
    at.number_input(key="settings_labour_interval_min").set_value(4)
    at.number_input(key="settings_labour_duration_s").set_value(45)
    at.number_input(key="settings_labour_sustained_min").set_value(90)
    at.button(key=SAVE).click().run()

    profile = stored(db)
    assert (
        profile.labour_interval_min,
        profile.labour_duration_s,
        profile.labour_sustained_min,
    ) == (4, 45, 90)
    assert any("every 4 minutes or less, each lasting 45 seconds" in c.value for c in at.caption)

    at.toggle(key="settings_labour_own").set_value(False)
    at.button(key=SAVE).click().run()
    assert stored(db).labour_interval_min is None
    assert any("Go-in rule now: **5-1-1**" in c.value for c in at.caption)


def test_empty_goal_shows_the_reference(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, now: datetime
) -> None:
    update_profile(engine=db, profile=app_profile, changes={"sex": "male"}, now=now)
    at = open_page(PAGE)
    assert at.number_input(key="settings_goal").value is None
    assert any(c.value.startswith("Reference for men: 2,000 ml") for c in at.caption)


def test_browser_time_zone_is_offered_when_it_differs(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, now: datetime
) -> None:
    update_profile(engine=db, profile=app_profile, changes={"timezone": "Asia/Tokyo"}, now=now)
    at = open_page(PAGE)  # the browser says Europe/London
    at.button(key="use_browser_zone").click().run()

    assert at.success[0].value == "Time zone set to Europe/London."
    assert stored(db).timezone == "Europe/London"
    assert at.selectbox(key="settings_timezone").value == "Europe/London"
    assert not any(b.key == "use_browser_zone" for b in at.button)


def test_us_units_make_the_drinks_page_speak_fluid_ounces(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    at = open_page(PAGE)
    at.radio(key="settings_units").set_value(Units.US)
    at.button(key=SAVE).click().run()

    at.switch_page("pages/drinks.py").run()
    assert at.number_input(key="drinks_form_amount").label == "Amount (fl oz)"
    assert "+8 fl oz" in [b.label for b in at.button]


def test_where_the_data_lives_is_shown(open_page: OpenPage, db_url: str) -> None:
    at = open_page(PAGE)
    assert at.code[0].value == db_url.removeprefix("sqlite:///")
    assert any("copy the file" in c.value for c in at.caption)


def test_a_server_password_is_never_shown() -> None:
    shown, backup = data_location("postgresql+psycopg://sam:s3cret@db.example/tracker")
    assert "s3cret" not in shown
    assert shown == "postgresql+psycopg://sam:***@db.example/tracker"
    assert "pg_dump" in backup


CRAMP_HISTORY_CODES = {
    "diabetes",
    "kidney_disease",
    "thyroid_disorder",
    "peripheral_arterial_disease",
}


def test_cramp_related_history_is_offered_with_labels_and_stored(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    at = open_page(PAGE)
    picker = at.multiselect(key="settings_history")
    offered = set(picker.options)
    labels = {HistoryItem(code).label for code in CRAMP_HISTORY_CODES}
    assert labels <= offered  # labels, never codes, in what a person reads
    assert not CRAMP_HISTORY_CODES & offered
    picker.set_value([HistoryItem(code) for code in sorted(CRAMP_HISTORY_CODES)])
    at.button(key=SAVE).click().run()

    assert not at.error
    assert stored(db).history == CRAMP_HISTORY_CODES
    again = open_page(PAGE)  # a new session draws the form from what is stored
    assert set(again.multiselect(key="settings_history").value) == {
        HistoryItem(code) for code in CRAMP_HISTORY_CODES
    }


def test_a_man_without_a_due_date_is_not_asked_about_births_and_labour(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    now = datetime.now(ZoneInfo("UTC"))
    update_profile(
        engine=db, profile=app_profile, changes={"sex": "male", "births_before": 2}, now=now
    )
    at = open_page(PAGE)
    keys = {w.key for w in at.number_input}
    assert "settings_births_before" not in keys
    assert "settings_labour_interval_min" not in keys
    assert not any("Go-in rule" in c.value for c in at.caption)
    assert at.date_input(key="settings_due_date").value is None  # a due date can still be set
    at.text_input(key="settings_display_name").set_value("Sam")
    at.button(key=SAVE).click().run()
    assert not at.error
    profile = stored(db)
    assert (profile.display_name, profile.births_before) == ("Sam", 2)  # kept as stored
    assert profile.labour_interval_min is None

    woman = update_profile(engine=db, profile=profile, changes={"sex": "female"}, now=now)
    assert woman.sex == "female"
    keys = {w.key for w in open_page(PAGE).number_input}
    assert {"settings_births_before", "settings_labour_interval_min"} <= keys
