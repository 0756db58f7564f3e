"""The drink form: amount in the person's unit, what it was, when, a note."""

from __future__ import annotations

from typing import Any

import streamlit as st

from tracker.core.models import DrinkRead
from tracker.core.units import volume_for_display, volume_unit
from tracker.core.vocabulary import Beverage, Units
from tracker.entries.history import keep_unchanged_time
from tracker.ui.context import PageContext
from tracker.ui.forms import code_label, note_input
from tracker.ui.widgets import when_input


def drink_fields(ctx: PageContext, *, key: str, initial: DrinkRead | None = None) -> dict[str, Any]:
    """Draw the fields (empty for a new drink, ``initial``'s for an edit); return ``taken_at``,
    ``amount`` (in the person's unit, as typed: None when empty), ``beverage`` and ``note``.
    Call inside an ``st.form``; the caller turns ``amount`` into ml."""
    units = Units(ctx.profile.units)
    amount = st.number_input(
        f"Amount ({volume_unit(units)})",
        value=float(volume_for_display(initial.volume_ml, units)) if initial else None,
        step=1.0 if units == Units.US else 10.0,
        format="%g",
        placeholder="How much?",
        key=f"{key}_amount",
    )
    beverages = list(Beverage)
    beverage = st.selectbox(
        "Drink",
        beverages,
        index=beverages.index(initial.beverage) if initial else 0,
        format_func=code_label,
        key=f"{key}_beverage",
    )
    taken_at = when_input(ctx, key=f"{key}_when", default=initial.taken_at if initial else None)
    if initial is not None:
        taken_at = keep_unchanged_time(initial.taken_at, taken_at)
    note = note_input("Note", key=key, initial=initial.note if initial else "")
    return {"taken_at": taken_at, "amount": amount, "beverage": beverage, "note": note}
