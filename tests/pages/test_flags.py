"""Red flags in the app: the emergency banner on every page until acknowledged, urgent callouts
on the page where the entry was made and on Today, the preview before saving, the Flags page."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from db import acks
from db.crud import list_entries
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.core.timeutil import format_local
from tracker.core.vocabulary import EventKind, Quality, Region, Side
from tracker.entries import journal
from tracker.entries.history import TIME_FORMAT
from tracker.entries.profile import update_profile
from tracker.flags import EntryRef, Flag, Severity, service
from tracker.flags.diary import Diary
from tracker.flags.registry import RULES, RuleSpec, refs
from tracker.ui.flags import ACK_LABELS, FIRST_BOX
from tracker.ui.widgets import md_escape

OpenPage = Callable[..., AppTest]
COUNTESS = "Countess of Chester"
CRAMP_SAVE = "FormSubmitter:cramp_form-Save episode"
EMERGENCY_ACK = ACK_LABELS[Severity.EMERGENCY]
URGENT_ACK = ACK_LABELS[Severity.URGENT]


@pytest.fixture
def pregnant(db: Engine, app_profile: ProfileRead) -> ProfileRead:
    """The app's profile, due in 6 weeks (GA 34+0 by the real clock the app reads)."""
    now = datetime.now(UTC)
    due = now.date() + timedelta(weeks=6)
    return update_profile(engine=db, profile=app_profile, changes={"due_date": due}, now=now)


def banner(at: AppTest) -> list[Any]:
    return [e for e in at.error if "emergency number" in e.value]


def callouts(at: AppTest) -> list[Any]:
    return list(at.warning)


def ack_buttons(at: AppTest, label: str) -> list[Any]:
    return [b for b in at.button if b.label == label]


def log(db: Engine, profile: ProfileRead, entry_kind: EntryKind, **values: Any) -> Any:
    now = datetime.now(UTC)
    return journal.log_entry(
        engine=db, kind=entry_kind, profile_id=profile.id, values=values, now=now
    )


def test_emergency_banner_shows_on_every_page_until_acknowledged(
    open_page: OpenPage,
    db: Engine,
    pregnant: ProfileRead,
    pin_clock: Callable[[datetime], datetime],
) -> None:
    at = open_page("pages/pregnancy.py")
    assert banner(at) == []
    at.radio(key="event_kind").set_value(EventKind.CORD_FELT).run()
    [preview] = at.error  # before saving: what the guidance says if it is happening now
    assert preview.value.startswith("If this is happening now: Call 999 / 112 / 911")
    assert COUNTESS in preview.value
    at.button(key="event_save").click().run()
    assert not at.exception

    [event] = list_entries(engine=db, kind=EntryKind.EVENTS, profile_id=pregnant.id)
    logged = format_local(event.occurred_at, "Europe/London", TIME_FORMAT)
    [box] = banner(at)  # on the page where it was logged, at the top
    assert not at.toast  # no toast over the box's title: the page scrolls to the box
    assert scrolled_to_first_box(at)

    at.switch_page("pages/drinks.py").run()  # and on a different page of the same session
    [box] = banner(at)
    assert "Call 999 / 112 / 911 or your local emergency number now" in box.value
    assert f"Logged for {logged} (just now)." in box.value
    assert f"Source: {COUNTESS}" in box.value
    assert box.proto.title.startswith(f"Emergency (now): {EventKind.CORD_FELT.label}")

    elsewhere = open_page("app.py")  # another tab: Today
    assert len(banner(elsewhere)) == 1

    [button] = ack_buttons(at, EMERGENCY_ACK)
    clicked = pin_clock(datetime.now(UTC))  # the real day ``pregnant`` is set by, exactly
    button.click().run()

    assert banner(at) == [] and ack_buttons(at, EMERGENCY_ACK) == []
    assert at.toast[0].value.startswith(
        f"Noted at {format_local(clicked, 'Europe/London', '%H:%M')}. "
    )
    [stored] = acks.list_acknowledgements(engine=db, profile_id=pregnant.id)
    assert (stored.rule, stored.flag_at) == ("P9", event.occurred_at)
    assert stored.acknowledged_at == clicked
    for path in ("app.py", "pages/pregnancy.py", "pages/cramps.py", "pages/flags.py"):
        assert banner(open_page(path)) == [], path
    assert banner(elsewhere.run()) == []  # the other tab too, at its next rerun


def test_the_banner_never_shows_notes(
    open_page: OpenPage, db: Engine, pregnant: ProfileRead
) -> None:
    log(
        db,
        pregnant,
        EntryKind.EVENTS,
        occurred_at=datetime.now(UTC),
        kind="collapse",
        note="<script>alert(1)</script> **bold**",
    )
    [box] = banner(open_page("pages/settings.py"))
    assert "script" not in box.value and "bold" not in box.value


