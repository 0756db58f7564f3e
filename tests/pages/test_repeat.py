"""Log a cramp again (issue 11, item 2): "Log again now" on Today and the Cramps page,
"Same as last time" on the form, favourites pinned to Today and unpinned."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from db import crud
from tracker.core.kinds import EntryKind
from tracker.core.models import MAX_FAVOURITES, ProfileRead
from tracker.core.vocabulary import Quality, Region, Side
from tracker.entries.journal import log_entry
from tracker.entries.repeat import Pattern, pin

OpenPage = Callable[..., AppTest]
CRAMPS = "pages/cramps.py"
SAVE = "FormSubmitter:cramp_form-Save episode"
CALF = "calf_left_cramp"


def last_nights_cramp(db: Engine, profile: ProfileRead, now: datetime, **values: Any) -> Any:
    """Yesterday's night calf cramp, with everything that should not be repeated."""
    fields = {
        "started_at": now - timedelta(hours=19),
        "region": "calf",
        "side": "left",
        "quality": "cramp",
        "intensity": 6,
        "duration_min": 3,
        "triggers": {"night_sleep"},
        "relief": {"stretching"},
        "symptoms": {"saddle_numbness"},
        "note": "woke me at 3",
    } | values
    return log_entry(
        engine=db, kind=EntryKind.CRAMPS, profile_id=profile.id, values=fields, now=now
    )


def cramps(db: Engine, profile: ProfileRead) -> list[Any]:
    return crud.list_entries(engine=db, kind=EntryKind.CRAMPS, profile_id=profile.id)


def newest(db: Engine, profile: ProfileRead) -> Any:
    return max(cramps(db, profile), key=lambda row: row.id)


def stored_profile(db: Engine, profile: ProfileRead) -> ProfileRead:
    found = crud.get_profile(engine=db, name=profile.name)
    assert found is not None
    return found


def test_today_offers_nothing_to_repeat_on_an_empty_diary(
    open_page: OpenPage, app_profile: ProfileRead
) -> None:
    at = open_page()
    assert "Cramp again?" not in [h.value for h in at.subheader]
    assert not [b for b in at.button if (b.key or "").startswith("today_again")]


def test_log_again_now_on_today_repeats_where_and_how_bad_only(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, page_now: datetime
) -> None:
    last_nights_cramp(db, app_profile, page_now)
    at = open_page()
    button = at.button(key=f"today_again_{CALF}_log")
    assert button.label == "Calf (left) · cramp · 6/10"
    button.click().run()  # one tap

    assert not at.exception
    assert at.success[0].value == "Saved: Calf (left) · cramp · 6/10, started at 21:40."
    again = newest(db, app_profile)
    assert (again.region, again.side, again.quality, again.intensity) == (
        "calf",
        "left",
        "cramp",
        6,
    )
    assert again.started_at == page_now
    # Not the note, the triggers, the relief, the duration, and never a serious symptom.
    assert (again.note, again.triggers, again.relief, again.symptoms) == ("", set(), set(), set())
    assert again.duration_min is None
    assert list(at.dataframe[0].value["What"]) == [  # both on today's list, newest first
        "Calf (left) · cramp · 6/10",
        "Calf (left) · cramp · 6/10 · 3 min · 1 symptom",
    ]


def test_a_new_intensity_is_two_taps_and_the_picker_empties_after(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, page_now: datetime
) -> None:
    last_nights_cramp(db, app_profile, page_now)
    at = open_page()
    at.button_group(key="today_again_intensity").set_value(8).run()  # tap 1
    button = at.button(key=f"today_again_{CALF}_log")
    assert button.label == "Calf (left) · cramp · 8/10"
    button.click().run()  # tap 2

    assert at.success[0].value == "Saved: Calf (left) · cramp · 8/10, started at 21:40."
    assert newest(db, app_profile).intensity == 8
    # The next repeat starts from the intensity shown again, not from this one's choice.
    assert at.button_group(key="today_again1_intensity").value is None
    assert at.button(key=f"today_again_{CALF}_log").label.endswith("· 8/10")  # the last one now


