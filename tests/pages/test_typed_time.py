"""The "When" of every log form: a typed date or time is what is stored; untouched fields mean
"the moment Save is pressed" (even on a page drawn long before); the success message names the
stored local time (issue 7, item 1)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from db.crud import list_entries
from tracker.journal import add_product
from tracker.kinds import EntryKind
from tracker.models import ProfileRead
from tracker.vocabulary import Beverage, EventKind, Quality, Region, Side

LONDON = ZoneInfo("Europe/London")
OpenPage = Callable[..., AppTest]


def _cramp(at: AppTest) -> None:
    at.selectbox(key="cramp_region").set_value(Region.CALF)
    at.button_group(key="cramp_side").set_value(Side.LEFT)
    at.button_group(key="cramp_quality").set_value(Quality.CRAMP)


def _drink(at: AppTest) -> None:
    at.number_input(key="drinks_form_amount").set_value(250)
    at.selectbox(key="drinks_form_beverage").set_value(Beverage.WATER)


def _stock(db: Engine, profile: ProfileRead) -> None:
    add_product(
        engine=db,
        profile_id=profile.id,
        values={"name": "Magnesium", "kind": "supplement", "contents": {"magnesium": 200}},
        now=datetime.now(UTC),
    )


def _event_kind(at: AppTest) -> None:
    at.radio(key="event_kind").set_value(EventKind.MUCUS_PLUG).run()


@dataclass(frozen=True)
class LogForm:
    page: str
    when: str  # the when_input key: its widgets are ``<when>_date`` and ``<when>_time``
    save: str
    kind: EntryKind
    time_field: str
    fill: Callable[[AppTest], None] = lambda at: None
    before_open: Callable[[Engine, ProfileRead], None] = lambda db, profile: None
    before_fill: Callable[[AppTest], None] = lambda at: None
    extra: dict[str, Any] = field(default_factory=dict)

    def open(self, open_page: OpenPage, db: Engine, profile: ProfileRead) -> AppTest:
        self.before_open(db, profile)
        at = open_page(self.page)
        self.before_fill(at)
        self.fill(at)
        return at

    def stored(self, db: Engine, profile: ProfileRead) -> datetime:
        (row,) = list_entries(engine=db, kind=self.kind, profile_id=profile.id)
        moment: datetime = getattr(row, self.time_field)
        return moment


FORMS = {
    "cramp": LogForm(
        "pages/cramps.py",
        "cramp_when",
        "FormSubmitter:cramp_form-Save episode",
        EntryKind.CRAMPS,
        "started_at",
        fill=_cramp,
    ),
    "drink": LogForm(
        "pages/drinks.py",
        "drinks_form_when",
        "FormSubmitter:drinks_form-Save drink",
        EntryKind.HYDRATION,
        "taken_at",
        fill=_drink,
    ),
    "intake": LogForm(
        "pages/supplements.py",
        "intake_when",
        "intake_save",
        EntryKind.SUPPLEMENTS,
        "taken_at",
        before_open=_stock,
    ),
    "event": LogForm(
        "pages/pregnancy.py",
        "event_form_when",
        "event_save",
        EntryKind.EVENTS,
        "occurred_at",
        before_fill=_event_kind,
    ),
}
NEW_ENTRY_FORMS = pytest.mark.parametrize("form", list(FORMS.values()), ids=list(FORMS))


def drawn(at: AppTest, form: LogForm) -> tuple[date, time]:
    day = at.date_input(key=f"{form.when}_date").value
    return day, at.time_input(key=f"{form.when}_time").value


def local(moment: datetime) -> datetime:
    return moment.astimezone(LONDON)


def day_text(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


@NEW_ENTRY_FORMS
def test_a_time_typed_alone_is_stored_and_named_in_the_message(
    form: LogForm, open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    """03:10-style: only the time changed, "When" left as it was drawn."""
    at = form.open(open_page, db, app_profile)
    today, _ = drawn(at, form)
    at.time_input(key=f"{form.when}_time").set_value(time(0, 0))  # earlier today, whenever run
    at.button(key=form.save).click().run()

    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    stored = local(form.stored(db, app_profile))
    assert (stored.date(), stored.hour, stored.minute, stored.second) == (today, 0, 0, 0)
    (message,) = [s.value for s in at.success]
    assert "at 00:00" in message, message
    assert " on " not in message  # today: the time alone


@NEW_ENTRY_FORMS
def test_a_date_typed_alone_is_stored_and_the_message_names_the_day(
    form: LogForm, open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    at = form.open(open_page, db, app_profile)
    today, clock = drawn(at, form)
    yesterday = today - timedelta(days=1)
    at.date_input(key=f"{form.when}_date").set_value(yesterday)
    at.button(key=form.save).click().run()

    assert not at.error, [e.value for e in at.error]
    stored = local(form.stored(db, app_profile))
    assert (stored.date(), stored.time()) == (yesterday, clock)
    (message,) = [s.value for s in at.success]
    assert f"at {clock:%H:%M} on {day_text(yesterday)}" in message, message


@NEW_ENTRY_FORMS
def test_untouched_fields_store_the_moment_of_saving_even_on_a_page_drawn_last_evening(
    form: LogForm, open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    at = form.open(open_page, db, app_profile)
    today, _ = drawn(at, form)
    evening = datetime.combine(today - timedelta(days=1), time(22, 0))
    # The page as a browser tab left open since last evening shows it: drawn at 22:00 yesterday.
    at.session_state[f"{form.when}_drawn"] = evening
    at.date_input(key=f"{form.when}_date").set_value(evening.date())
    at.time_input(key=f"{form.when}_time").set_value(evening.time())
    before = datetime.now(UTC)
    at.button(key=form.save).click().run()
    after = datetime.now(UTC)

    assert not at.error, [e.value for e in at.error]
    stored = form.stored(db, app_profile)
    assert before <= stored <= after  # the page's now, to the microsecond, not the drawn minute
    (message,) = [s.value for s in at.success]
    assert f"at {local(stored):%H:%M}" in message, message


@NEW_ENTRY_FORMS
def test_a_time_typed_alone_on_a_page_drawn_last_evening_is_todays(
    form: LogForm, open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    """The 3 a.m. case: the tab has shown yesterday's date since the evening, and only the time
    is typed. The time's latest occurrence is stored (today's), not yesterday's date with it."""
    at = form.open(open_page, db, app_profile)
    today, _ = drawn(at, form)
    evening = datetime.combine(today - timedelta(days=1), time(22, 0))
    at.session_state[f"{form.when}_drawn"] = evening
    at.date_input(key=f"{form.when}_date").set_value(evening.date())
    at.time_input(key=f"{form.when}_time").set_value(time(0, 0))  # has passed today
    at.button(key=form.save).click().run()

    assert not at.error, [e.value for e in at.error]
    stored = local(form.stored(db, app_profile))
    assert (stored.date(), stored.time()) == (today, time(0, 0))
    (message,) = [s.value for s in at.success]
    assert message.endswith("at 00:00."), message


