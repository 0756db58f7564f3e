"""The Flag trends page on an empty diary and with back pain that met B3 (urgent) five times.

The pages' clock is pinned to 1 March 2026 21:40 (London, GMT): the default range is the 180
local days 3 Sep 2025 – 1 Mar 2026, halves 3 Sep – 1 Dec and 2 Dec – 1 Mar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.entries.journal import log_entry
from tracker.entries.profile import update_profile

PAGE = "pages/flag_trends.py"
OpenPage = Callable[[str], AppTest]


def texts(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)


def test_empty_diary_says_no_flags(
    open_page: OpenPage, app_profile: ProfileRead, page_now: datetime
) -> None:
    at = open_page(PAGE)
    assert [s.value for s in at.success] == [
        "No flags in the last 180 days: nothing you logged matched a rule."
    ]
    assert not at.dataframe


def _back_pain_with_fever(db: Engine, profile: ProfileRead, at: datetime) -> None:
    log_entry(
        engine=db,
        kind=EntryKind.CRAMPS,
        profile_id=profile.id,
        values={
            "started_at": at,
            "region": "lower_back",
            "side": "both",
            "intensity": 6,
            "quality": "dull_ache",
            "symptoms": ["fever"],
        },
        now=datetime(2026, 3, 1, 12, tzinfo=UTC),
    )


def test_trend_sentences_chart_and_table(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, page_now: datetime
) -> None:
    days = [(2025, 10, 1), (2025, 10, 15), (2025, 11, 1), (2025, 11, 20), (2026, 2, 10)]
    for y, m, d in days:
        _back_pain_with_fever(db, app_profile, datetime(y, m, d, 10, tzinfo=UTC))
    _back_pain_with_fever(db, app_profile, datetime(2025, 8, 1, 10, tzinfo=UTC))  # before range

    at = open_page(PAGE)
    shown = texts(at)
    assert "- Urgent warnings: 4 in the first half, 1 in the second half: fewer." in shown
    assert "First half 3 Sep – 1 Dec, second half 2 Dec – 1 Mar" in shown
    assert len(at.get("plotly_chart")) == 1
    table = at.dataframe[0].value
    b3 = table[table["Rule"] == "B3"].iloc[0]
    assert (b3["Severity"], b3["Flags"], b3["Latest"]) == ("Urgent", 5, "10 Feb 2026 10:00")

    # The last 30 days (31 Jan – 1 Mar, halves split on 15 Feb): one flag, not enough to tell.
    at.segmented_control(key="flag_trends_days").set_value(30).run()
    assert not at.exception
    assert (
        "- Urgent warnings: 1 in the first half, 0 in the second half: not enough data to tell "
        "(at least 3 are needed)." in texts(at)
    )
    assert at.dataframe[0].value["Flags"].tolist()[0] == 1


def test_the_caption_names_a_midwife_only_in_a_pregnancy(open_page, db, app_profile) -> None:
    at = open_page("pages/flag_trends.py")
    assert "contact a doctor." in at.caption[0].value and "midwife" not in at.caption[0].value
    update_profile(
        engine=db,
        profile=app_profile,
        changes={"due_date": (datetime.now(UTC) + timedelta(days=30)).date()},
        now=datetime.now(UTC),
    )
    at.run()
    assert "your midwife, doctor or maternity unit" in at.caption[0].value
