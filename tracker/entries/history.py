"""History: the entries of a range of local days, and plain-words accounts of edits.

Pure Python over ``db.crud`` (no Streamlit): the History page and the editor call these.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from db import crud
from tracker.core.errors import InvalidEntry, NotFound
from tracker.core.kinds import EntryKind
from tracker.core.models import ContractionRead, ProfileRead
from tracker.core.timeutil import local_date, local_range_bounds, to_local
from tracker.core.units import format_volume, volume_for_display, volume_to_ml
from tracker.core.vocabulary import EVENT_DETAILS, Code, EasedByRest, EventKind, Units
from tracker.entries.journal import FIELD_LABELS
from tracker.entries.timeline import TimelineItem, entry_time, summarize, timeline

DEFAULT_DAYS = 7
"""The History page opens on the last 7 local days, today included."""

RECENT_LIMIT = 10
"""How many recent entries a logging page lists under its form."""

TIME_FORMAT = "%a %d %b %H:%M"
SECONDS_FORMAT = "%a %d %b %H:%M:%S"

EXTRA_LABELS: dict[str, str] = {
    "region": "Where",
    "side": "Side",
    "quality": "Kind of pain",
    "triggers": "Triggers",
    "symptoms": "Other symptoms",
    "relief": "What helped",
    "eased_by_rest": "Eased by rest",
    "beverage": "Drink",
    "location": "Where felt",
    "kind": "What happened",
}


def default_range(today: date, days: int = DEFAULT_DAYS) -> tuple[date, date]:
    """``(first, last)`` local days, inclusive, ending today."""
    return today - timedelta(days=days - 1), today


def entries_between(
    *,
    engine: Engine,
    profile: ProfileRead,
    first: date,
    last: date,
    kinds: Iterable[EntryKind] = tuple(EntryKind),
) -> dict[EntryKind, list[Any]]:
    """Entries of each kind stamped within the local days ``first``..``last`` (inclusive)."""
    if first > last:
        raise InvalidEntry.single(
            "Dates", f"the range starts after it ends ({first:%Y-%m-%d} > {last:%Y-%m-%d})"
        )
    start, end = local_range_bounds(first, last, profile.timezone)
    return {
        kind: crud.list_entries(
            engine=engine, kind=kind, profile_id=profile.id, start=start, end=end
        )
        for kind in kinds
    }


def history_items(
    *,
    engine: Engine,
    profile: ProfileRead,
    first: date,
    last: date,
    kinds: Iterable[EntryKind] = tuple(EntryKind),
) -> list[TimelineItem]:
    """The History table's rows: every entry of the range and kinds, newest first."""
    entries = entries_between(engine=engine, profile=profile, first=first, last=last, kinds=kinds)
    return timeline(entries, profile.units)


NOTE_SHOWN_CHARS = 200
"""A note longer than this is cut (with "…") in the History list; the edit form shows it all."""

DETAIL_FIELDS = ("symptoms", "triggers", "relief", "eased_by_rest", "note")
"""What the History list says under an entry's one line (when the entry has it): the fields
its summary leaves out."""


@dataclass(frozen=True)
class HistoryRow:
    """One entry as the History list shows it: its line, its local day and time, and its
    details in words (``"Triggers: at night / in sleep"``)."""

    item: TimelineItem
    day: date
    time: str
    details: tuple[str, ...]

    @property
    def key(self) -> str:
        return item_key(self.item)

    @property
    def words(self) -> str:
        """Everything the row shows, lower-cased: what a search looks in."""
        return " ".join(
            [
                f"{self.day:%A %d %B %Y}",
                self.time,
                self.item.kind.label,
                self.item.summary,
                *self.details,
            ]
        ).lower()


