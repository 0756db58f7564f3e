"""Today (app.py): one-tap drinks and cabinet products, and the day's entries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Progress

from db.crud import list_entries
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.core.timeutil import local_date, local_day_bounds
from tracker.entries.journal import add_product, log_entry

OpenPage = Callable[..., AppTest]


def london(moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo("Europe/London"))


def progress_bar(at: AppTest) -> Progress:
    (bar,) = at.get("progress")
    assert isinstance(bar, Progress)
    return bar


def test_empty_day_says_so(open_page: OpenPage, db: Engine, app_profile: ProfileRead) -> None:
    at = open_page()
    assert at.info[0].value.startswith("Nothing logged yet today.")
    assert not at.dataframe
    assert progress_bar(at).text == "0 ml of 1,600 ml · 1,600 ml to go"


def test_quick_drink_logs_250_ml_and_lists_it(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    at = open_page()
    at.button(key="quick_drink_250").click().run()

    rows: list[Any] = list_entries(engine=db, kind=EntryKind.HYDRATION, profile_id=app_profile.id)
    (row,) = rows
    assert at.success[0].value == f"Logged 250 ml of water at {london(row.taken_at):%H:%M}."
    assert (row.volume_ml, row.beverage) == (250, "water")
    table = at.dataframe[0].value
    assert list(table["What"]) == ["250 ml water"]
    assert list(table["Kind"]) == ["Drink"]
    assert progress_bar(at).text == "250 ml of 1,600 ml · 1,350 ml to go"
    assert not at.info


def test_a_cabinet_product_gets_a_one_tap_button(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, now: datetime
) -> None:
    product = add_product(
        engine=db,
        profile_id=app_profile.id,
        values={"name": "Magnesium 200", "kind": "supplement", "contents": {"magnesium": 200}},
        now=now,
    )
    at = open_page()
    button = at.button(key=f"quick_intake_{product.id}")
    assert button.label == "Magnesium 200"
    button.click().run()

    intakes: list[Any] = list_entries(
        engine=db, kind=EntryKind.SUPPLEMENTS, profile_id=app_profile.id
    )
    (intake,) = intakes
    assert at.success[0].value == f"Logged 1 × Magnesium 200 at {london(intake.taken_at):%H:%M}."
    assert (intake.product_id, intake.units) == (product.id, 1)
    assert list(at.dataframe[0].value["What"]) == ["Magnesium 200 × 1"]


def test_todays_entries_only_newest_first(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, page_now: datetime
) -> None:
    now = page_now  # 21:40 in London: two drinks today, one at 23:59 yesterday
    start, _ = local_day_bounds(local_date(now, "Europe/London"), "Europe/London")
    so_far = now - start
    for taken_at, volume_ml in (
        (start + so_far / 3, 200),
        (start + so_far * 2 / 3, 300),
        (start - timedelta(minutes=1), 999),  # 23:59 yesterday, London time
    ):
        log_entry(
            engine=db,
            kind=EntryKind.HYDRATION,
            profile_id=app_profile.id,
            values={"taken_at": taken_at, "volume_ml": volume_ml},
            now=now,
        )
    at = open_page()
    assert list(at.dataframe[0].value["What"]) == ["300 ml water", "200 ml water"]
    assert progress_bar(at).text == "500 ml of 1,600 ml · 1,100 ml to go"


def test_a_recent_cramp_is_offered_again_first(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, now: datetime
) -> None:
    """'Cramp again?' comes before the other one-tap logs: a repeat is the common case."""
    at = open_page()
    assert at.subheader[0].value == "Log in one tap"
    log_entry(
        engine=db,
        kind=EntryKind.CRAMPS,
        profile_id=app_profile.id,
        values={
            "started_at": datetime.now(UTC) - timedelta(days=2),
            "region": "calf",
            "side": "left",
            "intensity": 6,
            "quality": "cramp",
        },
        now=datetime.now(UTC),
    )
    at = open_page()
    assert [h.value for h in at.subheader][:2] == ["Cramp again?", "Log in one tap"]
    assert at.button(key="today_again_calf_left_cramp_log").label == "Calf (left) · cramp · 6/10"
