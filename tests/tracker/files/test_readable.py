"""Readable CSV files (labels, local times, the person's units) and the ZIP of a range."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, date, datetime

from sqlalchemy.engine import Engine

from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.entries.journal import add_product, log_entry
from tracker.entries.profile import ensure_profile, update_profile
from tracker.files.csvio import export_csv, import_csv
from tracker.files.readable import export_zip, readable_csv

NOW = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def london(engine: Engine, **changes: object) -> ProfileRead:
    profile = ensure_profile(engine=engine, now=NOW, timezone="Europe/London")
    if changes:
        profile = update_profile(engine=engine, profile=profile, changes=changes, now=NOW)
    return profile


def log(engine: Engine, profile: ProfileRead, kind: EntryKind, **values: object) -> None:
    log_entry(engine=engine, kind=kind, profile_id=profile.id, values=values, now=NOW)


def test_a_cramp_reads_in_words_at_its_local_time_with_the_zone(engine: Engine) -> None:
    profile = london(engine)
    log(
        engine,
        profile,
        EntryKind.CRAMPS,
        started_at=datetime(2026, 7, 1, 20, 40, tzinfo=UTC),  # 21:40 in London (summer time)
        duration_min=5,
        region="calf",
        side="left",
        intensity=7,
        quality="cramp",
        triggers={"night_sleep", "heat_sweating"},
        relief={"stretching"},
        note="=SUM(A1)",
    )

    text, count = readable_csv(engine=engine, kind=EntryKind.CRAMPS, profile=profile)

    assert count == 1
    (row,) = rows(text)
    assert row["Date"] == "2026-07-01" and row["Time"] == "21:40 BST"
    assert (row["Where"], row["Side"], row["Kind"]) == ("Calf", "Left", "Cramp")
    assert row["Intensity (0-10)"] == "7" and row["Duration (min)"] == "5"
    assert "night_sleep" not in text and "heat_sweating" not in text  # labels, never codes
    assert row["Triggers"].count("; ") == 1
    assert row["Note"] == "'=SUM(A1)"  # a spreadsheet never runs it


def test_the_repeated_autumn_hour_is_told_apart(engine: Engine) -> None:
    profile = london(engine)
    for hour in (0, 1):  # 01:30 BST, then 01:30 GMT on 25 October 2026
        log(
            engine,
            profile,
            EntryKind.HYDRATION,
            taken_at=datetime(2026, 10, 25, hour, 30, tzinfo=UTC),
            volume_ml=250,
            beverage="water",
        )

    text, _ = readable_csv(engine=engine, kind=EntryKind.HYDRATION, profile=profile)

    assert [r["Time"] for r in rows(text)] == ["01:30 BST", "01:30 GMT"]


def test_drinks_in_us_units_and_intakes_with_amounts_taken(engine: Engine) -> None:
    profile = london(engine, units="us")
    log(
        engine,
        profile,
        EntryKind.HYDRATION,
        taken_at=datetime(2026, 11, 1, 9, tzinfo=UTC),
        volume_ml=500,
        beverage="water",
    )
    product = add_product(
        engine=engine,
        profile_id=profile.id,
        values={"name": "Magnesium forte", "kind": "supplement", "contents": {"magnesium": 200}},
        now=NOW,
    )
    log(
        engine,
        profile,
        EntryKind.SUPPLEMENTS,
        taken_at=datetime(2026, 11, 1, 21, tzinfo=UTC),
        product_id=product.id,
        units=2,
    )

    drinks, _ = readable_csv(engine=engine, kind=EntryKind.HYDRATION, profile=profile)
    intakes, _ = readable_csv(engine=engine, kind=EntryKind.SUPPLEMENTS, profile=profile)

    (drink,) = rows(drinks)
    assert drink["Amount (fl oz)"] == "16.9" and drink["Drink"] == "Water"
    (intake,) = rows(intakes)
    assert intake["Product"] == "Magnesium forte" and intake["Units taken"] == "2"
    assert intake["Amount taken"] == "Magnesium (elemental) 400 mg"
    assert intake["Prescribed"] == "no"


def test_the_zip_holds_both_files_of_each_kind_logged_and_the_machine_ones_import_back(
    engine: Engine,
) -> None:
    profile = london(engine)
    log(
        engine,
        profile,
        EntryKind.CRAMPS,
        started_at=datetime(2026, 11, 2, 3, 10, tzinfo=UTC),
        region="foot",
        side="right",
        intensity=4,
        quality="cramp",
    )
    log(
        engine,
        profile,
        EntryKind.CRAMPS,
        started_at=datetime(2026, 10, 1, 3, 10, tzinfo=UTC),  # before the range
        region="calf",
        side="left",
        intensity=4,
        quality="cramp",
    )
    log(
        engine,
        profile,
        EntryKind.HYDRATION,
        taken_at=datetime(2026, 11, 3, 12, tzinfo=UTC),
        volume_ml=330,
        beverage="tea",
    )

    data = export_zip(engine=engine, profile=profile, first=date(2026, 11, 1), last=NOW.date())

    archive = zipfile.ZipFile(io.BytesIO(data))
    stem = "cramp-tracker-2026-11-01-to-2026-11-20/"
    assert sorted(archive.namelist()) == [
        stem + name
        for name in (
            "README.txt",
            "cramps-readable.csv",
            "cramps.csv",
            "hydration-readable.csv",
            "hydration.csv",
        )
    ]
    readme = archive.read(stem + "README.txt").decode()
    assert "Cramp / pain: 1 entry" in readme and "Contraction: 0 entries" in readme
    assert [r["Where"] for r in rows(archive.read(stem + "cramps-readable.csv").decode())] == [
        "Foot"
    ]
    assert data == export_zip(
        engine=engine, profile=profile, first=date(2026, 11, 1), last=NOW.date()
    )  # the same range gives the same bytes

    other = ensure_profile(engine=engine, now=NOW, name="copy", timezone="Europe/London")
    for kind in (EntryKind.CRAMPS, EntryKind.HYDRATION):
        machine = archive.read(f"{stem}{kind.value}.csv").decode()
        import_csv(engine=engine, kind=kind, profile=other, text=machine, now=NOW)
        again, _ = export_csv(engine=engine, kind=kind, profile=other)
        assert again == machine
