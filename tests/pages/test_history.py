"""History page: filters, newest first; edit an entry in a prefilled form; delete after a yes."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from db.crud import list_entries
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.core.timeutil import format_logged_at
from tracker.core.vocabulary import BleedingDetail, EventKind
from tracker.entries.journal import add_product, log_entry

PAGE = "pages/history.py"
TZ = "Europe/London"


def now() -> datetime:
    return datetime.now(UTC)


def log(db: Engine, profile: ProfileRead, entry_kind: EntryKind, **values: Any) -> Any:
    return log_entry(engine=db, kind=entry_kind, profile_id=profile.id, values=values, now=now())


def stored(db: Engine, profile: ProfileRead, kind: EntryKind) -> list[Any]:
    return list_entries(engine=db, kind=kind, profile_id=profile.id)


def rows(at: AppTest) -> list[str]:
    return at.dataframe[0].value["What"].tolist()  # type: ignore[no-any-return]


def pick(at: AppTest, kind: EntryKind, entry_id: int) -> AppTest:
    return at.selectbox(key="history_pick").set_value(f"{kind.value}:{entry_id}").run()


def test_last_seven_days_newest_first_and_filters(open_page, db, app_profile) -> None:
    log(db, app_profile, EntryKind.HYDRATION, taken_at=now() - timedelta(hours=1), volume_ml=250)
    log(
        db,
        app_profile,
        EntryKind.EVENTS,
        occurred_at=now() - timedelta(days=1),
        kind="bleeding",
        detail="spotting",
    )
    log(
        db,
        app_profile,
        EntryKind.CRAMPS,
        started_at=now() - timedelta(days=10),
        region="calf",
        side="left",
        intensity=6,
        quality="cramp",
    )
    at = open_page(PAGE)
    assert not at.exception
    assert rows(at) == ["250 ml water", "Bleeding (spotting)"]  # the cramp is 10 days old

    at.button_group(key="history_kinds").set_value([EntryKind.EVENTS]).run()
    assert rows(at) == ["Bleeding (spotting)"]

    at.button_group(key="history_kinds").set_value(list(EntryKind))
    first, last = at.date_input(key="history_dates").value
    at.date_input(key="history_dates").set_value((first - timedelta(days=7), last)).run()
    assert rows(at) == ["250 ml water", "Bleeding (spotting)", "Calf (left) · cramp · 6/10"]

    at.date_input(key="history_dates").set_value((first - timedelta(days=7), first)).run()
    assert rows(at) == ["Calf (left) · cramp · 6/10"]

    at.button_group(key="history_kinds").set_value([EntryKind.HYDRATION]).run()
    assert not at.dataframe
    assert at.info[0].value == "Nothing logged in these days for the kinds chosen."


def test_edit_a_drink_in_a_prefilled_form(open_page, db, app_profile) -> None:
    when = now() - timedelta(hours=1)
    drink = log(db, app_profile, EntryKind.HYDRATION, taken_at=when, volume_ml=250, note="tap")
    at = pick(open_page(PAGE), EntryKind.HYDRATION, drink.id)
    key = f"edit_hydration_{drink.id}"
    assert at.number_input(key=f"{key}_amount").value == 250
    assert at.selectbox(key=f"{key}_beverage").value == "water"
    assert at.text_area(key=f"{key}_note").value == "tap"

    at.number_input(key=f"{key}_amount").set_value(400)
    at.button(key=f"{key}_save").click().run()

    assert not at.exception
    message = at.success[0].value
    assert message.startswith("Saved the drink of ") and message.endswith(
        f"(250 ml water): amount 250 ml → 400 ml. Logged at {format_logged_at(when, TZ, now())}."
    )
    (saved,) = stored(db, app_profile, EntryKind.HYDRATION)
    assert saved.volume_ml == 400
    assert saved.taken_at == when  # untouched time keeps its seconds
    assert saved.note == "tap"
    assert rows(at) == ["400 ml water"]


def test_an_edited_time_is_stored_and_named(open_page, db, app_profile) -> None:
    drink = log(db, app_profile, EntryKind.HYDRATION, taken_at=now(), volume_ml=250)
    at = pick(open_page(PAGE), EntryKind.HYDRATION, drink.id)
    key = f"edit_hydration_{drink.id}"
    yesterday = at.date_input(key=f"{key}_when_date").value - timedelta(days=1)
    at.date_input(key=f"{key}_when_date").set_value(yesterday)
    at.time_input(key=f"{key}_when_time").set_value(time(3, 10))
    at.button(key=f"{key}_save").click().run()

    (saved,) = stored(db, app_profile, EntryKind.HYDRATION)
    local = saved.taken_at.astimezone(ZoneInfo(TZ))
    assert (local.date(), local.time()) == (yesterday, time(3, 10))
    day = f"{yesterday:%a} {yesterday.day} {yesterday:%b}"
    assert at.success[0].value.endswith(f". Logged at 03:10 on {day}.")

    # Typed back to the time the form first showed: that is an edit too.
    first = drink.taken_at.astimezone(ZoneInfo(TZ))
    at.date_input(key=f"{key}_when_date").set_value(first.date())
    at.time_input(key=f"{key}_when_time").set_value(first.time().replace(second=0, microsecond=0))
    at.button(key=f"{key}_save").click().run()
    (saved,) = stored(db, app_profile, EntryKind.HYDRATION)
    assert saved.taken_at == drink.taken_at.replace(second=0, microsecond=0)


def test_a_bad_edit_is_refused_and_nothing_changes(open_page, db, app_profile) -> None:
    drink = log(db, app_profile, EntryKind.HYDRATION, taken_at=now(), volume_ml=250)
    at = pick(open_page(PAGE), EntryKind.HYDRATION, drink.id)
    at.number_input(key=f"edit_hydration_{drink.id}_amount").set_value(5000)
    at.button(key=f"edit_hydration_{drink.id}_save").click().run()

    assert "Amount:" in at.error[0].value and "3000" in at.error[0].value
    assert not at.success
    assert [d.volume_ml for d in stored(db, app_profile, EntryKind.HYDRATION)] == [250]


def test_edit_an_event_kind_and_detail(open_page, db, app_profile) -> None:
    event = log(
        db,
        app_profile,
        EntryKind.EVENTS,
        occurred_at=now() - timedelta(minutes=30),
        kind="waters_broke",
        detail="clear",
    )
    at = pick(open_page(PAGE), EntryKind.EVENTS, event.id)
    key = f"edit_events_{event.id}"
    assert at.selectbox(key=f"{key}_detail_waters_broke").value == "clear"
    at.radio(key=f"{key}_kind").set_value(EventKind.BLEEDING).run()
    at.selectbox(key=f"{key}_detail_bleeding").set_value(BleedingDetail.HEAVY)
    at.button(key=f"{key}_save").click().run()

    assert "what happened waters broke → bleeding; detail clear or pale → heavy" in (
        at.success[0].value
    )
    (saved,) = stored(db, app_profile, EntryKind.EVENTS)
    assert (saved.kind, saved.detail) == ("bleeding", "heavy")


def test_edit_an_intake_and_a_cramp(open_page, db, app_profile) -> None:
    product = add_product(
        engine=db,
        profile_id=app_profile.id,
        values={"name": "Magnesium", "kind": "supplement"},
        now=now(),
    )
    intake = log(db, app_profile, EntryKind.SUPPLEMENTS, taken_at=now(), product_id=product.id)
    cramp = log(
        db,
        app_profile,
        EntryKind.CRAMPS,
        started_at=now() - timedelta(hours=2),
        region="calf",
        side="left",
        intensity=6,
        quality="cramp",
        triggers={"night_sleep"},
    )
    at = pick(open_page(PAGE), EntryKind.SUPPLEMENTS, intake.id)
    at.number_input(key=f"edit_supplements_{intake.id}_units").set_value(2)
    at.button(key=f"edit_supplements_{intake.id}_save").click().run()
    assert "units taken 1 → 2" in at.success[0].value
    assert [i.units for i in stored(db, app_profile, EntryKind.SUPPLEMENTS)] == [2]

    pick(at, EntryKind.CRAMPS, cramp.id)
    key = f"edit_cramps_{cramp.id}"
    assert at.multiselect(key=f"{key}_triggers").value == ["night_sleep"]
    at.slider(key=f"{key}_intensity").set_value(8)
    at.multiselect(key=f"{key}_triggers").set_value([])
    at.button(key=f"{key}_save").click().run()
    assert "intensity 6 → 8; triggers at night / in sleep → (none)" in at.success[0].value
    (saved,) = stored(db, app_profile, EntryKind.CRAMPS)
    assert (saved.intensity, saved.triggers, saved.region) == (8, set(), "calf")


def test_edit_a_contraction_length(open_page, db, app_profile) -> None:
    start = now() - timedelta(minutes=20)
    contraction = log(
        db,
        app_profile,
        EntryKind.CONTRACTIONS,
        started_at=start,
        ended_at=start + timedelta(seconds=50),
    )
    at = pick(open_page(PAGE), EntryKind.CONTRACTIONS, contraction.id)
    key = f"edit_contractions_{contraction.id}"
    assert at.number_input(key=f"{key}_length").value == 50
    at.number_input(key=f"{key}_length").set_value(65)
    at.button(key=f"{key}_save").click().run()
    (saved,) = stored(db, app_profile, EntryKind.CONTRACTIONS)
    assert saved.started_at == start
    assert saved.ended_at == start + timedelta(seconds=65)


def test_a_contraction_stopped_at_once_opens_and_saves_unchanged(
    open_page, db, app_profile
) -> None:
    """Start then Stop straight away: 0.4 s, shown as 0 seconds (it crashed History before:
    the length field's minimum was 1)."""
    start = now() - timedelta(minutes=20)
    contraction = log(
        db,
        app_profile,
        EntryKind.CONTRACTIONS,
        started_at=start,
        ended_at=start + timedelta(milliseconds=400),
    )
    at = pick(open_page(PAGE), EntryKind.CONTRACTIONS, contraction.id)
    assert not at.exception, at.exception
    key = f"edit_contractions_{contraction.id}"
    assert at.number_input(key=f"{key}_length").value == 0
    at.button(key=f"{key}_save").click().run()
    assert not at.exception, at.exception
    (saved,) = stored(db, app_profile, EntryKind.CONTRACTIONS)
    assert saved.ended_at == start + timedelta(milliseconds=400)


def test_delete_needs_a_second_explicit_yes(open_page, db, app_profile) -> None:
    drink = log(db, app_profile, EntryKind.HYDRATION, taken_at=now(), volume_ml=330)
    at = pick(open_page(PAGE), EntryKind.HYDRATION, drink.id)
    key = f"edit_hydration_{drink.id}"

    at.button(key=f"{key}_delete").click().run()
    assert "Delete the drink of " in at.warning[0].value
    assert "This cannot be undone." in at.warning[0].value
    assert len(stored(db, app_profile, EntryKind.HYDRATION)) == 1  # asked, not yet deleted

    at.button(key=f"{key}_delete_no").click().run()
    assert not at.warning
    assert len(stored(db, app_profile, EntryKind.HYDRATION)) == 1

    at.button(key=f"{key}_delete").click().run()
    at.button(key=f"{key}_delete_yes").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Deleted the drink of ")
    assert at.success[0].value.endswith("(330 ml water).")
    assert stored(db, app_profile, EntryKind.HYDRATION) == []
    assert at.info[-1].value == "Nothing logged in these days for the kinds chosen."


def test_a_link_from_a_flag_opens_that_entry_even_when_it_is_old(
    open_page, db, app_profile
) -> None:
    old = log(
        db, app_profile, EntryKind.HYDRATION, taken_at=now() - timedelta(days=20), volume_ml=300
    )
    log(db, app_profile, EntryKind.HYDRATION, taken_at=now() - timedelta(hours=1), volume_ml=250)
    at = open_page("app.py")
    at.query_params["entry"] = [f"hydration:{old.id}", "cramps:999"]
    at.switch_page(PAGE).run()

    assert not at.exception
    assert not at.warning  # no "value set via Session State" warning
    assert rows(at) == ["250 ml water", "300 ml water"]  # the range reaches back 20 days
    assert at.selectbox(key="history_pick").value == f"hydration:{old.id}"
    assert at.number_input[0].value == 300  # its edit form is open
