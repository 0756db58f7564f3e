"""History page: filters and a search that keep newest first; tap a row to edit the entry in its
prefilled log form right under it; delete after a red yes; messages shown where the entry is."""

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


def row_buttons(at: AppTest) -> list[Any]:
    return [b for b in at.button if str(b.key).startswith("history_open_")]


def rows(at: AppTest) -> list[str]:
    """The list's rows as their summaries (label: ``**21:40** · Drink · 250 ml water``)."""
    return [b.label.split(" · ", 2)[2] for b in row_buttons(at)]


def row_key(kind: EntryKind, entry_id: int) -> str:
    return f"history_open_{kind.value}_{entry_id}"


def pick(at: AppTest, kind: EntryKind, entry_id: int) -> AppTest:
    """Tap the entry's row: its edit form opens under it."""
    return at.button(key=row_key(kind, entry_id)).click().run()


def list_order(at: AppTest) -> list[str]:
    """The keyed blocks of the list, top to bottom: rows and the notice."""
    listing = at.main.get_by_key("history_list")
    keys = [getattr(child, "key", None) for child in listing.children.values()]
    return [k for k in keys if k]


def scrolled_to(at: AppTest) -> list[str]:
    """The selectors this run's scripts bring into view (``tracker.ui.scroll``)."""
    bodies = [h.proto.body for h in at.get("html") if "scrollIntoView" in h.proto.body]
    return [body.split("const selector = ")[1].split(";")[0].strip('"') for body in bodies]


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

    assert at.expander[0].label.endswith(" · all kinds")  # the filters, folded
    at.button_group(key="history_kinds").set_value([EntryKind.EVENTS]).run()
    assert rows(at) == ["Bleeding (spotting)"]
    assert at.expander[0].label.endswith(" · Pregnancy event")

    at.button_group(key="history_kinds").set_value(list(EntryKind))
    first, last = at.date_input(key="history_dates").value
    at.date_input(key="history_dates").set_value((first - timedelta(days=7), last)).run()
    assert rows(at) == ["250 ml water", "Bleeding (spotting)", "Calf (left) · cramp · 6/10"]

    at.date_input(key="history_dates").set_value((first - timedelta(days=7), first)).run()
    assert rows(at) == ["Calf (left) · cramp · 6/10"]

    at.button_group(key="history_kinds").set_value([EntryKind.HYDRATION]).run()
    assert not row_buttons(at)
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
    at = pick(at, EntryKind.HYDRATION, drink.id)
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
    assert at.button_group(key=f"{key}_triggers").value == ["night_sleep"]
    at.slider(key=f"{key}_intensity").set_value(8)
    at.button_group(key=f"{key}_triggers").set_value([])
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
    assert at.session_state["history_pick"] == f"hydration:{old.id}"
    assert at.number_input(key=f"edit_hydration_{old.id}_amount").value == 300  # its form is open
    assert at.button(key=row_key(EntryKind.HYDRATION, old.id)).proto.type == "primary"
    assert scrolled_to(at) == [f".st-key-history_row_hydration_{old.id}"]


def test_a_linked_entry_past_the_first_forty_is_shown_in_its_place(
    open_page, db, app_profile
) -> None:
    drinks = [
        log(
            db,
            app_profile,
            EntryKind.HYDRATION,
            taken_at=now() - timedelta(minutes=minutes),
            volume_ml=100 + minutes,
        )
        for minutes in range(50)
    ]
    at = open_page("app.py")
    at.query_params["entry"] = [f"hydration:{drinks[44].id}"]
    at.switch_page(PAGE).run()
    assert rows(at) == [f"{100 + m} ml water" for m in range(45)]  # down to it, in order
    assert at.number_input(key=f"edit_hydration_{drinks[44].id}_amount").value == 144
    assert at.button(key="history_more").label == "Show 5 more (of 5 older)"


def cramp_at(db: Engine, profile: ProfileRead, hours_ago: float, **values: Any) -> Any:
    pattern = {"region": "calf", "side": "left", "intensity": 6, "quality": "cramp"}
    return log(
        db,
        profile,
        EntryKind.CRAMPS,
        started_at=now() - timedelta(hours=hours_ago),
        **(pattern | values),
    )