def entry_details(entry: Any) -> tuple[str, ...]:
    """``("Other symptoms: fever…", "Triggers: exercise, at night / in sleep",
    "What helped: stretching", "Eased by rest: yes", "Note: …")``: the ``DETAIL_FIELDS`` the
    entry has, labels as the person reads them, codes in their vocabulary's order."""
    details = []
    for field in DETAIL_FIELDS:
        value = getattr(entry, field, None)
        if not value:
            continue
        if isinstance(value, set):
            ordered = sorted(value, key=lambda code: type(code).codes().index(code.value))
            text = ", ".join(code.label.lower() for code in ordered)
        elif isinstance(value, Code):
            if value == EasedByRest.UNKNOWN:
                continue
            text = value.label.lower()
        else:
            text = " ".join(str(value).split())  # a note of several lines, on one line
            if len(text) > NOTE_SHOWN_CHARS:
                text = text[: NOTE_SHOWN_CHARS - 1].rstrip() + "…"
        details.append(f"{field_label(field)}: {text}")
    return tuple(details)


def history_rows(
    *,
    engine: Engine,
    profile: ProfileRead,
    first: date,
    last: date,
    kinds: Iterable[EntryKind] = tuple(EntryKind),
) -> list[HistoryRow]:
    """The History list: every entry of the local days ``first``..``last`` and ``kinds``,
    newest first (the order of ``timeline``), each with its details."""
    entries = entries_between(engine=engine, profile=profile, first=first, last=last, kinds=kinds)
    by_key = {(kind, entry.id): entry for kind, rows in entries.items() for entry in rows}
    rows = []
    for item in timeline(entries, profile.units):
        local = to_local(item.at, profile.timezone)
        entry = by_key[(item.kind, item.entry_id)]
        rows.append(HistoryRow(item, local.date(), f"{local:%H:%M}", entry_details(entry)))
    return rows


def search_rows(rows: Sequence[HistoryRow], query: str) -> list[HistoryRow]:
    """The rows holding every word of ``query`` (any case, anywhere in what the row shows),
    in the order given: a search filters, it never reorders."""
    words = query.lower().split()
    return [row for row in rows if all(word in row.words for word in words)]


def recent_items(
    *, engine: Engine, profile: ProfileRead, kind: EntryKind, limit: int = RECENT_LIMIT
) -> list[TimelineItem]:
    """The latest ``limit`` entries of one kind, newest first (whatever their day)."""
    rows = crud.list_entries(
        engine=engine, kind=kind, profile_id=profile.id, newest_first=True, limit=limit
    )
    return timeline({kind: rows}, profile.units)


def get_entry(*, engine: Engine, profile: ProfileRead, kind: EntryKind, entry_id: int) -> Any:
    """One entry's ``…Read`` model; ``NotFound`` when it was deleted meanwhile."""
    return crud.get_entry(engine=engine, kind=kind, profile_id=profile.id, entry_id=entry_id)


# --- picking an entry ------------------------------------------------------------------------


def item_key(item: TimelineItem) -> str:
    """A stable option value for a select box: ``hydration:12``."""
    return f"{item.kind.value}:{item.entry_id}"


def parse_item_key(key: str) -> tuple[EntryKind, int]:
    kind, _, entry_id = key.partition(":")
    return EntryKind(kind), int(entry_id)


def describe_item(item: TimelineItem, tz_name: str) -> str:
    """``Sun 01 Mar 21:40 · Drink · 250 ml water``."""
    when = to_local(item.at, tz_name).strftime(TIME_FORMAT)
    return f"{when} · {item.kind.label} · {item.summary}"


def describe_entry(
    kind: EntryKind, entry: Any, tz_name: str, units: Units | str = Units.METRIC
) -> str:
    """``the drink of Sun 01 Mar 21:40 (250 ml water)`` for messages."""
    when = to_local(entry_time(kind, entry), tz_name).strftime(TIME_FORMAT)
    return f"the {kind.singular} of {when} ({summarize(kind, entry, units)})"


# --- edits -----------------------------------------------------------------------------------


def keep_unchanged_time(original: datetime, edited: datetime) -> datetime:
    """Forms show times to the minute: an untouched time keeps its stored seconds."""
    return original if edited == original.replace(second=0, microsecond=0) else edited