@NEW_ENTRY_FORMS
def test_a_time_typed_alone_that_is_still_to_come_today_means_last_night(
    form: LogForm, open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    at = form.open(open_page, db, app_profile)
    today, shown = drawn(at, form)
    later = (datetime.combine(today, shown) + timedelta(hours=1)).time()
    # Within the last hour of the day, "an hour later" is 00:xx, which has passed today.
    expected = today - timedelta(days=1) if later > shown else today
    at.time_input(key=f"{form.when}_time").set_value(later)
    at.button(key=form.save).click().run()

    assert not at.error, [e.value for e in at.error]  # not "in the future"
    stored = local(form.stored(db, app_profile))
    assert (stored.date(), stored.time()) == (expected, later)
    (message,) = [s.value for s in at.success]
    named = f"at {later:%H:%M}" + ("." if expected == today else f" on {day_text(expected)}")
    assert named in message, message


@NEW_ENTRY_FORMS
def test_untouched_fields_move_to_the_present_on_the_next_run(
    form: LogForm, open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    at = form.open(open_page, db, app_profile)
    today, _ = drawn(at, form)
    evening = datetime.combine(today - timedelta(days=1), time(22, 0))
    # Fields drawn at 22:00 yesterday and never touched (a form sends nothing until Save).
    at.session_state[f"{form.when}_drawn"] = evening
    at.session_state[f"{form.when}_date"] = evening.date()
    at.session_state[f"{form.when}_time"] = evening.time()
    before = local(datetime.now(UTC)).replace(second=0, microsecond=0)
    at.run()
    after = local(datetime.now(UTC))

    shown = datetime.combine(*drawn(at, form), tzinfo=LONDON)
    assert before <= shown <= after
    # A date the person typed (sent with a refused Save) is never moved.
    at.session_state[f"{form.when}_drawn"] = evening
    at.session_state[f"{form.when}_date"] = today - timedelta(days=3)
    at.session_state[f"{form.when}_time"] = evening.time()
    at.run()
    assert drawn(at, form) == (today - timedelta(days=3), evening.time())


@NEW_ENTRY_FORMS
def test_a_caption_says_which_time_will_be_used(
    form: LogForm, open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    at = form.open(open_page, db, app_profile)
    captions = [c.value for c in at.caption]
    assert any("time you press Save" in c for c in captions), captions
    assert not [c for c in at.checkbox if "just now" in c.label]  # no box to forget


def test_a_typed_time_stays_typed_after_a_refusal(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    """Save without "Where": refused; the typed 00:00 is kept, and used on the next save."""
    form = FORMS["cramp"]
    at = open_page(form.page)
    today, _ = drawn(at, form)
    at.time_input(key=f"{form.when}_time").set_value(time(0, 0))
    at.button(key=form.save).click().run()
    assert "Where: choose one" in at.error[0].value
    assert drawn(at, form) == (today, time(0, 0))
    assert any("the time above, on the latest day it has passed" in c.value for c in at.caption)

    form.fill(at)
    at.button(key=form.save).click().run()
    stored = local(form.stored(db, app_profile))
    assert (stored.date(), stored.hour, stored.minute) == (today, 0, 0)


def test_a_time_typed_back_to_the_drawn_one_after_a_refusal_is_still_typed(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    """Once a Save has sent a changed time, the fields are the person's: typing the drawn
    value back in is an explicit time too (never swapped for the moment of Save)."""
    form = FORMS["cramp"]
    at = open_page(form.page)
    today, clock = drawn(at, form)
    at.time_input(key=f"{form.when}_time").set_value(time(0, 0))
    at.button(key=form.save).click().run()
    assert "Where: choose one" in at.error[0].value

    at.time_input(key=f"{form.when}_time").set_value(clock)  # what the fields first showed
    form.fill(at)
    at.button(key=form.save).click().run()
    stored = local(form.stored(db, app_profile))
    assert (stored.date(), stored.time()) == (today, clock)  # to the second: as typed


def test_a_missed_contraction_keeps_its_typed_start_and_says_when(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    at = open_page("pages/contractions.py")
    today = at.date_input(key="missed_when_date").value
    yesterday = today - timedelta(days=1)
    at.date_input(key="missed_when_date").set_value(yesterday)
    at.time_input(key="missed_when_time").set_value(time(3, 10))
    at.button(key="missed_save").click().run()

    assert not at.error, [e.value for e in at.error]
    (row,) = list_entries(engine=db, kind=EntryKind.CONTRACTIONS, profile_id=app_profile.id)
    stored = local(row.started_at)
    assert (stored.date(), stored.time()) == (yesterday, time(3, 10))
    assert at.success[0].value == f"Added the contraction at 03:10:00 on {day_text(yesterday)}."


@pytest.mark.parametrize(("button", "what"), [("drinks_tap_250", "250 ml of water")])
def test_a_one_tap_drink_names_its_time(
    button: str, what: str, open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    at = open_page("pages/drinks.py")
    at.button(key=button).click().run()
    (row,) = list_entries(engine=db, kind=EntryKind.HYDRATION, profile_id=app_profile.id)
    assert at.success[0].value == f"Logged {what} at {local(row.taken_at):%H:%M}."
