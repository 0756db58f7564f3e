"""The person's profile: created on first use, edited with validation, and what follows from it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.engine import Engine

from db import crud
from tracker.core.errors import DuplicateName, InvalidEntry
from tracker.core.models import ProfileCreate, ProfileRead
from tracker.core.thresholds import (
    HYDRATION_PREGNANCY_EXTRA_ML,
    HYDRATION_REFERENCE_ML,
    LABOUR_RULE_FIRST_BABY,
    LABOUR_RULE_LATER_BABY,
)
from tracker.core.timeutil import (
    format_gestational_age,
    gestational_age_days,
    is_valid_timezone,
    local_date,
)
from tracker.entries.journal import validate

DEFAULT_PROFILE = "default"


@dataclass(frozen=True)
class LabourRule:
    """Go in when contractions come every ``interval_min`` minutes or less, last
    ``duration_s`` seconds or more, for ``sustained_min`` minutes (e.g. 5-1-1)."""

    interval_min: int
    duration_s: int
    sustained_min: int
    from_profile: bool

    def __str__(self) -> str:
        """``5-1-1`` when duration and span are whole minutes/hours, else spelled out."""
        if self.duration_s % 60 == 0 and self.sustained_min % 60 == 0:
            return f"{self.interval_min}-{self.duration_s // 60}-{self.sustained_min // 60}"
        return f"{self.interval_min} min / {self.duration_s} s / {self.sustained_min} min"

    @property
    def sentence(self) -> str:
        return (
            f"contractions every {self.interval_min} minutes or less, each lasting "
            f"{self.duration_s} seconds or more, for {self.sustained_min} minutes"
        )


def ensure_profile(
    *,
    engine: Engine,
    name: str = DEFAULT_PROFILE,
    now: datetime,
    timezone: str | None = None,
    account: str = "",
) -> ProfileRead:
    """The named profile of ``account`` (default: the local person), created on first use with
    the given (e.g. the browser's) time zone. ``DuplicateName`` when another account holds the
    name: a profile is never reached by its name alone (``tracker.entries.accounts``)."""
    found = crud.get_profile(engine=engine, name=name, account=account)
    if found is not None:
        return found
    zone_name = timezone if timezone and is_valid_timezone(timezone) else "UTC"
    profile_in = validate(ProfileCreate, {"name": name, "timezone": zone_name})
    try:
        return crud.create_profile(engine=engine, profile_in=profile_in, now=now, account=account)
    except DuplicateName:  # created by another tab a moment ago, or another account's name
        found = crud.get_profile(engine=engine, name=name, account=account)
        if found is None:
            raise
        return found


def update_profile(
    *, engine: Engine, profile: ProfileRead, changes: Mapping[str, Any], now: datetime
) -> ProfileRead:
    """Validate the whole profile with ``changes`` applied, then store it."""
    values = checked_profile_values(profile, changes, now=now)
    return crud.update_profile(engine=engine, profile_id=profile.id, values=values, now=now)


def checked_profile_values(
    profile: ProfileRead, changes: Mapping[str, Any], *, now: datetime
) -> dict[str, Any]:
    """The profile's stored fields with ``changes`` applied, validated as a whole."""
    merged = profile.model_dump(include=set(ProfileCreate.model_fields)) | dict(changes)
    checked = validate(ProfileCreate, merged)
    if checked.birth_year is not None and checked.birth_year > now.year:
        raise InvalidEntry.single(
            "Birth year", f"{checked.birth_year} is in the future", name="birth_year"
        )
    return checked.model_dump(exclude={"name"})


def labour_rule(profile: ProfileRead) -> LabourRule:
    """The profile's go-in rule, or 5-1-1 for a first baby and 7-1-1 after a birth."""
    if (
        profile.labour_interval_min is not None
        and profile.labour_duration_s is not None
        and profile.labour_sustained_min is not None
    ):
        return LabourRule(
            profile.labour_interval_min,
            profile.labour_duration_s,
            profile.labour_sustained_min,
            from_profile=True,
        )
    default = LABOUR_RULE_FIRST_BABY if profile.births_before == 0 else LABOUR_RULE_LATER_BABY
    return LabourRule(*default, from_profile=False)


def parse_labour_rule(text: str) -> tuple[int, int, int]:
    """``I/D/S`` (interval min / duration s / sustained min), e.g. ``5/60/60``."""
    parts = text.replace(" ", "").split("/")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise InvalidEntry.single(
            "Labour rule", f"{text!r} is not I/D/S, e.g. 5/60/60 (minutes/seconds/minutes)"
        )
    interval_min, duration_s, sustained_min = (int(p) for p in parts)
    return interval_min, duration_s, sustained_min


def is_pregnant(profile: ProfileRead) -> bool:
    return profile.due_date is not None


def gestational_age_on(profile: ProfileRead, day: date) -> int | None:
    if profile.due_date is None:
        return None
    return gestational_age_days(profile.due_date, day)


def gestational_age_label(profile: ProfileRead, now: datetime) -> str | None:
    """``37+2 weeks`` today in the profile's zone, or None when no due date is set or the
    date is before the pregnancy began."""
    ga = gestational_age_on(profile, local_date(now, profile.timezone))
    if ga is None or ga < 0:
        return None
    return f"{format_gestational_age(ga)} weeks"


def hydration_goal_ml(profile: ProfileRead) -> int:
    """The person's own goal, else the drinks reference for their sex (+300 ml when pregnant)."""
    if profile.hydration_goal_ml is not None:
        return profile.hydration_goal_ml
    reference = HYDRATION_REFERENCE_ML.get(
        str(profile.sex or "other"), HYDRATION_REFERENCE_ML["other"]
    )
    if is_pregnant(profile):
        reference += HYDRATION_PREGNANCY_EXTRA_ML
    return reference
