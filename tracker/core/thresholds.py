"""Clinical and app thresholds, each a named constant citing its source.

A change to a threshold touches one constant here, never a page or a query.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Final

EARLIEST_ENTRY: Final = datetime(1900, 1, 1, tzinfo=UTC)
"""No diary entry is older than this (a time typo guard, like ``birth_year``'s 1900): a year 1
or 0001 in a file is a slip, and such times cannot even be shown in every time zone. Checked
once, where text becomes a UTC time (``timeutil.entry_utc``), and by the models; the other end
is ``FUTURE_TOLERANCE_S`` after now."""

LATEST_DUE_DATE: Final = date(2100, 12, 31)
"""A due date after this is a typo (the same end as ``birth_year``'s range); the earliest is
``EARLIEST_ENTRY``'s day."""

FUTURE_TOLERANCE_S: Final = 5 * 60
"""An entry may be stamped at most 5 minutes after now (clock skew between devices);
vocabulary/issue 2 ("not more than 5 minutes in the future")."""

MAX_CONTRACTION_S: Final = 10 * 60
"""A "contraction" longer than 10 minutes is refused as a probable forgotten stop
(vocabulary.md, Contraction)."""

MAX_CRAMP_DURATION_MIN: Final = 1440
"""Longest cramp/pain episode that can be logged: one day (vocabulary.md)."""

MAX_DRINK_ML: Final = 3000
"""Largest single drink entry (vocabulary.md, Hydration entry)."""

MAX_INTAKE_UNITS: Final = 20
"""Most units of a product in one intake entry (vocabulary.md, Supplements and medicines)."""

MAX_NOTE_CHARS: Final = 2000
"""Longest free-text note (vocabulary.md, Cramp / pain episode)."""

LABOUR_RULE_FIRST_BABY: Final = (5, 60, 60)
"""Go-in rule for a first baby, (interval min, duration s, sustained min): "5-1-1";
MetroHealth "signs of labor"; OHSU "when to come to the hospital" (red-flags.md P1)."""

LABOUR_RULE_LATER_BABY: Final = (7, 60, 60)
"""Go-in rule when the person has given birth before: contractions 7 min apart;
Kaiser Permanente "when to go to the hospital" (red-flags.md P1)."""

HYDRATION_REFERENCE_ML: Final = {"female": 1600, "male": 2000, "other": 1600}
"""Daily drinks reference by sex: EFSA 2010 total water 2.0 L (women) / 2.5 L (men), about 80 %
from drinks; NASEM 2005 (red-flags.md H1). "other" and unknown use the lower value."""

HYDRATION_GOAL_MIN_ML: Final = 500
HYDRATION_GOAL_MAX_ML: Final = 6000
"""The range of a daily drinks goal a person may set (a typo guard, not advice)."""

HYDRATION_PREGNANCY_EXTRA_ML: Final = 300
"""Extra drinks a day in pregnancy: EFSA 2010 (+0.3 L) (red-flags.md H1)."""


# --- red-flag rules (shared/spec/red-flags.md) --------------------------------------------------

TERM_GA_DAYS: Final = 37 * 7
"""Term begins at 37+0 weeks (P1 applies from here; P3/P4/P5 preterm below it); red-flags.md."""

PRETERM_START_GA_DAYS: Final = 20 * 7
"""Preterm-labour rules P3 and P4 apply from 20+0 weeks; NICHD, Mayo Clinic, WebMD."""

EARLY_PREGNANCY_GA_DAYS: Final = 13 * 7
"""Bleeding before 13+0 weeks alone is routine unless with pain (P6); Tommy's, Mayo Clinic."""

ECTOPIC_WINDOW_GA_DAYS: Final = 14 * 7
"""Ectopic-pregnancy signs count before 14+0 weeks (P7); HSE, NHS."""

FETAL_MOVEMENT_GA_DAYS: Final = 24 * 7
"""Reduced fetal movements are flagged from 24+0 weeks (P8); RCOG Green-top 57, Tommy's."""

P1_MIN_SHARE: Final = 0.8
"""P1: at least 80 % of intervals short enough and of durations long enough (red-flags.md)."""

P2_LONG_CONTRACTION_S: Final = 120
"""P2: a contraction of 2 minutes or more; Kingston maternity "labour has started"."""

P2_MANY_COUNT: Final = 6
P2_MANY_SPAN_MIN: Final = 10
"""P2: 6 or more contractions starting within any 10 minutes (more than 5 in 10 min)."""

P3_HOUR_COUNT: Final = 6
P3_HOUR_SPAN_MIN: Final = 60
P3_SHORT_COUNT: Final = 4
P3_SHORT_SPAN_MIN: Final = 20
"""P3: 6 or more in 60 minutes, or 4 or more in 20 minutes before 37 weeks; NICHD, Mayo Clinic."""

P5_NOW_AFTER_REDUCED_MOVEMENT_H: Final = 24
"""P5: waters breaking after reduced/no movement in the previous 24 h means "now"; NHS SaTH."""

P6_FAINT_WINDOW_H: Final = 2
"""P6: fainting or collapse within 2 h of bleeding makes it an emergency; Mayo Clinic."""

P6_PAIN_WINDOW_H: Final = 24
"""P6/P7: pain or bleeding within 24 h either side counts together; Tommy's, HSE."""

BACK_PAIN_AGE_BELOW: Final = 20
BACK_PAIN_AGE_ABOVE: Final = 50
"""B5: back pain under 20 or over 50 is a risk factor; NHS Gloucestershire, Mayo Clinic."""

B6_BLOCKS: Final = 4
B6_BLOCK_DAYS: Final = 7
"""B6: back pain in each of 4 consecutive weeks (about a month); NHS Gloucestershire."""

B7_MIN_DAYS: Final = 3
B7_MIN_SPAN_DAYS: Final = 14
"""B7: leg numbness/tingling on 3 or more days spanning 14 days or more, not easing; seed 004."""

L1_LONG_CRAMP_MIN: Final = 10
"""L1: a cramp lasting more than 10 minutes; nidirect leg cramps, Mayo Clinic."""

L2_CHEST_WINDOW_H: Final = 24
"""L2: breathlessness, chest pain or coughing blood within 24 h of a swollen leg; UCLH DVT."""

L5_WEEK_COUNT: Final = 5
L5_RATIO: Final = 2.0
L5_BASELINE_WEEKS: Final = 4
L5_NIGHTS_PER_WEEK: Final = 3
"""L5 (app heuristic): 5+ cramps in 7 days and at least twice the weekly mean of the 4 weeks
before, or night cramps on 3+ nights in each of the last two weeks; nidirect, Mayo Clinic."""
NIGHT_STARTS_AT_H: Final = 12
"""The local hour at which a "night" begins for L5's night cramps: a night runs from local noon
to the next local noon, so a cramp at 23:50 and one at 00:10 belong to the same night
(red-flags.md leaves "night" undefined)."""

L6_NEW_MEDICINE_DAYS: Final = 30
"""L6: cramps within 30 days of starting a diuretic or statin; nidirect, MSD Manual."""

T1_BLOCKS: Final = 3
T1_MIN_EPISODES: Final = 2
"""T1 (app heuristic): mean intensity rising in each of the last 3 complete weeks (≥ 2 each)."""

H1_DAYS: Final = 7
H1_LOW_DAYS: Final = 3
"""H1: 3 or more of the last 7 complete days with drinks logged below the reference; EFSA 2010."""

MAGNESIUM_SUPPLEMENT_UL_MG: Final = 350
"""N1: tolerable upper intake level of supplemental magnesium, adults; IOM 1997 (EU: 250 mg)."""

CALCIUM_UL_MG: Final = 2500
CALCIUM_UL_OVER_50_MG: Final = 2000
CALCIUM_UL_AGE_FROM: Final = 51
"""N2: calcium upper level 2500 mg/day, 2000 mg/day from age 51; IOM 2011."""

VITAMIN_D_UL_UG: Final = 100
"""N2: vitamin D upper level 100 µg (4000 IU) a day; IOM 2011, EFSA 2023."""

IRON_UL_MG: Final = 45
"""N3: iron upper level 45 mg/day (unprescribed); IOM 2001 (EFSA 2024: 40 mg)."""


# --- intake rules and demo data (H1, N1–N5; tracker/files/demo.py) -----------------------------

MAGNESIUM_SUPPLEMENT_EU_UL_MG: Final = 250
"""N1 advice: European bodies' upper level for magnesium from supplements, 250 mg a day;
SCF/EFSA, VKM, BfR (red-flags.md N1: "EU bodies use 250 mg: note it")."""

IRON_EU_UL_MG: Final = 40
"""N3 advice: EFSA 2024 upper level for iron, 40 mg a day (the rule uses IOM's 45 mg)."""


# --- imports ------------------------------------------------------------------------------------

MAX_TIMER_IMPORT_ROWS: Final = 10_000
"""Most contractions one Contraction Timer file may hold. A long labour is a day or two of
contractions every few minutes: well under 1,000; 10,000 is years of practice sessions. A larger
file is refused while it is read, before a model is built for every row, so one upload cannot
hold the server's memory and the database's write lock for minutes (issue 7, item 9: a valid
610,930-row file took 3.2 GB)."""
