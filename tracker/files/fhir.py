"""The diary as a FHIR R4 ``Bundle`` of type ``collection`` (issue 10, item 4; files-and-cli.md).

One ``Patient``, then, for the local days ``first``..``last`` of the profile's zone:

- one ``Observation`` per cramp or pain episode, in the pattern of the HL7 Symptoms IG
  (``code`` LOINC 75325-1 "Symptom", the symptom as ``valueCodeableConcept``, ``bodySite`` with
  the extensions pack's laterality, components for severity, quality, triggers and relief);
- one ``Observation`` per local day with drinks: the day's total in mL;
- one ``Observation`` per contraction: its period, its duration and its interval in its session;
- one ``Observation`` per pregnancy event, in words only (no code was verified for them);
- one ``Medication`` per product taken in the range and one ``MedicationStatement`` per intake.

Every code comes from ``CODES``, each with where it was confirmed; a concept with no confirmed
code is sent as ``text`` only. Everything a person reads is a label, never one of our codes;
times are local with their offset. The finished dict is validated with fhir.resources' R4B
models before it is returned, so an invalid bundle is never written (``InvalidBundle``).
fhir.resources is imported on first use: it takes about half a second.

Reads go through ``tracker.insights.frames.load_frames`` (the range's entries as frames with
their local days) and ``tracker.labour.sessions`` (when one contraction follows another).
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

import pandas as pd
from sqlalchemy.engine import Engine

from tracker.core.models import ProfileRead
from tracker.core.thresholds import EARLIEST_ENTRY, FUTURE_TOLERANCE_S
from tracker.core.timeutil import DEFAULT_TIMEZONE, local_date, local_day_bounds, to_local
from tracker.core.vocabulary import (
    EVENT_DETAILS,
    INGREDIENT_UNITS,
    ContractionIntensity,
    ContractionLocation,
    EasedByRest,
    EventKind,
    Ingredient,
    Quality,
    Region,
    Relief,
    Sex,
    Side,
    Symptom,
    Trigger,
)
from tracker.insights.frames import DiaryFrames, load_frames
from tracker.labour.sessions import SESSION_GAP_S

SNOMED: Final = "http://snomed.info/sct"
LOINC: Final = "http://loinc.org"
UCUM: Final = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY: Final = "http://terminology.hl7.org/CodeSystem/observation-category"
SYMPTOM_CATEGORY: Final = "http://hl7.org/fhir/uv/symptoms/CodeSystem/SymptomTemporary"
LATERALITY_EXTENSION: Final = (
    "http://hl7.org/fhir/StructureDefinition/observation-structureLaterality"
)
"""FHIR Extensions Pack: laterality on ``Observation.bodySite`` (R4 has no element for it)."""

NAMESPACE: Final = uuid.UUID("6f1d7c1e-2b1a-5c8e-9f1e-0c7a1f3e9b42")
"""Our namespace for the bundle's ``urn:uuid`` names (uuid5): the same profile and entry always
get the same name, so a second export can be matched to the first."""


@dataclass(frozen=True)
class Code:
    """A coding we send, and the published source it was confirmed against."""

    system: str
    code: str
    display: str
    confirmed: str

    def coding(self) -> dict[str, str]:
        return {"system": self.system, "code": self.code, "display": self.display}


_SYMPTOMS_IG: Final = (
    "HL7 FHIR R4 Symptoms IG STU1 (hl7.org/fhir/uv/symptoms; github HL7/fhir-symptoms-ig "
    "input/fsh/SymptomObservation.fsh)"
)
_QUALITY_VS: Final = (
    "Symptoms IG ValueSet QualityCodes (hl7.org/fhir/uv/symptoms/ValueSet-QualityCodes)"
)
_DICOM_4031: Final = "DICOM PS3.16 CID 4031 Common Anatomic Region (dicom-cid-4031 in FHIR form)"
_DICOM_L1: Final = "DICOM PS3.16 Table L-1, Body Part Examined to SNOMED CT"
_LATERALITY_VS: Final = (
    "FHIR Extensions Pack ValueSet structure-laterality-vs; also mCODE LateralityQualifierVS "
    "(hl7.org/fhir/us/mcode)"
)

CODES: Final[dict[str, Code]] = {
    # --- the symptom observation (Symptoms IG pattern) ---
    "symptom": Code(LOINC, "75325-1", "Symptom", f"{_SYMPTOMS_IG}: Observation.code"),
    "symptom_category": Code(
        SYMPTOM_CATEGORY, "symptom", "Symptom", f"{_SYMPTOMS_IG}: category[symptomCode]"
    ),
    "survey": Code(
        OBSERVATION_CATEGORY,
        "survey",
        "Survey",
        "FHIR observation-category; IHE PCC mAPS/APS examples (category Survey)",
    ),
    "cramp": Code(
        SNOMED, "55300003", "Cramp", f"{_SYMPTOMS_IG}: ValueSet CommonSymptomCodes; issue 10"
    ),
    "pain": Code(
        SNOMED,
        "22253000",
        "Pain",
        f"{_SYMPTOMS_IG}: ValueSet CommonSymptomCodes and example ChestPainSymptom",
    ),
    "pain_severity": Code(
        LOINC,
        "72514-3",
        "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
        "HL7 Belgium patient-monitoring ValueSet pain-scale (citing loinc.org/72514-3); display "
        "as in ANS mesures-de-sante example pain-severity-001 (tx.fhir.org narrative)",
    ),
    "quality": Code(
        LOINC,
        "56823-8",
        "Problem quality or description",
        f"{_SYMPTOMS_IG}: component[quality].code",
    ),
    "exacerbating": Code(
        LOINC,
        "100752-5",
        "Exacerbating factors - Reported",
        f"{_SYMPTOMS_IG}: component[triggersOrExacerbatingFactors].code",
    ),
    "alleviating": Code(
        LOINC,
        "100753-3",
        "Alleviating factors - Reported",
        f"{_SYMPTOMS_IG}: component[alleviatingFactors].code",
    ),
    # --- pain qualities (Symptoms IG QualityCodes) ---
    "aching": Code(SNOMED, "27635008", "Aching", _QUALITY_VS),
    "burning_pain": Code(SNOMED, "36349006", "Burning pain", _QUALITY_VS),
    "throbbing_pain": Code(
        SNOMED,
        "29695002",
        "Throbbing",
        f"{_QUALITY_VS}; CQF cds4cpm ValueSet pain-types",
    ),
    "tingling_pain": Code(
        SNOMED, "786837007", "Tingling pain", f"{_QUALITY_VS}; CQF cds4cpm ValueSet pain-types"
    ),
    "cramping_pain": Code(
        SNOMED,
        "279093005",
        "Cramping pain",
        f"{_QUALITY_VS}; Symptoms IG example AbdominalPainSymptom",
    ),
    # --- body sites ---
    "lumbar_region": Code(SNOMED, "52612000", "Lumbar region", _DICOM_L1),
    "back": Code(SNOMED, "77568009", "Back", _DICOM_L1),
    "neck": Code(SNOMED, "45048000", "Neck", f"{_DICOM_4031}; {_DICOM_L1}"),
    "shoulder": Code(SNOMED, "16982005", "Shoulder", f"{_DICOM_4031}; {_DICOM_L1}"),
    "thorax": Code(
        SNOMED,
        "51185008",
        "Thoracic structure",
        f"{_SYMPTOMS_IG}: example ChestPainSymptom bodySite",
    ),
    "abdomen": Code(SNOMED, "818981001", "Abdomen", f"{_DICOM_4031}; {_DICOM_L1}"),
    "pelvis": Code(SNOMED, "816092008", "Pelvis", f"{_DICOM_4031}; {_DICOM_L1}"),
    "thigh": Code(SNOMED, "68367000", "Thigh", f"{_DICOM_4031}; {_DICOM_L1}"),
    "knee": Code(SNOMED, "72696002", "Knee", f"{_DICOM_4031}; {_DICOM_L1}"),
    "calf": Code(SNOMED, "53840002", "Calf of leg", _DICOM_L1),
    "foot": Code(SNOMED, "56459004", "Foot", f"{_DICOM_4031}; {_DICOM_L1}"),
    "upper_limb": Code(
        SNOMED, "53120007", "Upper limb", f"{_DICOM_4031}; HL7 Europe imaging anatomical region"
    ),
    "hand": Code(SNOMED, "85562004", "Hand", f"{_DICOM_4031}; {_DICOM_L1}"),
    # --- laterality ---
    "left": Code(SNOMED, "7771000", "Left", _LATERALITY_VS),
    "right": Code(SNOMED, "24028007", "Right", _LATERALITY_VS),
    "right_and_left": Code(SNOMED, "51440002", "Right and left", _LATERALITY_VS),
    "midline": Code(SNOMED, "399488007", "Midline", _LATERALITY_VS),
    # --- drinks, contractions ---
    "fluid_intake_oral": Code(
        LOINC,
        "9000-1",
        "Fluid intake oral Measured",
        "LOINC 9000-1 (Fluid intake.oral, Vol, Measured; LOINC 2.82 via healthassure.in code "
        "page); OHDSI mapping 3012677 'Fluid intake oral Measured'",
    ),
    "contraction_duration": Code(
        SNOMED,
        "364274001",
        "Duration of uterine contraction",
        "OHDSI vocabulary concept 4267952 'Duration of uterine contraction' = SNOMED 364274001 "
        "(seen in a public mapping table, not on a SNOMED browser page); issue 10",
    ),
}
"""Every code this export sends, with where it was confirmed. Concepts without an entry here
(sharp pain, the buttock/hip region, triggers, relief, pregnancy events, the interval between
contractions, ingredients) are sent as ``text`` only."""

SYMPTOM_OF_QUALITY: Final[dict[Quality, str]] = {
    Quality.CRAMP: "cramp",
    Quality.SPASM: "cramp",
    Quality.DULL_ACHE: "pain",
    Quality.SHARP: "pain",
    Quality.BURNING: "pain",
    Quality.TINGLING: "pain",
    Quality.THROBBING: "pain",
}
"""The SNOMED finding sent as the symptom; the person's own word goes in its ``text``."""

