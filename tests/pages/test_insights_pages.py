"""The Insights pages (issue 9, items 4–7) in AppTest: on an empty diary each says what to log,
without an error; on a demo diary each shows the figures ``tracker.insights`` computes for the
same dates, and the date range chosen on one page is the range of the others."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.core.timeutil import local_date
from tracker.entries.journal import add_product, log_entry
from tracker.entries.profile import ensure_profile
from tracker.files import demo
from tracker.insights.days import day_table
from tracker.insights.factors import factor_results
from tracker.insights.frames import DiaryFrames, load_frames
from tracker.insights.intake import adherence, drink_totals
from tracker.insights.patterns import body_counts, frequency
from tracker.insights.summary import insights
from tracker.ui.insights.dates import CHOICE_WIDGET, CUSTOM, DATES_WIDGET
from tracker.ui.insights.views import adherence_label
from tracker.ui.widgets import md_escape

OpenPage = Callable[..., AppTest]
PAGES = {
    "pages/dashboard.py": "Nothing logged in these dates yet",
    "pages/patterns.py": "No cramp or pain episodes in these dates",
    "pages/factors.py": "Nothing to compare in these dates yet",
    "pages/intake_insights.py": "No drinks or supplements in these dates",
}
"""Each Insights page and the start of its empty state."""


@pytest.fixture
def diary(db: Engine, app_profile: ProfileRead, page_now: datetime) -> ProfileRead:
    """120 days of the demo diary, ending at the pages' pinned clock."""
    demo.fill(engine=db, profile=app_profile, days=120, seed=7, now=page_now)
    return ensure_profile(engine=db, now=page_now, timezone="Europe/London")


def today(now: datetime) -> date:
    return local_date(now, "Europe/London")


def last_days(db: Engine, profile: ProfileRead, now: datetime, days: int) -> DiaryFrames:
    end = today(now)
    return load_frames(engine=db, profile=profile, first=end - timedelta(days=days - 1), last=end)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(at: AppTest) -> list[str]:
    return [e.value for e in [*at.markdown, *at.caption, *at.info]]


def charts(at: AppTest) -> list[dict[str, Any]]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


@pytest.mark.parametrize("path", list(PAGES))
def test_each_page_on_an_empty_diary_says_what_to_log(
    open_page: OpenPage, app_profile: ProfileRead, page_now: datetime, path: str
) -> None:
    at = open_page(path)

    assert not at.exception
    assert not at.error
    (info,) = at.info
    assert info.value.startswith(PAGES[path])
    assert "Log" in info.value or "log" in info.value
    assert charts(at) == []
    assert any(c.value.endswith("(90 days)") for c in at.caption)  # the default range


def test_dashboard_figures_are_the_statistics_of_the_range(
    open_page: OpenPage, db: Engine, diary: ProfileRead, page_now: datetime
) -> None:
    end = today(page_now)
    expected = {
        days: insights(
            engine=db, profile=diary, first=end - timedelta(days=days - 1), last=end, now=page_now
        )["dashboard"]
        for days in (90, 7)
    }
    assert expected[90]["episodes"] != expected[7]["episodes"]  # the range must matter

    at = open_page("pages/dashboard.py")
    for days in (90, 7):
        if days == 7:
            at.segmented_control(key=CHOICE_WIDGET).set_value(7).run()
        shown, figures = metrics(at), expected[days]
        assert shown["Episodes"] == str(figures["episodes"])
        assert shown["Days at your drinks goal"] == (
            f"{figures['days_at_goal']} of {figures['days_with_drinks']}"
        )
        assert shown["Supplement days"] == f"{figures['supplement_days']} of {days}"
        assert shown["Routine"] == str(figures["open_flags"]["routine"])
        sentences = f"{figures['frequency_trend']['sentence']} {figures['intensity_trend']}"
        assert sentences in texts(at)
        if days == 7:
            assert figures["frequency_trend"]["enough_data"] is False
    assert not at.exception
    (bars_and_line,) = charts(at)
    assert len(bars_and_line["data"][0]["x"]) == 7  # one bar a day of the 7
    glance = at.table[0].value
    assert list(glance.columns) == ["7 days", "30 days", "90 days"]
    assert glance.loc["Supplement days", "7 days"] == f"{expected[7]['supplement_days']} of 7"


def test_the_range_chosen_on_one_page_is_the_range_of_the_others(
    open_page: OpenPage, diary: ProfileRead, page_now: datetime
) -> None:
    at = open_page("pages/dashboard.py")
    at.segmented_control(key=CHOICE_WIDGET).set_value(30).run()

    for path in ("pages/patterns.py", "pages/factors.py", "pages/intake_insights.py", "app.py"):
        at.switch_page(path).run()
    at.switch_page("pages/patterns.py").run()

    first = today(page_now) - timedelta(days=29)
    assert at.segmented_control(key=CHOICE_WIDGET).value == 30
    assert f"{first:%-d %b %Y} – {today(page_now):%-d %b %Y} (30 days)" in texts(at)