def test_tap_a_row_to_open_its_log_form_under_it(open_page, db, app_profile) -> None:
    log(db, app_profile, EntryKind.HYDRATION, taken_at=now(), volume_ml=250)
    cramp = cramp_at(db, app_profile, 1, triggers={"night_sleep"})
    at = open_page(PAGE)
    assert not [s for s in at.selectbox if s.key == "history_pick"]  # no separate dropdown
    assert not at.dataframe
    assert not at.form  # no form until a row is tapped

    at = pick(at, EntryKind.CRAMPS, cramp.id)  # one tap
    row = at.main.get_by_key(f"history_row_cramps_{cramp.id}")
    key = f"edit_cramps_{cramp.id}"
    # The cramp page's own form, prefilled, inside the tapped row.
    assert row.selectbox(key=f"{key}_region").value == "calf"
    assert row.button_group(key=f"{key}_side").value == "left"
    assert row.slider(key=f"{key}_intensity").value == 6
    assert row.button_group(key=f"{key}_triggers").value == ["night_sleep"]
    assert at.button(key=row_key(EntryKind.CRAMPS, cramp.id)).proto.type == "primary"
    assert len(at.form) == 1
    assert scrolled_to(at) == [f".st-key-history_row_cramps_{cramp.id}"]  # to the top, form below
    at.slider(key=f"{key}_intensity").set_value(7).run()
    assert scrolled_to(at) == []  # once, not again while editing

    at = pick(at, EntryKind.CRAMPS, cramp.id)  # a second tap closes it
    assert not at.form
    assert scrolled_to(at) == []
    assert rows(at) == ["250 ml water", "Calf (left) · cramp · 6/10"]


def test_each_row_says_its_details_in_words(open_page, db, app_profile) -> None:
    cramp = cramp_at(
        db,
        app_profile,
        1,
        triggers={"night_sleep", "exercise"},
        relief={"stretching"},
        note="woke me up",
    )
    at = open_page(PAGE)
    row = at.main.get_by_key(f"history_row_cramps_{cramp.id}")
    assert [c.value for c in row.caption] == [
        "Triggers: exercise, at night / in sleep · What helped: stretching · Note: woke me up"
    ]
    assert rows(at) == ["Calf (left) · cramp · 6/10"]
    assert at.button(key=row_key(EntryKind.CRAMPS, cramp.id)).label.startswith("**")  # the time


def test_search_filters_and_keeps_newest_first(open_page, db, app_profile) -> None:
    cramp_at(db, app_profile, 30, region="calf", note="first")
    cramp_at(db, app_profile, 20, region="foot")
    log(db, app_profile, EntryKind.HYDRATION, taken_at=now() - timedelta(hours=10), volume_ml=250)
    cramp_at(db, app_profile, 5, region="calf", relief={"stretching"}, note="second")
    cramp_at(db, app_profile, 1, region="calf", note="third")
    at = open_page(PAGE)
    everything = rows(at)
    assert len(everything) == 5

    at.text_input(key="history_search").set_value("Calf").run()
    notes = [c.value for c in at.caption if "Note: " in c.value]
    assert notes == ["Note: third", "What helped: stretching · Note: second", "Note: first"]
    assert rows(at) == ["Calf (left) · cramp · 6/10"] * 3
    assert "3 entries of 5 hold “Calf”, newest first." in at.caption[0].value

    at.text_input(key="history_search").set_value("stretching").run()
    assert [n.split("Note: ")[1] for n in [c.value for c in at.caption] if "Note: " in n] == [
        "second"
    ]

    at.text_input(key="history_search").set_value("knee").run()
    assert not row_buttons(at)
    assert at.info[0].value == "No entry of these days holds “knee”."

    at.text_input(key="history_search").set_value("").run()
    assert rows(at) == everything