QUALITY_OF_PAIN: Final[dict[Quality, str | None]] = {
    Quality.CRAMP: None,
    Quality.SPASM: None,
    Quality.DULL_ACHE: "aching",
    Quality.SHARP: None,
    Quality.BURNING: "burning_pain",
    Quality.TINGLING: "tingling_pain",
    Quality.THROBBING: "throbbing_pain",
}
"""The quality component's code (``None``: the quality is sent as text only, if at all)."""

BODY_SITE: Final[dict[Region, str | None]] = {
    Region.LOWER_BACK: "lumbar_region",
    Region.UPPER_BACK: "back",
    Region.NECK: "neck",
    Region.SHOULDER: "shoulder",
    Region.CHEST: "thorax",
    Region.ABDOMEN: "abdomen",
    Region.PELVIS: "pelvis",
    Region.BUTTOCK_HIP: None,
    Region.THIGH: "thigh",
    Region.KNEE: "knee",
    Region.CALF: "calf",
    Region.FOOT: "foot",
    Region.ARM: "upper_limb",
    Region.HAND: "hand",
}
"""Our regions as SNOMED body structures ("upper back" is sent as "Back" with its own words in
``text``; "buttock / hip" spans two structures and is sent as text only)."""

LATERALITY: Final[dict[Side, str]] = {
    Side.LEFT: "left",
    Side.RIGHT: "right",
    Side.BOTH: "right_and_left",
    Side.CENTER: "midline",
}

