"""The "When" of every log form: a typed date or time is what is stored; untouched fields mean
"the moment Save is pressed" (even on a page drawn long before); the success message names the
stored local time (issue 7, item 1).

The pages' clock is pinned (``page_now``, ``pin_clock``): 21:40 on Sun 1 March 2026 in London
(GMT, so local = UTC), or a tab drawn at 22:00 that evening and saved at 03:15 the next night."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from db.crud import list_entries
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.core.vocabulary import Beverage, EventKind, Quality, Region, Side
from tracker.entries.journal import add_product

LONDON = ZoneInfo("Europe/London")
OpenPage = Callable[..., AppTest]
PinClock = Callable[[datetime], datetime]

EVENING = datetime(2026, 3, 1, 22, 0, tzinfo=LONDON)
"""When a tab was drawn and left open: 22:00 on Sun 1 March."""
SMALL_HOURS = datetime(2026, 3, 2, 3, 15, 27, 123456, tzinfo=LONDON)
"""When Save is pressed in it: 03:15:27.123456 on Mon 2 March (seconds kept: what is stored is
the moment of saving to the microsecond, not the minute the fields show)."""


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
        now=EVENING - timedelta(days=1),
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
    form: LogForm, open_page: OpenPage, db: Engine, app_profile: ProfileRead, page_now: datetime
) -> None:
    """03:10-style: only the time changed, "When" left as it was drawn."""
    at = form.open(open_page, db, app_profile)
    today, _ = drawn(at, form)
    assert today == date(2026, 3, 1)
    at.time_input(key=f"{form.when}_time").set_value(time(0, 0))  # earlier today
    at.button(key=form.save).click().run()

    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert form.stored(db, app_profile) == datetime(2026, 3, 1, 0, 0, tzinfo=LONDON)
    (message,) = [s.value for s in at.success]
    assert "at 00:00" in message, message
    assert " on " not in message  # today: the time alone


@NEW_ENTRY_FORMS
def test_a_date_typed_alone_is_stored_and_the_message_names_the_day(
    form: LogForm, open_page: OpenPage, db: Engine, app_profile: ProfileRead, page_now: datetime
) -> None:
    at = form.open(open_page, db, app_profile)
    today, clock = drawn(at, form)
    assert (today, clock) == (date(2026, 3, 1), time(21, 40))
    yesterday = today - timedelta(days=1)
    at.date_input(key=f"{form.when}_date").set_value(yesterday)
    at.button(key=form.save).click().run()

    assert not at.error, [e.value for e in at.error]
    assert form.stored(db, app_profile) == datetime(2026, 2, 28, 21, 40, tzinfo=LONDON)
    (message,) = [s.value for s in at.success]
    assert "at 21:40 on Sat 28 Feb" in message, message


@NEW_ENTRY_FORMS
def test_untouched_fields_store_the_moment_of_saving_even_on_a_page_drawn_last_evening(
    form: LogForm, open_page: OpenPage, db: Engine, app_profile: ProfileRead, pin_clock: PinClock
) -> None:
    pin_clock(EVENING)  # a browser tab drawn at 22:00 and left open
    at = form.open(open_page, db, app_profile)
    assert drawn(at, form) == (date(2026, 3, 1), time(22, 0))
    pin_clock(SMALL_HOURS)
    at.button(key=form.save).click().run()

    assert not at.error, [e.value for e in at.error]
    assert form.stored(db, app_profile) == SMALL_HOURS  # to the microsecond, not the drawn minute
    (message,) = [s.value for s in at.success]
    assert message.endswith("at 03:15."), message


@NEW_ENTRY_FORMS
def test_a_time_typed_alone_on_a_page_drawn_last_evening_is_todays(
    form: LogForm, open_page: OpenPage, db: Engine, app_profile: ProfileRead, pin_clock: PinClock
) -> None:
    """The 3 a.m. case: the tab has shown yesterday's date since the evening, and only the time
    is typed (03:10, at 03:15). The time's latest occurrence is stored (today's), not
    yesterday's date with it."""
    pin_clock(EVENING)
    at = form.open(open_page, db, app_profile)
    pin_clock(SMALL_HOURS)
    at.time_input(key=f"{form.when}_time").set_value(time(3, 10))  # has passed today
    assert drawn(at, form)[0] == date(2026, 3, 1)  # the date field still shows last evening's
    at.button(key=form.save).click().run()

    assert not at.error, [e.value for e in at.error]
    assert form.stored(db, app_profile) == datetime(2026, 3, 2, 3, 10, tzinfo=LONDON)
    (message,) = [s.value for s in at.success]
    assert message.endswith("at 03:10."), message


