"""How fast the everyday paths are with a year of diary behind them.

Figures are printed (``make bench`` shows them); the asserts are generous ceilings that catch
a regression by an order of magnitude, not the targets of any issue.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from db import crud
from db.migrate import open_database
from tests.bench.conftest import median_ms
from tracker.core.kinds import EntryKind
from tracker.core.models import CrampCreate, DrinkCreate
from tracker.core.timeutil import local_date
from tracker.entries.profile import ensure_profile
from tracker.entries.today import day_summary

pytestmark = pytest.mark.bench
APP = str(Path(__file__).resolve().parents[2] / "app.py")
DAYS = 365


def _fill(url: str, now: datetime) -> None:
    engine = open_database(url)
    profile = ensure_profile(engine=engine, now=now, timezone="Europe/London")
    rng = random.Random(7)
    drinks = [
        DrinkCreate(
            taken_at=now - timedelta(days=d, hours=h), volume_ml=rng.choice([150, 250, 500])
        )
        for d in range(DAYS)
        for h in range(0, 16, 2)
    ]
    cramps = [
        CrampCreate(
            started_at=now - timedelta(days=d, hours=rng.randint(0, 23)),
            region=rng.choice(["calf", "lower_back", "foot", "thigh"]),
            side="left",
            intensity=rng.randint(1, 9),
            quality="cramp",
        )
        for d in range(DAYS)
        for _ in range(2)
    ]
    crud.create_entries(
        engine=engine, kind=EntryKind.HYDRATION, profile_id=profile.id, values=drinks, now=now
    )
    crud.create_entries(
        engine=engine, kind=EntryKind.CRAMPS, profile_id=profile.id, values=cramps, now=now
    )
    engine.dispose()


def test_today_with_a_year_of_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    monkeypatch.setenv("TRACKER_DATABASE_URL", url)
    now = datetime.now(UTC)
    _fill(url, now)

    engine = open_database(url)
    profile = ensure_profile(engine=engine, now=now)
    day = local_date(now, profile.timezone)
    summary_ms = median_ms(lambda: day_summary(engine=engine, profile=profile, day=day))

    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    rerun_ms = median_ms(at.run)
    print(
        f"\nToday, {DAYS} days × (8 drinks + 2 cramps) stored: "
        f"day_summary median {summary_ms:.1f} ms; page rerun (AppTest) median {rerun_ms:.1f} ms"
    )
    assert summary_ms < 200
    assert rerun_ms < 2000