def test_pin_log_and_unpin_a_favourite_on_today(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, page_now: datetime
) -> None:
    last_nights_cramp(db, app_profile, page_now - timedelta(days=40))  # too old to be offered
    at = open_page()
    assert not [b for b in at.button if (b.key or "").startswith("today_again")]
    # Pinned on the Cramps page from a recent one… here: from a cramp of this week.
    last_nights_cramp(db, app_profile, page_now, region="foot", side="right", intensity=4)
    at = open_page()
    at.button(key="today_again_foot_right_cramp_pin").click().run()

    assert at.success[0].value == "Pinned Foot (right) · cramp · 4/10 to Today."
    assert stored_profile(db, app_profile).favourites == {"foot/right/cramp": 4}
    log = at.button(key="today_again_foot_right_cramp_log")
    assert log.label == "Foot (right) · cramp · 4/10"
    assert log.icon == ":material/push_pin:"
    assert not [b for b in at.button if b.key == "today_again_foot_right_cramp_pin"]
    count = len(cramps(db, app_profile))
    log.click().run()
    assert len(cramps(db, app_profile)) == count + 1
    assert at.success[0].value == "Saved: Foot (right) · cramp · 4/10, started at 21:40."

    at.button(key="today_again_foot_right_cramp_unpin").click().run()
    assert at.success[0].value == "Unpinned Foot (right) · cramp from Today."
    assert stored_profile(db, app_profile).favourites == {}
    # Still a recent pattern, so offered again with a pin.
    assert at.button(key="today_again_foot_right_cramp_pin")


def test_a_favourite_stays_on_today_when_it_is_long_past(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, now: datetime
) -> None:
    pin(
        engine=db,
        profile=app_profile,
        pattern=Pattern(Region.LOWER_BACK, Side.CENTER, Quality.DULL_ACHE, 3),
        now=now,
    )
    at = open_page()
    assert at.button(key="today_again_lower_back_center_dull_ache_log").label == (
        "Lower back (centre) · dull ache · 3/10"
    )


def test_pinning_past_the_limit_is_refused_and_nothing_changes(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, page_now: datetime
) -> None:
    profile = app_profile
    for region in list(Region)[:MAX_FAVOURITES]:
        profile = pin(
            engine=db,
            profile=profile,
            pattern=Pattern(region, Side.RIGHT, Quality.SPASM, 5),
            now=page_now,
        )
    last_nights_cramp(db, app_profile, page_now)
    at = open_page()
    at.button(key=f"today_again_{CALF}_pin").click().run()

    assert "unpin one on Today first" in at.error[0].value
    assert not at.success
    assert stored_profile(db, app_profile).favourites == profile.favourites


def test_log_again_on_the_cramps_page(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, page_now: datetime
) -> None:
    last_nights_cramp(db, app_profile, page_now)
    at = open_page(CRAMPS)
    at.button(key=f"cramps_again_{CALF}_log").click().run()
    assert at.success[0].value == "Saved: Calf (left) · cramp · 6/10, started at 21:40."
    assert len(cramps(db, app_profile)) == 2
    assert at.dataframe[0].value["What"].iloc[0] == "Calf (left) · cramp · 6/10"


def test_same_as_last_time_prefills_the_form_and_anything_can_change(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, page_now: datetime
) -> None:
    last_nights_cramp(db, app_profile, page_now, intensity=7)
    at = open_page(CRAMPS)
    same = at.button(key="cramp_same_as_last")
    assert same.label == "Same as last time: Calf (left) · cramp · 7/10"
    same.click().run()

    assert at.selectbox(key="cramp1_region").value == Region.CALF
    assert at.button_group(key="cramp1_side").value == Side.LEFT
    assert at.button_group(key="cramp1_quality").value == Quality.CRAMP
    assert at.slider(key="cramp1_intensity").value == 7
    # Only the pattern: the details and the symptoms are left for the person.
    assert at.button_group(key="cramp1_triggers").value == []
    assert not at.checkbox(key="cramp1_symptom_saddle_numbness").value
    assert at.text_area(key="cramp1_note").value == ""

    at.button_group(key="cramp1_side").set_value(Side.RIGHT)
    at.slider(key="cramp1_intensity").set_value(4)
    at.button(key=SAVE).click().run()
    assert at.success[0].value == "Saved: Calf (right) · cramp · 4/10, started at 21:40."
    saved = newest(db, app_profile)
    assert (saved.side, saved.intensity, saved.symptoms) == ("right", 4, set())
    # Saved: the next form starts empty again.
    assert at.selectbox(key="cramp2_region").value is None
    assert at.slider(key="cramp2_intensity").value == 5


def test_same_as_last_time_then_a_future_date_is_refused_and_nothing_written(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, page_now: datetime
) -> None:
    last_nights_cramp(db, app_profile, page_now)
    at = open_page(CRAMPS)
    at.button(key="cramp_same_as_last").click().run()
    at.date_input(key="cramp1_when_date").set_value(date(2026, 3, 2))  # tomorrow in London
    at.button(key=SAVE).click().run()

    assert "in the future" in at.error[0].value
    assert len(cramps(db, app_profile)) == 1
    assert not at.success
    assert at.selectbox(key="cramp1_region").value == Region.CALF  # still there to correct


def test_no_same_as_last_time_on_an_empty_diary(
    open_page: OpenPage, app_profile: ProfileRead
) -> None:
    at = open_page(CRAMPS)
    assert not [b for b in at.button if b.key == "cramp_same_as_last"]
