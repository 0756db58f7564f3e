"""Edit or delete one entry: a form per kind, prefilled with every stored field.

``entry_editor`` is what the History page calls. ``event_detail_input`` (a detail only for the
event kinds that have one) is shared with the Pregnancy events page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from tracker.errors import TrackerError
from tracker.history import (
    changes_message,
    contraction_end,
    describe_changes,
    describe_entry,
    get_entry,
    keep_unchanged_time,
    keep_unchanged_volume,
)
from tracker.journal import delete_entry, update_entry
from tracker.kinds import EntryKind
from tracker.models import ProductRead
from tracker.thresholds import MAX_CRAMP_DURATION_MIN
from tracker.timeutil import format_logged_at
from tracker.ui.frame import PageContext
from tracker.ui.widgets import confirm_step, flash, fresh_select, md_escape, show_error, when_input
from tracker.units import volume_for_display, volume_unit
from tracker.views import entry_time
from tracker.vocabulary import (
    EVENT_DETAILS,
    Beverage,
    Code,
    ContractionIntensity,
    ContractionLocation,
    EasedByRest,
    EventKind,
    Quality,
    Region,
    Relief,
    Side,
    Symptom,
    Trigger,
    Units,
)


def _label(code: Any) -> str:
    return str(code.label) if isinstance(code, Code) else str(code)


def _select(label: str, codes: type[Code], current: Any, key: str) -> Any:
    options = list(codes)
    index = options.index(current) if current in options else None
    return st.selectbox(label, options, index=index, format_func=_label, key=key)


def _multi(label: str, codes: type[Code], current: set[Any], key: str) -> set[Any]:
    return set(
        st.multiselect(label, list(codes), default=sorted(current), format_func=_label, key=key)
    )


def _note(entry: Any, key: str) -> str:
    return st.text_area("Note", value=entry.note, max_chars=2000, key=key, height=80)


DETAIL_LABELS: dict[EventKind, str] = {
    EventKind.WATERS_BROKE: "What the waters look like",
    EventKind.BLEEDING: "How much bleeding",
}


def event_detail_input(kind: EventKind, *, key: str, current: str | None = None) -> str | None:
    """A detail select for the event kinds that take one (waters, bleeding); None otherwise."""
    codes = EVENT_DETAILS.get(kind)
    if codes is None:
        return None
    options = codes.codes()
    chosen: str | None = st.selectbox(
        DETAIL_LABELS.get(kind, "Detail"),
        options,
        index=options.index(current) if current in options else None,
        format_func=lambda code: codes(code).label,
        placeholder="Choose one (or leave empty)",
        key=key,
    )
    return chosen


def _cramp(ctx: PageContext, entry: Any, key: str, products: list[ProductRead]) -> dict[str, Any]:
    started_at = when_input(ctx, key=f"{key}_when", label="Started", default=entry.started_at)
    region = _select("Where", Region, entry.region, f"{key}_region")
    left, right = st.columns(2)
    side = left.selectbox(
        "Side",
        list(Side),
        index=list(Side).index(entry.side),
        format_func=_label,
        key=f"{key}_side",
    )
    quality = right.selectbox(
        "Kind of pain",
        list(Quality),
        index=list(Quality).index(entry.quality),
        format_func=_label,
        key=f"{key}_quality",
    )
    return {
        "started_at": keep_unchanged_time(entry.started_at, started_at),
        "region": region,
        "side": side,
        "quality": quality,
        "intensity": st.slider("Intensity (0–10)", 0, 10, entry.intensity, key=f"{key}_intensity"),
        "duration_min": st.number_input(
            "Duration (minutes, empty = unknown)",
            value=entry.duration_min,
            min_value=0.0,
            max_value=float(MAX_CRAMP_DURATION_MIN),
            step=1.0,
            format="%g",
            key=f"{key}_duration",
        ),
        "triggers": _multi("Triggers", Trigger, entry.triggers, f"{key}_triggers"),
        "symptoms": _multi("Other symptoms", Symptom, entry.symptoms, f"{key}_symptoms"),
        "relief": _multi("What helped", Relief, entry.relief, f"{key}_relief"),
        "eased_by_rest": _select("Eased by rest", EasedByRest, entry.eased_by_rest, f"{key}_rest"),
        "note": _note(entry, f"{key}_note"),
    }


def _drink(ctx: PageContext, entry: Any, key: str, products: list[ProductRead]) -> dict[str, Any]:
    taken_at = when_input(ctx, key=f"{key}_when", default=entry.taken_at)
    units = ctx.profile.units
    volume = st.number_input(
        f"Amount ({volume_unit(units)})",
        value=float(volume_for_display(entry.volume_ml, units)),
        step=1.0 if units == Units.METRIC else 0.5,
        format="%g",
        key=f"{key}_volume",
    )
    return {
        "taken_at": keep_unchanged_time(entry.taken_at, taken_at),
        "volume_ml": keep_unchanged_volume(entry.volume_ml, volume, units),
        "beverage": _select("Drink", Beverage, entry.beverage, f"{key}_beverage"),
        "note": _note(entry, f"{key}_note"),
    }


def _intake(ctx: PageContext, entry: Any, key: str, products: list[ProductRead]) -> dict[str, Any]:
    taken_at = when_input(ctx, key=f"{key}_when", default=entry.taken_at)
    ids = [p.id for p in products]
    names = {p.id: p.name for p in products}
    product_id = st.selectbox(
        "Product",
        ids,
        index=ids.index(entry.product_id) if entry.product_id in ids else None,
        format_func=lambda pid: names.get(pid, f"product #{pid}"),
        key=f"{key}_product",
    )
    return {
        "taken_at": keep_unchanged_time(entry.taken_at, taken_at),
        "product_id": product_id,
        "units": st.number_input(
            "Units taken", value=float(entry.units), step=0.5, format="%g", key=f"{key}_units"
        ),
        "note": _note(entry, f"{key}_note"),
    }


def _contraction(
    ctx: PageContext, entry: Any, key: str, products: list[ProductRead]
) -> dict[str, Any]:
    started_at = keep_unchanged_time(
        entry.started_at,
        when_input(ctx, key=f"{key}_when", label="Started", default=entry.started_at),
    )
    duration_s = st.number_input(
        "Length in seconds (empty = still going)",
        value=None if entry.duration_s is None else round(entry.duration_s),
        min_value=1,
        step=5,
        key=f"{key}_length",
    )
    return {
        "started_at": started_at,
        "ended_at": contraction_end(entry, started_at, duration_s),
        "intensity": _select(
            "Intensity", ContractionIntensity, entry.intensity, f"{key}_intensity"
        ),
        "location": _select("Where felt", ContractionLocation, entry.location, f"{key}_location"),
        "note": _note(entry, f"{key}_note"),
    }


def _event(ctx: PageContext, entry: Any, key: str, products: list[ProductRead]) -> dict[str, Any]:
    occurred_at = when_input(ctx, key=f"{key}_when", default=entry.occurred_at)
    kind = st.session_state.get(f"{key}_kind", entry.kind)
    return {
        "occurred_at": keep_unchanged_time(entry.occurred_at, occurred_at),
        "kind": kind,
        "detail": event_detail_input(kind, key=f"{key}_detail_{kind}", current=entry.detail),
        "note": _note(entry, f"{key}_note"),
    }


FormBody = Callable[[PageContext, Any, str, list[ProductRead]], dict[str, Any]]
FORMS: dict[EntryKind, FormBody] = {
    EntryKind.CRAMPS: _cramp,
    EntryKind.HYDRATION: _drink,
    EntryKind.SUPPLEMENTS: _intake,
    EntryKind.CONTRACTIONS: _contraction,
    EntryKind.EVENTS: _event,
}


def entry_picker(labels: dict[str, str], *, key: str) -> str | None:
    """Pick an entry (option ``kind:id``) to edit or delete."""
    choice: str | None = fresh_select(
        "Entry to edit or delete", labels, key=key, placeholder="Choose an entry…"
    )
    return choice


def entry_editor(
    ctx: PageContext,
    kind: EntryKind,
    entry_id: int,
    *,
    products: list[ProductRead],
    pick_key: str | None = None,
) -> None:
    """The edit form and the two-step delete for one entry; messages name what changed.
    ``pick_key`` is the widget that chose the entry, cleared once it is deleted."""
    key = f"edit_{kind.value}_{entry_id}"
    try:
        entry = get_entry(engine=ctx.engine, profile=ctx.profile, kind=kind, entry_id=entry_id)
    except TrackerError as err:
        show_error(err)
        return
    description = describe_entry(kind, entry, ctx.tz, ctx.profile.units)
    st.subheader(f"Edit {kind.singular}")
    if kind == EntryKind.EVENTS:
        # Outside the form so the detail box follows the chosen kind at once.
        _select("What happened", EventKind, entry.kind, f"{key}_kind")
    with st.form(key=f"{key}_form"):
        values = FORMS[kind](ctx, entry, key, products)
        saved = st.form_submit_button("Save changes", type="primary", key=f"{key}_save")
    if saved:
        try:
            after = update_entry(
                engine=ctx.engine,
                kind=kind,
                profile_id=ctx.profile.id,
                entry_id=entry_id,
                changes=values,
                now=ctx.now,
                tz_name=ctx.tz,
            )
        except TrackerError as err:
            show_error(err)
        else:
            changes = describe_changes(kind, entry, after, ctx.tz, ctx.profile.units)
            when = format_logged_at(
                entry_time(kind, after), ctx.tz, ctx.now, seconds=kind == EntryKind.CONTRACTIONS
            )
            flash(md_escape(changes_message("Saved", description, changes)) + f" Logged at {when}.")
            st.rerun()
    _delete_step(ctx, kind, entry_id, key, description, pick_key)


def _delete_step(
    ctx: PageContext,
    kind: EntryKind,
    entry_id: int,
    key: str,
    description: str,
    pick_key: str | None,
) -> None:
    if not confirm_step(
        key=key,
        ask=f"Delete this {kind.singular}…",
        question=f"Delete {md_escape(description)}? This cannot be undone.",
        yes_label="Yes, delete",
    ):
        return
    try:
        delete_entry(engine=ctx.engine, kind=kind, profile_id=ctx.profile.id, entry_id=entry_id)
    except TrackerError as err:
        show_error(err)
        return
    flash(f"Deleted {md_escape(description)}.")
    if pick_key:
        st.session_state.pop(pick_key, None)
    st.rerun()