def test_two_chosen_dates_are_the_range_and_stay_chosen(
    open_page: OpenPage, db: Engine, diary: ProfileRead, page_now: datetime
) -> None:
    first, last = date(2026, 1, 5), date(2026, 1, 18)
    expected = insights(engine=db, profile=diary, first=first, last=last, now=page_now)

    at = open_page("pages/dashboard.py")
    at.segmented_control(key=CHOICE_WIDGET).set_value(CUSTOM).run()
    assert at.date_input(key=DATES_WIDGET).value == (
        today(page_now) - timedelta(days=89),
        today(page_now),
    )
    at.date_input(key=DATES_WIDGET).set_value((first, last)).run()

    assert metrics(at)["Episodes"] == str(expected["dashboard"]["episodes"])
    assert "5 Jan 2026 – 18 Jan 2026 (14 days)" in texts(at)
    at.switch_page("pages/factors.py").run()
    assert at.date_input(key=DATES_WIDGET).value == (first, last)
    assert "5 Jan 2026 – 18 Jan 2026 (14 days)" in texts(at)


def test_patterns_show_the_range_by_period_region_and_relief(
    open_page: OpenPage, db: Engine, diary: ProfileRead, page_now: datetime
) -> None:
    frames = last_days(db, diary, page_now, 90)
    body = body_counts(frames)

    at = open_page("pages/patterns.py")

    region_table = at.dataframe[0].value
    shown = dict(zip(region_table["Region"], region_table["Total"], strict=True))
    assert shown["Calf"] == body.loc["calf", "total"] > 0
    assert sum(shown.values()) == len(frames.cramps)
    assert any("association in your diary" in text for text in texts(at))
    by_week = charts(at)[0]
    assert len(by_week["data"][0]["x"]) == len(frequency(frames, "week"))

    at.segmented_control(key="patterns_period").set_value("month").run()
    by_month = charts(at)[0]
    assert len(by_month["data"][0]["x"]) == len(frequency(frames, "month")) == 4  # Dec–Mar
    assert by_month["data"][0]["name"] == "Episodes a day"


def test_factor_sentences_and_not_enough_data_as_the_statistics_say(
    open_page: OpenPage, db: Engine, diary: ProfileRead, page_now: datetime
) -> None:
    at = open_page("pages/factors.py")
    assert "association, not cause" in at.caption[0].value
    for days in (90, 7):
        if days == 7:
            at.segmented_control(key=CHOICE_WIDGET).set_value(7).run()
        results = factor_results(day_table(last_days(db, diary, page_now, days)))
        shown = "\n".join(texts(at))
        for result in results:
            assert md_escape(result.sentence) in shown, result.sentence
        short = [r for r in results if not r.enough_data]
        if days == 90:
            assert any(r.enough_data for r in results)
            assert len(charts(at)) == len({r.factor for r in results if r.enough_data})
        else:
            assert short, "7 days should leave some factor without enough data"
            captions = [c.value for c in at.caption]
            assert sum("Not enough data" in c for c in captions) == len(short)
    assert not at.exception


def test_drinks_and_supplements_page(
    open_page: OpenPage, db: Engine, diary: ProfileRead, page_now: datetime
) -> None:
    frames = last_days(db, diary, page_now, 90)
    totals = drink_totals(frames)
    at_goal = int(totals["at_goal"].fillna(False).sum())
    logged = int(totals["at_goal"].notna().sum())

    at = open_page("pages/intake_insights.py")

    assert any(c.startswith(f"{at_goal} of {logged} days with drinks logged") for c in texts(at))
    expected = adherence(frames)
    bars = [bar.proto for bar in at.get("progress")]
    assert [bar.text for bar in bars] == [
        adherence_label(name, taken, 90)
        for name, taken in zip(expected["product"], expected["days_taken"], strict=True)
    ]
    assert all(
        abs(bar.value - 100 * share) < 1 for bar, share in zip(bars, expected["share"], strict=True)
    )
    assert "Magnesium citrate 100 mg: taken on" in bars[0].text
    assert any("upper level used by rule N1" in c and "IOM 1997" in c for c in texts(at))
    assert not any("should" in c for c in texts(at))  # no dosing advice


def test_a_day_above_the_magnesium_level_is_counted_with_its_rule(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, page_now: datetime
) -> None:
    product = add_product(
        engine=db,
        profile_id=app_profile.id,
        values={"name": "Mag 400", "kind": "supplement", "contents": {"magnesium": 400}},
        now=page_now,
    )
    for hours in (30, 2):  # yesterday 1 unit (400 mg), today 1 unit
        log_entry(
            engine=db,
            kind=EntryKind.SUPPLEMENTS,
            profile_id=app_profile.id,
            values={"taken_at": page_now - timedelta(hours=hours), "product_id": product.id},
            now=page_now,
        )

    at = open_page("pages/intake_insights.py")

    assert not at.exception
    assert any(
        c.startswith("2 of 90 days above the upper level used by rule N1 (350 mg a day)")
        for c in texts(at)
    )


def test_today_links_to_the_dashboard(open_page: OpenPage, app_profile: ProfileRead) -> None:
    at = open_page("app.py")

    main_links = [link.proto for link in at.main.get("page_link")]
    (glance,) = [
        link
        for link in main_links
        if link.page == "dashboard" and link.label != "Insights"  # not the phone's top bar
    ]
    assert glance.label.startswith("At a glance")
