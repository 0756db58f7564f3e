"""The cramp / pain episode form: every field of vocabulary.md, labels shown, codes returned."""

from __future__ import annotations

from typing import Any

import streamlit as st

from tracker.errors import InvalidEntry, Problem
from tracker.thresholds import MAX_CRAMP_DURATION_MIN, MAX_NOTE_CHARS
from tracker.ui.frame import PageContext
from tracker.ui.widgets import form_prefix, when_input
from tracker.vocabulary import (
    SYMPTOM_GROUPS,
    Code,
    EasedByRest,
    Quality,
    Region,
    Relief,
    Side,
    Symptom,
    Trigger,
)

KEY = "cramp"
"""Name of the form: its widget keys are ``form_prefix(KEY)`` + ``_region`` etc. (``cramp_region``
until the first save, then ``cramp1_region``…); tests set widgets by these keys."""

INTENSITY_LABEL = "How bad? 0 = no pain, 10 = the worst pain you can imagine"


def _label(code: Code) -> str:
    return code.label


def symptom_key(symptom: Symptom, prefix: str = KEY) -> str:
    return f"{prefix}_symptom_{symptom.value}"


def cramp_form(ctx: PageContext) -> dict[str, Any] | None:
    """Draw the form; when it is submitted return the entry's values (codes), else None.

    Raises ``InvalidEntry`` naming each required choice left empty.
    """
    key = form_prefix(KEY)
    with st.form(f"{KEY}_form", border=True):
        started_at = when_input(ctx, key=f"{key}_when", label="Started")
        region = st.selectbox(
            "Where",
            list(Region),
            index=None,
            format_func=_label,
            placeholder="Choose where it hurt",
            key=f"{key}_region",
        )
        side = st.segmented_control("Side", list(Side), format_func=_label, key=f"{key}_side")
        intensity = st.slider(INTENSITY_LABEL, 0, 10, 5, key=f"{key}_intensity")
        quality = st.pills(
            "What it felt like", list(Quality), format_func=_label, key=f"{key}_quality"
        )
        duration_min = st.number_input(
            "How long, in minutes (leave empty if you don't know)",
            value=None,
            min_value=0.0,
            max_value=float(MAX_CRAMP_DURATION_MIN),
            step=1.0,
            format="%g",
            placeholder="Don't know",
            key=f"{key}_duration_min",
        )
        triggers = st.multiselect(
            "What set it off",
            list(Trigger),
            format_func=_label,
            placeholder="Choose any that fit",
            key=f"{key}_triggers",
        )
        symptoms = _symptom_checkboxes(key)
        relief = st.multiselect(
            "What helped",
            list(Relief),
            format_func=_label,
            placeholder="Choose any you tried",
            key=f"{key}_relief",
        )
        eased_by_rest = st.radio(
            "Did rest ease it?",
            list(EasedByRest),
            index=list(EasedByRest).index(EasedByRest.UNKNOWN),
            format_func=_label,
            horizontal=True,
            key=f"{key}_eased_by_rest",
        )
        note = st.text_area(
            "Note",
            max_chars=MAX_NOTE_CHARS,
            placeholder="Anything else worth remembering (optional)",
            key=f"{key}_note",
        )
        submitted = st.form_submit_button("Save episode", type="primary", width="stretch")
    if not submitted:
        return None
    _require({"Where": region, "Side": side, "What it felt like": quality})
    return {
        "started_at": started_at,
        "region": region,
        "side": side,
        "intensity": intensity,
        "quality": quality,
        "duration_min": duration_min,
        "triggers": set(triggers),
        "symptoms": symptoms,
        "relief": set(relief),
        "eased_by_rest": eased_by_rest,
        "note": note,
    }


def _symptom_checkboxes(prefix: str) -> set[Symptom]:
    """One expander per group of ``SYMPTOM_GROUPS``; the first (serious) one open and marked."""
    st.markdown("**Anything else with it?**")
    ticked: set[Symptom] = set()
    for position, (title, group) in enumerate(SYMPTOM_GROUPS):
        serious = position == 0
        icon = ":material/warning:" if serious else ":material/checklist:"
        label = f":red[**{title}**]" if serious else title
        with st.expander(label, expanded=serious, icon=icon):
            for symptom in group:
                if st.checkbox(symptom.label, key=symptom_key(symptom, prefix)):
                    ticked.add(symptom)
    return ticked


def _require(choices: dict[str, object]) -> None:
    missing = [Problem(field, "choose one") for field, value in choices.items() if value is None]
    if missing:
        raise InvalidEntry(missing)
