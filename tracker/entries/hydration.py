"""Drinks in the person's unit: a typed amount checked and turned into ml, the day's goal, and
the one-tap sizes offered in each unit system.

Storage is always ml (``tracker.core.units``); these functions take what a form gives and decide.
"""

from __future__ import annotations

from tracker.core.errors import InvalidEntry
from tracker.core.models import ProfileRead
from tracker.core.thresholds import (
    HYDRATION_PREGNANCY_EXTRA_ML,
    MAX_DRINK_ML,
)
from tracker.core.units import (
    fl_oz_to_ml,
    format_volume,
    volume_for_display,
    volume_to_ml,
    volume_unit,
)
from tracker.core.vocabulary import Sex, Units
from tracker.entries.profile import hydration_goal_ml, is_pregnant

_REFERENCE_GROUP: dict[Sex, str] = {Sex.FEMALE: "women", Sex.MALE: "men"}


def drink_volume_ml(amount: float | None, units: Units | str) -> float:
    """A drink typed in the person's unit, as ml; the messages speak in that unit too."""
    if amount is None:
        raise InvalidEntry.single("Amount", "enter how much you drank")
    if amount <= 0:
        raise InvalidEntry.single("Amount", f"must be more than 0 (got {amount:g})")
    volume_ml = volume_to_ml(amount, units)
    if volume_ml > MAX_DRINK_ML:
        raise InvalidEntry.single(
            "Amount",
            f"{amount:g} {volume_unit(units)} is more than one drink can be "
            f"(at most {format_volume(MAX_DRINK_ML, units)}); log it as several drinks",
        )
    return volume_ml


def goal_ml_from_input(
    amount: float | None, units: Units | str, stored_ml: int | None
) -> int | None:
    """A daily goal typed in the person's unit, as whole ml; empty means "use the reference".

    An amount equal to how the stored goal is shown keeps the stored ml, so saving the
    settings in US units does not nudge the goal by a rounding error each time.
    """
    if amount is None:
        return None
    if stored_ml is not None and amount == volume_for_display(stored_ml, units):
        return stored_ml
    return round(volume_to_ml(amount, units))


def goal_explanation(profile: ProfileRead) -> str:
    """Where today's goal comes from, in one sentence."""
    goal = format_volume(hydration_goal_ml(profile), profile.units)
    if profile.hydration_goal_ml is not None:
        return f"Your own goal: {goal} of drinks a day."
    who = _REFERENCE_GROUP.get(profile.sex, "adults") if profile.sex is not None else "adults"
    text = f"Reference for {who}: {goal} of drinks a day (EFSA 2010, about 80 % of water intake)"
    if is_pregnant(profile):
        extra = format_volume(HYDRATION_PREGNANCY_EXTRA_ML, profile.units)
        text += f", including {extra} extra in pregnancy"
    return text + "."


def progress_label(drinks_ml: float, goal_ml: int, units: Units | str) -> str:
    """``1,250 ml of 1,600 ml · 350 ml to go`` (or ``· goal reached``)."""
    text = f"{format_volume(drinks_ml, units)} of {format_volume(goal_ml, units)}"
    left_ml = goal_ml - drinks_ml
    if left_ml <= 0:
        return f"{text} · goal reached"
    return f"{text} · {format_volume(left_ml, units)} to go"


QUICK_VOLUMES_ML: tuple[int, ...] = (150, 250, 330, 500)
"""Cup, glass, can, bottle (metric)."""

QUICK_VOLUMES_FL_OZ: tuple[int, ...] = (8, 12, 16, 20)
"""Cup, can, pint glass, bottle (US)."""


def quick_volumes_ml(units: Units | str) -> tuple[float, ...]:
    """The one-tap drink sizes, in ml, in round numbers of the person's unit."""
    if units == Units.US:
        return tuple(fl_oz_to_ml(oz) for oz in QUICK_VOLUMES_FL_OZ)
    return tuple(float(ml) for ml in QUICK_VOLUMES_ML)