UCUM_UNITS: Final[dict[str, str]] = {"mg": "mg", "µg": "ug"}
"""Our storage units as UCUM codes; "µg RAE" has none and is sent as a unit name only."""

INTERVAL_TEXT: Final = "Interval since the previous contraction started"


class InvalidBundle(Exception):
    """The bundle built here failed fhir.resources' validation: a fault of this module (exit 1),
    never of the person's data. Nothing is written."""


# --- public ----------------------------------------------------------------------------------


def fhir_bundle(
    *,
    engine: Engine,
    profile: ProfileRead,
    first: date | None,
    last: date | None,
    now: datetime,
) -> dict[str, Any]:
    """The validated bundle of the local days ``first``..``last`` (``None``: from the earliest
    possible entry / to today). Raises ``InvalidEntry`` when ``first`` is after ``last``."""
    tz = profile.timezone or DEFAULT_TIMEZONE
    first = first or EARLIEST_ENTRY.date()
    last = last or local_date(now + timedelta(seconds=FUTURE_TOLERANCE_S), tz)
    frames = load_frames(engine=engine, profile=profile, first=first, last=last)
    return validated(bundle_from_frames(frames, profile, now))


def fhir_json(
    *,
    engine: Engine,
    profile: ProfileRead,
    first: date | None,
    last: date | None,
    now: datetime,
) -> str:
    """``fhir_bundle`` as UTF-8 JSON text (the file ``export fhir`` writes)."""
    bundle = fhir_bundle(engine=engine, profile=profile, first=first, last=last, now=now)
    return bundle_json(bundle)


