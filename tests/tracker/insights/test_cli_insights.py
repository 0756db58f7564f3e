"""``insights --json`` end to end on a real SQLite file: the factors list is the spec's
contract (files-and-cli.md), counted over local days across London's 29 March clock change."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from tests.tracker.insights.support import local
from tests.tracker.insights.test_factors import clopper_pearson
from tracker.cli import main
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.entries.journal import add_product, log_entry
from tracker.entries.profile import update_profile

LOGGED = datetime(2026, 12, 1, tzinfo=UTC)
FIRST = date(2026, 3, 23)
VOLUMES = [800, 2000, 900, None, 1000, 2000, 1000, 2000, 2000]  # 23..31 March, goal 1600
EPISODES = [1, 3, 0, 2, 2, 4, 2, 3, 0]
MAGNESIUM_DAYS = {date(2026, 3, 23), date(2026, 3, 24), date(2026, 3, 26), date(2026, 3, 30)}
SPEC_KEYS = [
    "factor",
    "lag_days",
    "days_with",
    "days_without",
    "episodes_with",
    "episodes_without",
    "rate_ratio",
    "ci95",
    "enough_data",
    "sentence",
]
ASSOCIATION = "A diary shows association, not cause."


def _log(engine: Engine, profile: ProfileRead, kind: EntryKind, **values: Any) -> None:
    log_entry(engine=engine, kind=kind, profile_id=profile.id, values=values, now=LOGGED)


@pytest.fixture
def diary(engine: Engine, profile: ProfileRead) -> ProfileRead:
    profile = update_profile(
        engine=engine, profile=profile, changes={"hydration_goal_ml": 1600}, now=LOGGED
    )
    magnesium = add_product(
        engine=engine,
        profile_id=profile.id,
        values={"name": "Magnesium", "kind": "supplement", "contents": {"magnesium": 200}},
        now=LOGGED,
    )
    cramp = {"region": "calf", "side": "left", "intensity": 5, "quality": "cramp"}
    for offset, (volume, count) in enumerate(zip(VOLUMES, EPISODES, strict=True)):
        day = FIRST + timedelta(days=offset)
        if volume is not None:
            _log(engine, profile, EntryKind.HYDRATION, taken_at=local(day, 10), volume_ml=volume)
        if day in MAGNESIUM_DAYS:
            _log(
                engine,
                profile,
                EntryKind.SUPPLEMENTS,
                taken_at=local(day, 21),
                product_id=magnesium.id,
            )
        if day == date(2026, 3, 29):  # 00:30 GMT and 23:30 BST: both on the 23-hour 29th
            for at in (
                datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
                datetime(2026, 3, 29, 22, 30, tzinfo=UTC),
            ):
                _log(engine, profile, EntryKind.CRAMPS, started_at=at, **cramp)
            continue
        if day == date(2026, 3, 30):  # 00:30 BST on the 30th is 23:30 UTC on the 29th
            _log(
                engine,
                profile,
                EntryKind.CRAMPS,
                started_at=datetime(2026, 3, 29, 23, 30, tzinfo=UTC),
                **cramp,
            )
            count -= 1
        for i in range(count):
            _log(engine, profile, EntryKind.CRAMPS, started_at=local(day, 8 + i), **cramp)
    # Outside the range, to be left out: the day before and the day after.
    _log(engine, profile, EntryKind.CRAMPS, started_at=local(date(2026, 3, 22), 23, 59), **cramp)
    _log(engine, profile, EntryKind.CRAMPS, started_at=local(date(2026, 4, 1), 0, 0), **cramp)
    return profile


def _refuse(constant: str) -> None:
    raise AssertionError(f"{constant} in the JSON")


def _ci(k: int, n: int, scale: float) -> Any:
    low, high = clopper_pearson(k, n)
    return pytest.approx([low / (1 - low) * scale, high / (1 - high) * scale], abs=1e-6)


def test_insights_json_factors_are_the_spec_list_exactly(
    sqlite_url: str, diary: ProfileRead, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        ["--db", sqlite_url, "insights", "--from", "2026-03-23", "--to", "2026-03-31", "--json"]
    )
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    found = json.loads(out, parse_constant=_refuse)  # plain JSON: no NaN or Infinity

    assert (found["from"], found["to"], found["days"]) == ("2026-03-23", "2026-03-31", 9)
    assert found["patterns"]["regions"] == [{"region": "calf", "side": "left", "count": 17}]
    assert sum(map(sum, found["patterns"]["hour_weekday"])) == 17
    assert found["patterns"]["by_week"][0] == {
        "period_start": "2026-03-23",
        "days": 7,
        "episodes": 14,  # 23..29 March: 1+3+0+2+2+4+2
        "mean_intensity": 5.0,
    }
    assert found["intake"]["adherence"] == [
        {"product": "Magnesium", "days_taken": 4, "days": 9, "share": pytest.approx(4 / 9)}
    ]
    assert found["dashboard"]["episodes"] == 17
    assert found["dashboard"]["days_with_drinks"] == 8 and found["dashboard"]["days_at_goal"] == 4
    assert found["dashboard"]["supplement_days"] == 4
    assert [list(item) for item in found["factors"]] == [SPEC_KEYS] * 4
    assert found["factors"] == [
        {
            "factor": "drinks_below_goal",
            "lag_days": 0,
            "days_with": 4,  # 23, 25, 27, 29 (the 26th has no drink: on neither side)
            "days_without": 4,  # 24, 28, 30, 31
            "episodes_with": 5,
            "episodes_without": 10,
            "rate_ratio": pytest.approx(0.5),
            "ci95": _ci(5, 15, 4 / 4),
            "enough_data": True,
            "sentence": "On days when you drank under your goal you logged 0.50× as many cramp "
            "episodes as on other days (95 % interval 0.13–1.6: no clear difference), "
            "from 4 and 4 days. " + ASSOCIATION,
        },
        {
            "factor": "drinks_below_goal",
            "lag_days": 1,
            "days_with": 4,  # 24, 26, 28, 30
            "days_without": 3,  # 25, 29, 31 (the 23rd's day before is outside, the 27th's dry)
            "episodes_with": 12,
            "episodes_without": 2,
            "rate_ratio": pytest.approx(4.5),
            "ci95": _ci(12, 14, 3 / 4),
            "enough_data": True,
            "sentence": "On days after you drank under your goal you logged 4.5× as many cramp "
            "episodes as on other days (95 % interval 1.0–41), from 4 and 3 days. " + ASSOCIATION,
        },
        {
            "factor": "product:Magnesium",
            "lag_days": 0,
            "days_with": 4,  # 23, 24, 26, 30
            "days_without": 5,
            "episodes_with": 9,
            "episodes_without": 8,
            "rate_ratio": pytest.approx((9 / 4) / (8 / 5)),
            "ci95": _ci(9, 17, 5 / 4),
            "enough_data": True,
            "sentence": "On days when you took Magnesium you logged 1.4× as many cramp episodes "
            "as on other days (95 % interval 0.48–4.2: no clear difference), from 4 and 5 days. "
            + ASSOCIATION,
        },
        {
            "factor": "product:Magnesium",
            "lag_days": 1,
            "days_with": 4,  # 24, 25, 27, 31
            "days_without": 4,  # 26, 28, 29, 30
            "episodes_with": 5,
            "episodes_without": 11,
            "rate_ratio": pytest.approx(5 / 11),
            "ci95": _ci(5, 16, 4 / 4),
            "enough_data": True,
            "sentence": "On days after you took Magnesium you logged 0.45× as many cramp "
            "episodes as on other days (95 % interval 0.12–1.4: no clear difference), "
            "from 4 and 4 days. " + ASSOCIATION,
        },
    ]


def test_insights_defaults_to_the_last_30_days_and_refuses_a_reversed_range(
    sqlite_url: str, diary: ProfileRead, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", sqlite_url, "insights", "--to", "2026-03-31", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert (found["from"], found["days"]) == ("2026-03-02", 30)
    assert found["dashboard"]["episodes"] == 18  # the 22nd's late cramp is in this range

    assert main(["--db", sqlite_url, "insights", "--from", "2026-04-02", "--to", "2026-04-01"]) == 2
    assert "--from 2026-04-02 is after --to 2026-04-01" in capsys.readouterr().err


def test_insights_in_words(
    sqlite_url: str, diary: ProfileRead, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", sqlite_url, "insights", "--from", "2026-03-23", "--to", "2026-03-31"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2026-03-23 to 2026-03-31 (9 days): 17 cramp episode(s)")
    assert "- product:Magnesium (next day): On days after you took Magnesium" in out
