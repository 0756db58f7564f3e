"""The pregnancy event form: what happened (outside the form, so the detail follows it at once),
then the detail the kind takes (waters, bleeding), when, and a note."""

from __future__ import annotations

from typing import Any

import streamlit as st

from tracker.core.models import EventRead
from tracker.core.vocabulary import EVENT_DETAILS, EventKind
from tracker.entries.history import keep_unchanged_time
from tracker.ui.context import PageContext
from tracker.ui.forms import code_label, note_input
from tracker.ui.widgets import when_input

DETAIL_LABELS: dict[EventKind, str] = {
    EventKind.WATERS_BROKE: "What the waters look like",
    EventKind.BLEEDING: "How much bleeding",
}


def event_kind_input(*, key: str, current: EventKind | str | None = None) -> EventKind | None:
    """What happened: one choice (none yet for a new event). Draw it outside the ``st.form``."""
    kinds = list(EventKind)
    kind: EventKind | None = st.radio(
        "What happened",
        kinds,
        index=kinds.index(EventKind(current)) if current is not None else None,
        format_func=code_label,
        horizontal=True,
        key=key,
    )
    return kind


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


def event_fields(
    ctx: PageContext, kind: EventKind, *, key: str, initial: EventRead | None = None
) -> dict[str, Any]:
    """Draw the fields of a ``kind`` event (empty for a new one, ``initial``'s for an edit) and
    return the entry's values. Call inside an ``st.form``."""
    detail = event_detail_input(
        kind,
        key=f"{key}_detail_{EventKind(kind).value}",
        current=initial.detail if initial else None,
    )
    occurred_at = when_input(
        ctx, key=f"{key}_when", default=initial.occurred_at if initial else None
    )
    if initial is not None:
        occurred_at = keep_unchanged_time(initial.occurred_at, occurred_at)
    note = note_input("Note (optional)", key=key, initial=initial.note if initial else "")
    return {"occurred_at": occurred_at, "kind": kind, "detail": detail, "note": note}