def bundle_json(bundle: Mapping[str, Any]) -> str:
    """A bundle as UTF-8 JSON text, indented, ending with a newline."""
    return json.dumps(bundle, ensure_ascii=False, indent=2) + "\n"


def fhir_file_name(first: date, last: date) -> str:
    """``cramp-tracker-fhir-2025-10-01-to-2025-12-31.json``."""
    return f"cramp-tracker-fhir-{first:%Y-%m-%d}-to-{last:%Y-%m-%d}.json"


def validated(bundle: dict[str, Any]) -> dict[str, Any]:
    """``bundle`` unchanged if fhir.resources' R4B ``Bundle`` accepts it (every resource in it
    is validated by its own model), else ``InvalidBundle`` with the validator's message."""
    from fhir.resources.R4B.bundle import Bundle  # slow to import: only when exporting
    from pydantic import ValidationError

    try:
        Bundle.model_validate(bundle)
    except ValidationError as err:
        raise InvalidBundle(f"the FHIR bundle is not valid R4: {err}") from err
    return bundle


def bundle_from_frames(frames: DiaryFrames, profile: ProfileRead, now: datetime) -> dict[str, Any]:
    """The bundle (not yet validated) of ``frames``, the range's entries."""
    patient_url = _urn(_profile_key(profile), "patient")
    build = _Builder(profile=profile, tz=frames.timezone, patient_url=patient_url)
    entries = [(patient_url, build.patient())]
    entries += build.episodes(frames.cramps)
    entries += build.drink_days(frames.drinks)
    entries += build.contractions(frames.contractions)
    entries += build.events(frames.events)
    entries += build.intakes(frames.intakes, frames.products)
    return {
        "resourceType": "Bundle",
        "id": _urn(_profile_key(profile), "bundle", frames.first, frames.last).removeprefix(
            "urn:uuid:"
        ),
        "meta": {"lastUpdated": _instant(now)},
        "type": "collection",
        "timestamp": _instant(now),
        "entry": [{"fullUrl": url, "resource": resource} for url, resource in entries],
    }


# --- building --------------------------------------------------------------------------------


