"""The published guidance every red-flag rule cites (shared/spec/red-flags.md, "sources").

Keys are stable; the text is what the person, the JSON output and the doctor report show.
"""

from __future__ import annotations

SOURCES: dict[str, str] = {
    "metrohealth_511": 'MetroHealth, "Signs of labor" (the 5-1-1 rule)',
    "ohsu_when_to_come": 'OHSU, "When to come to the hospital"',
    "kaiser_when_to_go": 'Kaiser Permanente, "When to go to the hospital"',
    "kingston_labour": 'Kingston Maternity, "Labour has started – what next"',
    "nichd_preterm": "NICHD (NIH), symptoms of preterm labour",
    "mayo_preterm": "Mayo Clinic, preterm labour",
    "webmd_preterm": "WebMD, preterm labour",
    "sath_waters": 'NHS Shropshire, Telford & Wrekin, "I think my waters have broken"',
    "mayo_bleeding": 'Mayo Clinic, "Bleeding during pregnancy"',
    "tommys_miscarriage": "Tommy's, miscarriage guidance",
    "hse_ectopic": "HSE, ectopic pregnancy symptoms",
    "nhs_ectopic": "NHS, miscarriage and ectopic pregnancy",
    "rcog_gtg57": "RCOG Green-top Guideline 57, reduced fetal movements (summary)",
    "tommys_movements": "Tommy's, reduced fetal movements",
    "coch_labour": 'Countess of Chester Hospital NHS, "Signs of labour"',
    "webmd_pregnancy_infection": "WebMD, infections in pregnancy",
    "sheffield_msk_back": "Sheffield NHS MSK, back pain",
    "ouh_cauda_equina": "Oxford University Hospitals, cauda equina syndrome leaflet",
    "glos_red_flags": "NHS Gloucestershire, back pain red flags",
    "redflagsymptoms_back": "redflagsymptoms.co.uk, back pain",
    "mayo_back_pain": "Mayo Clinic, back pain",
    "nidirect_leg_cramps": "nidirect (NHS content), leg cramps",
    "mayo_night_cramps": "Mayo Clinic, night leg cramps",
    "uclh_dvt": "UCLH, deep vein thrombosis",
    "hse_pregnancy_cramps": "HSE, leg cramps in pregnancy",
    "msd_muscle_cramps": "MSD Manual, muscle cramps",
    "nhs_pad": "NHS, peripheral arterial disease",
    "app_heuristic": "Cramp Tracker heuristic (a trend in your own diary; no external threshold)",
    "efsa_water_2010": "EFSA 2010, dietary reference values for water",
    "nasem_water_2005": "NASEM 2005, dietary reference intakes for water",
    "iom_magnesium_1997": (
        "IOM 1997, magnesium tolerable upper intake level (350 mg a day from supplements)"
    ),
    "vkm_magnesium": "VKM (Norway), magnesium",
    "bfr_magnesium": "BfR (Germany), magnesium (EU bodies use 250 mg a day from supplements)",
    "iom_calcium_vitd_2011": "IOM 2011, calcium and vitamin D upper levels",
    "efsa_calcium": "EFSA, calcium upper level",
    "efsa_vitd_2023": "EFSA 2023, vitamin D upper level",
    "iom_iron_2001": "IOM 2001, iron upper level",
    "efsa_iron_2024": "EFSA 2024, iron (40 mg a day)",
    "kingston_vitamins": "Kingston Maternity, vitamin supplements in pregnancy",
    "nasem_potassium_2019": "NASEM 2019, potassium",
    "efsa_potassium": "EFSA, potassium",
    "seed_000": "Project clinical review notes, seed 000",
    "seed_001": "Project clinical review notes, seed 001",
    "seed_002": "Project clinical review notes, seed 002",
    "seed_003": "Project clinical review notes, seed 003",
    "seed_004": "Project clinical review notes, seed 004",
}


def cite(*keys: str) -> tuple[str, ...]:
    """The texts of ``keys`` (a wrong key fails at import time, not in front of a person)."""
    return tuple(SOURCES[key] for key in keys)
