"""One form per kind of entry, drawn the same way to log a new entry and to edit one in History.

Each module draws its entity's fields from initial values (``None`` for a new entry, the stored
entry for an edit) and returns the values; the caller owns the ``st.form``, its submit button
and what happens on submit (``quick_log.save_entry`` for a new entry, History's save and delete
for an edit). Widget keys are ``f"{key}_<field>"``, whoever draws the form.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from tracker.core.thresholds import MAX_NOTE_CHARS
from tracker.core.vocabulary import Code


def code_label(code: Any) -> str:
    """A code's words (``Code.label``); anything else as text."""
    return str(code.label) if isinstance(code, Code) else str(code)


def note_input(
    label: str,
    *,
    key: str,
    initial: str = "",
    placeholder: str | None = None,
    height: int | None = 80,
) -> str:
    """The free-text note of every form: a text area, so a note of several lines (typed here or
    brought by an import) is shown, and kept by an edit, line for line."""
    note: str = st.text_area(
        label,
        value=initial,
        max_chars=MAX_NOTE_CHARS,
        placeholder=placeholder,
        height=height,
        key=f"{key}_note",
    )
    return note