Entry = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class _Builder:
    profile: ProfileRead
    tz: str
    patient_url: str

    @property
    def key(self) -> str:
        return _profile_key(self.profile)

    def _subject(self) -> dict[str, Any]:
        return {"subject": {"reference": self.patient_url}}

    def _time(self, moment: Any) -> str:
        return _local_iso(moment, self.tz)

    def patient(self) -> dict[str, Any]:
        resource: dict[str, Any] = {"resourceType": "Patient", "id": _id(self.patient_url)}
        if self.profile.display_name.strip():
            resource["name"] = [{"text": self.profile.display_name.strip()}]
        if self.profile.sex in (Sex.FEMALE, Sex.MALE):
            resource["gender"] = str(self.profile.sex)  # "other / prefer not to say": not sent
        if self.profile.birth_year is not None:
            resource["birthDate"] = f"{self.profile.birth_year:04d}"
        return resource

    # episodes

    def episodes(self, cramps: pd.DataFrame) -> list[Entry]:
        return [self._episode(row) for row in _rows(cramps, "started_at")]

    def _episode(self, row: Mapping[str, Any]) -> Entry:
        url = _urn(self.key, "cramp", row["id"])
        quality = Quality(row["quality"])
        resource: dict[str, Any] = {
            "resourceType": "Observation",
            "id": _id(url),
            "status": "final",
            "category": [_concept("survey"), _concept("symptom_category")],
            "code": _concept("symptom"),
            **self._subject(),
            **self._effective(row["started_at"], row["duration_min"]),
            "performer": [{"reference": self.patient_url}],
            "valueCodeableConcept": _concept(SYMPTOM_OF_QUALITY[quality], quality.label),
            "bodySite": _body_site(Region(row["region"]), Side(row["side"])),
            "component": self._episode_components(row, quality),
        }
        note = _episode_note(row)
        if note:
            resource["note"] = [{"text": note}]
        return url, resource

    def _effective(self, start: Any, duration_min: Any) -> dict[str, Any]:
        if duration_min is None or (isinstance(duration_min, float) and math.isnan(duration_min)):
            return {"effectiveDateTime": self._time(start)}
        end = pd.Timestamp(start).to_pydatetime() + timedelta(minutes=float(duration_min))
        return {"effectivePeriod": {"start": self._time(start), "end": self._time(end)}}

    def _episode_components(self, row: Mapping[str, Any], quality: Quality) -> list[dict[str, Any]]:
        parts: list[dict[str, Any]] = [
            {"code": _concept("pain_severity"), "valueInteger": int(row["intensity"])}
        ]
        quality_code = QUALITY_OF_PAIN[quality]
        if quality_code is not None:
            parts.append(
                {"code": _concept("quality"), "valueCodeableConcept": _concept(quality_code)}
            )
        triggers = _labels(Trigger, row["triggers"], skip={Trigger.UNKNOWN})
        relief = _labels(Relief, row["relief"], skip={Relief.NONE})
        parts += [
            {"code": _concept("exacerbating"), "valueCodeableConcept": {"text": label}}
            for label in triggers
        ]
        parts += [
            {"code": _concept("alleviating"), "valueCodeableConcept": {"text": label}}
            for label in relief
        ]
        return parts

    # drinks

    def drink_days(self, drinks: pd.DataFrame) -> list[Entry]:
        if drinks.empty:
            return []
        days = drinks.groupby("local_day")["volume_ml"].agg(["sum", "size"]).sort_index()
        return [
            self._drink_day(pd.Timestamp(day).date(), float(total), int(count))
            for day, total, count in days.itertuples()
        ]

    def _drink_day(self, day: date, total_ml: float, count: int) -> Entry:
        url = _urn(self.key, "drinks", day)
        start, end = local_day_bounds(day, self.tz)
        resource = {
            "resourceType": "Observation",
            "id": _id(url),
            "status": "final",
            "code": _concept("fluid_intake_oral", "Drinks in the day"),
            **self._subject(),
            "effectivePeriod": {"start": self._time(start), "end": self._time(end)},
            "valueQuantity": _quantity(total_ml, "mL", "mL"),
            "note": [{"text": f"{count} drink{'' if count == 1 else 's'} logged."}],
        }
        return url, resource

    # contractions

    def contractions(self, contractions: pd.DataFrame) -> list[Entry]:
        entries: list[Entry] = []
        previous: pd.Timestamp | None = None
        for row in _rows(contractions, "started_at", "id"):
            start = pd.Timestamp(row["started_at"])
            gap_s = None if previous is None else (start - previous).total_seconds()
            entries.append(
                self._contraction(
                    row, gap_s if gap_s is not None and gap_s <= SESSION_GAP_S else None
                )
            )
            previous = start
        return entries

    def _contraction(self, row: Mapping[str, Any], interval_s: float | None) -> Entry:
        url = _urn(self.key, "contraction", row["id"])
        period = {"start": self._time(row["started_at"])}
        if not pd.isna(row["ended_at"]):
            period["end"] = self._time(row["ended_at"])
        resource: dict[str, Any] = {
            "resourceType": "Observation",
            "id": _id(url),
            "status": "final",
            "code": _concept("contraction_duration", "Contraction"),
            **self._subject(),
            "effectivePeriod": period,
        }
        if not pd.isna(row["duration_s"]):
            resource["valueQuantity"] = _quantity(float(row["duration_s"]), "s", "s")
        parts: list[dict[str, Any]] = []
        if interval_s is not None:
            parts.append(
                {"code": {"text": INTERVAL_TEXT}, "valueQuantity": _quantity(interval_s, "s", "s")}
            )
        if _given(row["intensity"]):
            label = ContractionIntensity(row["intensity"]).label
            parts.append({"code": {"text": "Intensity"}, "valueCodeableConcept": {"text": label}})
        if _given(row["location"]):
            label = ContractionLocation(row["location"]).label
            parts.append({"code": {"text": "Where felt"}, "valueCodeableConcept": {"text": label}})
        if parts:
            resource["component"] = parts
        return url, resource

    # pregnancy events

    def events(self, events: pd.DataFrame) -> list[Entry]:
        return [self._event(row) for row in _rows(events, "occurred_at", "id")]

    def _event(self, row: Mapping[str, Any]) -> Entry:
        url = _urn(self.key, "event", row["id"])
        kind = EventKind(row["kind"])
        resource: dict[str, Any] = {
            "resourceType": "Observation",
            "id": _id(url),
            "status": "final",
            "category": [_concept("survey")],
            "code": {"text": kind.label},
            **self._subject(),
            "effectiveDateTime": self._time(row["occurred_at"]),
        }
        details = EVENT_DETAILS.get(kind)
        if details is not None and _given(row["detail"]):
            resource["valueString"] = details(row["detail"]).label
        return url, resource

    # supplements and medicines

    def intakes(self, intakes: pd.DataFrame, products: pd.DataFrame) -> list[Entry]:
        if intakes.empty:
            return []
        cabinet = {int(p["id"]): p for p in _rows(products)}
        taken = sorted({int(i) for i in intakes["product_id"]})
        medications = {pid: self._medication(pid, cabinet.get(pid)) for pid in taken}
        entries: list[Entry] = [medications[pid] for pid in taken]
        for row in _rows(intakes, "taken_at", "id"):
            product = cabinet.get(int(row["product_id"]))
            entries.append(self._statement(row, medications[int(row["product_id"])][0], product))
        return entries

    def _medication(self, product_id: int, product: Mapping[str, Any] | None) -> Entry:
        url = _urn(self.key, "product", product_id)
        resource: dict[str, Any] = {
            "resourceType": "Medication",
            "id": _id(url),
            "code": {"text": str(product["name"]) if product is not None else "Unknown product"},
        }
        contents = _contents(product)
        if contents:
            resource["ingredient"] = [
                {
                    "itemCodeableConcept": {"text": ingredient.label},
                    "strength": {
                        "numerator": _amount(amount, ingredient),
                        "denominator": {"value": 1, "unit": "unit"},
                    },
                }
                for ingredient, amount in contents
            ]
        return url, resource

    def _statement(
        self, row: Mapping[str, Any], medication: str, product: Mapping[str, Any] | None
    ) -> Entry:
        url = _urn(self.key, "intake", row["id"])
        units = float(row["units"])
        amounts = ", ".join(
            f"{ingredient.label} {_format(units * amount)} {INGREDIENT_UNITS[ingredient]}"
            for ingredient, amount in _contents(product)
        )
        text = f"{_format(units)} unit{'' if units == 1 else 's'}" + (
            f": {amounts}" if amounts else ""
        )
        resource = {
            "resourceType": "MedicationStatement",
            "id": _id(url),
            "status": "completed",
            "medicationReference": {"reference": medication, "display": str(row["product_name"])},
            **self._subject(),
            "effectiveDateTime": self._time(row["taken_at"]),
            "informationSource": {"reference": self.patient_url},
            "dosage": [
                {
                    "text": text,
                    "doseAndRate": [{"doseQuantity": {"value": _number(units), "unit": "unit"}}],
                }
            ],
        }
        return url, resource


