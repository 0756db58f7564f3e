"""The Pregnancy & labour page: its empty states, two sessions timed by hand, and a demo diary."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.core.timeutil import format_gestational_age, gestational_age_days, local_date
from tracker.entries.journal import log_entry
from tracker.entries.profile import update_profile
from tracker.files.demo import fill
from tracker.labour.sessions import split_sessions
from tracker.labour.timer import contractions

PAGE = "pages/pregnancy_insights.py"
OpenPage = Callable[[str], AppTest]
DUE = date(2026, 4, 10)
LONDON = "Europe/London"
_S = timedelta(seconds=1)


def pregnant(db: Engine, profile: ProfileRead, now: datetime) -> ProfileRead:
    return update_profile(engine=db, profile=profile, changes={"due_date": DUE}, now=now)


def test_without_a_due_date_it_asks_for_one(
    open_page: OpenPage, app_profile: ProfileRead, page_now: datetime
) -> None:
    at = open_page(PAGE)
    assert [i.value for i in at.info] == [
        "Set your due date in Settings to see your contractions and pregnancy events against "
        "the weeks of pregnancy."
    ]
    assert not at.dataframe


def test_pregnant_with_nothing_timed(
    open_page: OpenPage,
    db: Engine,
    app_profile: ProfileRead,
    pin_clock: Callable[[datetime], datetime],
) -> None:
    now = pin_clock(datetime(2026, 4, 2, 12, tzinfo=UTC))
    pregnant(db, app_profile, now)
    at = open_page(PAGE)
    assert [i.value for i in at.info] == [
        "No contractions timed and no pregnancy events logged yet in this pregnancy."
    ]
    assert "From 4 Jul 2025 (0 weeks) to 2 Apr 2026." in at.caption[0].value


def _contraction(db: Engine, profile: ProfileRead, start: datetime, seconds: int) -> None:
    log_entry(
        engine=db,
        kind=EntryKind.CONTRACTIONS,
        profile_id=profile.id,
        values={"started_at": start, "ended_at": start + timedelta(seconds=seconds)},
        now=datetime(2026, 4, 2, 12, tzinfo=UTC),
    )


def test_a_practice_evening_and_a_labour_side_by_side(
    open_page: OpenPage,
    db: Engine,
    app_profile: ProfileRead,
    pin_clock: Callable[[datetime], datetime],
) -> None:
    now = pin_clock(datetime(2026, 4, 2, 12, tzinfo=UTC))
    pregnant(db, app_profile, now)
    # 14 March (GMT, 36+1): starts 19:00, 19:10, 19:25, 19:33, 19:53; 30 to 50 s long.
    for minute, seconds in zip((0, 10, 25, 33, 53), (30, 40, 35, 45, 50), strict=True):
        _contraction(db, app_profile, datetime(2026, 3, 14, 19, minute, tzinfo=UTC), seconds)
    # From 23:00 BST on 31 March (38+4): every 4 min, 65 s, 20 times; 5-1-1 met 56 min in.
    for i in range(20):
        _contraction(db, app_profile, datetime(2026, 3, 31, 22, tzinfo=UTC) + i * 4 * 60 * _S, 65)

    at = open_page(PAGE)
    assert not at.exception
    rows = at.dataframe[0].value.to_dict("records")
    assert rows == [
        {
            "Weeks": "38+4",
            "When": "Tue 31 Mar 23:00 – Wed 1 Apr 00:17",
            "Go-in rule": "Met at 23:56",
            "Median interval": "4 min",
            "Median duration": "65 s",
            "Regularity": "regular (0 %)",
            "Contractions": 20,
        },
        {
            "Weeks": "36+1",
            "When": "Sat 14 Mar 19:00–19:53",
            "Go-in rule": "Practice",
            "Median interval": "12 min 30 s",
            "Median duration": "40 s",
            "Regularity": "irregular (35 %)",
            "Contractions": 5,
        },
    ]
    assert any("2 sessions" in c.value and "1 met your go-in rule" in c.value for c in at.caption)
    assert len(at.get("plotly_chart")) == 2


def test_a_demo_pregnancy(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, page_now: datetime
) -> None:
    demo = fill(engine=db, profile=app_profile, days=90, pregnant=True, now=page_now)
    assert demo.due_date is not None
    at = open_page(PAGE)
    assert not at.exception

    due = demo.due_date

    def ga(moment: datetime) -> str:
        return format_gestational_age(gestational_age_days(due, local_date(moment, LONDON)))

    rows = at.dataframe[0].value.to_dict("records")
    sessions = split_sessions(contractions(db, app_profile))
    assert len(rows) == len(sessions) > 2
    newest = rows[0]
    assert newest["Weeks"] == ga(page_now)
    assert newest["Go-in rule"].startswith("Met at ")
    assert {r["Go-in rule"] for r in rows[1:]} == {"Practice"}

    events = sorted(demo.events, key=lambda e: e.occurred_at)
    expected = [f"- **{ga(e.occurred_at)}**: {e.kind.label}" for e in events]
    assert "\n".join(expected) in [m.value for m in at.markdown]
