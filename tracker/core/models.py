"""Entry models: one family per entity (``Base`` → ``Create`` / ``Read``).

An edit is validated as a whole ``Create`` (the stored values with the changes applied), so
there is no partial ``Update`` model.

``Base`` carries the validated fields and is also the parent of the SQLModel table in
``db/tables.py`` (table models do not validate, so rows are always built from a ``Create``).
Timestamps must be time-zone aware and are normalised to UTC here, once. Times in the future
are checked in ``tracker.entries.journal`` because that needs ``now``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ValidationInfo,
    field_validator,
    model_validator,
)
from sqlmodel import Field, SQLModel

from tracker.core.columns import CodeColumn, CodeSet, JSONDict, UTCDateTime
from tracker.core.thresholds import (
    EARLIEST_ENTRY,
    HYDRATION_GOAL_MAX_ML,
    HYDRATION_GOAL_MIN_ML,
    LATEST_DUE_DATE,
    MAX_CONTRACTION_S,
    MAX_CRAMP_DURATION_MIN,
    MAX_DRINK_ML,
    MAX_INTAKE_UNITS,
    MAX_NOTE_CHARS,
)
from tracker.core.timeutil import entry_utc
from tracker.core.vocabulary import (
    EVENT_DETAILS,
    Beverage,
    ContractionIntensity,
    ContractionLocation,
    EasedByRest,
    EventKind,
    HistoryItem,
    Ingredient,
    MedicineClass,
    ProductKind,
    Quality,
    Region,
    Relief,
    Sex,
    Side,
    Symptom,
    Trigger,
    Units,
)


def _read_back(info: ValidationInfo) -> bool:
    """Is this a row read back from the database (a ``…Read`` model)? Such a row is taken as
    stored: a value stored before a check existed (a year-1 time, a NUL in a note, both once
    let in by the importers) must not make the whole diary unreadable. Editing it validates the
    ``…Create`` model, which refuses the value with its reason, so the person can fix it."""
    return str((info.config or {}).get("title", "")).endswith("Read")


def _aware_utc(value: datetime, info: ValidationInfo) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("needs a time zone")
    if _read_back(info):
        return value.astimezone(UTC)
    return entry_utc(value)  # refuses a time before EARLIEST_ENTRY, never an OverflowError


LINE_BREAKS = frozenset("\n\r\u2028\u2029")
"""What ends a line: refused in single-line text (names), kept in notes."""


def _control_character(char: str) -> bool:
    """C0 controls except tab, newline and carriage return; DEL; C1 (U+0080–U+009F); and lone
    surrogates, which cannot be encoded as UTF-8 at all."""
    code = ord(char)
    return (
        (code < 0x20 and char not in "\t\n\r") or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF
    )


def _text_problem(value: str, *, single_line: bool) -> str | None:
    for position, char in enumerate(value, start=1):
        if single_line and char in LINE_BREAKS:
            return f"must be one line; it contains a line break (position {position}); remove it"
        if 0xD800 <= ord(char) <= 0xDFFF:
            return (
                f"contains U+{ord(char):04X}, half of a character that cannot be stored "
                f"(position {position}); remove it"
            )
        if _control_character(char):
            return (
                f"contains the control character U+{ord(char):04X} (position {position}); remove it"
            )
    return None


def _plain_text(value: Any, info: ValidationInfo) -> Any:
    """Refuse, never strip, control characters: what a person typed is what is stored, and a
    silent change is worse than a clear refusal (PostgreSQL cannot store U+0000 at all, so
    both backends refuse the same text here). Positions count from 1 in the text as given."""
    if _read_back(info):
        return value
    if isinstance(value, str) and (problem := _text_problem(value, single_line=False)):
        raise ValueError(problem)
    return value


def _one_line(value: Any, info: ValidationInfo) -> Any:
    """``_plain_text`` for names: a line break is refused too."""
    if _read_back(info):
        return value
    if isinstance(value, str) and (problem := _text_problem(value, single_line=True)):
        raise ValueError(problem)
    return value


def _strip(value: Any) -> Any:
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else value


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


UTCTimestamp = Annotated[datetime, AfterValidator(_aware_utc)]
# Pydantic runs ``BeforeValidator``s last to first: text is checked as given, then trimmed.
Note = Annotated[str, BeforeValidator(_strip), BeforeValidator(_plain_text)]
"""Free text of any length limit: may span lines."""
Name = Annotated[str, BeforeValidator(_strip), BeforeValidator(_one_line)]
"""A name shown on one line (profile, display name, product)."""
OptionalCode = BeforeValidator(_blank_to_none)


class Stamped(SQLModel):
    """Row bookkeeping shown by ``Read`` models."""

    id: int
    created_at: UTCTimestamp
    updated_at: UTCTimestamp


# --- profile ---------------------------------------------------------------------------------

MAX_FAVOURITES = 6
"""Pinned cramp patterns on Today: a handful of one-tap buttons, not a second list to scroll."""
_PATTERN_SEPARATOR = "/"


def pattern_key(region: Region | str, side: Side | str, quality: Quality | str) -> str:
    """A cramp pattern's name among the profile's favourites: ``calf/left/cramp``."""
    return _PATTERN_SEPARATOR.join(str(code) for code in (region, side, quality))


def split_pattern_key(key: str) -> tuple[Region, Side, Quality]:
    """``calf/left/cramp`` → its codes; a ``ValueError`` naming what is not a known code."""
    parts = key.split(_PATTERN_SEPARATOR)
    if len(parts) != 3:
        raise ValueError(f"{key!r} is not a pattern (region/side/quality)")
    region, side, quality = parts
    try:
        return Region(region), Side(side), Quality(quality)
    except ValueError as err:
        raise ValueError(f"{key!r} is not a pattern of known codes ({err})") from None


class ProfileBase(SQLModel):
    name: Name = Field(default="default", min_length=1, max_length=60, unique=True)
    display_name: Name = Field(default="", max_length=60)
    sex: Annotated[Sex | None, OptionalCode] = Field(default=None, sa_type=CodeColumn)
    birth_year: int | None = Field(default=None, ge=1900, le=2100)
    due_date: date | None = None
    births_before: int = Field(default=0, ge=0, le=30)
    history: set[HistoryItem] = Field(default_factory=set, sa_type=CodeSet)
    timezone: str = Field(default="UTC", max_length=64)
    units: Units = Field(default=Units.METRIC, sa_type=CodeColumn)
    hydration_goal_ml: int | None = Field(
        default=None, ge=HYDRATION_GOAL_MIN_ML, le=HYDRATION_GOAL_MAX_ML
    )
    labour_interval_min: int | None = Field(default=None, ge=1, le=30)
    labour_duration_s: int | None = Field(default=None, ge=10, le=300)
    labour_sustained_min: int | None = Field(default=None, ge=10, le=240)
    favourites: dict[str, int] = Field(default_factory=dict, sa_type=JSONDict)
    """Cramp patterns pinned to Today, ``pattern_key`` → the usual intensity (0–10)."""

    @field_validator("favourites")
    @classmethod
    def _known_patterns(cls, value: dict[str, int], info: ValidationInfo) -> dict[str, int]:
        if _read_back(info):
            return value
        if len(value) > MAX_FAVOURITES:
            raise ValueError(f"at most {MAX_FAVOURITES} favourites; unpin one first")
        for key, intensity in value.items():
            split_pattern_key(key)  # a ValueError naming the bad part
            if not 0 <= intensity <= 10:
                raise ValueError(f"the intensity of {key!r} must be 0 to 10, not {intensity}")
        return value

    @field_validator("due_date")
    @classmethod
    def _plausible_due_date(cls, value: date | None, info: ValidationInfo) -> date | None:
        if (
            value is not None
            and not _read_back(info)
            and not EARLIEST_ENTRY.date() <= value <= LATEST_DUE_DATE
        ):
            raise ValueError(
                f"{value.isoformat()} is not between {EARLIEST_ENTRY.date()} and {LATEST_DUE_DATE}"
            )
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from tracker.core.timeutil import is_valid_timezone

        if value != "UTC" and not is_valid_timezone(value):
            raise ValueError(f"unknown time zone {value!r}; use an IANA name like Europe/London")
        return value

    @model_validator(mode="after")
    def _labour_rule_complete(self) -> ProfileBase:
        parts = (self.labour_interval_min, self.labour_duration_s, self.labour_sustained_min)
        if any(p is not None for p in parts) and any(p is None for p in parts):
            raise ValueError("the labour rule needs all three numbers: interval, duration, span")
        interval, span = self.labour_interval_min, self.labour_sustained_min
        if interval is not None and span is not None and interval >= span:
            raise ValueError("the labour rule's span must be longer than its interval")
        return self


class ProfileCreate(ProfileBase):
    pass


class ProfileRead(ProfileBase, Stamped):
    account: str = ""
    """Who owns the profile: the signed-in account (``tracker.entries.accounts``) in hosted mode,
    ``""`` (the local person) without a login. Never changed by a form."""


# --- cramp / pain episode --------------------------------------------------------------------


class CrampBase(SQLModel):
    started_at: UTCTimestamp = Field(sa_type=UTCDateTime)
    duration_min: float | None = Field(default=None, gt=0, le=MAX_CRAMP_DURATION_MIN)
    region: Region = Field(sa_type=CodeColumn)
    side: Side = Field(sa_type=CodeColumn)
    intensity: int = Field(ge=0, le=10)
    quality: Quality = Field(sa_type=CodeColumn)
    triggers: set[Trigger] = Field(default_factory=set, sa_type=CodeSet)
    symptoms: set[Symptom] = Field(default_factory=set, sa_type=CodeSet)
    relief: set[Relief] = Field(default_factory=set, sa_type=CodeSet)
    eased_by_rest: EasedByRest = Field(default=EasedByRest.UNKNOWN, sa_type=CodeColumn)
    note: Note = Field(default="", max_length=MAX_NOTE_CHARS)


class CrampCreate(CrampBase):
    pass


class CrampRead(CrampBase, Stamped):
    pass


# --- hydration -------------------------------------------------------------------------------


class DrinkBase(SQLModel):
    taken_at: UTCTimestamp = Field(sa_type=UTCDateTime)
    volume_ml: float = Field(gt=0, le=MAX_DRINK_ML)
    beverage: Beverage = Field(default=Beverage.WATER, sa_type=CodeColumn)
    note: Note = Field(default="", max_length=MAX_NOTE_CHARS)


class DrinkCreate(DrinkBase):
    pass


class DrinkRead(DrinkBase, Stamped):
    pass


# --- products and intakes --------------------------------------------------------------------


class ProductBase(SQLModel):
    name: Name = Field(min_length=1, max_length=100)
    kind: ProductKind = Field(sa_type=CodeColumn)
    medicine_class: Annotated[MedicineClass | None, OptionalCode] = Field(
        default=None, sa_type=CodeColumn
    )
    prescribed: bool = False
    started_on: date | None = None
    contents: dict[Ingredient, float] = Field(default_factory=dict, sa_type=JSONDict)

    @field_validator("contents")
    @classmethod
    def _positive_amounts(cls, value: dict[Ingredient, float]) -> dict[Ingredient, float]:
        for ingredient, amount in value.items():
            if not 0 < amount <= 1_000_000:
                raise ValueError(f"{ingredient.value} amount must be above 0 (got {amount:g})")
        return value

    @field_validator("medicine_class")
    @classmethod
    def _class_only_for_medicines(
        cls, value: MedicineClass | None, info: ValidationInfo
    ) -> MedicineClass | None:
        # A field validator (not a model one) so the error names the field.
        if info.data.get("kind") == ProductKind.SUPPLEMENT and value is not None:
            raise ValueError("a medicine class is only for medicines, not supplements")
        return value


class ProductCreate(ProductBase):
    pass


class ProductRead(ProductBase, Stamped):
    pass


class IntakeBase(SQLModel):
    taken_at: UTCTimestamp = Field(sa_type=UTCDateTime)
    product_id: int = Field(foreign_key="product.id", ondelete="RESTRICT")
    units: float = Field(default=1, gt=0, le=MAX_INTAKE_UNITS)
    note: Note = Field(default="", max_length=MAX_NOTE_CHARS)


class IntakeCreate(IntakeBase):
    pass


class IntakeRead(IntakeBase, Stamped):
    product_name: str = ""


# --- contractions ----------------------------------------------------------------------------


class ContractionBase(SQLModel):
    started_at: UTCTimestamp = Field(sa_type=UTCDateTime)
    ended_at: UTCTimestamp | None = Field(default=None, sa_type=UTCDateTime)
    intensity: Annotated[ContractionIntensity | None, OptionalCode] = Field(
        default=None, sa_type=CodeColumn
    )
    location: Annotated[ContractionLocation | None, OptionalCode] = Field(
        default=None, sa_type=CodeColumn
    )
    note: Note = Field(default="", max_length=MAX_NOTE_CHARS)

    @field_validator("ended_at")
    @classmethod
    def _sane_duration(cls, ended_at: datetime | None, info: ValidationInfo) -> datetime | None:
        # A field validator (not a model one) so the error names the end time.
        started_at = info.data.get("started_at")
        if ended_at is not None and started_at is not None:
            length_s = (ended_at - started_at).total_seconds()
            if length_s <= 0:
                raise ValueError("the end must be after the start")
            if length_s > MAX_CONTRACTION_S:
                raise ValueError(
                    f"a contraction of {length_s / 60:.0f} minutes is longer than "
                    f"{MAX_CONTRACTION_S // 60}: probably a forgotten stop; correct the end time"
                )
        return ended_at

    @property
    def duration_s(self) -> float | None:
        if self.ended_at is None:
            return None
        return (self.ended_at - self.started_at).total_seconds()


class ContractionCreate(ContractionBase):
    pass


class ContractionRead(ContractionBase, Stamped):
    pass


# --- pregnancy events ------------------------------------------------------------------------


class EventBase(SQLModel):
    occurred_at: UTCTimestamp = Field(sa_type=UTCDateTime)
    kind: EventKind = Field(sa_type=CodeColumn)
    detail: Annotated[str | None, OptionalCode, BeforeValidator(_one_line)] = Field(
        default=None, max_length=40
    )
    note: Note = Field(default="", max_length=MAX_NOTE_CHARS)

    @field_validator("detail")
    @classmethod
    def _detail_fits_kind(cls, detail: str | None, info: ValidationInfo) -> str | None:
        # A field validator (not a model one) so the error names the detail field.
        kind = info.data.get("kind")
        if kind is None or detail is None:
            return detail
        allowed = EVENT_DETAILS.get(kind)
        if allowed is None:
            raise ValueError(f"{kind.label} takes no detail (got {detail!r})")
        if detail not in allowed.codes():
            raise ValueError(f"detail for {kind.label} must be one of {', '.join(allowed.codes())}")
        return detail


class EventCreate(EventBase):
    pass


class EventRead(EventBase, Stamped):
    pass