# --- helpers ---------------------------------------------------------------------------------


def _concept(key: str, text: str | None = None) -> dict[str, Any]:
    code = CODES[key]
    return {"coding": [code.coding()], "text": text or code.display}


def _body_site(region: Region, side: Side) -> dict[str, Any]:
    site_key = BODY_SITE[region]
    words = _site_words(region, side)
    concept: dict[str, Any] = (
        {"text": words}
        if site_key is None
        else {"coding": [CODES[site_key].coding()], "text": words}
    )
    concept["extension"] = [
        {
            "url": LATERALITY_EXTENSION,
            "valueCodeableConcept": _concept(LATERALITY[side], side.label),
        }
    ]
    return concept


def _site_words(region: Region, side: Side) -> str:
    """``Left calf``, ``Right buttock / hip``, ``Lower back, centre``, ``Calf, both sides``."""
    if side in (Side.LEFT, Side.RIGHT):
        return f"{side.label} {region.label[0].lower()}{region.label[1:]}"
    return f"{region.label}, {side.label.lower()}"


def _episode_note(row: Mapping[str, Any]) -> str:
    sentences = []
    symptoms = _labels(Symptom, row["symptoms"])
    if symptoms:
        sentences.append(f"Other symptoms: {'; '.join(symptoms)}.")
    if Relief.NONE in set(row["relief"] or ()):
        sentences.append("Nothing helped.")
    eased = EasedByRest(row["eased_by_rest"])
    if eased is not EasedByRest.UNKNOWN:
        sentences.append(f"Eased by rest: {eased.label}.")
    return " ".join(sentences)


