"""The FHIR R4 export (issue 10, item 4): a Bundle of type collection that fhir.resources' R4B
models accept, whose resources count and carry what the diary holds, in local time."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from tests.conftest import NOW
from tracker.cli import main
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.core.vocabulary import (
    EVENT_DETAILS,
    ContractionIntensity,
    ContractionLocation,
    EventKind,
    Ingredient,
    Quality,
    Region,
    Relief,
    Side,
    Symptom,
    Trigger,
)
from tracker.entries import journal
from tracker.entries.profile import ensure_profile, update_profile
from tracker.files.fhir import (
    InvalidBundle,
    bundle_from_frames,
    fhir_bundle,
    fhir_file_name,
    fhir_json,
    validated,
)
from tracker.insights.frames import frames_from_records

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def log(
    engine: Engine, profile: ProfileRead, now: datetime, entry_kind: EntryKind, **values: Any
) -> Any:
    return journal.log_entry(
        engine=engine, kind=entry_kind, profile_id=profile.id, values=values, now=now
    )


def seed(engine: Engine, profile: ProfileRead, now: datetime) -> None:
    """A diary around the Europe/London clock change of 26 October 2025 (01:00 UTC)."""
    log(
        engine,
        profile,
        now,
        EntryKind.CRAMPS,
        started_at=at("2025-10-25T23:30:00+00:00"),  # 00:30 BST on the 26th
        duration_min=2.5,
        region="calf",
        side="left",
        intensity=7,
        quality="cramp",
        triggers={"walking", "exercise"},
        symptoms={"leg_numbness_tingling"},
        relief={"stretching", "heat"},
        eased_by_rest="yes",
    )
    log(
        engine,
        profile,
        now,
        EntryKind.CRAMPS,
        started_at=at("2025-10-27T09:05:00+00:00"),
        region="lower_back",
        side="center",
        intensity=4,
        quality="dull_ache",
        relief={"none"},
    )
    # local 25 Oct: 250 ml; local 26 Oct: 300 + 500 ml (by UTC days it would be 550 and 500)
    log(
        engine,
        profile,
        now,
        EntryKind.HYDRATION,
        taken_at=at("2025-10-25T22:30:00+00:00"),
        volume_ml=250,
    )
    log(
        engine,
        profile,
        now,
        EntryKind.HYDRATION,
        taken_at=at("2025-10-25T23:30:00+00:00"),
        volume_ml=300,
    )
    log(
        engine,
        profile,
        now,
        EntryKind.HYDRATION,
        taken_at=at("2025-10-26T23:30:00+00:00"),
        volume_ml=500,
    )
    mag_cal = journal.add_product(
        engine=engine,
        profile_id=profile.id,
        values={
            "name": "Mag+Cal",
            "kind": "supplement",
            "contents": {"magnesium": 200, "calcium": 500},
        },
        now=now,
    )
    vitamin_d = journal.add_product(
        engine=engine,
        profile_id=profile.id,
        values={"name": "D3 25", "kind": "supplement", "contents": {"vitamin_d": 25}},
        now=now,
    )
    log(
        engine,
        profile,
        now,
        EntryKind.SUPPLEMENTS,
        taken_at=at("2025-10-26T21:00:00+00:00"),
        product_id=mag_cal.id,
        units=2,
    )
    log(
        engine,
        profile,
        now,
        EntryKind.SUPPLEMENTS,
        taken_at=at("2025-10-27T08:00:00+00:00"),
        product_id=vitamin_d.id,
    )
    log(
        engine,
        profile,
        now,
        EntryKind.CONTRACTIONS,
        started_at=at("2025-10-27T10:00:00+00:00"),
        ended_at=at("2025-10-27T10:01:00+00:00"),
        intensity="moderate",
        location="back",
    )
    log(
        engine,
        profile,
        now,
        EntryKind.CONTRACTIONS,
        started_at=at("2025-10-27T10:10:00+00:00"),
        ended_at=at("2025-10-27T10:10:45+00:00"),
    )
    # more than 2 hours later: a new session, so no interval
    log(
        engine,
        profile,
        now,
        EntryKind.CONTRACTIONS,
        started_at=at("2025-10-27T13:00:00+00:00"),
        ended_at=at("2025-10-27T13:00:30+00:00"),
    )
    log(
        engine,
        profile,
        now,
        EntryKind.EVENTS,
        occurred_at=at("2025-10-27T14:00:00+00:00"),
        kind="waters_broke",
        detail="clear",
    )


@pytest.fixture
def seeded(engine: Engine, profile: ProfileRead, now: datetime) -> ProfileRead:
    seed(engine, profile, now)
    return profile


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def coded(concept: dict[str, Any], system: str) -> set[str]:
    return {c["code"] for c in concept.get("coding", []) if c["system"] == system}


def observations(bundle: dict[str, Any], system: str, code: str) -> list[dict[str, Any]]:
    return [o for o in resources(bundle, "Observation") if code in coded(o["code"], system)]


def components(obs: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [c for c in obs.get("component", []) if code in coded(c["code"], LOINC)]


def whole(engine: Engine, profile: ProfileRead, now: datetime) -> dict[str, Any]:
    return fhir_bundle(engine=engine, profile=profile, first=None, last=None, now=now)


# --- the bundle as a whole -------------------------------------------------------------------


def test_the_bundle_validates_and_its_counts_match_the_data(
    engine: Engine, seeded: ProfileRead, now: datetime
) -> None:
    bundle = whole(engine, seeded, now)
    Bundle.model_validate(bundle)
    assert bundle["resourceType"] == "Bundle"
    assert bundle["type"] == "collection"
    assert len(resources(bundle, "Patient")) == 1
    assert len(observations(bundle, LOINC, "75325-1")) == 2  # episodes
    assert len(observations(bundle, LOINC, "9000-1")) == 2  # local days with drinks
    assert len(observations(bundle, SNOMED, "364274001")) == 3  # contractions
    assert len(resources(bundle, "MedicationStatement")) == 2  # intakes
    assert len(resources(bundle, "Medication")) == 2  # the products taken
    events = [
        o for o in resources(bundle, "Observation") if o["code"].get("text") == "Waters broke"
    ]
    assert len(events) == 1 and events[0]["valueString"] == "Clear or pale"
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(set(urls)) == len(urls) and all(u.startswith("urn:uuid:") for u in urls)


def test_every_backend_gives_the_same_local_day_totals_and_counts(
    any_engine: Engine, now: datetime
) -> None:
    person = ensure_profile(engine=any_engine, now=now, timezone="Europe/London")
    seed(any_engine, person, now)
    bundle = whole(any_engine, person, now)
    Bundle.model_validate(bundle)
    totals = observations(bundle, LOINC, "9000-1")
    assert [o["valueQuantity"]["value"] for o in totals] == [250, 800]
    assert len(observations(bundle, LOINC, "75325-1")) == 2
    assert len(resources(bundle, "MedicationStatement")) == 2


def test_every_reference_points_at_an_entry_of_the_bundle(
    engine: Engine, seeded: ProfileRead, now: datetime
) -> None:
    bundle = whole(engine, seeded, now)
    urls = {e["fullUrl"] for e in bundle["entry"]}
    text = json.dumps(bundle)
    referenced = {part.split('"')[0] for part in text.split('"reference": "')[1:]}
    assert referenced and referenced <= urls


def test_the_range_keeps_the_entries_of_its_local_days(
    engine: Engine, seeded: ProfileRead, now: datetime
) -> None:
    day = date(2025, 10, 26)
    bundle = fhir_bundle(engine=engine, profile=seeded, first=day, last=day, now=now)
    assert len(observations(bundle, LOINC, "75325-1")) == 1  # 00:30 BST on the 26th
    totals = observations(bundle, LOINC, "9000-1")
    assert [o["valueQuantity"]["value"] for o in totals] == [800]
    assert len(resources(bundle, "MedicationStatement")) == 1
    assert not observations(bundle, SNOMED, "364274001")


def test_an_empty_range_gives_a_valid_bundle_with_just_the_patient(
    engine: Engine, seeded: ProfileRead, now: datetime
) -> None:
    day = date(2024, 1, 1)
    bundle = fhir_bundle(engine=engine, profile=seeded, first=day, last=day, now=now)
    Bundle.model_validate(bundle)
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == ["Patient"]


def test_an_invalid_bundle_is_refused_before_anything_is_written() -> None:
    bad = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "resource": {
                    "resourceType": "Observation",
                    "status": "final",
                    "code": {"text": "x"},
                    "valueWrong": 1,
                }
            }
        ],
    }
    with pytest.raises(InvalidBundle, match="valueWrong"):
        validated(bad)


def test_the_json_is_the_bundle(engine: Engine, seeded: ProfileRead, now: datetime) -> None:
    text = fhir_json(engine=engine, profile=seeded, first=None, last=None, now=now)
    assert json.loads(text) == whole(engine, seeded, now)
    assert "µ" not in text or '"µg"' in text  # written as UTF-8, not \u escapes


# --- the patient -----------------------------------------------------------------------------


def test_the_patient_has_no_name_unless_the_profile_has_one(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    patient = resources(whole(engine, profile, now), "Patient")[0]
    assert "name" not in patient and "gender" not in patient and "birthDate" not in patient
    named = update_profile(
        engine=engine,
        profile=profile,
        changes={"display_name": "Ana Núñez", "sex": "female", "birth_year": 1990},
        now=now,
    )
    patient = resources(whole(engine, named, now), "Patient")[0]
    assert patient["name"] == [{"text": "Ana Núñez"}]
    assert patient["gender"] == "female"
    assert patient["birthDate"] == "1990"


def test_the_patients_url_is_stable_per_profile(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    first = whole(engine, profile, now)["entry"][0]["fullUrl"]
    again = whole(engine, profile, now + timedelta(days=3))["entry"][0]["fullUrl"]
    other = ensure_profile(engine=engine, name="other", now=now, timezone="Europe/London")
    assert first == again
    assert whole(engine, other, now)["entry"][0]["fullUrl"] != first


# --- episodes --------------------------------------------------------------------------------


def test_a_cramp_in_the_left_calf_has_the_verified_codes(
    engine: Engine, seeded: ProfileRead, now: datetime
) -> None:
    bundle = whole(engine, seeded, now)
    cramp = next(
        o
        for o in observations(bundle, LOINC, "75325-1")
        if "55300003" in coded(o["valueCodeableConcept"], SNOMED)
    )
    assert cramp["status"] == "final"
    categories = {c["code"] for cat in cramp["category"] for c in cat["coding"]}
    assert "survey" in categories
    assert cramp["valueCodeableConcept"]["text"] == "Cramp"
    site = cramp["bodySite"]
    assert coded(site, SNOMED) == {"53840002"}
    assert site["text"] == "Left calf"
    (laterality,) = site["extension"]
    assert (
        laterality["url"]
        == "http://hl7.org/fhir/StructureDefinition/observation-structureLaterality"
    )
    assert coded(laterality["valueCodeableConcept"], SNOMED) == {"7771000"}
    (severity,) = components(cramp, "72514-3")
    assert severity["valueInteger"] == 7
    triggers = [c["valueCodeableConcept"]["text"] for c in components(cramp, "100752-5")]
    relief = [c["valueCodeableConcept"]["text"] for c in components(cramp, "100753-3")]
    assert sorted(triggers) == ["Exercise", "Walking"]
    assert sorted(relief) == ["Heat", "Stretching"]
    assert cramp["effectivePeriod"] == {
        "start": "2025-10-26T00:30:00+01:00",
        "end": "2025-10-26T00:32:30+01:00",
    }
    note = cramp["note"][0]["text"]
    assert "Numbness, tingling or pins and needles in a leg" in note
    assert "leg_numbness" not in json.dumps(cramp)  # labels, never codes
    assert cramp["subject"]["reference"] == bundle["entry"][0]["fullUrl"]


def test_a_dull_ache_is_pain_with_its_quality_and_the_original_text(
    engine: Engine, seeded: ProfileRead, now: datetime
) -> None:
    bundle = whole(engine, seeded, now)
    ache = next(
        o
        for o in observations(bundle, LOINC, "75325-1")
        if "22253000" in coded(o["valueCodeableConcept"], SNOMED)
    )
    assert ache["valueCodeableConcept"]["text"] == "Dull ache"
    (quality,) = components(ache, "56823-8")
    assert coded(quality["valueCodeableConcept"], SNOMED) == {"27635008"}
    assert coded(ache["bodySite"], SNOMED) == {"52612000"}
    assert ache["bodySite"]["text"] == "Lower back, centre"
    assert ache["effectiveDateTime"] == "2025-10-27T09:05:00+00:00"
    assert not components(ache, "100753-3")  # "nothing helped" is no alleviating factor
    assert "Nothing helped" in ache["note"][0]["text"]


# --- drinks, contractions, intakes ------------------------------------------------------------


def test_drink_totals_are_per_local_day_across_the_clock_change(
    engine: Engine, seeded: ProfileRead, now: datetime
) -> None:
    totals = observations(whole(engine, seeded, now), LOINC, "9000-1")
    assert [(o["effectivePeriod"], o["valueQuantity"]) for o in totals] == [
        (
            {"start": "2025-10-25T00:00:00+01:00", "end": "2025-10-26T00:00:00+01:00"},
            {"value": 250, "unit": "mL", "system": "http://unitsofmeasure.org", "code": "mL"},
        ),
        (
            {"start": "2025-10-26T00:00:00+01:00", "end": "2025-10-27T00:00:00+00:00"},
            {"value": 800, "unit": "mL", "system": "http://unitsofmeasure.org", "code": "mL"},
        ),
    ]


def test_each_contraction_has_its_period_duration_and_interval_in_its_session(
    engine: Engine, seeded: ProfileRead, now: datetime
) -> None:
    found = observations(whole(engine, seeded, now), SNOMED, "364274001")
    assert [o["effectivePeriod"]["start"] for o in found] == [
        "2025-10-27T10:00:00+00:00",
        "2025-10-27T10:10:00+00:00",
        "2025-10-27T13:00:00+00:00",
    ]
    assert [o["valueQuantity"]["value"] for o in found] == [60, 45, 30]
    assert {o["valueQuantity"]["code"] for o in found} == {"s"}

    def interval(obs: dict[str, Any]) -> float | None:
        parts = [c for c in obs.get("component", []) if c["code"]["text"].startswith("Interval")]
        return parts[0]["valueQuantity"]["value"] if parts else None

    assert [interval(o) for o in found] == [None, 600, None]
    words = {c["code"]["text"]: c["valueCodeableConcept"]["text"] for c in found[0]["component"]}
    assert words == {"Intensity": "Moderate", "Where felt": "Back"}


def test_each_intake_is_a_medication_statement_with_ingredients_and_amounts(
    engine: Engine, seeded: ProfileRead, now: datetime
) -> None:
    bundle = whole(engine, seeded, now)
    by_url = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    first, second = resources(bundle, "MedicationStatement")
    assert first["status"] == "completed"
    assert first["effectiveDateTime"] == "2025-10-26T21:00:00+00:00"
    medication = by_url[first["medicationReference"]["reference"]]
    assert medication["code"] == {"text": "Mag+Cal"}
    strengths = {
        i["itemCodeableConcept"]["text"]: i["strength"]["numerator"]
        for i in medication["ingredient"]
    }
    assert strengths == {
        "Calcium (elemental)": {
            "value": 500,
            "unit": "mg",
            "system": "http://unitsofmeasure.org",
            "code": "mg",
        },
        "Magnesium (elemental)": {
            "value": 200,
            "unit": "mg",
            "system": "http://unitsofmeasure.org",
            "code": "mg",
        },
    }
    dosage = first["dosage"][0]
    assert dosage["doseAndRate"][0]["doseQuantity"]["value"] == 2
    assert dosage["text"] == "2 units: Calcium (elemental) 1000 mg, Magnesium (elemental) 400 mg"
    vitamin_d = by_url[second["medicationReference"]["reference"]]
    (ingredient,) = vitamin_d["ingredient"]
    assert ingredient["strength"]["numerator"]["code"] == "ug"
    assert ingredient["strength"]["numerator"]["unit"] == "µg"


# --- command line ----------------------------------------------------------------------------


def test_export_fhir_writes_the_file_and_exits_0(
    engine: Engine,
    seeded: ProfileRead,
    sqlite_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "diary.json"
    argv = [
        "--db",
        sqlite_url,
        "export",
        "fhir",
        "--from",
        "2025-10-26",
        "--to",
        "2025-10-27",
        "--out",
        str(out),
    ]
    assert main(argv) == 0
    bundle = json.loads(out.read_text(encoding="utf-8"))
    Bundle.model_validate(bundle)
    assert len(observations(bundle, LOINC, "75325-1")) == 2
    assert out.stat().st_mode & 0o777 == 0o600  # health data
    assert str(out) in capsys.readouterr().out


def test_export_fhir_without_dates_exports_everything(
    engine: Engine, seeded: ProfileRead, sqlite_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "all.json"
    assert main(["--db", sqlite_url, "export", "fhir", "--out", str(out)]) == 0
    bundle = json.loads(out.read_text(encoding="utf-8"))
    assert len(observations(bundle, SNOMED, "364274001")) == 3


@pytest.mark.parametrize(
    "dates",
    [
        ["--from", "2025-13-01"],
        ["--to", "yesterday"],
        ["--from", "2025-10-27", "--to", "2025-10-26"],
    ],
)
def test_bad_dates_exit_2_and_write_nothing(
    engine: Engine, seeded: ProfileRead, sqlite_url: str, tmp_path: Path, dates: list[str]
) -> None:
    out = tmp_path / "never.json"
    assert main(["--db", sqlite_url, "export", "fhir", *dates, "--out", str(out)]) == 2
    assert not out.exists()


def test_the_file_name_names_the_range() -> None:
    assert fhir_file_name(date(2025, 10, 1), date(2025, 12, 31)) == (
        "cramp-tracker-fhir-2025-10-01-to-2025-12-31.json"
    )


# --- any diary -------------------------------------------------------------------------------

episode = st.fixed_dictionaries(
    {
        "started_at": st.datetimes(
            min_value=datetime(2025, 1, 1), max_value=datetime(2026, 2, 27), timezones=st.just(UTC)
        ),
        "duration_min": st.none() | st.floats(min_value=0.1, max_value=1440),
        "region": st.sampled_from(list(Region)),
        "side": st.sampled_from(list(Side)),
        "intensity": st.integers(0, 10),
        "quality": st.sampled_from(list(Quality)),
        "triggers": st.sets(st.sampled_from(list(Trigger))),
        "symptoms": st.sets(st.sampled_from(list(Symptom)), max_size=4),
        "relief": st.sets(st.sampled_from(list(Relief))),
        "eased_by_rest": st.sampled_from(["yes", "no", "unknown"]),
    }
)


@contextmanager
def fresh_profile(engine: Engine, now: datetime, zone: str) -> Iterator[ProfileRead]:
    name = f"p-{uuid.uuid4().hex}"
    yield ensure_profile(engine=engine, name=name, now=now, timezone=zone)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    episodes=st.lists(episode, max_size=6),
    zone=st.sampled_from(["Europe/London", "America/New_York", "Asia/Kolkata", "UTC"]),
)
def test_any_diary_gives_a_bundle_that_validates(
    engine: Engine, now: datetime, episodes: list[dict[str, Any]], zone: str
) -> None:
    with fresh_profile(engine, now, zone) as person:
        for values in episodes:
            log(engine, person, now, EntryKind.CRAMPS, **values)
        bundle = whole(engine, person, now)
    Bundle.model_validate(bundle)
    found = observations(bundle, LOINC, "75325-1")
    assert len(found) == len(episodes)
    for obs in found:
        (severity,) = components(obs, "72514-3")
        assert 0 <= severity["valueInteger"] <= 10
        assert obs["bodySite"]["text"]


def _moments(n: int) -> st.SearchStrategy[list[datetime]]:
    return st.lists(
        st.datetimes(
            min_value=datetime(2025, 1, 1), max_value=datetime(2026, 2, 27), timezones=st.just(UTC)
        ),
        min_size=n,
        max_size=n,
    )


@st.composite
def any_frames(draw: st.DrawFn) -> Any:
    """Every kind at once, as frames (no database): drinks, running and finished contractions,
    events with and without a detail, products with every ingredient (µg RAE has no UCUM code)."""
    zone = draw(st.sampled_from(["Europe/London", "America/New_York", "Australia/Lord_Howe"]))
    starts = sorted(draw(_moments(draw(st.integers(0, 6)))))
    contractions = [
        {
            "id": i,
            "started_at": start,
            "ended_at": end,
            "duration_s": float("nan") if end is None else (end - start).total_seconds(),
            "intensity": draw(st.none() | st.sampled_from(list(ContractionIntensity))),
            "location": draw(st.none() | st.sampled_from(list(ContractionLocation))),
        }
        for i, start in enumerate(starts)
        for end in [draw(st.none() | st.just(start + timedelta(seconds=draw(st.integers(1, 600)))))]
    ]
    drinks = [
        {"id": i, "taken_at": moment, "volume_ml": draw(st.floats(1, 3000)), "beverage": "tea"}
        for i, moment in enumerate(draw(_moments(draw(st.integers(0, 8)))))
    ]
    products = [
        {
            "id": pid,
            "name": f"Product {pid} µ",
            "kind": "supplement",
            "medicine_class": None,
            "prescribed": False,
            "contents": draw(
                st.dictionaries(st.sampled_from(list(Ingredient)), st.floats(0.001, 5000))
            ),
        }
        for pid in (1, 2)
    ]
    intakes = [
        {
            "id": i,
            "taken_at": moment,
            "product_id": draw(st.sampled_from([1, 2])),
            "product_name": "Product",
            "units": draw(st.floats(0.1, 20)),
        }
        for i, moment in enumerate(draw(_moments(draw(st.integers(0, 5)))))
    ]
    events = []
    for i, moment in enumerate(draw(_moments(draw(st.integers(0, 4))))):
        kind = draw(st.sampled_from(list(EventKind)))
        details = EVENT_DETAILS.get(kind)
        detail = draw(st.sampled_from(list(details))) if details else None
        events.append({"id": i, "occurred_at": moment, "kind": kind, "detail": detail})
    return frames_from_records(
        first=date(2025, 1, 1),
        last=date(2026, 2, 28),
        timezone=zone,
        goal_ml=2000,
        drinks=drinks,
        intakes=intakes,
        contractions=contractions,
        events=events,
        products=products,
    )


@settings(max_examples=40, deadline=None)
@given(frames=any_frames())
def test_every_kind_of_entry_gives_resources_that_validate(frames: Any) -> None:
    person = ProfileRead(id=1, created_at=NOW, updated_at=NOW, timezone=frames.timezone)
    bundle = validated(bundle_from_frames(frames, person, NOW))
    assert len(observations(bundle, SNOMED, "364274001")) == len(frames.contractions)
    days = {moment.date() for moment in frames.drinks["local_day"]}
    assert len(observations(bundle, LOINC, "9000-1")) == len(days)
    assert len(resources(bundle, "MedicationStatement")) == len(frames.intakes)
    total = sum(o["valueQuantity"]["value"] for o in observations(bundle, LOINC, "9000-1"))
    assert total == pytest.approx(frames.drinks["volume_ml"].sum(), abs=0.01)
