"""The data version (``db.versions``): every write path bumps the profile's number in the same
transaction, reads never do, a refused write leaves it, another profile's writes do not touch
it, and a second process sees a bump made by the first (the caches of several app servers and
the command line rely on it). On SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from db import acks, crud
from db.versions import data_version
from tests.conftest import NOW
from tracker.core.errors import TrackerError
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.entries import journal
from tracker.entries.profile import ensure_profile, update_profile
from tracker.files import contraction_timer_app, csvio, demo
from tracker.flags import service

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT.parent / "shared" / "data" / "contractiontimer-sample.csv"
LATER = NOW + timedelta(days=2)

Write = Callable[[Engine, ProfileRead], Any]


def _drink(engine: Engine, profile: ProfileRead, minutes: int = 30) -> Any:
    return journal.log_entry(
        engine=engine,
        kind=EntryKind.HYDRATION,
        profile_id=profile.id,
        values={"taken_at": NOW - timedelta(minutes=minutes), "volume_ml": 250},
        now=NOW,
    )


def _product(engine: Engine, profile: ProfileRead) -> Any:
    return journal.add_product(
        engine=engine, profile_id=profile.id, values={"name": "Mg", "kind": "supplement"}, now=NOW
    )


def _edit_drink(engine: Engine, profile: ProfileRead) -> Any:
    drink = _drink(engine, profile)
    before = data_version(engine=engine, profile_id=profile.id)
    journal.update_entry(
        engine=engine,
        kind=EntryKind.HYDRATION,
        profile_id=profile.id,
        entry_id=drink.id,
        changes={"volume_ml": 300},
        now=NOW,
    )
    return before


def _delete_drink(engine: Engine, profile: ProfileRead) -> Any:
    drink = _drink(engine, profile)
    before = data_version(engine=engine, profile_id=profile.id)
    journal.delete_entry(
        engine=engine, kind=EntryKind.HYDRATION, profile_id=profile.id, entry_id=drink.id
    )
    return before


def _edit_product(engine: Engine, profile: ProfileRead) -> Any:
    product = _product(engine, profile)
    before = data_version(engine=engine, profile_id=profile.id)
    journal.edit_product(
        engine=engine,
        profile_id=profile.id,
        product_id=product.id,
        values={"name": "Magnesium", "kind": "supplement"},
        now=NOW,
    )
    return before


def _delete_product(engine: Engine, profile: ProfileRead) -> Any:
    product = _product(engine, profile)
    before = data_version(engine=engine, profile_id=profile.id)
    crud.delete_product(engine=engine, profile_id=profile.id, product_id=product.id)
    return before


def _csv_import(engine: Engine, profile: ProfileRead) -> Any:
    text = "taken_at,volume_ml,beverage,note\n2026-03-01T08:00:00+00:00,250,water,\n"
    return csvio.import_csv(
        engine=engine, kind=EntryKind.HYDRATION, profile=profile, text=text, now=NOW
    )


def _timer_app_import(engine: Engine, profile: ProfileRead) -> Any:
    return contraction_timer_app.import_file(
        engine=engine, profile=profile, text=SAMPLE.read_text(), now=LATER
    )


def _acknowledge(engine: Engine, profile: ProfileRead) -> Any:
    return acks.acknowledge(engine=engine, profile_id=profile.id, rule="L1", flag_at=NOW, now=NOW)


WRITES: dict[str, Write] = {
    "log an entry": _drink,
    "edit an entry": _edit_drink,
    "delete an entry": _delete_drink,
    "add a product": _product,
    "edit a product": _edit_product,
    "delete a product": _delete_product,
    "change the profile": lambda e, p: update_profile(
        engine=e, profile=p, changes={"display_name": "Sam"}, now=NOW
    ),
    "import a CSV file": _csv_import,
    "import a Contraction Timer file": _timer_app_import,
    "fill a demo diary": lambda e, p: demo.fill(engine=e, profile=p, days=3, seed=1, now=NOW),
    "acknowledge a flag": _acknowledge,
}


@pytest.mark.parametrize("write", list(WRITES), ids=list(WRITES))
def test_every_write_path_bumps_the_version_of_its_profile_only(
    any_engine: Engine, write: str
) -> None:
    profile = ensure_profile(engine=any_engine, now=NOW, timezone="Europe/London")
    other = ensure_profile(engine=any_engine, name="other", now=NOW, timezone="Europe/London")
    before = data_version(engine=any_engine, profile_id=profile.id)
    other_before = data_version(engine=any_engine, profile_id=other.id)

    returned = WRITES[write](any_engine, profile)

    if write in {"edit an entry", "delete an entry", "edit a product", "delete a product"}:
        before = returned  # the version after the entry to change was made
    assert data_version(engine=any_engine, profile_id=profile.id) > before
    assert data_version(engine=any_engine, profile_id=other.id) == other_before


def test_reads_and_refused_writes_leave_the_version(any_engine: Engine) -> None:
    profile = ensure_profile(engine=any_engine, now=NOW, timezone="Europe/London")
    _drink(any_engine, profile)
    before = data_version(engine=any_engine, profile_id=profile.id)

    crud.list_entries(engine=any_engine, kind=EntryKind.HYDRATION, profile_id=profile.id)
    service.flag_groups(any_engine, profile, NOW)
    service.unacknowledged_emergencies(any_engine, profile, NOW)
    with pytest.raises(TrackerError):  # a bad row: the whole file is refused
        csvio.import_csv(
            engine=any_engine,
            kind=EntryKind.HYDRATION,
            profile=profile,
            text="taken_at,volume_ml,beverage,note\n2026-03-01T08:00:00+00:00,250,water,\nx,1,,\n",
            now=NOW,
        )
    with pytest.raises(TrackerError):  # a future drink
        journal.log_entry(
            engine=any_engine,
            kind=EntryKind.HYDRATION,
            profile_id=profile.id,
            values={"taken_at": NOW + timedelta(days=1), "volume_ml": 250},
            now=NOW,
        )

    assert data_version(engine=any_engine, profile_id=profile.id) == before


def test_a_bump_by_another_process_is_seen_here(sqlite_url: str, engine: Engine) -> None:
    """The command line (another process) imports a file; this process reads the new version."""
    profile = ensure_profile(engine=engine, now=NOW, timezone="Europe/London")
    before = data_version(engine=engine, profile_id=profile.id)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tracker",
            "--db",
            sqlite_url,
            "import",
            "contractiontimer",
            str(SAMPLE),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert data_version(engine=engine, profile_id=profile.id) > before
