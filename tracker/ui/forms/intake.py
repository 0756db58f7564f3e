"""The intake form: which product from the cabinet, how many units, when, a note."""

from __future__ import annotations

from typing import Any

import streamlit as st

from tracker.core.models import IntakeRead, ProductRead
from tracker.entries.history import keep_unchanged_time
from tracker.ui.context import PageContext
from tracker.ui.forms import note_input
from tracker.ui.widgets import when_input


def intake_fields(
    ctx: PageContext,
    products: list[ProductRead],
    *,
    key: str,
    initial: IntakeRead | None = None,
) -> dict[str, Any]:
    """Draw the fields (the first product and 1 unit for a new intake, ``initial``'s values for
    an edit) and return the entry's values. Call inside an ``st.form``."""
    names = {p.id: p.name for p in products}
    ids = list(names)
    if initial is None:
        index: int | None = 0
    else:
        index = ids.index(initial.product_id) if initial.product_id in ids else None
    product_id = st.selectbox(
        "Product",
        ids,
        index=index,
        format_func=lambda pid: names.get(pid, f"product #{pid}"),
        key=f"{key}_product",
    )
    units = st.number_input(
        "Units taken",
        value=float(initial.units) if initial else 1.0,
        step=0.5,
        format="%g",
        key=f"{key}_units",
    )
    taken_at = when_input(ctx, key=f"{key}_when", default=initial.taken_at if initial else None)
    if initial is not None:
        taken_at = keep_unchanged_time(initial.taken_at, taken_at)
    note = note_input("Note (optional)", key=key, initial=initial.note if initial else "")
    return {"taken_at": taken_at, "product_id": product_id, "units": units, "note": note}
