"""Saving entries from the pages: one tap or one form submit = one insert.

``save_entry`` is the one way a page stores a new entry: validate and store through
``tracker.entries.journal``, then the red-flag rules evaluated for it, a success message naming what
was saved, the form reset and a rerun, or the problems shown and nothing stored. The one-tap
buttons sit in a horizontal, wrapping container so that on a phone four drink sizes take one or
two rows, not four full-width bars.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from tracker.core.errors import TrackerError
from tracker.core.kinds import EntryKind
from tracker.core.models import ProductRead
from tracker.core.timeutil import format_logged_at
from tracker.core.units import format_volume
from tracker.core.vocabulary import Beverage
from tracker.entries.hydration import quick_volumes_ml
from tracker.entries.journal import log_entry
from tracker.ui.context import PageContext
from tracker.ui.flags import remember_new_flags
from tracker.ui.widgets import flash, md_escape, reset_form, show_error


def save_entry(
    ctx: PageContext,
    kind: EntryKind,
    values: dict[str, Any],
    *,
    message: Callable[[Any], str],
    reset: Sequence[str] = (),
) -> None:
    """Store one entry; on success evaluate the red-flag rules, flash ``message(saved entry)``,
    empty the forms named in ``reset`` (``tracker.ui.widgets.reset_form``) and rerun; on a
    ``TrackerError`` show what to fix (nothing is stored and what was typed stays).

    After the rerun, a new emergency flag is in the red banner (on every page) and an urgent
    flag involving this entry in an orange box on this page (``tracker.ui.flags``)."""
    try:
        saved = log_entry(
            engine=ctx.engine,
            kind=kind,
            profile_id=ctx.profile.id,
            values=values,
            now=ctx.now,
            tz_name=ctx.tz,
        )
    except TrackerError as err:
        show_error(err)
        return
    remember_new_flags(ctx, kind, saved.id)
    flash(message(saved))
    for name in reset:
        reset_form(name)
    st.rerun()


def _log_now(ctx: PageContext, kind: EntryKind, values: dict[str, Any], message: str) -> None:
    """``message`` + `` at 07:45.`` (the stored time)."""
    save_entry(
        ctx,
        kind,
        {"taken_at": ctx.now, **values},
        message=lambda saved: f"{message} at {format_logged_at(saved.taken_at, ctx.tz, ctx.now)}.",
    )


def drink_buttons(ctx: PageContext, *, key: str, beverage: Beverage = Beverage.WATER) -> None:
    """``+150 ml`` … ``+500 ml`` (or fl oz): a tap logs that much of ``beverage`` now."""
    units = ctx.profile.units
    with st.container(horizontal=True, gap="small"):
        for volume_ml in quick_volumes_ml(units):
            shown = format_volume(volume_ml, units)
            if st.button(f"+{shown}", key=f"{key}_{volume_ml:.0f}"):
                _log_now(
                    ctx,
                    EntryKind.HYDRATION,
                    {"volume_ml": volume_ml, "beverage": beverage},
                    f"Logged {shown} of {beverage.label.lower()}",
                )


def intake_buttons(ctx: PageContext, products: Sequence[ProductRead], *, key: str) -> None:
    """One button per cabinet product: a tap logs one unit of it now."""
    with st.container(horizontal=True, gap="small"):
        for product in products:
            if st.button(
                md_escape(product.name), key=f"{key}_{product.id}", icon=":material/medication:"
            ):
                _log_now(
                    ctx,
                    EntryKind.SUPPLEMENTS,
                    {"product_id": product.id, "units": 1},
                    f"Logged 1 × {md_escape(product.name)}",
                )
