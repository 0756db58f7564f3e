"""Contraction timer page (AppTest against SQLite and PostgreSQL): one tap = one row, the running
contraction lives in the database (a new AppTest sees it), edits and deletes ask first, refusals
store nothing and offer the fix, and the go-in guidance and event advice show at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from db.crud import list_entries
from tracker.core.kinds import EntryKind
from tracker.core.models import ContractionRead, ProfileRead
from tracker.core.timeutil import format_duration_s, format_local
from tracker.core.vocabulary import ContractionIntensity, ContractionLocation
from tracker.entries.journal import log_entry, update_entry
from tracker.entries.profile import update_profile
from tracker.labour import timer
from tracker.ui.labour.table import MARKS

PAGE = "pages/contractions.py"
M = timedelta(minutes=1)
S = timedelta(seconds=1)
ZONE = ZoneInfo("Europe/London")


@pytest.fixture
def db_url(any_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test here on SQLite and on PostgreSQL (``any_url``)."""
    monkeypatch.setenv("TRACKER_DATABASE_URL", any_url)
    monkeypatch.delenv("TRACKER_PROFILE", raising=False)
    return any_url


def now() -> datetime:
    return datetime.now(UTC)


def contractions(db: Engine, profile: ProfileRead) -> list[ContractionRead]:
    rows = list_entries(engine=db, kind=EntryKind.CONTRACTIONS, profile_id=profile.id)
    return [r for r in rows if isinstance(r, ContractionRead)]


def events(db: Engine, profile: ProfileRead) -> list[Any]:
    return list_entries(engine=db, kind=EntryKind.EVENTS, profile_id=profile.id)


def start_text(moment: datetime) -> str:
    """How the table and its caption show a start: ``23:52:10`` today, ``Thu 23:52:10`` on
    another local day (a test of twenty minutes ago runs just after midnight too)."""
    local, today = moment.astimezone(ZONE), now().astimezone(ZONE).date()
    return format_local(
        moment, "Europe/London", "%H:%M:%S" if local.date() == today else "%a %H:%M:%S"
    )


def add(db: Engine, profile: ProfileRead, start: datetime, length_s: float) -> ContractionRead:
    return timer.add_missed(
        engine=db, profile=profile, started_at=start, duration_s=length_s, now=now()
    )


def due_in(db: Engine, profile: ProfileRead, days: int) -> ProfileRead:
    """A due date ``days`` from today: 10 → 38+4 weeks, 70 → 30+0 weeks."""
    due = now().date() + timedelta(days=days)
    return update_profile(engine=db, profile=profile, changes={"due_date": due}, now=now())


def tap_label(at: AppTest) -> str:
    """What the big button reads: of the two (Start, Stop), the one not disabled (the page's
    style hides the other)."""
    both = [b for b in at.button if b.key in {"timer_start", "timer_stop"}]
    assert [b.label for b in both] == ["Start contraction", "Stop contraction"]
    (enabled,) = [b for b in both if not b.disabled]
    return str(enabled.label)