def keep_unchanged_volume(original_ml: float, typed: float | None, units: Units | str) -> Any:
    """A volume typed in the person's unit as ml; an untouched (rounded) value keeps the stored
    ml exactly. ``None`` is passed on for validation to name."""
    if typed is None:
        return None
    if typed == volume_for_display(original_ml, units):
        return original_ml
    return volume_to_ml(typed, units)


def contraction_end(
    original: ContractionRead, started_at: datetime, duration_s: float | None
) -> datetime | None:
    """The end time from an edited start and length; empty length = still going. An untouched
    length keeps the stored end."""
    if duration_s is None:
        return None
    if (
        original.duration_s is not None
        and started_at == original.started_at
        and duration_s == round(original.duration_s)
    ):
        return original.ended_at
    return started_at + timedelta(seconds=duration_s)


def describe_changes(
    kind: EntryKind,
    before: Any,
    after: Any,
    tz_name: str,
    units: Units | str = Units.METRIC,
) -> list[str]:
    """``["amount 250 ml → 400 ml", …]``: each stored field whose value changed."""
    changes = []
    for field in kind.spec.create.model_fields:
        old, new = getattr(before, field), getattr(after, field)
        if old == new:
            continue
        label = field_label(field).lower()
        old_text = _format_value(kind, before, field, old, tz_name, units)
        new_text = _format_value(kind, after, field, new, tz_name, units)
        changes.append(f"{label} {old_text} → {new_text}")
    return changes


def field_label(field: str) -> str:
    return (
        EXTRA_LABELS.get(field) or FIELD_LABELS.get(field) or field.replace("_", " ").capitalize()
    )


def _format_value(
    kind: EntryKind, entry: Any, field: str, value: Any, tz_name: str, units: Units | str
) -> str:
    if value is None or value == "" or value == set():
        return "(none)"
    if isinstance(value, datetime):
        fmt = SECONDS_FORMAT if kind == EntryKind.CONTRACTIONS else TIME_FORMAT
        return to_local(value, tz_name).strftime(fmt)
    if field == "volume_ml":
        return format_volume(value, units)
    if field == "duration_min":
        return f"{value:g} min"
    if field == "product_id":
        return str(getattr(entry, "product_name", "") or f"product #{value}")
    if field == "detail":
        return _detail_label(entry.kind, value)
    if isinstance(value, Code):
        return value.label.lower()
    if isinstance(value, set):
        return ", ".join(sorted(member.label.lower() for member in value))
    if isinstance(value, float):
        return f"{value:g}"
    if field == "note":
        text = str(value)
        return f"“{text[:40]}…”" if len(text) > 40 else f"“{text}”"
    return str(value)


def _detail_label(kind: EventKind, detail: str) -> str:
    codes = EVENT_DETAILS.get(kind)
    if codes is not None and detail in codes.codes():
        return codes(detail).label.lower()
    return detail


def changes_message(verb: str, description: str, changes: list[str]) -> str:
    """``Saved the drink of … : amount 250 ml → 400 ml.`` or "nothing changed"."""
    if not changes:
        return f"Nothing changed in {description}."
    return f"{verb} {description}: " + "; ".join(changes) + "."


def linked_entries(
    *, engine: Engine, profile: ProfileRead, keys: Sequence[str], today: date
) -> tuple[tuple[date, date], str] | None:
    """For a link to History with ``?entry=kind:id`` (from the Flags page): a date range that
    shows every linked entry still stored, and the newest one's key to open it. None when none
    of them exists any more (or a key is malformed)."""
    found = []
    for key in keys:
        try:
            kind, entry_id = parse_item_key(key)
            entry = get_entry(engine=engine, profile=profile, kind=kind, entry_id=entry_id)
        except (ValueError, NotFound):
            continue
        found.append((entry_time(kind, entry), key))
    if not found:
        return None
    days = [local_date(at, profile.timezone) for at, _ in found]
    first = min(min(days), default_range(today)[0])
    return (first, max(today, max(days))), max(found)[1]
