"""The cramp / pain episode form: every field of vocabulary.md, labels shown, codes returned."""

from __future__ import annotations

from typing import Any

import streamlit as st

from tracker.core.errors import InvalidEntry, Problem
from tracker.core.models import CrampRead
from tracker.core.thresholds import MAX_CRAMP_DURATION_MIN
from tracker.core.vocabulary import (
    SYMPTOM_GROUPS,
    EasedByRest,
    Quality,
    Region,
    Relief,
    Side,
    Symptom,
    Trigger,
)
from tracker.entries.history import keep_unchanged_time
from tracker.entries.repeat import Pattern
from tracker.ui.context import PageContext
from tracker.ui.forms import code_label, note_input
from tracker.ui.widgets import when_input

KEY = "cramp"
"""Name of the log page's form: its widget keys are ``form_prefix(KEY)`` + ``_region`` etc.
(``cramp_region`` until the first save, then ``cramp1_region``…); tests set widgets by these."""

INTENSITY_LABEL = "How bad? 0 = no pain, 10 = the worst pain you can imagine"
REQUIRED = {"region": "Where", "side": "Side", "quality": "What it felt like"}
"""The choices an episode needs, by the label that names them."""
REQUIRED_CAPTION = (
    "Needed: **where**, **side** and **what it felt like**. Everything else is optional."
)
"""Said before the fields, so nobody learns what is needed from an error."""
MORE_DETAILS = "More details: how long, what set it off, what helped, a note"


def symptom_key(symptom: Symptom, prefix: str = KEY) -> str:
    return f"{prefix}_symptom_{symptom.value}"


def cramp_fields(
    ctx: PageContext,
    *,
    key: str,
    initial: CrampRead | None = None,
    prefill: Pattern | None = None,
) -> dict[str, Any]:
    """Draw every field (empty for a new episode, ``initial``'s values for an edit, or a new
    episode starting from ``prefill``: "same as last time") and return the entry's values
    (codes). Call inside an ``st.form``; check with ``require_choices``.

    On a phone the fields a person fills most come first (where, side, how bad, what it felt
    like), then when, the symptom checklist with its serious group open and marked red, and the
    rest (duration, triggers, relief, rest, note) behind "More details"."""
    start = initial if initial is not None else prefill
    st.caption(REQUIRED_CAPTION)
    regions = list(Region)
    region = st.selectbox(
        "Where",
        regions,
        index=regions.index(start.region) if start and start.region in regions else None,
        format_func=code_label,
        placeholder="Choose where it hurt",
        key=f"{key}_region",
    )
    side = st.segmented_control(
        "Side",
        list(Side),
        default=start.side if start else None,
        format_func=code_label,
        key=f"{key}_side",
    )
    intensity = st.slider(
        INTENSITY_LABEL, 0, 10, start.intensity if start else 5, key=f"{key}_intensity"
    )
    quality = st.pills(
        "What it felt like",
        list(Quality),
        default=start.quality if start else None,
        format_func=code_label,
        key=f"{key}_quality",
    )
    started_at = when_input(
        ctx, key=f"{key}_when", label="Started", default=initial.started_at if initial else None
    )
    if initial is not None:
        started_at = keep_unchanged_time(initial.started_at, started_at)
    symptoms = _symptom_checkboxes(key, initial.symptoms if initial else set())
    with st.expander(MORE_DETAILS, expanded=_has_details(initial), icon=":material/add_notes:"):
        details = _detail_fields(key, initial)
    return {
        "started_at": started_at,
        "region": region,
        "side": side,
        "intensity": intensity,
        "quality": quality,
        "symptoms": symptoms,
        **details,
    }


def _detail_fields(key: str, initial: CrampRead | None) -> dict[str, Any]:
    """Duration, triggers, relief, "did rest ease it?" and the note (inside "More details").

    Triggers and relief are pills: a tap ticks one and the choices stay in view (a multiselect's
    list stays open over the form after each choice on a phone)."""
    duration_min = st.number_input(
        "How long, in minutes (leave empty if you don't know)",
        value=initial.duration_min if initial else None,
        min_value=0.0,
        max_value=float(MAX_CRAMP_DURATION_MIN),
        step=1.0,
        format="%g",
        placeholder="Don't know",
        key=f"{key}_duration_min",
    )
    triggers = st.pills(
        "What set it off",
        list(Trigger),
        selection_mode="multi",
        default=sorted(initial.triggers) if initial else None,
        format_func=code_label,
        key=f"{key}_triggers",
    )
    relief = st.pills(
        "What helped",
        list(Relief),
        selection_mode="multi",
        default=sorted(initial.relief) if initial else None,
        format_func=code_label,
        key=f"{key}_relief",
    )
    rest = list(EasedByRest)
    eased_by_rest = st.radio(
        "Did rest ease it?",
        rest,
        index=rest.index(initial.eased_by_rest if initial else EasedByRest.UNKNOWN),
        format_func=code_label,
        horizontal=True,
        key=f"{key}_eased_by_rest",
    )
    note = note_input(
        "Note",
        key=key,
        initial=initial.note if initial else "",
        placeholder="Anything else worth remembering (optional)",
        height=None,
    )
    return {
        "duration_min": duration_min,
        "triggers": set(triggers),
        "relief": set(relief),
        "eased_by_rest": eased_by_rest,
        "note": note,
    }


def _has_details(initial: CrampRead | None) -> bool:
    """An edit of an episode with details opens "More details" (they are what may need fixing)."""
    return initial is not None and bool(
        initial.duration_min is not None
        or initial.triggers
        or initial.relief
        or initial.note
        or initial.eased_by_rest != EasedByRest.UNKNOWN
    )


def _symptom_checkboxes(prefix: str, ticked_before: set[Any]) -> set[Symptom]:
    """One expander per group of ``SYMPTOM_GROUPS``; the first (serious) one open and marked,
    never behind "More details"; another group opens when an edited episode has one ticked."""
    st.markdown("**Anything else with it?**")
    ticked: set[Symptom] = set()
    for position, (title, group) in enumerate(SYMPTOM_GROUPS):
        serious = position == 0
        icon = ":material/warning:" if serious else ":material/checklist:"
        label = f":red[**{title}**]" if serious else title
        with st.expander(label, expanded=serious or bool(ticked_before & set(group)), icon=icon):
            for symptom in group:
                if st.checkbox(
                    symptom.label,
                    value=symptom in ticked_before,
                    key=symptom_key(symptom, prefix),
                ):
                    ticked.add(symptom)
    return ticked


def require_choices(values: dict[str, Any]) -> None:
    """Raise ``InvalidEntry`` naming each required choice left empty (by its label)."""
    missing = [
        Problem(label, "choose one") for field, label in REQUIRED.items() if values[field] is None
    ]
    if missing:
        raise InvalidEntry(missing)
