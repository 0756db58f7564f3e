"""How much the red flags add to a page render with a year of diary behind them.

The frame asks for the unacknowledged emergencies on every page; Today also asks for the urgent
flags of the last 14 days (every urgent rule over the whole diary). Figures are printed; the
asserts are generous ceilings that catch an order-of-magnitude regression.
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
from tracker.core.models import CrampCreate, DrinkCreate, EventCreate
from tracker.entries.profile import ensure_profile, update_profile
from tracker.flags import service

pytestmark = pytest.mark.bench
APP = str(Path(__file__).resolve().parents[2] / "app.py")
DAYS = 365


def _fill(url: str, now: datetime) -> None:
    engine = open_database(url)
    profile = ensure_profile(engine=engine, now=now, timezone="Europe/London")
    due = now.date() + timedelta(weeks=6)
    profile = update_profile(engine=engine, profile=profile, changes={"due_date": due}, now=now)
    rng = random.Random(11)
    drinks = [
        DrinkCreate(taken_at=now - timedelta(days=d, hours=h), volume_ml=rng.choice([150, 250]))
        for d in range(DAYS)
        for h in range(0, 16, 2)
    ]
    cramps = [
        CrampCreate(
            started_at=now - timedelta(days=d, hours=rng.randint(1, 23)),
            region=rng.choice(["calf", "lower_back", "foot", "thigh"]),
            side="left",
            intensity=rng.randint(1, 9),
            quality=rng.choice(["cramp", "spasm", "sharp"]),
            duration_min=rng.choice([1, 3, 12]),
        )
        for d in range(DAYS)
        for _ in range(2)
    ]
    events = [
        EventCreate(occurred_at=now - timedelta(days=d, hours=3), kind="reduced_movement")
        for d in range(0, 60, 7)
    ]
    for kind, values in (
        (EntryKind.HYDRATION, drinks),
        (EntryKind.CRAMPS, cramps),
        (EntryKind.EVENTS, events),
    ):
        crud.create_entries(engine=engine, kind=kind, profile_id=profile.id, values=values, now=now)
    engine.dispose()


def test_flags_with_a_year_of_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    monkeypatch.setenv("TRACKER_DATABASE_URL", url)
    now = datetime.now(UTC)
    _fill(url, now)
    engine = open_database(url)
    profile = ensure_profile(engine=engine, now=now)

    banner_ms = median_ms(lambda: service.unacknowledged_emergencies(engine, profile, now))
    urgent_ms = median_ms(lambda: service.unacknowledged_urgent(engine, profile, now), repeat=5)
    listing_ms = median_ms(lambda: service.flag_groups(engine, profile, now, 90), repeat=3)

    pages = {}
    for path in ("app.py", "pages/drinks.py", "pages/flags.py"):
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        if path != "app.py":
            at.switch_page(path).run()
        assert not at.exception
        pages[path] = median_ms(at.run, repeat=5)
    print(
        f"\nFlags, {DAYS} days × (8 drinks + 2 cramps) stored: unacknowledged_emergencies "
        f"median {banner_ms:.1f} ms; unacknowledged_urgent (Today) {urgent_ms:.1f} ms; "
        f"flag_groups over 90 days {listing_ms:.1f} ms; page reruns (AppTest): "
        + ", ".join(f"{p} {ms:.0f} ms" for p, ms in pages.items())
    )
    assert banner_ms < 50
    assert urgent_ms < 500
    assert max(pages.values()) < 3000