def _labels(
    kind: Any, codes: Iterable[str] | None, skip: set[Any] | frozenset[Any] = frozenset()
) -> list[str]:
    return sorted(kind(code).label for code in codes or () if kind(code) not in skip)


def _contents(product: Mapping[str, Any] | None) -> list[tuple[Ingredient, float]]:
    if product is None:
        return []
    pairs = [(Ingredient(code), float(amount)) for code, amount in product["contents"].items()]
    return sorted(pairs, key=lambda pair: pair[0].label)


def _amount(amount: float, ingredient: Ingredient) -> dict[str, Any]:
    unit = INGREDIENT_UNITS[ingredient]
    ucum = UCUM_UNITS.get(unit)
    return _quantity(amount, unit, ucum) if ucum else {"value": _number(amount), "unit": unit}


def _quantity(value: float, unit: str, ucum: str) -> dict[str, Any]:
    return {"value": _number(value), "unit": unit, "system": UCUM, "code": ucum}


def _given(value: Any) -> bool:
    """A code cell that holds a code (frames hold a missing one as ``None`` or ``NaN``)."""
    return isinstance(value, str) and value != ""


def _number(value: float) -> int | float:
    """Whole numbers as ``800``, others rounded to 3 decimals (``2.5``)."""
    rounded = round(float(value), 3)
    return int(rounded) if rounded.is_integer() else rounded


def _format(value: float) -> str:
    return f"{_number(value):g}"


def _rows(frame: pd.DataFrame, *order: str) -> list[dict[str, Any]]:
    if frame.empty:
        return []
    ordered = frame.sort_values(list(order), kind="stable") if order else frame
    return [{str(k): v for k, v in row.items()} for row in ordered.to_dict("records")]


def _local_iso(moment: Any, tz: str) -> str:
    stamp = pd.Timestamp(moment)
    return to_local(stamp.to_pydatetime(), tz).isoformat()


def _instant(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _profile_key(profile: ProfileRead) -> str:
    return f"profile/{profile.id}/{pd.Timestamp(profile.created_at).isoformat()}"


def _urn(*parts: Any) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, '/'.join(str(p) for p in parts))}"


def _id(url: str) -> str:
    return url.removeprefix("urn:uuid:")