def test_the_preview_follows_the_engine(open_page: OpenPage, pregnant: ProfileRead) -> None:
    at = open_page("pages/pregnancy.py")
    for kind in EventKind:
        at.radio(key="event_kind").set_value(kind).run()
        shown = [e.value for e in at.error]
        expected = kind in {
            EventKind.CORD_FELT,
            EventKind.SEIZURE,
            EventKind.COLLAPSE,
            EventKind.URGE_TO_PUSH,
        }
        assert bool(shown) == expected, kind
        assert all(s.startswith("If this is happening now:") for s in shown)


# --- urgent ---------------------------------------------------------------------------------


def test_urgent_flag_on_the_page_where_it_was_logged_and_on_today(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    at = open_page("pages/cramps.py")
    at.selectbox(key="cramp_region").set_value(Region.CALF)
    at.button_group(key="cramp_side").set_value(Side.LEFT)
    at.button_group(key="cramp_quality").set_value(Quality.CRAMP)
    at.number_input(key="cramp_duration_min").set_value(15)  # L1: a cramp over 10 minutes
    at.button(key=CRAMP_SAVE).click().run()
    assert not at.exception

    [cramp] = list_entries(engine=db, kind=EntryKind.CRAMPS, profile_id=app_profile.id)
    [l1] = service.flags_for_entries(
        db, app_profile, datetime.now(UTC), [EntryRef("cramps", cramp.id)]
    )
    assert l1.rule == "L1"
    [box] = callouts(at)
    assert box.proto.title == md_escape(f"Urgent (today): {l1.title}")  # severity, how soon
    assert md_escape(l1.advice) in box.value
    assert "Logged for " in box.value and "Source" in box.value
    assert not at.toast and scrolled_to_first_box(at)
    assert at.success[0].value.startswith("Saved: Calf (left)")  # the flash, as before
    shown = box.value
    assert [c.value for c in callouts(at.run())] == [shown]  # still there (until acknowledged)
    assert banner(at) == []

    at.switch_page("pages/drinks.py").run()
    assert callouts(at) == []  # not on pages where it was not logged …
    today = open_page("app.py")
    [on_today] = callouts(today)  # … but on Today, in any tab
    assert on_today.value == shown

    ack_buttons(today, URGENT_ACK)[0].click().run()
    assert callouts(today) == []
    assert callouts(at.switch_page("pages/cramps.py").run()) == []
    [stored] = acks.list_acknowledgements(engine=db, profile_id=app_profile.id)
    assert stored.rule == "L1"
    assert callouts(open_page("app.py")) == []


@pytest.fixture
def big_drink_rule(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A test-only urgent rule: any drink of 500 ml or more (the real rules have no urgent
    drink rule, and Today's one-tap buttons must show flags like any form)."""

    def check(diary: Diary, at: datetime) -> Iterator[Flag]:
        for drink in diary.drinks:
            if drink.volume_ml >= 500:
                evidence = refs(EntryKind.HYDRATION, [drink])
                yield Flag(
                    "ZD",
                    Severity.URGENT,
                    "Big drink",
                    "Tell someone.",
                    drink.taken_at,
                    evidence,
                    ("Test source",),
                )

    spec = RuleSpec("ZD", "Big drink", (Severity.URGENT,), ("Test source",), check)
    monkeypatch.setitem(RULES, "ZD", spec)
    yield "ZD"


def test_a_one_tap_entry_raises_its_callout_once_on_today(
    open_page: OpenPage, app_profile: ProfileRead, big_drink_rule: str
) -> None:
    at = open_page("app.py")
    [tap] = [b for b in at.button if b.label == "+500 ml"]
    tap.click().run()

    [box] = callouts(at)  # under the title, not repeated among Today's callouts
    assert box.proto.title == "Urgent (today): Big drink" and "Test source" in box.value
    small = [b for b in at.button if b.label == "+250 ml"]
    small[0].click().run()
    assert len(callouts(at)) == 1


# --- the Flags page -------------------------------------------------------------------------


def test_flags_page_groups_by_rule_with_filter_and_sources(
    open_page: OpenPage, db: Engine, pregnant: ProfileRead
) -> None:
    now = datetime.now(UTC)
    for hours in (30, 2):
        log(
            db, pregnant, EntryKind.EVENTS, occurred_at=now - timedelta(hours=hours), kind="seizure"
        )
    long_cramp = log(
        db,
        pregnant,
        EntryKind.CRAMPS,
        started_at=now - timedelta(hours=5),
        region="calf",
        side="left",
        intensity=6,
        quality="cramp",
        duration_min=15,
    )
    log(
        db,
        pregnant,
        EntryKind.CRAMPS,
        started_at=now - timedelta(hours=4),
        region="lower_back",
        side="both",
        intensity=4,
        quality="sharp",
        symptoms={"pain_below_knee"},
    )  # B4, routine

    at = open_page("pages/flags.py")
    assert not at.exception
    assert "not a substitute for care" in at.caption[0].value
    titles = [m.value for m in at.markdown if m.value.startswith("**")]
    assert titles[0].startswith(f"**{EventKind.SEIZURE.label}")  # the latest P9, listed first
    captions = " ".join(c.value for c in at.caption)
    assert "2 times in the last 14 days · rule P9" in captions
    assert "once in the last 14 days · rule L1" in captions
    assert "rule B4" in captions
    assert f"Source: {COUNTESS}" in captions
    links = [link.proto for link in at.get("page_link") if link.proto.label == "See in History"]
    assert f"entry=cramps%3A{long_cramp.id}" in [link.query_string for link in links]
    assert any("Calf (left) · cramp · 6/10 · 15 min" in m.value for m in at.markdown)

    at.multiselect(key="flags_severities").set_value([Severity.URGENT]).run()
    captions = " ".join(c.value for c in at.caption)
    assert "rule P9" in captions and "rule L1" in captions and "rule B4" not in captions
    at.multiselect(key="flags_severities").set_value([]).run()
    captions = " ".join(c.value for c in at.caption)
    assert "rule P9" in captions and "rule L1" not in captions  # emergencies always shown

    at.selectbox(key="flags_days").set_value(7).run()
    assert "2 times in the last 7 days · rule P9" in " ".join(c.value for c in at.caption)


def test_flags_page_without_flags(open_page: OpenPage, app_profile: ProfileRead) -> None:
    at = open_page("pages/flags.py")
    assert at.success[0].value.startswith("No flags in the last 14 days")
    assert COUNTESS in " ".join(e.proto.body for e in at.expander[0].markdown)


@pytest.mark.parametrize(
    ("changes", "says_midwife"),
    [
        ({"sex": "male"}, False),
        ({"sex": "female"}, False),  # no due date: not pregnant
        ({}, False),  # sex not set, no due date
        ({"sex": "female", "due_date": "due"}, True),
        ({"sex": "other", "due_date": "due"}, True),
    ],
)
def test_flags_caption_names_a_midwife_only_in_pregnancy(
    open_page: OpenPage,
    db: Engine,
    app_profile: ProfileRead,
    changes: dict[str, Any],
    says_midwife: bool,
) -> None:
    now = datetime.now(UTC)
    if changes.get("due_date") == "due":
        changes = changes | {"due_date": now.date() + timedelta(weeks=6)}
    update_profile(engine=db, profile=app_profile, changes=changes, now=now)
    at = open_page("pages/flags.py")
    caption = at.caption[0].value
    assert "not a substitute for care" in caption
    assert "doctor" in caption
    assert ("midwife" in caption) is says_midwife
    assert ("maternity unit" in caption) is says_midwife


def scrolled_to_first_box(at: AppTest) -> bool:
    """This run drew the script that brings the first box on the page into view."""
    wanted = json.dumps(FIRST_BOX)
    return any(wanted in e.proto.body for e in at.sidebar.get("html"))


def waters_broke_at_38_weeks(db: Engine, profile: ProfileRead, detail: str) -> None:
    """Due in a week, and the waters broke five minutes ago (``detail``: what they looked like)."""
    now = datetime.now(UTC)
    pregnant = update_profile(
        engine=db,
        profile=profile,
        changes={"due_date": (now + timedelta(days=7)).date(), "sex": "female"},
        now=now,
    )
    journal.log_entry(
        engine=db,
        kind=EntryKind.EVENTS,
        profile_id=pregnant.id,
        values={"occurred_at": now - timedelta(minutes=5), "kind": "waters_broke",
                "detail": detail},
        now=now,
    )  # fmt: skip


def test_an_urgent_pregnancy_flag_shows_on_every_page_red_when_it_says_now(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    """Waters broken (P5): on every page, not only Today; green waters say "now" (red), clear
    waters at term "within 2 hours" (orange); the words say the severity and how soon."""
    waters_broke_at_38_weeks(db, app_profile, "green_brown")
    at = open_page("pages/history.py")
    assert [e.proto.title for e in at.error] == ["Urgent (now): Waters broken"]
    at.switch_page("pages/dashboard.py").run()
    assert [e.proto.title for e in at.error] == ["Urgent (now): Waters broken"]
    at.switch_page("app.py").run()
    titles = [e.proto.title for e in at.error] + [w.proto.title for w in at.warning]
    assert titles.count("Urgent (now): Waters broken") == 1  # not again among Today's callouts

    [ack] = [b for b in at.button if str(b.key).startswith("flag_ack_banner_P5")]
    ack.click().run()
    assert not [e for e in at.error if "Waters broken" in e.proto.title]


def test_clear_waters_at_term_are_orange_within_two_hours(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    waters_broke_at_38_weeks(db, app_profile, "clear")
    at = open_page("pages/settings.py")
    assert [w.proto.title for w in at.warning if w.proto.title] == [
        "Urgent (within 2 hours): Waters broken"
    ]
    assert not [e for e in at.error if "Waters" in e.proto.title]
