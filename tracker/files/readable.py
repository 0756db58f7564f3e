"""Files a person (or their doctor) reads: each kind of entry as a CSV with labels and local
times, and a ZIP of a range holding both these and the machine CSVs of ``csvio``.

The machine files (``cramps.csv`` …) have the columns the command line imports, codes and ISO
times with offsets: they round-trip. The readable files (``cramps-readable.csv`` …) have a
column per thing a person logged, in words ("Left", "Stretching; Heat"), the local date and
time with the zone's abbreviation (so the repeated hour of an autumn night is not ambiguous),
volumes and amounts in the profile's units. Both guard cells a spreadsheet would run as a
formula (``csvio.guard_cell``). Nothing here writes to the database.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.engine import Engine

from db import crud
from tracker.core.kinds import EntryKind
from tracker.core.models import (
    ContractionRead,
    CrampRead,
    DrinkRead,
    EventRead,
    IntakeRead,
    ProductRead,
    ProfileRead,
)
from tracker.core.timeutil import format_duration_s, local_range_bounds, to_local
from tracker.core.units import format_amount, volume_for_display, volume_unit
from tracker.core.vocabulary import EVENT_DETAILS, Code
from tracker.files.csvio import export_csv, format_number, guard_cell

DATE_FORMAT = "%Y-%m-%d"
TIME_FORMAT = "%H:%M %Z"
"""``21:40 GMT``: the abbreviation tells the two 01:30s of an autumn night apart."""

LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Table:
    """What a readable file holds for a kind: its column headings and how an entry fills them."""

    columns: tuple[str, ...]
    row: Callable[[Any, ProfileRead, Mapping[int, ProductRead]], list[str]]


def _when(moment: datetime, tz_name: str) -> list[str]:
    local = to_local(moment, tz_name)
    return [local.strftime(DATE_FORMAT), local.strftime(TIME_FORMAT)]


def _labels(codes: Iterable[Code]) -> str:
    return LIST_SEPARATOR.join(sorted(code.label for code in codes))


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _number(value: float | None) -> str:
    return "" if value is None else format_number(value)


def _cramp(entry: CrampRead, profile: ProfileRead, _: Mapping[int, ProductRead]) -> list[str]:
    return [
        *_when(entry.started_at, profile.timezone),
        _number(entry.duration_min),
        entry.region.label,
        entry.side.label,
        str(entry.intensity),
        entry.quality.label,
        _labels(entry.triggers),
        _labels(entry.symptoms),
        _labels(entry.relief),
        entry.eased_by_rest.label if entry.eased_by_rest is not None else "",
        entry.note,
    ]


def _drink(entry: DrinkRead, profile: ProfileRead, _: Mapping[int, ProductRead]) -> list[str]:
    volume = volume_for_display(entry.volume_ml, profile.units)
    return [
        *_when(entry.taken_at, profile.timezone),
        f"{volume:g}",
        entry.beverage.label,
        entry.note,
    ]


def _contents(product: ProductRead, profile: ProfileRead, units: float = 1) -> str:
    return LIST_SEPARATOR.join(
        f"{ingredient.label} {format_amount(ingredient, amount * units, profile.units)}"
        for ingredient, amount in sorted(product.contents.items(), key=lambda i: i[0].label)
    )


def _intake(
    entry: IntakeRead, profile: ProfileRead, products: Mapping[int, ProductRead]
) -> list[str]:
    product = products[entry.product_id]
    return [
        *_when(entry.taken_at, profile.timezone),
        product.name,
        product.kind.label,
        product.medicine_class.label if product.medicine_class is not None else "",
        _yes_no(product.prescribed),
        format_number(entry.units),
        _contents(product, profile, entry.units),
        entry.note,
    ]


def _contraction(
    entry: ContractionRead, profile: ProfileRead, _: Mapping[int, ProductRead]
) -> list[str]:
    ended = to_local(entry.ended_at, profile.timezone) if entry.ended_at else None
    return [
        *_when(entry.started_at, profile.timezone),
        ended.strftime(TIME_FORMAT) if ended else "still running",
        format_duration_s(entry.duration_s) if entry.duration_s is not None else "",
        entry.intensity.label if entry.intensity is not None else "",
        entry.location.label if entry.location is not None else "",
        entry.note,
    ]


def _event(entry: EventRead, profile: ProfileRead, _: Mapping[int, ProductRead]) -> list[str]:
    details = EVENT_DETAILS.get(entry.kind)
    detail = details(entry.detail).label if details and entry.detail else (entry.detail or "")
    return [*_when(entry.occurred_at, profile.timezone), entry.kind.label, detail, entry.note]


def _tables(profile: ProfileRead) -> dict[EntryKind, Table]:
    volume = volume_unit(profile.units)
    return {
        EntryKind.CRAMPS: Table(
            (
                "Date",
                "Time",
                "Duration (min)",
                "Where",
                "Side",
                "Intensity (0-10)",
                "Kind",
                "Triggers",
                "Other symptoms",
                "What helped",
                "Eased by rest",
                "Note",
            ),
            _cramp,
        ),
        EntryKind.HYDRATION: Table(("Date", "Time", f"Amount ({volume})", "Drink", "Note"), _drink),
        EntryKind.SUPPLEMENTS: Table(
            (
                "Date",
                "Time",
                "Product",
                "Type",
                "Medicine class",
                "Prescribed",
                "Units taken",
                "Amount taken",
                "Note",
            ),
            _intake,
        ),
        EntryKind.CONTRACTIONS: Table(
            ("Date", "Started", "Ended", "Lasted", "Intensity", "Felt in", "Note"), _contraction
        ),
        EntryKind.EVENTS: Table(("Date", "Time", "Event", "Detail", "Note"), _event),
    }


def readable_csv(
    *,
    engine: Engine,
    kind: EntryKind,
    profile: ProfileRead,
    start: datetime | None = None,
    end: datetime | None = None,
) -> tuple[str, int]:
    """The entries of ``kind`` in ``[start, end)`` as a person reads them (labels, local date
    and time, the profile's units), oldest first, and their count."""
    table = _tables(profile)[kind]
    entries = crud.list_entries(
        engine=engine, kind=kind, profile_id=profile.id, start=start, end=end
    )
    products: dict[int, ProductRead] = {}
    if kind == EntryKind.SUPPLEMENTS:
        products = {p.id: p for p in crud.list_products(engine=engine, profile_id=profile.id)}
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(table.columns)
    for entry in entries:
        writer.writerow([guard_cell(cell) for cell in table.row(entry, profile, products)])
    return buffer.getvalue(), len(entries)


def file_stem(first: date, last: date) -> str:
    return f"cramp-tracker-{first:%Y-%m-%d}-to-{last:%Y-%m-%d}"


def export_zip(*, engine: Engine, profile: ProfileRead, first: date, last: date) -> bytes:
    """A ZIP of the local days ``first``..``last``: for each kind with entries, the machine CSV
    (``<kind>.csv``, what ``import`` reads back) and the readable one
    (``<kind>-readable.csv``), and a ``README.txt`` saying what is in it. Built in memory."""
    start, end = local_range_bounds(first, last, profile.timezone)
    stem = file_stem(first, last)
    buffer = io.BytesIO()
    lines = [
        f"Cramp Tracker export, {first:%-d %b %Y} to {last:%-d %b %Y} "
        f"(times in {profile.timezone}).",
        "",
        "Files ending in -readable.csv are for people: labels, local date and time.",
        "The others have the columns the app imports (python -m tracker import KIND FILE).",
        "",
    ]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for kind in EntryKind:
            machine, count = export_csv(
                engine=engine, kind=kind, profile=profile, start=start, end=end
            )
            lines.append(f"{kind.label}: {count} entr{'y' if count == 1 else 'ies'}")
            if count == 0:
                continue
            readable, _ = readable_csv(
                engine=engine, kind=kind, profile=profile, start=start, end=end
            )
            archive.writestr(_member(f"{stem}/{kind.value}.csv"), machine.encode("utf-8"))
            archive.writestr(_member(f"{stem}/{kind.value}-readable.csv"), readable.encode("utf-8"))
        lines += ["", "These files contain health data: share them only with people you trust."]
        archive.writestr(_member(f"{stem}/README.txt"), "\n".join(lines) + "\n")
    return buffer.getvalue()


def _member(name: str) -> zipfile.ZipInfo:
    """A ZIP member with a fixed date (the same range gives the same bytes) and private mode."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return info
