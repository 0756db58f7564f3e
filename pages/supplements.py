"""Supplements & medicines: the cabinet, one-tap intakes, and what today's intakes add up to."""

from __future__ import annotations

import streamlit as st

from tracker.core.errors import TrackerError
from tracker.core.timeutil import local_date
from tracker.entries.cabinet import day_intakes, intakes_frame, list_cabinet
from tracker.entries.journal import add_product, edit_product
from tracker.ui.cabinet import (
    delete_step,
    intake_form,
    one_tap_row,
    product_changes,
    product_form,
    totals_table,
)
from tracker.ui.frame import page
from tracker.ui.widgets import (
    flash,
    form_prefix,
    fresh_select,
    md_escape,
    reset_form,
    show_error,
    show_flash,
)

PICK_KEY = "cabinet_pick"

with page("Supplements & medicines") as ctx:
    show_flash()
    products = list_cabinet(engine=ctx.engine, profile=ctx.profile)
    by_id = {p.id: p for p in products}

    st.subheader("Took one")
    if products:
        for product in products:
            one_tap_row(ctx, product)
        with st.expander("Log several units, another time, or a note", key="open_intake"):
            intake_form(ctx, products)
    else:
        st.info("Your cabinet is empty: add what you take below, then log it in one tap.")

    st.subheader("Today")
    day = day_intakes(
        engine=ctx.engine, profile=ctx.profile, day=local_date(ctx.now, ctx.tz), products=products
    )
    if day.intakes:
        st.dataframe(intakes_frame(day.intakes, ctx.tz), hide_index=True, width="stretch")
        st.markdown("**Ingredients today**")
        st.dataframe(
            totals_table(day, products, ctx.profile.units), hide_index=True, width="stretch"
        )
        st.caption(
            "Totals add up what you logged (units × amount per unit). "
            "They are a record, not advice on how much to take."
        )
    else:
        st.info("Nothing logged today yet.")

    st.subheader("Your cabinet")
    with st.expander(
        "Add a product", expanded=not products, icon=":material/add_box:", key="open_product_new"
    ):
        values = product_form(ctx, key=form_prefix("product_new"))
        if values is not None:
            try:
                added = add_product(
                    engine=ctx.engine, profile_id=ctx.profile.id, values=values, now=ctx.now
                )
            except TrackerError as err:
                show_error(err)
            else:
                flash(f"Added {md_escape(added.name)} to your cabinet.")
                reset_form("product_new")
                st.rerun()

    if products:
        with st.expander(
            "Edit or remove a product", icon=":material/edit:", key="open_cabinet_edit"
        ):
            chosen = fresh_select(
                "Product to edit or remove",
                {pid: p.name for pid, p in by_id.items()},
                key=PICK_KEY,
                placeholder="Choose a product…",
            )
            if chosen in by_id:
                product = by_id[chosen]
                values = product_form(ctx, key=f"product_{product.id}", product=product)
                if values is not None:
                    try:
                        saved = edit_product(
                            engine=ctx.engine,
                            profile_id=ctx.profile.id,
                            product_id=product.id,
                            values=values,
                            now=ctx.now,
                        )
                    except TrackerError as err:
                        show_error(err)
                    else:
                        changes = product_changes(product, saved, ctx.profile.units)
                        done = "; ".join(changes) if changes else "nothing changed"
                        flash(f"Saved {md_escape(saved.name)}: {md_escape(done)}.")
                        st.rerun()
                delete_step(ctx, product, pick_key=PICK_KEY)
