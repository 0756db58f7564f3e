"""Cramps & pain page: every field stored as codes, the episode listed, bad input refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from db.crud import list_entries
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.core.vocabulary import (
    SYMPTOM_GROUPS,
    EasedByRest,
    Quality,
    Region,
    Relief,
    Side,
    Symptom,
    Trigger,
)

OpenPage = Callable[..., AppTest]

PAGE = "pages/cramps.py"
SAVE = "FormSubmitter:cramp_form-Save episode"


def cramps_in(db: Engine, profile: ProfileRead) -> list[Any]:
    return list_entries(engine=db, kind=EntryKind.CRAMPS, profile_id=profile.id)


def fill_required(at: AppTest) -> None:
    at.selectbox(key="cramp_region").set_value(Region.CALF)
    at.button_group(key="cramp_side").set_value(Side.LEFT)
    at.button_group(key="cramp_quality").set_value(Quality.CRAMP)


def test_every_field_is_stored_as_codes_and_listed(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, page_now: datetime
) -> None:
    at = open_page(PAGE)
    assert at.info[0].value == "No cramps or pain logged in the last 14 days."
    fill_required(at)
    at.slider(key="cramp_intensity").set_value(7)
    at.number_input(key="cramp_duration_min").set_value(5)
    at.button_group(key="cramp_triggers").set_value([Trigger.NIGHT_SLEEP, Trigger.EXERCISE])
    at.checkbox(key="cramp_symptom_both_legs").check()
    at.checkbox(key="cramp_symptom_nausea").check()
    at.button_group(key="cramp_relief").set_value([Relief.STRETCHING])
    at.radio(key="cramp_eased_by_rest").set_value(EasedByRest.YES)
    at.text_area(key="cramp_note").set_value("woke me at 3am")
    at.button(key=SAVE).click().run()

    assert not at.exception
    (row,) = cramps_in(db, app_profile)
    assert at.success[0].value == (
        "Saved: Calf (left) · cramp · 7/10 · 5 min · 2 symptoms, started at 21:40."
    )
    assert (row.region, row.side, row.quality, row.intensity) == ("calf", "left", "cramp", 7)
    assert row.duration_min == 5
    assert row.triggers == {"night_sleep", "exercise"}
    assert row.symptoms == {"both_legs", "nausea"}
    assert row.relief == {"stretching"}
    assert row.eased_by_rest == "yes"
    assert row.note == "woke me at 3am"
    assert row.started_at == page_now  # the moment of saving, the pages' pinned clock

    listed = at.dataframe[0].value
    assert list(listed["What"]) == ["Calf (left) · cramp · 7/10 · 5 min · 2 symptoms"]
    # The form is empty again, ready for the next episode: new widgets (a browser would keep
    # what was typed in the old ones), with their defaults.
    assert not [w for w in at.text_area if w.key == "cramp_note"]
    assert at.selectbox(key="cramp1_region").value is None
    assert at.text_area(key="cramp1_note").value == ""
    assert not at.checkbox(key="cramp1_symptom_both_legs").value


def test_unknown_duration_and_defaults(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    at = open_page(PAGE)
    fill_required(at)
    at.button(key=SAVE).click().run()

    (row,) = cramps_in(db, app_profile)
    assert row.duration_min is None
    assert row.intensity == 5
    assert row.eased_by_rest == "unknown"
    assert row.symptoms == set() and row.triggers == set() and row.relief == set()


def test_future_start_is_refused_and_nothing_stored(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, page_now: datetime
) -> None:
    at = open_page(PAGE)
    fill_required(at)
    tomorrow = date(2026, 3, 2)  # the pinned page clock is 21:40 on 1 March in London
    at.date_input(key="cramp_when_date").set_value(tomorrow)
    at.text_area(key="cramp_note").set_value("typed with care")
    at.button(key=SAVE).click().run()

    assert "in the future" in at.error[0].value
    assert "Start time" in at.error[0].value
    assert cramps_in(db, app_profile) == []
    assert not at.success
    # What the person typed is still there to correct.
    assert at.text_area(key="cramp_note").value == "typed with care"
    assert at.selectbox(key="cramp_region").value == Region.CALF


def test_missing_choices_are_named(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    at = open_page(PAGE)
    at.button_group(key="cramp_side").set_value(Side.BOTH)
    at.button(key=SAVE).click().run()

    message = at.error[0].value
    assert "Where: choose one" in message
    assert "What it felt like: choose one" in message
    assert "Side" not in message
    assert cramps_in(db, app_profile) == []


def test_serious_symptoms_come_first_in_an_open_marked_group(open_page: OpenPage) -> None:
    at = open_page(PAGE)
    first = at.expander[0]
    assert first.proto.expanded
    assert first.icon == ":material/warning:"
    assert "get help fast" in first.label
    groups = at.expander[1 : len(SYMPTOM_GROUPS)]
    assert [e.proto.expanded for e in groups] == [False] * (len(SYMPTOM_GROUPS) - 1)
    labels = [c.label for c in first.checkbox]
    assert Symptom.SADDLE_NUMBNESS.label in labels
    assert Symptom.BLADDER_BOWEL_LOSS.label in labels
    # Every symptom code can be ticked, each exactly once, and none hides in "More details".
    keys = [c.key or "" for c in at.checkbox if (c.key or "").startswith("cramp_symptom_")]
    assert sorted(keys) == sorted(f"cramp_symptom_{s.value}" for s in Symptom)
    (details,) = [e for e in at.expander if e.label.startswith("More details")]
    assert not details.checkbox


def widget_keys(node: Any) -> list[str]:
    """The keys of the widgets under ``node``, in the order drawn."""
    found = []
    for child in getattr(node, "children", {}).values():
        key = getattr(child, "key", None)
        if isinstance(key, str) and child.type != "expander":
            found.append(key)
        found += widget_keys(child)
    return found


def test_the_form_starts_with_where_side_how_bad_and_what_it_felt_like(
    open_page: OpenPage,
) -> None:
    at = open_page(PAGE)
    (form,) = [b for b in at.main.children.values() if b.type == "form"]
    keys = [k.removeprefix("cramp_") for k in widget_keys(form)]
    assert keys[:6] == ["region", "side", "intensity", "quality", "when_date", "when_time"]
    # What is needed is said before any error, above the fields.
    assert at.caption[1].value.startswith("Needed: **where**, **side** and **what it felt like**")
    # Duration, triggers, relief, rest and the note wait behind "More details", closed.
    (details,) = [e for e in at.expander if e.label.startswith("More details")]
    assert not details.proto.expanded
    inside = [k.removeprefix("cramp_") for k in widget_keys(details)]
    assert inside == ["duration_min", "triggers", "relief", "eased_by_rest", "note"]
    # Triggers and relief are pills: a tap chooses, and no list stays open over the form.
    assert not at.multiselect
    assert at.button_group(key="cramp_triggers").proto.click_mode == 1  # MULTI_SELECT


def test_a_rejected_episode_writes_nothing_and_keeps_what_was_typed(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    at = open_page(PAGE)
    at.slider(key="cramp_intensity").set_value(8)
    at.button_group(key="cramp_triggers").set_value([Trigger.NIGHT_SLEEP])
    at.button(key=SAVE).click().run()

    message = at.error[0].value
    assert "Where: choose one" in message and "Side: choose one" in message
    assert cramps_in(db, app_profile) == []
    assert at.slider(key="cramp_intensity").value == 8
    assert at.button_group(key="cramp_triggers").value == [Trigger.NIGHT_SLEEP]


def test_recent_list_is_newest_first_in_local_time_and_skips_old_ones(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, page_now: datetime
) -> None:
    from tracker.entries.journal import log_entry

    now = page_now
    for days_ago, region in ((20, Region.FOOT), (2, Region.THIGH), (1, Region.LOWER_BACK)):
        log_entry(
            engine=db,
            kind=EntryKind.CRAMPS,
            profile_id=app_profile.id,
            values={
                "started_at": now - timedelta(days=days_ago),
                "region": region,
                "side": "right",
                "intensity": 4,
                "quality": "dull_ache",
            },
            now=now,
        )
    at = open_page(PAGE)
    listed = at.dataframe[0].value
    assert list(listed["What"]) == [
        "Lower back (right) · dull ache · 4/10",
        "Thigh (right) · dull ache · 4/10",
    ]
    local = (now - timedelta(days=1)).astimezone(ZoneInfo("Europe/London"))
    assert listed["Time"].iloc[0] == local.strftime("%a %d %b %H:%M")
    edit_links = [link.proto.page for link in at.get("page_link") if "Edit" in link.proto.label]
    assert edit_links == ["history"]


def test_an_earlier_date_and_time_are_stored(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    at = open_page(PAGE)
    fill_required(at)
    shown = at.date_input(key="cramp_when_date").value
    assert isinstance(shown, date)
    yesterday = shown - timedelta(days=1)
    at.date_input(key="cramp_when_date").set_value(yesterday)
    at.time_input(key="cramp_when_time").set_value(time(3, 10))
    at.button(key=SAVE).click().run()

    (row,) = cramps_in(db, app_profile)
    local = row.started_at.astimezone(ZoneInfo("Europe/London"))
    assert (local.date(), local.hour, local.minute) == (yesterday, 3, 10)
    # The next episode's fields start at the present again (the form's new widgets).
    assert at.date_input(key="cramp1_when_date").value == yesterday + timedelta(days=1)
    assert any("time you press Save" in c.value for c in at.caption)


def test_an_edit_opens_the_groups_that_hold_its_details(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, page_now: datetime
) -> None:
    """History draws this same form: what an episode holds is shown, not folded away."""
    from tracker.core.models import CrampRead
    from tracker.entries.journal import log_entry

    plain = log_entry(
        engine=db,
        kind=EntryKind.CRAMPS,
        profile_id=app_profile.id,
        values={
            "started_at": page_now - timedelta(hours=1),
            "region": "calf",
            "side": "left",
            "intensity": 4,
            "quality": "cramp",
        },
        now=page_now,
    )
    detailed = plain.model_copy(update={"symptoms": {Symptom.NAUSEA}, "note": "after a run"})
    for entry, opened in ((plain, set()), (detailed, {"Other symptoms", "More details"})):
        at = AppTest.from_string(_EDIT_FORM, default_timeout=30)
        at.session_state["entry"] = CrampRead.model_validate(entry.model_dump())
        at.session_state["url"] = str(db.url)
        at.run()
        assert not at.exception, at.exception
        shown = {e.label.split(":")[0] for e in at.expander[1:] if e.proto.expanded}
        assert shown == opened


_EDIT_FORM = """
import streamlit as st
from datetime import UTC, datetime
from tracker.entries.store import open_diary
from tracker.entries.profile import ensure_profile
from tracker.ui.context import PageContext
from tracker.ui.forms.cramp import cramp_fields

engine = open_diary(st.session_state["url"])
profile = ensure_profile(engine=engine, now=datetime.now(UTC))
ctx = PageContext(engine=engine, profile=profile, now=datetime.now(UTC))
with st.form("edit"):
    cramp_fields(ctx, key="edit", initial=st.session_state["entry"])
    st.form_submit_button("Save")
"""
