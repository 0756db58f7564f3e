"""The registry of entry kinds: one declaration per kind, from which every list is derived.

A ``KindSpec`` names what the rest of the code needs to know about a kind of entry: its table,
its Create/Read models, its time column, its CSV columns (``../shared/spec/files-and-cli.md``),
its labels and how it reads in words. The store (``db``), the journal, History, the flags'
diary, the CSV files and the demo walk ``EntryKind`` and ask the spec; none keeps its own list.
Adding a kind means: its models, one ``KindSpec`` here, its table and migration in ``db``, and
its form in ``tracker.ui.forms``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlmodel import SQLModel

from tracker.core.models import (
    ContractionCreate,
    ContractionRead,
    CrampCreate,
    CrampRead,
    DrinkCreate,
    DrinkRead,
    EventCreate,
    EventRead,
    IntakeCreate,
    IntakeRead,
)
from tracker.core.timeutil import format_duration_s
from tracker.core.units import format_volume
from tracker.core.vocabulary import EVENT_DETAILS, Beverage, Units


class EntryKind(StrEnum):
    """The kinds of log entry, named as the command line and CSV files name them."""

    CRAMPS = "cramps"
    HYDRATION = "hydration"
    SUPPLEMENTS = "supplements"
    CONTRACTIONS = "contractions"
    EVENTS = "events"

    @property
    def spec(self) -> KindSpec:
        return KINDS[self]

    @property
    def singular(self) -> str:
        return self.spec.singular

    @property
    def label(self) -> str:
        return self.spec.label

    @property
    def time_field(self) -> str:
        return self.spec.time_field


Describe = Callable[[Any, Units | str], str]


@dataclass(frozen=True)
class KindSpec:
    kind: EntryKind
    label: str
    """What History and the exports call it ("Cramp / pain")."""
    singular: str
    """One entry in a sentence ("cramp episode": "Delete this cramp episode…")."""
    plural: str
    """Several entries: the field of the flags' ``Diary`` and of the demo diary ("drinks")."""
    table: str
    """The table's name in ``db.tables``."""
    create: type[SQLModel]
    read: type[SQLModel]
    time_field: str
    """The instant the entry is listed, filtered and ordered by (indexed with the profile)."""
    csv_columns: tuple[str, ...]
    describe: Describe
    """One line in words, e.g. "Calf (left) · cramp · 7/10 · 5 min"."""

    def time_of(self, entry: Any) -> datetime:
        moment: datetime = getattr(entry, self.time_field)
        return moment


def _cramp(entry: CrampRead, units: Units | str) -> str:
    parts = [
        f"{entry.region.label} ({entry.side.label.lower()})",
        entry.quality.label.lower(),
        f"{entry.intensity}/10",
    ]
    if entry.duration_min is not None:
        parts.append(f"{entry.duration_min:g} min")
    if entry.symptoms:
        parts.append(f"{len(entry.symptoms)} symptom{'s' if len(entry.symptoms) > 1 else ''}")
    return " · ".join(parts)


def _drink(entry: DrinkRead, units: Units | str) -> str:
    return f"{format_volume(entry.volume_ml, units)} {Beverage(entry.beverage).label.lower()}"


def _intake(entry: IntakeRead, units: Units | str) -> str:
    return f"{entry.product_name or 'product #' + str(entry.product_id)} × {entry.units:g}"


def _contraction(entry: ContractionRead, units: Units | str) -> str:
    if entry.ended_at is None:
        return "still running"
    return f"lasted {format_duration_s(entry.duration_s or 0)}"


def _event(entry: EventRead, units: Units | str) -> str:
    detail_codes = EVENT_DETAILS.get(entry.kind)
    detail = (
        f" ({detail_codes(entry.detail).label.lower()})" if detail_codes and entry.detail else ""
    )
    return f"{entry.kind.label}{detail}"


def _columns(header: str) -> tuple[str, ...]:
    return tuple(header.split(","))


KINDS: dict[EntryKind, KindSpec] = {
    spec.kind: spec
    for spec in (
        KindSpec(
            kind=EntryKind.CRAMPS,
            label="Cramp / pain",
            singular="cramp episode",
            plural="cramps",
            table="cramp_episode",
            create=CrampCreate,
            read=CrampRead,
            time_field="started_at",
            csv_columns=_columns(
                "started_at,duration_min,region,side,intensity,quality,"
                "triggers,symptoms,relief,eased_by_rest,note"
            ),
            describe=_cramp,
        ),
        KindSpec(
            kind=EntryKind.HYDRATION,
            label="Drink",
            singular="drink",
            plural="drinks",
            table="hydration_entry",
            create=DrinkCreate,
            read=DrinkRead,
            time_field="taken_at",
            csv_columns=_columns("taken_at,volume_ml,beverage,note"),
            describe=_drink,
        ),
        KindSpec(
            kind=EntryKind.SUPPLEMENTS,
            label="Supplement / medicine",
            singular="intake",
            plural="intakes",
            table="intake",
            create=IntakeCreate,
            read=IntakeRead,
            time_field="taken_at",
            csv_columns=_columns(
                "taken_at,product,kind,medicine_class,prescribed,started_on,contents,units,note"
            ),
            describe=_intake,
        ),
        KindSpec(
            kind=EntryKind.CONTRACTIONS,
            label="Contraction",
            singular="contraction",
            plural="contractions",
            table="contraction",
            create=ContractionCreate,
            read=ContractionRead,
            time_field="started_at",
            csv_columns=_columns("started_at,ended_at,intensity,location,note"),
            describe=_contraction,
        ),
        KindSpec(
            kind=EntryKind.EVENTS,
            label="Pregnancy event",
            singular="pregnancy event",
            plural="events",
            table="pregnancy_event",
            create=EventCreate,
            read=EventRead,
            time_field="occurred_at",
            csv_columns=_columns("occurred_at,kind,detail,note"),
            describe=_event,
        ),
    )
}
