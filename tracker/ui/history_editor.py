"""Edit or delete one entry: the kind's own form (``tracker.ui.forms``, the one its log page
draws), prefilled with every stored field.

``entry_editor`` is what the History page (and the Contractions page) calls. Its delete asks
first, in a warning box with a red button that names what it deletes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import streamlit as st

from tracker.core.errors import TrackerError
from tracker.core.kinds import EntryKind
from tracker.core.models import ProductRead
from tracker.core.timeutil import format_logged_at
from tracker.core.vocabulary import EventKind
from tracker.entries.history import (
    changes_message,
    describe_changes,
    describe_entry,
    get_entry,
    keep_unchanged_volume,
)
from tracker.entries.journal import delete_entry, update_entry
from tracker.entries.timeline import entry_time
from tracker.ui.context import PageContext
from tracker.ui.forms.contraction import contraction_fields
from tracker.ui.forms.cramp import cramp_fields, require_choices
from tracker.ui.forms.drink import drink_fields
from tracker.ui.forms.event import event_fields, event_kind_input
from tracker.ui.forms.intake import intake_fields
from tracker.ui.widgets import CONFIRM_KEY, flash, fresh_select, md_escape, show_error


def _cramp(ctx: PageContext, entry: Any, key: str, products: list[ProductRead]) -> dict[str, Any]:
    return cramp_fields(ctx, key=key, initial=entry)


def _drink(ctx: PageContext, entry: Any, key: str, products: list[ProductRead]) -> dict[str, Any]:
    values = drink_fields(ctx, key=key, initial=entry)
    amount = values.pop("amount")
    return {
        **values,
        "volume_ml": keep_unchanged_volume(entry.volume_ml, amount, ctx.profile.units),
    }


def _intake(ctx: PageContext, entry: Any, key: str, products: list[ProductRead]) -> dict[str, Any]:
    return intake_fields(ctx, products, key=key, initial=entry)


def _contraction(
    ctx: PageContext, entry: Any, key: str, products: list[ProductRead]
) -> dict[str, Any]:
    return contraction_fields(ctx, key=key, initial=entry)


def _event(ctx: PageContext, entry: Any, key: str, products: list[ProductRead]) -> dict[str, Any]:
    kind = st.session_state.get(f"{key}_kind") or entry.kind  # drawn above the form
    return event_fields(ctx, EventKind(kind), key=key, initial=entry)


FormBody = Callable[[PageContext, Any, str, list[ProductRead]], dict[str, Any]]
FORMS: dict[EntryKind, FormBody] = {
    EntryKind.CRAMPS: _cramp,
    EntryKind.HYDRATION: _drink,
    EntryKind.SUPPLEMENTS: _intake,
    EntryKind.CONTRACTIONS: _contraction,
    EntryKind.EVENTS: _event,
}
CHECKS: dict[EntryKind, Callable[[dict[str, Any]], None]] = {EntryKind.CRAMPS: require_choices}
"""What a kind's values must hold before they are saved (raises ``InvalidEntry``)."""


Notify = Callable[[str, datetime], None]
"""What to do with the message of a save or a delete, given the entry's time (after the
change): ``flash`` it at the top of the page unless the page shows it where the entry is."""

CONFIRM_DELETE_KEY = "confirm_delete"
"""The container of the delete question; its CSS makes the yes button red."""
DESTRUCTIVE_RED, DESTRUCTIVE_RED_DARKER = "#b3261e", "#8c1d18"
CONFIRM_DELETE_CSS = f"""<style>
.st-key-{CONFIRM_DELETE_KEY} button[kind="primary"] {{
  background-color: {DESTRUCTIVE_RED}; border-color: {DESTRUCTIVE_RED}; color: #ffffff;
}}
.st-key-{CONFIRM_DELETE_KEY} button[kind="primary"]:hover,
.st-key-{CONFIRM_DELETE_KEY} button[kind="primary"]:active {{
  background-color: {DESTRUCTIVE_RED_DARKER}; border-color: {DESTRUCTIVE_RED_DARKER};
  color: #ffffff;
}}
</style>"""


def _flash(message: str, at: datetime) -> None:
    flash(message)


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
    notify: Notify = _flash,
) -> None:
    """The edit form and the two-step delete for one entry; messages name what changed.
    ``pick_key`` is the widget that chose the entry, cleared once it is deleted; ``notify``
    takes the message of a save or delete (Markdown, escaped) before the rerun."""
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
        event_kind_input(key=f"{key}_kind", current=entry.kind)
    with st.form(key=f"{key}_form"):
        values = FORMS[kind](ctx, entry, key, products)
        saved = st.form_submit_button("Save changes", type="primary", key=f"{key}_save")
    if saved:
        try:
            CHECKS.get(kind, lambda _: None)(values)
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
            notify(
                md_escape(changes_message("Saved", description, changes)) + f" Logged at {when}.",
                entry_time(kind, after),
            )
            st.rerun()
    _delete_step(ctx, kind, entry, key, description, pick_key, notify)


def _delete_step(
    ctx: PageContext,
    kind: EntryKind,
    entry: Any,
    key: str,
    description: str,
    pick_key: str | None,
    notify: Notify,
) -> None:
    if not _confirmed(key, kind, description):
        return
    try:
        delete_entry(engine=ctx.engine, kind=kind, profile_id=ctx.profile.id, entry_id=entry.id)
    except TrackerError as err:
        show_error(err)
        return
    notify(f"Deleted {md_escape(description)}.", entry_time(kind, entry))
    if pick_key:
        st.session_state.pop(pick_key, None)
    st.rerun()


def _confirmed(key: str, kind: EntryKind, description: str) -> bool:
    """A "Delete this …" button, then the question in a warning box with a red "Yes, delete
    this …" and "Keep it". True in the run where yes was pressed."""
    if st.session_state.get(CONFIRM_KEY) != key:
        if st.button(
            f"Delete this {kind.singular}…", icon=":material/delete:", key=f"{key}_delete"
        ):
            st.session_state[CONFIRM_KEY] = key
            st.rerun()
        return False
    with st.container(key=CONFIRM_DELETE_KEY):
        st.html(CONFIRM_DELETE_CSS)
        st.warning(
            f"Delete {md_escape(description)}? This cannot be undone.", icon=":material/warning:"
        )
        with st.container(horizontal=True, gap="small"):
            confirmed = st.button(
                f"Yes, delete this {kind.singular}",
                type="primary",
                icon=":material/delete_forever:",
                key=f"{key}_delete_yes",
            )
            kept = st.button("Keep it", key=f"{key}_delete_no")
    if kept:
        st.session_state.pop(CONFIRM_KEY, None)
        st.rerun()
    if confirmed:
        st.session_state.pop(CONFIRM_KEY, None)
    return confirmed