def test_a_save_says_so_right_under_the_entry(open_page, db, app_profile) -> None:
    newer = cramp_at(db, app_profile, 1)
    older = cramp_at(db, app_profile, 3)
    at = pick(open_page(PAGE), EntryKind.CRAMPS, older.id)
    at.slider(key=f"edit_cramps_{older.id}_intensity").set_value(8)
    at.button(key=f"edit_cramps_{older.id}_save").click().run()

    assert not at.form  # back to the list
    assert list_order(at) == [
        f"history_row_cramps_{newer.id}",
        f"history_row_cramps_{older.id}",
        "history_notice",
    ]
    notice = at.main.get_by_key("history_notice").success[0].value
    assert notice.startswith("Saved the cramp episode of ") and "intensity 6 → 8" in notice
    assert scrolled_to(at) == [".st-key-history_notice"]
    assert rows(at) == ["Calf (left) · cramp · 6/10", "Calf (left) · cramp · 8/10"]


def test_delete_asks_in_red_and_the_entry_leaves_the_list(open_page, db, app_profile) -> None:
    newest = log(db, app_profile, EntryKind.HYDRATION, taken_at=now(), volume_ml=250)
    middle = log(
        db, app_profile, EntryKind.HYDRATION, taken_at=now() - timedelta(minutes=5), volume_ml=330
    )
    oldest = log(
        db, app_profile, EntryKind.HYDRATION, taken_at=now() - timedelta(minutes=9), volume_ml=500
    )
    at = pick(open_page(PAGE), EntryKind.HYDRATION, middle.id)
    key = f"edit_hydration_{middle.id}"
    at.button(key=f"{key}_delete").click().run()
    box = at.main.get_by_key("confirm_delete")
    yes = box.button(key=f"{key}_delete_yes")
    assert (yes.label, yes.proto.type) == ("Yes, delete this drink", "primary")
    # Its red (whatever the theme's primary colour) is measured in Chromium: test_history_phone.
    assert "(330 ml water)? This cannot be undone." in box.warning[0].value

    yes.click().run()
    assert [d.id for d in stored(db, app_profile, EntryKind.HYDRATION)] == [oldest.id, newest.id]
    assert rows(at) == ["250 ml water", "500 ml water"]  # no longer offered
    assert not [b for b in at.button if b.key == row_key(EntryKind.HYDRATION, middle.id)]
    assert list_order(at) == [
        f"history_row_hydration_{newest.id}",
        "history_notice",  # where it was
        f"history_row_hydration_{oldest.id}",
    ]
    assert at.main.get_by_key("history_notice").success[0].value.endswith("(330 ml water).")
    assert not at.form  # nothing open


def test_a_refused_cramp_edit_writes_nothing_and_says_why_in_the_row(
    open_page, db, app_profile
) -> None:
    cramp = cramp_at(db, app_profile, 2, note="keep me")
    at = pick(open_page(PAGE), EntryKind.CRAMPS, cramp.id)
    key = f"edit_cramps_{cramp.id}"
    tomorrow = at.date_input(key=f"{key}_when_date").value + timedelta(days=1)
    at.date_input(key=f"{key}_when_date").set_value(tomorrow)
    at.slider(key=f"{key}_intensity").set_value(9)
    at.button(key=f"{key}_save").click().run()

    row = at.main.get_by_key(f"history_row_cramps_{cramp.id}")
    assert "in the future" in row.error[0].value
    assert not at.success
    (saved,) = stored(db, app_profile, EntryKind.CRAMPS)
    assert (saved.region, saved.intensity, saved.note, saved.updated_at) == (
        "calf",
        6,
        "keep me",
        cramp.updated_at,
    )
    assert row.slider(key=f"{key}_intensity").value == 9  # what was typed stays, form open


def test_a_long_list_shows_forty_rows_then_more_on_request(open_page, db, app_profile) -> None:
    for minutes in range(45):
        log(
            db,
            app_profile,
            EntryKind.HYDRATION,
            taken_at=now() - timedelta(minutes=minutes),
            volume_ml=100 + minutes,
        )
    at = open_page(PAGE)
    shown = rows(at)
    assert shown == [f"{100 + m} ml water" for m in range(40)]  # the newest 40, in order
    more = at.button(key="history_more")
    assert more.label == "Show 5 more (of 5 older)"
    more.click().run()
    assert rows(at) == [f"{100 + m} ml water" for m in range(45)]
    assert not [b for b in at.button if b.key == "history_more"]
