"""The contraction form: its details (intensity, where it was felt, a note), asked after a stop
on the timer; an edit adds its start and length before them."""

from __future__ import annotations

from typing import Any

import streamlit as st

from tracker.history import contraction_end, keep_unchanged_time
from tracker.models import ContractionRead
from tracker.ui.forms import code_label, note_input
from tracker.ui.frame import PageContext
from tracker.ui.widgets import when_input
from tracker.vocabulary import ContractionIntensity, ContractionLocation


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


def contraction_fields(ctx: PageContext, *, key: str, initial: ContractionRead) -> dict[str, Any]:
    """The edit of a stored contraction: its start and length, then ``contraction_details``."""
    started_at = keep_unchanged_time(
        initial.started_at,
        when_input(ctx, key=f"{key}_when", label="Started", default=initial.started_at),
    )
    duration_s = st.number_input(
        "Length in seconds (empty = still going)",
        value=None if initial.duration_s is None else round(initial.duration_s),
        min_value=1,
        step=5,
        key=f"{key}_length",
    )
    return {
        "started_at": started_at,
        "ended_at": contraction_end(initial, started_at, duration_s),
        **contraction_details(key=key, initial=initial),
    }
