"""The contraction form: its timing (start and length: a contraction that was not timed is added
with it) and its details (intensity, where it was felt, a note: asked after a stop on the timer);
an edit shows both."""

from __future__ import annotations

from typing import Any

import streamlit as st

from tracker.core.models import ContractionRead
from tracker.core.thresholds import MAX_CONTRACTION_S
from tracker.core.vocabulary import ContractionIntensity, ContractionLocation
from tracker.entries.history import contraction_end, keep_unchanged_time
from tracker.ui.context import PageContext
from tracker.ui.forms import code_label, note_input
from tracker.ui.widgets import when_input

DEFAULT_LENGTH_S = 60
"""How long a contraction that was not timed lasted, until the person says otherwise."""


def contraction_details(*, key: str, initial: ContractionRead | None = None) -> dict[str, Any]:
    """Intensity, where it was felt and a note (empty for the one just stopped, ``initial``'s
    for an edit). Call inside an ``st.form``."""
    intensity = st.segmented_control(
        "Intensity",
        list(ContractionIntensity),
        default=initial.intensity if initial else None,
        format_func=code_label,
        key=f"{key}_intensity",
    )
    location = st.segmented_control(
        "Where you felt it",
        list(ContractionLocation),
        default=initial.location if initial else None,
        format_func=code_label,
        key=f"{key}_where",
    )
    note = note_input("Note", key=key, initial=initial.note if initial else "")
    return {"intensity": intensity, "location": location, "note": note}


def contraction_timing(
    ctx: PageContext, *, key: str, initial: ContractionRead | None = None
) -> dict[str, Any]:
    """When it started and how long it lasted: ``started_at`` and ``duration_s`` (None = still
    going). A new one (a contraction that was not timed) starts at the present minute and lasts
    ``DEFAULT_LENGTH_S``, at most ``MAX_CONTRACTION_S``; an edit shows the stored ones (no upper
    limit here: an imported contraction may be longer, and the domain names what is refused)."""
    default = initial.started_at if initial else ctx.now
    started_at = when_input(ctx, key=f"{key}_when", label="Started", default=default)
    if initial is None:
        length: int | None = DEFAULT_LENGTH_S
    else:
        started_at = keep_unchanged_time(initial.started_at, started_at)
        length = None if initial.duration_s is None else round(initial.duration_s)
    duration_s = st.number_input(
        "Lasted (seconds)",
        value=length,
        # An edit may show 0: a contraction stopped straight after its start (under half a
        # second) must still open; saving a 0 typed by hand is refused by the model.
        min_value=0 if initial else 1,
        max_value=None if initial else MAX_CONTRACTION_S,
        step=5,
        placeholder="Still going",
        key=f"{key}_length",
    )
    return {"started_at": started_at, "duration_s": duration_s}


def contraction_fields(ctx: PageContext, *, key: str, initial: ContractionRead) -> dict[str, Any]:
    """The edit of a stored contraction: ``contraction_timing``, then ``contraction_details``."""
    timing = contraction_timing(ctx, key=key, initial=initial)
    return {
        "started_at": timing["started_at"],
        "ended_at": contraction_end(initial, timing["started_at"], timing["duration_s"]),
        **contraction_details(key=key, initial=initial),
    }
