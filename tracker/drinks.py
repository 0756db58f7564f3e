"""Drinks: the one-tap volumes offered in each unit system."""

from __future__ import annotations

from tracker.units import fl_oz_to_ml
from tracker.vocabulary import Units

QUICK_VOLUMES_ML: tuple[int, ...] = (150, 250, 330, 500)
"""Cup, glass, can, bottle (metric)."""

QUICK_VOLUMES_FL_OZ: tuple[int, ...] = (8, 12, 16, 20)
"""Cup, can, pint glass, bottle (US)."""


def quick_volumes_ml(units: Units | str) -> tuple[float, ...]:
    """The one-tap drink sizes, in ml, in round numbers of the person's unit."""
    if units == Units.US:
        return tuple(fl_oz_to_ml(oz) for oz in QUICK_VOLUMES_FL_OZ)
    return tuple(float(ml) for ml in QUICK_VOLUMES_ML)
