"""Drinks: one-tap common sizes, any other amount, and today's total against the goal."""

from __future__ import annotations

import streamlit as st

from tracker.core.errors import TrackerError
from tracker.core.kinds import EntryKind
from tracker.core.timeutil import format_logged_at, local_date
from tracker.core.units import format_volume
from tracker.core.vocabulary import Beverage, Units
from tracker.entries.hydration import drink_volume_ml, goal_explanation, progress_label
from tracker.entries.timeline import timeline_frame
from tracker.entries.today import day_summary
from tracker.ui.forms.drink import drink_fields
from tracker.ui.frame import page
from tracker.ui.quick_log import drink_buttons, save_entry
from tracker.ui.widgets import form_prefix, show_error, show_flash

# The beverage last chosen for the one-tap buttons, kept while the browser tab is open.
# (A comment, not a docstring: Streamlit's "magic" would print a bare string on the page.)
REMEMBERED = "_drinks_tap_beverage"


with page("Drinks") as ctx:
    show_flash()
    units = Units(ctx.profile.units)
    summary = day_summary(engine=ctx.engine, profile=ctx.profile, day=local_date(ctx.now, ctx.tz))
    st.progress(
        summary.drinks_fraction,
        text=f"Today: {progress_label(summary.drinks_ml, summary.goal_ml, units)}",
    )
    st.caption(f"{goal_explanation(ctx.profile)} Change it in Settings.")

    st.subheader("Log in one tap")
    tap_beverage = st.pills(
        "Drink",
        list(Beverage),
        default=st.session_state.get(REMEMBERED, Beverage.WATER),
        format_func=lambda code: code.label,
        key="drinks_tap_beverage",
    )
    st.session_state[REMEMBERED] = tap_beverage = tap_beverage or Beverage.WATER
    drink_buttons(ctx, key="drinks_tap", beverage=tap_beverage)

    st.subheader("Another amount")
    key = form_prefix("drinks_form")
    with st.form("drinks_form"):
        values = drink_fields(ctx, key=key)
        submitted = st.form_submit_button("Save drink", type="primary", width="stretch")
    if submitted:
        try:
            volume_ml = drink_volume_ml(values["amount"], units)
        except TrackerError as err:
            show_error(err)
        else:
            drink = values["beverage"] or Beverage.WATER
            save_entry(
                ctx,
                EntryKind.HYDRATION,
                {
                    "taken_at": values["taken_at"],
                    "volume_ml": volume_ml,
                    "beverage": drink,
                    "note": values["note"],
                },
                message=lambda saved: (
                    f"Logged {format_volume(saved.volume_ml, units)} of {drink.label.lower()} "
                    f"at {format_logged_at(saved.taken_at, ctx.tz, ctx.now)}."
                ),
                reset=["drinks_form"],
            )

    st.subheader("Today's drinks")
    drinks = [item for item in summary.items if item.kind == EntryKind.HYDRATION]
    if drinks:
        st.dataframe(timeline_frame(drinks, ctx.tz), hide_index=True, column_order=["Time", "What"])
    else:
        st.info("No drinks logged yet today.")
    st.page_link("pages/history.py", label="Edit or delete in History", icon=":material/edit:")
