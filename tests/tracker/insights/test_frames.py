"""The frames' column contract (tracker/insights/frames.py's docstring), read from a real
SQLite file: a faster reader must pass these same tests. And an empty diary never raises."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy.engine import Engine

from tests.tracker.insights.support import frames
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.entries.journal import add_product, log_entry
from tracker.insights.frames import (
    CONTRACTION_COLUMNS,
    CRAMP_COLUMNS,
    DRINK_COLUMNS,
    EVENT_COLUMNS,
    INTAKE_COLUMNS,
    LOCAL_COLUMNS,
    PRODUCT_COLUMNS,
    load_frames,
)
from tracker.insights.summary import summary

LOGGED = datetime(2026, 12, 1, tzinfo=UTC)


def test_load_frames_follows_the_column_contract(engine: Engine, profile: ProfileRead) -> None:
    def log(entry_kind: EntryKind, **values: object) -> None:
        log_entry(engine=engine, kind=entry_kind, profile_id=profile.id, values=values, now=LOGGED)

    mag = add_product(
        engine=engine,
        profile_id=profile.id,
        values={"name": "Mag", "kind": "supplement", "contents": {"magnesium": 200}},
        now=LOGGED,
    )
    add_product(  # in the cabinet, never taken: still a row of products
        engine=engine,
        profile_id=profile.id,
        values={"name": "Spare", "kind": "medicine", "prescribed": True},
        now=LOGGED,
    )
    # 23:30 UTC on 31 March is 00:30 BST on 1 April in London.
    late = datetime(2026, 3, 31, 23, 30, tzinfo=UTC)
    log(
        EntryKind.CRAMPS,
        started_at=late,
        region="calf",
        side="left",
        intensity=6,
        quality="cramp",
        triggers=["night_sleep", "exercise"],
        duration_min=3,
    )
    log(EntryKind.HYDRATION, taken_at=late, volume_ml=250)
    log(EntryKind.SUPPLEMENTS, taken_at=late, product_id=mag.id, units=2)
    log(EntryKind.CONTRACTIONS, started_at=late)
    log(EntryKind.EVENTS, occurred_at=late, kind="bleeding", detail="light")
    log(EntryKind.HYDRATION, taken_at=datetime(2026, 3, 31, 22, 59, tzinfo=UTC), volume_ml=1)

    loaded = load_frames(
        engine=engine, profile=profile, first=date(2026, 4, 1), last=date(2026, 4, 2)
    )

    expected = {
        "cramps": ("started_at", CRAMP_COLUMNS),
        "drinks": ("taken_at", DRINK_COLUMNS),
        "intakes": ("taken_at", INTAKE_COLUMNS),
        "contractions": ("started_at", CONTRACTION_COLUMNS),
        "events": ("occurred_at", EVENT_COLUMNS),
    }
    for name, (time_column, columns) in expected.items():
        frame = getattr(loaded, name)
        assert list(frame.columns) == [*columns, *LOCAL_COLUMNS], name
        assert len(frame) == 1, name  # the 23:59 BST drink of 31 March is outside
        assert str(frame[time_column].dt.tz) == "UTC"
        assert frame[time_column].iloc[0] == pd.Timestamp(late)
        assert frame["local_day"].iloc[0] == pd.Timestamp("2026-04-01")
        assert (frame["local_hour"].iloc[0], frame["local_weekday"].iloc[0]) == (0, 2)  # Wed
    cramp = loaded.cramps.iloc[0]
    assert cramp["triggers"] == ("exercise", "night_sleep") and cramp["relief"] == ()
    assert (cramp["region"], cramp["intensity"], cramp["duration_min"]) == ("calf", 6, 3.0)
    assert loaded.intakes.iloc[0][["product_name", "units"]].tolist() == ["Mag", 2.0]
    assert pd.isna(loaded.contractions["ended_at"].iloc[0])
    assert loaded.events.iloc[0][["kind", "detail"]].tolist() == ["bleeding", "light"]
    assert list(loaded.products.columns) == list(PRODUCT_COLUMNS)
    assert loaded.products["name"].tolist() == ["Mag", "Spare"]
    assert loaded.products["contents"].tolist() == [{"magnesium": 200.0}, {}]
    assert (loaded.timezone, loaded.goal_ml) == ("Europe/London", 1600)


def test_an_empty_diary_gives_every_statistic_without_raising() -> None:
    found = summary(frames(date(2026, 3, 28), date(2026, 3, 30)))

    json.dumps(found, allow_nan=False)
    assert found["dashboard"]["episodes"] == 0
    assert found["dashboard"]["mean_intensity"] is None
    assert [f["factor"] for f in found["factors"]] == ["drinks_below_goal"] * 2
    assert all(not f["enough_data"] for f in found["factors"])
    assert found["patterns"]["by_week"][0]["episodes"] == 0
    assert found["patterns"]["regions"] == [] and found["patterns"]["symptom_pairs"] == []
    assert found["intake"] == {"adherence": [], "over_upper_level": []}
