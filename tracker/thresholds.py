"""Clinical and app thresholds, each a named constant citing its source.

A change to a threshold touches one constant here, never a page or a query.
"""

from __future__ import annotations

from typing import Final

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