def readings(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(elements: Any) -> list[str]:
    return [str(e.value) for e in elements]


# --- start, stop, reload -------------------------------------------------------------------------


def test_start_stores_one_running_row_and_the_button_reads_stop(
    open_page, db, app_profile, page_now
) -> None:
    at = open_page(PAGE)
    assert tap_label(at) == "Start contraction"
    assert contractions(db, app_profile) == []

    at.button(key="timer_start").click().run()

    assert not at.exception
    (row,) = contractions(db, app_profile)
    assert row.ended_at is None
    assert row.started_at == page_now  # the tap's moment: the pages' pinned clock
    assert tap_label(at) == "Stop contraction"
    assert readings(at)["Running for"] == "0:00"
    assert at.dataframe[0].value["Duration"].tolist() == ["running"]


def test_stop_ends_it_and_the_optional_details_update_that_row(open_page, db, app_profile) -> None:
    at = open_page(PAGE)
    at.button(key="timer_start").click().run()
    at.button(key="timer_stop").click().run()

    (row,) = contractions(db, app_profile)
    assert row.ended_at is not None and row.duration_s is not None
    assert tap_label(at) == "Start contraction"
    assert readings(at)["Last duration"] == format_duration_s(row.duration_s)

    at.segmented_control(key="timer_intensity").set_value(ContractionIntensity.STRONG)
    at.segmented_control(key="timer_where").set_value(ContractionLocation.BACK)
    at.text_area(key="timer_note").input("breathing through it")
    at.button(key="timer_details_save").click().run()

    (row,) = contractions(db, app_profile)
    assert (row.intensity, row.location, row.note) == ("strong", "back", "breathing through it")
    assert at.success[0].value.startswith("Saved the details of the contraction at ")
    table = at.dataframe[0].value
    assert table[["Intensity", "Where", "Note"]].values.tolist() == [
        ["Strong", "Back", "breathing through it"]
    ]
    assert not [f for f in at.text_area if f.key == "timer_note"]  # form gone once saved


def test_a_reload_finds_the_running_contraction_and_can_stop_it(open_page, db, app_profile) -> None:
    first = open_page(PAGE)
    first.button(key="timer_start").click().run()
    (running,) = contractions(db, app_profile)

    # A new browser session (reload, closed tab, second device, restarted server): only the
    # database knows the contraction is running.
    second = open_page(PAGE)
    assert tap_label(second) == "Stop contraction"
    assert "Running for" in readings(second)

    second.button(key="timer_stop").click().run()
    (stopped,) = contractions(db, app_profile)
    assert stopped.id == running.id and stopped.ended_at is not None
    assert tap_label(second) == "Start contraction"


def test_start_on_a_stale_page_while_another_device_runs_one_adds_nothing(
    open_page, db, app_profile
) -> None:
    at = open_page(PAGE)
    assert tap_label(at) == "Start contraction"
    other = timer.start(engine=db, profile=app_profile, now=now())  # the partner's phone

    at.button(key="timer_start").click().run()

    assert [c.id for c in contractions(db, app_profile)] == [other.id]
    assert tap_label(at) == "Stop contraction"
    when = format_local(other.started_at, "Europe/London", "%H:%M:%S")
    assert f"A contraction is already running (since {when})." in texts(at.info)


def test_stop_on_a_stale_page_after_another_device_stopped_it(open_page, db, app_profile) -> None:
    at = open_page(PAGE)
    at.button(key="timer_start").click().run()
    timer.stop(engine=db, profile=app_profile, now=now() + S)

    at.button(key="timer_stop").click().run()

    (row,) = contractions(db, app_profile)
    assert row.ended_at is not None
    assert tap_label(at) == "Start contraction"
    assert any("No contraction was running" in t for t in texts(at.info))


# --- a forgotten stop ----------------------------------------------------------------------------


def forgotten(open_page, db: Engine, profile: ProfileRead) -> tuple[AppTest, ContractionRead]:
    add(db, profile, now() - 30 * M, 50)
    add(db, profile, now() - 25 * M, 70)
    started = timer.start(engine=db, profile=profile, now=now() - 15 * M)
    at = open_page(PAGE)
    at.button(key="timer_stop").click().run()
    return at, started


def test_a_stop_after_more_than_ten_minutes_is_refused_and_offers_the_fix(
    open_page, db, app_profile
) -> None:
    at, started = forgotten(open_page, db, app_profile)

    assert not at.exception
    (message,) = [t for t in texts(at.error) if t.startswith("Not stopped.")]
    assert "longer than 10 minutes" in message and "forgotten to stop it" in message
    assert contractions(db, app_profile)[-1].ended_at is None  # nothing written
    assert tap_label(at) == "Stop contraction"
    assert not [w for w in at.warning if "did you forget" in w.value]  # the fix says it all
    # Offered end: start + the median of the recent lengths (50 s, 70 s → 60 s).
    suggested = started.started_at + 60 * S
    local = suggested.astimezone(ZONE)
    assert at.time_input(key="timer_fix_end_time").value == local.time().replace(
        second=0, microsecond=0
    )

    at.button(key="timer_fix_save").click().run()

    fixed = contractions(db, app_profile)[-1]
    assert fixed.id == started.id
    assert fixed.ended_at == suggested
    assert tap_label(at) == "Start contraction"
    assert at.success[0].value.startswith("Stopped: the contraction that started at ")


def test_the_forgotten_contraction_can_be_deleted_after_a_yes(open_page, db, app_profile) -> None:
    at, started = forgotten(open_page, db, app_profile)
    key = f"timer_fix_{started.id}"
    at.button(key=f"{key}_delete").click().run()
    assert started.id in [c.id for c in contractions(db, app_profile)]  # asked, not deleted

    at.button(key=f"{key}_delete_yes").click().run()

    assert started.id not in [c.id for c in contractions(db, app_profile)]
    assert len(contractions(db, app_profile)) == 2
    assert tap_label(at) == "Start contraction"


# --- the table: edit, delete, a missed one -------------------------------------------------------


def test_table_newest_first_with_duration_and_interval(open_page, db, app_profile) -> None:
    base = now() - 20 * M
    add(db, app_profile, base, 45)
    add(db, app_profile, base + 4 * M + 10 * S, 65)
    add(db, app_profile, base + 8 * M, 72)

    at = open_page(PAGE)
    table = at.dataframe[0].value
    assert table["Duration"].tolist() == ["1:12", "1:05", "0:45"]
    assert table["Interval"].tolist() == ["3:50", "4:10", ""]
    first = start_text(base + 8 * M)
    assert table["Start"].tolist()[0] == first


def test_edit_a_contraction(open_page, db, app_profile) -> None:
    entry = add(db, app_profile, now() - 10 * M, 40)
    at = open_page(PAGE)
    at.selectbox(key="contraction_pick").set_value(entry.id).run()
    key = f"edit_contractions_{entry.id}"
    at.number_input(key=f"{key}_length").set_value(75)
    at.segmented_control(key=f"{key}_intensity").set_value(ContractionIntensity.MODERATE)
    at.button(key=f"{key}_save").click().run()

    assert not at.exception
    (row,) = contractions(db, app_profile)
    assert row.started_at == entry.started_at
    assert row.duration_s == 75 and row.intensity == "moderate"
    assert at.dataframe[0].value["Duration"].tolist() == ["1:15"]


def test_an_edit_that_would_overlap_is_refused(open_page, db, app_profile) -> None:
    earlier = add(db, app_profile, now() - 10 * M, 40)
    later = add(db, app_profile, now() - 8 * M, 40)
    at = open_page(PAGE)
    at.selectbox(key="contraction_pick").set_value(earlier.id).run()
    at.number_input(key=f"edit_contractions_{earlier.id}_length").set_value(180)
    at.button(key=f"edit_contractions_{earlier.id}_save").click().run()

    (error,) = at.error
    assert "overlap" in error.value and "change the times or edit that one" in error.value
    assert [c.duration_s for c in contractions(db, app_profile)] == [40, 40]
    assert later.id in [c.id for c in contractions(db, app_profile)]


def test_delete_asks_first(open_page, db, app_profile) -> None:
    keep = add(db, app_profile, now() - 10 * M, 40)
    drop = add(db, app_profile, now() - 5 * M, 50)
    at = open_page(PAGE)
    at.selectbox(key="contraction_pick").set_value(drop.id).run()
    key = f"edit_contractions_{drop.id}"
    at.button(key=f"{key}_delete").click().run()
    assert len(contractions(db, app_profile)) == 2
    assert "This cannot be undone" in at.warning[-1].value

    at.button(key=f"{key}_delete_yes").click().run()

    assert [c.id for c in contractions(db, app_profile)] == [keep.id]
    assert at.dataframe[0].value["Duration"].tolist() == ["0:40"]
    assert at.selectbox(key="contraction_pick").value is None


def test_add_a_missed_one(open_page, db, app_profile) -> None:
    at = open_page(PAGE)
    start = (now() - 7 * M).replace(second=0, microsecond=0)
    local = start.astimezone(ZONE)
    at.date_input(key="missed_when_date").set_value(local.date())
    at.time_input(key="missed_when_time").set_value(local.time())
    at.number_input(key="missed_length").set_value(55)
    at.button(key="missed_save").click().run()

    (row,) = contractions(db, app_profile)
    assert (row.started_at, row.duration_s) == (start, 55)
    assert at.success[0].value.startswith("Added the contraction at ")


def test_a_missed_one_that_overlaps_is_refused_with_the_fix_and_nothing_stored(
    open_page, db, app_profile
) -> None:
    start = (now() - 7 * M).replace(second=0, microsecond=0)
    add(db, app_profile, start + 20 * S, 60)
    at = open_page(PAGE)
    local = start.astimezone(ZONE)
    at.date_input(key="missed_when_date").set_value(local.date())
    at.time_input(key="missed_when_time").set_value(local.time())
    at.number_input(key="missed_length").set_value(45)
    at.button(key="missed_save").click().run()

    (error,) = at.error
    when = format_local(start + 20 * S, "Europe/London", "%H:%M:%S")
    assert f"it would overlap the contraction that started at {when}" in error.value
    assert "Change the start time or the length" in error.value
    assert len(contractions(db, app_profile)) == 1
    assert at.number_input(key="missed_length").value == 45  # what was typed stays


# --- summary and the go-in rule ------------------------------------------------------------------


def markdown(at: AppTest) -> list[str]:
    return [str(m.value) for m in at.markdown]


YES, NOT_YET, UNKNOWN = (MARKS[k][0] for k in (True, False, None))


def checklist(at: AppTest) -> list[str]:
    """The go-in rule box: its heading, the three parts (one a line), the verdict in words."""
    texts = markdown(at)
    start = next(i for i, t in enumerate(texts) if t.startswith("**Your go-in rule"))
    return texts[start : start + 3]


def share_frames(at: AppTest) -> list[str]:
    """The share buttons' pages (``components.html`` iframes' ``srcdoc``)."""
    return [str(f.proto.srcdoc) for f in at.get("iframe")]


def test_one_labelled_measure_the_median_of_the_last_six(open_page, db, app_profile) -> None:
    # Gaps of 3, 12, 4, 5, 4 and 20 min: sorted 3 4 4 5 12 20, median 4.5 min = 4:30 (their
    # mean would be 8:00). Lengths 40…100 s: the last 6 are 50…100, median 75 s = 1:15.
    gaps = [3, 12, 4, 5, 4, 20]
    starts = [now() - 50 * M]
    for gap in gaps:
        starts.append(starts[-1] + gap * M)
    for start, length in zip(starts, [40, 50, 60, 70, 80, 90, 100], strict=True):
        add(db, app_profile, start, length)

    at = open_page(PAGE)
    shown = readings(at)
    assert shown["Typical interval (median of last 6)"] == "4:30"
    assert shown["Typical length (median of last 6)"] == "1:15"
    assert not [label for label in shown if "Average" in label or "median" in str(shown[label])]
    assert at.get("progress") == []  # no unlabelled bar
    first = start_text(starts[0])
    assert any(c.value.startswith(f"7 contractions since {first}.") for c in at.caption)
    assert checklist(at) == [
        "**Your go-in rule 5-1-1**",
        f"{YES} every ≤ 5 min: yes (typically 4 min 30 s apart)  \n"
        f"{YES} lasting ≥ 60 s: yes (typically 75 s)  \n"
        f"{NOT_YET} for 60 min: 0 of 60 so far",
        "Not yet the pattern of your go-in rule (5-1-1).",
    ]
    # The share text says the same numbers in words.
    (frame,) = share_frames(at)
    assert "typically 4 min 30 s apart and lasting 75 s (medians of the last 6)" in frame
    assert "for 60 min: 0 of 60" in frame


def test_go_in_rule_shown_as_a_checklist_and_where_to_change_it(open_page, db, app_profile) -> None:
    at = open_page(PAGE)
    assert at.get("progress") == []
    assert checklist(at)[1] == (
        f"{UNKNOWN} every ≤ 5 min: not known yet  \n"
        f"{UNKNOWN} lasting ≥ 60 s: not known yet  \n"
        f"{NOT_YET} for 60 min: 0 of 60 so far"
    )
    assert any(c.value.startswith("Your go-in rule 5-1-1:") for c in at.caption)
    assert share_frames(at) == []  # nothing to share yet
    links = [link.proto for link in at.get("page_link")]
    assert any(
        link.label == "Change your go-in rule in Settings" and "settings" in link.page
        for link in links
    )


def test_a_running_session_shows_the_checklist_and_shares_it_with_events(
    open_page, db, app_profile, page_now
) -> None:
    # Four contractions 4 min apart, 70 s each, then waters broke, then one running (tapped).
    update_profile(engine=db, profile=app_profile, changes={"display_name": "Anna"}, now=page_now)
    for i in range(4):
        add(db, app_profile, page_now - (16 - 4 * i) * M, 70)
    values = {"occurred_at": page_now - 5 * M, "kind": "waters_broke", "detail": "green_brown"}
    log_entry(
        engine=db, kind=EntryKind.EVENTS, profile_id=app_profile.id, values=values, now=page_now
    )
    at = open_page(PAGE)
    at.button(key="timer_start").click().run()
    assert tap_label(at) == "Stop contraction"

    shown = readings(at)
    assert shown["Typical interval (median of last 4)"] == "4:00"  # the running one's too
    assert shown["Typical length (median of last 4)"] == "1:10"
    # 16 min span + one 5-min allowance = 21 of 60 minutes.
    assert checklist(at)[1] == (
        f"{YES} every ≤ 5 min: yes (typically 4 min apart)  \n"
        f"{YES} lasting ≥ 60 s: yes (typically 70 s)  \n"
        f"{NOT_YET} for 60 min: 21 of 60 so far"
    )
    (frame,) = share_frames(at)
    assert "Contraction timings from Anna, Sun 1 Mar 2026" in frame
    assert "The latest started at 21:40 and is still going (0:00 so far)." in frame
    assert "- 21:35 Waters broke: green or brown" in frame
    assert "Go-in rule 5-1-1" in frame and "The 5-1-1 pattern is not met yet." in frame
    assert "Copy summary" in frame  # the button's words before its script runs


def term_labour(db: Engine, profile: ProfileRead) -> None:
    """Every 4 minutes for 64 minutes, 70 s each: meets 5-1-1."""
    base = now() - 66 * M
    for i in range(17):
        add(db, profile, base + i * 4 * M, 70)


def test_go_in_callout_when_the_rule_is_met_at_term(open_page, db, app_profile) -> None:
    due_in(db, app_profile, 10)
    term_labour(db, app_profile)

    at = open_page(PAGE)
    (box,) = [w for w in at.warning if "match your go-in rule" in str(w.proto.title)]
    assert "Contact your maternity unit now" in box.value
    assert "MetroHealth" in box.value  # the source
    # First met at the 15th start: the first whose 60 minutes reach back 55 (S − I) or more.
    fifteenth = contractions(db, app_profile)[14].started_at
    assert f"First met at {format_local(fifteenth, 'Europe/London', '%H:%M')}" in box.value
    assert "The pattern of your go-in rule (5-1-1) has held for 60 minutes." in checklist(at)
    assert checklist(at)[1].endswith(f"{YES} for 60 min: 60 of 60, yes")


def test_no_callout_and_a_due_date_note_without_a_due_date(open_page, db, app_profile) -> None:
    term_labour(db, app_profile)
    at = open_page(PAGE)
    assert not [w for w in at.warning if "go-in rule" in str(w.proto.title)]
    assert any("No due date is set" in i.value for i in at.info)
    # The pattern itself is still shown.
    assert checklist(at)[1].endswith(f"{YES} for 60 min: 60 of 60, yes")


def test_a_contraction_of_two_minutes_meets_p2(open_page, db, app_profile) -> None:
    due_in(db, app_profile, 10)
    add(db, app_profile, now() - 5 * M, 125)
    at = open_page(PAGE)
    titles = [str(w.proto.title) for w in at.warning]
    assert "Contraction lasting 2 minutes or more" in titles


def test_frequent_contractions_before_37_weeks_meet_p3(open_page, db, app_profile) -> None:
    due_in(db, app_profile, 70)  # 30+0 weeks
    base = now() - 20 * M
    for i in range(4):
        add(db, app_profile, base + i * 5 * M, 40)
    at = open_page(PAGE)
    (box,) = [w for w in at.warning if "before 37 weeks" in str(w.proto.title)]
    assert "NICHD" in box.value


def test_an_old_labour_gives_no_callout(open_page, db, app_profile) -> None:
    due_in(db, app_profile, 10)
    add(db, app_profile, now() - 3 * 60 * M, 130)  # met P2, but 3 hours ago
    at = open_page(PAGE)
    assert not [w for w in at.warning if "2 minutes" in str(w.proto.title)]


# --- quick event buttons -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("button", "kind", "detail", "shown", "advice"),
    [
        (
            "timer_event_waters_broke_unsure",
            "waters_broke",
            "unsure",
            "warning",
            "you are not sure the fluid is clear",
        ),
        (
            "timer_event_waters_broke_clear",
            "waters_broke",
            "clear",
            "warning",
            "within 2 hours",
        ),
        ("timer_event_bleeding_heavy", "bleeding", "heavy", "error", "emergency number now"),
        (
            "timer_event_reduced_movement_none",
            "reduced_movement",
            None,
            "warning",
            "whatever the time of day",
        ),
    ],
)
def test_event_button_logs_the_event_and_shows_the_advice_at_once(
    open_page, db, app_profile, button, kind, detail, shown, advice
) -> None:
    due_in(db, app_profile, 10)
    at = open_page(PAGE)
    at.session_state["timer_waters_menu"] = True  # a menu left open
    at.button(key=button).click().run()

    assert not at.exception
    (event,) = events(db, app_profile)
    assert (event.kind, event.detail) == (kind, detail)
    boxes = [b.value for b in getattr(at, shown) if b.value.startswith("Logged at ")]
    assert len(boxes) == 1 and advice in boxes[0]
    assert "Source" in boxes[0]
    assert at.session_state["timer_waters_menu"] is False  # closed: the advice is not hidden

    at.button(key="timer_advice_hide").click().run()
    assert not [b for b in getattr(at, shown) if b.value.startswith("Logged at ")]


def test_event_without_a_due_date_says_why_no_advice_and_links_settings(
    open_page, db, app_profile
) -> None:
    at = open_page(PAGE)
    at.button(key="timer_event_reduced_movement_none").click().run()

    assert [e.kind for e in events(db, app_profile)] == ["reduced_movement"]
    (note,) = [i.value for i in at.info if i.value.startswith("Logged at ")]
    assert "No due date is set" in note and "call your maternity unit" in note
    links = [link.proto for link in at.get("page_link")]
    assert any(link.label == "Set your due date in Settings" for link in links)


def test_user_text_is_shown_as_typed(open_page, db, app_profile) -> None:
    entry = add(db, app_profile, now() - 5 * M, 40)
    timer_note = "<b>not bold</b> *nor this*"
    update_entry(
        engine=db,
        kind=EntryKind.CONTRACTIONS,
        profile_id=app_profile.id,
        entry_id=entry.id,
        changes={"note": timer_note},
        now=now(),
    )
    at = open_page(PAGE)
    assert at.dataframe[0].value["Note"].tolist() == [timer_note]
    assert not [h for h in at.get("html") if "not bold" in str(h.proto)]
