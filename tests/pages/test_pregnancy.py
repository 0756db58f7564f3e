"""Pregnancy events page: kind, a detail only where it has one, time, note; recent events."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from db.crud import list_entries
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.core.vocabulary import BleedingDetail, EventKind, WatersDetail
from tracker.entries.profile import update_profile

PAGE = "pages/pregnancy.py"


def events_in(db: Engine, profile: ProfileRead) -> list[Any]:
    return list_entries(engine=db, kind=EntryKind.EVENTS, profile_id=profile.id)


def test_log_waters_with_detail_and_note(open_page, db, app_profile, now, page_now) -> None:
    update_profile(engine=db, profile=app_profile, changes={"due_date": date(2026, 12, 1)}, now=now)
    at = open_page(PAGE)
    assert [i.value for i in at.info] == ["No pregnancy events logged yet."]  # no due-date note
    at.radio(key="event_kind").set_value(EventKind.WATERS_BROKE).run()
    at.selectbox(key="event_form_detail_waters_broke").set_value(WatersDetail.GREEN_BROWN)
    at.text_area(key="event_form_note").set_value("at home")
    at.button(key="event_save").click().run()

    assert not at.exception
    (event,) = events_in(db, app_profile)
    assert at.success[0].value == "Saved: Waters broke (green or brown) at 21:40."
    assert (event.kind, event.detail, event.note) == ("waters_broke", "green_brown", "at home")
    assert event.occurred_at == page_now
    assert at.dataframe[0].value["What"].tolist() == ["Waters broke (green or brown)"]
    assert at.text_area(key="event_form1_note").value == ""  # ready for the next event


def test_detail_follows_the_kind(open_page, app_profile) -> None:
    at = open_page(PAGE)
    at.radio(key="event_kind").set_value(EventKind.BLEEDING).run()
    assert at.selectbox(key="event_form_detail_bleeding").options == [
        d.label for d in BleedingDetail
    ]
    assert not [s for s in at.selectbox if s.key == "event_form_detail_waters_broke"]

    at.radio(key="event_kind").set_value(EventKind.REDUCED_MOVEMENT).run()
    assert [s.key for s in at.selectbox] == []  # this kind takes no detail


def test_no_movement_without_detail_is_stored(open_page, db, app_profile) -> None:
    at = open_page(PAGE)
    at.radio(key="event_kind").set_value(EventKind.NO_MOVEMENT).run()
    at.button(key="event_save").click().run()
    (event,) = events_in(db, app_profile)
    assert (event.kind, event.detail) == ("no_movement", None)


def test_a_future_time_is_refused_and_nothing_stored(open_page, db, app_profile) -> None:
    at = open_page(PAGE)
    at.radio(key="event_kind").set_value(EventKind.BLEEDING).run()
    at.selectbox(key="event_form_detail_bleeding").set_value(BleedingDetail.HEAVY)
    tomorrow = at.date_input(key="event_form_when_date").value + timedelta(days=1)
    at.date_input(key="event_form_when_date").set_value(tomorrow)
    at.button(key="event_save").click().run()

    assert "Time:" in at.error[0].value and "in the future" in at.error[0].value
    assert events_in(db, app_profile) == []
    assert at.selectbox(key="event_form_detail_bleeding").value == BleedingDetail.HEAVY  # kept


def test_no_emergency_preview_without_a_due_date(open_page, app_profile) -> None:
    """P rules apply only while a due date is set (red-flags.md): no red box before saving."""
    at = open_page(PAGE)
    at.radio(key="event_kind").set_value(EventKind.CORD_FELT).run()
    assert [e.value for e in at.error] == []


def test_without_a_due_date_the_page_says_so_and_links_settings(open_page, db, app_profile) -> None:
    at = open_page(PAGE)
    assert "No due date is set" in at.info[0].value
    links = [link.proto for link in at.get("page_link")]
    assert any(
        link.label == "Set your due date in Settings" and "settings" in link.page for link in links
    )
    at.radio(key="event_kind").set_value(EventKind.MUCUS_PLUG).run()
    at.button(key="event_save").click().run()
    assert [e.kind for e in events_in(db, app_profile)] == ["mucus_plug"]


def scroll_scripts(at: Any) -> list[str]:
    return [
        h.proto.body
        for h in at.get("html")
        if "scrollIntoView" in h.proto.body and h.proto.unsafe_allow_javascript
    ]


def test_after_waters_broke_the_advice_is_brought_into_view(
    open_page, db, app_profile, now, page_now
) -> None:
    update_profile(engine=db, profile=app_profile, changes={"due_date": date(2026, 3, 20)}, now=now)
    at = open_page(PAGE)
    at.radio(key="event_kind").set_value(EventKind.WATERS_BROKE).run()
    at.selectbox(key="event_form_detail_waters_broke").set_value(WatersDetail.CLEAR)
    assert scroll_scripts(at) == []
    at.button(key="event_save").click().run()

    assert not at.exception
    boxes = [*at.main.error, *at.main.warning]
    assert boxes, "waters broken at 37 weeks raise a flag with advice"
    # The first box on the page (the advice, above the saved message) goes to the top.
    (script,) = scroll_scripts(at)
    assert '[data-testid=\\"stMain\\"] [data-testid=\\"stAlert\\"]' in script
    assert 'const block = "start"' in script

    at.text_area(key="event_form1_note").set_value("typing the next one")
    at.run()
    assert scroll_scripts(at) == []  # once, after the save; never while typing


def test_a_refused_event_does_not_scroll(open_page, db, app_profile) -> None:
    at = open_page(PAGE)
    at.radio(key="event_kind").set_value(EventKind.BLEEDING).run()
    tomorrow = at.date_input(key="event_form_when_date").value + timedelta(days=1)
    at.date_input(key="event_form_when_date").set_value(tomorrow)
    at.button(key="event_save").click().run()
    assert at.error and scroll_scripts(at) == []
    at.date_input(key="event_form_when_date").set_value(tomorrow - timedelta(days=1))
    at.run()
    assert scroll_scripts(at) == []
    assert events_in(db, app_profile) == []
