"""Share & export page: a CSV download per kind for a period, in the files-and-cli.md format, and
the ZIP, readable and FHIR downloads made when clicked."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.pages.conftest import Deferred, clicked
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.entries.journal import add_product, log_entry
from tracker.entries.profile import update_profile

PAGE = "pages/export.py"
CALF = {"region": "calf", "side": "left", "intensity": 6, "quality": "cramp"}
TOKYO = ZoneInfo("Asia/Tokyo")
"""UTC+9 all year: the expected timestamps do not depend on the season the test runs in."""


@pytest.fixture
def files(deferred: Deferred) -> Deferred:
    """What each download button would hand the browser when tapped (every download is made,
    or at least noted in the audit trail, when tapped: ``tracker.ui.audit``)."""
    return deferred


@pytest.fixture
def tokyo(db: Engine, app_profile: ProfileRead, now: datetime) -> ProfileRead:
    return update_profile(
        engine=db, profile=app_profile, changes={"timezone": "Asia/Tokyo"}, now=now
    )


def local(days_ago: int, hour: int, minute: int) -> datetime:
    day = datetime.now(TOKYO).date() - timedelta(days=days_ago)
    return datetime.combine(day, time(hour, minute), tzinfo=TOKYO)


def log(db: Engine, profile: ProfileRead, kind: EntryKind, values: dict[str, Any]) -> None:
    log_entry(engine=db, kind=kind, profile_id=profile.id, values=values, now=datetime.now(UTC))


def download(at: AppTest, files: Deferred, kind: str) -> Any:
    button = at.download_button(key=f"export_{kind}")
    data, name = clicked(at, files, f"export_{kind}")
    return button, data, name


def test_events_csv_is_the_documented_format_for_the_range(open_page, db, tokyo, files) -> None:
    yesterday = local(1, 8, 15)
    log(
        db,
        tokyo,
        EntryKind.EVENTS,
        {"occurred_at": yesterday, "kind": "waters_broke", "detail": "clear", "note": "=1+1, home"},
    )
    log(db, tokyo, EntryKind.EVENTS, {"occurred_at": local(100, 9, 0), "kind": "mucus_plug"})
    at = open_page(PAGE)
    assert not at.exception
    assert "health data" in at.info[0].value and "stay on this machine" in at.info[0].value

    button, data, name = download(at, files, "events")

    assert button.proto.label == "Pregnancy event: 1 entry"
    assert not button.proto.disabled
    first, last = at.date_input(key="export_dates").value
    assert (last - first).days == 89
    assert name == f"cramp-tracker-events-{first}-to-{last}.csv"
    assert data.decode("utf-8") == (
        "occurred_at,kind,detail,note\r\n"
        f'{yesterday.date()}T08:15:00+09:00,waters_broke,clear,"\'=1+1, home"\r\n'
    )

    at.date_input(key="export_dates").set_value((first - timedelta(days=30), last)).run()
    button, data, _ = download(at, files, "events")
    assert button.proto.label == "Pregnancy event: 2 entries"
    assert data.decode("utf-8").splitlines()[1].endswith("T09:00:00+09:00,mucus_plug,,")


def test_supplements_csv_carries_the_product(open_page, db, tokyo, files) -> None:
    product = add_product(
        engine=db,
        profile_id=tokyo.id,
        values={
            "name": "Mag D",
            "kind": "supplement",
            "contents": {"magnesium": 200, "vitamin_d": 25},
        },
        now=datetime.now(UTC),
    )
    taken = local(1, 0, 5)
    log(db, tokyo, EntryKind.SUPPLEMENTS, {"taken_at": taken, "product_id": product.id, "units": 2})
    at = open_page(PAGE)

    _, data, _ = download(at, files, "supplements")

    assert data.decode("utf-8") == (
        "taken_at,product,kind,medicine_class,prescribed,started_on,contents,units,note\r\n"
        f"{taken.date()}T00:05:00+09:00,Mag D,supplement,,no,,magnesium=200;vitamin_d=25,2,\r\n"
    )


def test_empty_kinds_are_offered_disabled(open_page, tokyo, files) -> None:
    at = open_page(PAGE)
    button = at.download_button(key="export_cramps")
    assert button.proto.label == "Cramp / pain: 0 entries"
    assert button.proto.disabled
    assert not button.proto.deferred_file_id and not button.proto.url  # nothing to download


def test_zip_readable_and_fhir_are_offered_with_counts(open_page, db, tokyo) -> None:
    log(
        db,
        tokyo,
        EntryKind.CRAMPS,
        {
            "started_at": local(2, 3, 10),
            "region": "calf",
            "side": "left",
            "intensity": 6,
            "quality": "cramp",
        },
    )
    log(db, tokyo, EntryKind.HYDRATION, {"taken_at": local(1, 9, 0), "volume_ml": 250})
    at = open_page(PAGE)
    assert not at.exception

    zip_button = at.download_button(key="share_zip")
    assert zip_button.proto.label == "All spreadsheet files (ZIP): 2 entries"
    assert not zip_button.proto.disabled
    readable = at.download_button(key="share_readable_cramps")
    assert readable.proto.label == "Cramp / pain for people: 1 entry"
    assert at.download_button(key="share_readable_events").proto.disabled
    assert at.download_button(key="share_fhir").proto.label == "FHIR R4 bundle (JSON)"


def test_an_empty_period_offers_no_zip(open_page, tokyo) -> None:
    at = open_page(PAGE)
    assert at.download_button(key="share_zip").proto.disabled


def test_the_zip_and_fhir_downloads_are_the_periods_files(
    open_page, db, tokyo, deferred: Deferred
) -> None:
    log(
        db,
        tokyo,
        EntryKind.CRAMPS,
        {
            "started_at": local(2, 3, 10),
            "region": "calf",
            "side": "left",
            "intensity": 6,
            "quality": "cramp",
        },
    )
    log(db, tokyo, EntryKind.CRAMPS, {**CALF, "started_at": local(120, 3, 10)})  # before it
    at = open_page(PAGE)
    first, last = at.date_input(key="export_dates").value

    data, name = clicked(at, deferred, "share_zip")
    assert name == f"cramp-tracker-{first}-to-{last}.zip"
    archive = zipfile.ZipFile(io.BytesIO(data))
    readable = archive.read(f"cramp-tracker-{first}-to-{last}/cramps-readable.csv").decode()
    assert readable.count("\r\n") == 2 and ",Calf,Left," in readable  # header and one episode

    data, name = clicked(at, deferred, "share_fhir")
    assert name == f"cramp-tracker-fhir-{first}-to-{last}.json"
    bundle = json.loads(data)
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("Patient") == 1 and kinds.count("Observation") == 1
