"""The pages' one clock (``tracker.ui.clock``): a pinned instant is what every page draws and
stores, in the frame and in the buttons' callbacks; a malformed setting is named on the page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from db.crud import list_entries
from tracker.core.kinds import EntryKind
from tracker.core.models import ContractionRead, EventRead, ProfileRead
from tracker.entries.profile import update_profile
from tracker.ui.clock import NOW_ENV

OpenPage = Callable[..., AppTest]


def test_the_frame_draws_the_pinned_instant(
    open_page: OpenPage, app_profile: ProfileRead, page_now: datetime
) -> None:
    at = open_page("pages/cramps.py")
    shown = (at.date_input(key="cramp_when_date").value, at.time_input(key="cramp_when_time").value)
    assert shown == (date(2026, 3, 1), time(21, 40))  # NOW, in London (GMT on 1 March)


def test_a_timer_tap_stores_the_pinned_instant(
    open_page: OpenPage,
    db: Engine,
    app_profile: ProfileRead,
    pin_clock: Callable[[datetime], datetime],
    page_now: datetime,
) -> None:
    at = open_page("pages/contractions.py")
    at.button(key="timer_start").click().run()
    ended = pin_clock(page_now + timedelta(seconds=65))
    at.button(key="timer_stop").click().run()

    assert not at.exception
    (row,) = list_entries(engine=db, kind=EntryKind.CONTRACTIONS, profile_id=app_profile.id)
    assert isinstance(row, ContractionRead)
    assert (row.started_at, row.ended_at) == (page_now, ended)


def test_a_quick_event_button_stores_the_pinned_instant(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, page_now: datetime
) -> None:
    update_profile(
        engine=db, profile=app_profile, changes={"due_date": date(2026, 3, 10)}, now=page_now
    )
    at = open_page("pages/contractions.py")
    at.button(key="timer_event_reduced_movement_none").click().run()

    assert not at.exception
    (event,) = list_entries(engine=db, kind=EntryKind.EVENTS, profile_id=app_profile.id)
    assert isinstance(event, EventRead)
    assert event.occurred_at == page_now
    assert any(w.value.startswith("Logged at 21:40") for w in at.warning), at.warning


def test_a_malformed_setting_is_named_on_the_page_and_nothing_is_served(
    open_page: OpenPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NOW_ENV, "tomorrow")
    at = open_page("app.py")  # no exception: a plain message instead of a traceback

    [error] = at.error
    assert error.value.startswith(f"{NOW_ENV}='tomorrow': not a date and time"), error.value
    assert not at.title and not at.button  # nothing of the diary