@NEW_ENTRY_FORMS
def test_a_time_typed_alone_that_is_still_to_come_today_means_last_night(
    form: LogForm, open_page: OpenPage, db: Engine, app_profile: ProfileRead, pin_clock: PinClock
) -> None:
    pin_clock(SMALL_HOURS)
    at = form.open(open_page, db, app_profile)
    assert drawn(at, form) == (date(2026, 3, 2), time(3, 15))
    at.time_input(key=f"{form.when}_time").set_value(time(4, 15))  # an hour later
    at.button(key=form.save).click().run()

    assert not at.error, [e.value for e in at.error]  # not "in the future"
    assert form.stored(db, app_profile) == datetime(2026, 3, 1, 4, 15, tzinfo=LONDON)
    (message,) = [s.value for s in at.success]
    assert "at 04:15 on Sun 1 Mar" in message, message


@NEW_ENTRY_FORMS
def test_untouched_fields_move_to_the_present_on_the_next_run(
    form: LogForm, open_page: OpenPage, db: Engine, app_profile: ProfileRead, pin_clock: PinClock
) -> None:
    pin_clock(EVENING)  # fields drawn at 22:00 and never touched (a form sends nothing until Save)
    at = form.open(open_page, db, app_profile)
    pin_clock(SMALL_HOURS)
    at.run()

    assert drawn(at, form) == (date(2026, 3, 2), time(3, 15))  # the present minute
    # A date the person typed (sent with a refused Save) is never moved.
    at.session_state[f"{form.when}_drawn"] = EVENING.replace(tzinfo=None)
    at.session_state[f"{form.when}_date"] = date(2026, 2, 27)
    at.session_state[f"{form.when}_time"] = EVENING.time()
    at.run()
    assert drawn(at, form) == (date(2026, 2, 27), time(22, 0))


@NEW_ENTRY_FORMS
def test_a_caption_says_which_time_will_be_used(
    form: LogForm, open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    at = form.open(open_page, db, app_profile)
    captions = [c.value for c in at.caption]
    assert any("time you press Save" in c for c in captions), captions
    assert not [c for c in at.checkbox if "just now" in c.label]  # no box to forget


def test_a_typed_time_stays_typed_after_a_refusal(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, page_now: datetime
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
    assert form.stored(db, app_profile) == datetime(2026, 3, 1, 0, 0, tzinfo=LONDON)


def test_a_time_typed_back_to_the_drawn_one_after_a_refusal_is_still_typed(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, pin_clock: PinClock
) -> None:
    """Once a Save has sent a changed time, the fields are the person's: typing the drawn
    value back in is an explicit time too (never swapped for the moment of Save)."""
    form = FORMS["cramp"]
    pin_clock(SMALL_HOURS)
    at = open_page(form.page)
    assert drawn(at, form) == (date(2026, 3, 2), time(3, 15))
    at.time_input(key=f"{form.when}_time").set_value(time(0, 0))
    at.button(key=form.save).click().run()
    assert "Where: choose one" in at.error[0].value

    at.time_input(key=f"{form.when}_time").set_value(time(3, 15))  # what the fields first showed
    form.fill(at)
    at.button(key=form.save).click().run()
    # As typed, to the second: never swapped for the moment of saving (03:15:27.123456).
    assert form.stored(db, app_profile) == datetime(2026, 3, 2, 3, 15, tzinfo=LONDON)


def test_a_missed_contraction_keeps_its_typed_start_and_says_when(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, page_now: datetime
) -> None:
    at = open_page("pages/contractions.py")
    today = at.date_input(key="missed_when_date").value
    assert today == date(2026, 3, 1)
    yesterday = today - timedelta(days=1)
    at.date_input(key="missed_when_date").set_value(yesterday)
    at.time_input(key="missed_when_time").set_value(time(3, 10))
    at.button(key="missed_save").click().run()

    assert not at.error, [e.value for e in at.error]
    (row,) = list_entries(engine=db, kind=EntryKind.CONTRACTIONS, profile_id=app_profile.id)
    assert row.started_at == datetime(2026, 2, 28, 3, 10, tzinfo=LONDON)
    assert at.success[0].value == "Added the contraction at 03:10:00 on Sat 28 Feb."


@pytest.mark.parametrize(("button", "what"), [("drinks_tap_250", "250 ml of water")])
def test_a_one_tap_drink_names_its_time(
    button: str,
    what: str,
    open_page: OpenPage,
    db: Engine,
    app_profile: ProfileRead,
    pin_clock: PinClock,
) -> None:
    pin_clock(SMALL_HOURS)
    at = open_page("pages/drinks.py")
    at.button(key=button).click().run()
    (row,) = list_entries(engine=db, kind=EntryKind.HYDRATION, profile_id=app_profile.id)
    assert row.taken_at == SMALL_HOURS
    assert at.success[0].value == f"Logged {what} at 03:15."
