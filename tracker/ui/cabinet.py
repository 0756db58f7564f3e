"""Cabinet widgets: the product form, the one-tap rows, the intake form, the two-step removal."""

from __future__ import annotations

from typing import Any

import streamlit as st

from tracker.core.errors import TrackerError
from tracker.core.kinds import EntryKind
from tracker.core.models import ProductRead
from tracker.core.timeutil import format_logged_at
from tracker.core.vocabulary import Ingredient, MedicineClass, ProductKind
from tracker.entries.cabinet import (
    FORM_INGREDIENTS,
    VITAMIN_D_INPUT_UNITS,
    delete_product,
    describe_product,
    form_amounts,
    format_contents,
    input_unit,
    product_values,
    vitamin_d_input_unit,
)
from tracker.ui.context import PageContext
from tracker.ui.forms.intake import intake_fields
from tracker.ui.quick_log import save_entry
from tracker.ui.widgets import (
    confirm_step,
    flash,
    form_prefix,
    md_escape,
)


def product_form(ctx: PageContext, *, key: str, product: ProductRead | None = None) -> Any:
    """The add/edit form; returns the raw product values when submitted, else None."""
    units = ctx.profile.units
    with st.form(key=f"{key}_form"):
        name = st.text_input("Name", value=product.name if product else "", key=f"{key}_name")
        kinds = list(ProductKind)
        kind = st.radio(
            "Kind",
            kinds,
            index=kinds.index(product.kind) if product else 0,
            format_func=lambda k: k.label,
            horizontal=True,
            key=f"{key}_kind",
        )
        classes = list(MedicineClass)
        current = product.medicine_class if product else None
        medicine_class = st.selectbox(
            "Medicine class (medicines only)",
            classes,
            index=classes.index(current) if current in classes else None,
            format_func=lambda c: c.label,
            placeholder="Not a medicine, or not known",
            key=f"{key}_class",
        )
        prescribed = st.checkbox(
            "Prescribed by a doctor",
            value=product.prescribed if product else False,
            key=f"{key}_rx",
        )
        started_on = st.date_input(
            "Started on (optional)",
            value=product.started_on if product else None,
            format="YYYY-MM-DD",
            key=f"{key}_started",
        )
        st.markdown("**Contents of one unit** (tablet, capsule, sachet, dose)")
        st.caption("Leave empty or 0 for what it does not contain.")
        vitamin_d_unit = st.radio(
            "Vitamin D typed in",
            VITAMIN_D_INPUT_UNITS,
            index=VITAMIN_D_INPUT_UNITS.index(vitamin_d_input_unit(units)),
            horizontal=True,
            key=f"{key}_vitd_unit",
        )
        shown = form_amounts(product, vitamin_d_unit=vitamin_d_input_unit(units))
        amounts: dict[Ingredient, float | None] = {}
        for column, ingredient in zip(st.columns(2) * 4, FORM_INGREDIENTS, strict=False):
            unit = "µg or IU, as chosen above" if ingredient == Ingredient.VITAMIN_D else None
            amounts[ingredient] = column.number_input(
                f"{ingredient.label} ({unit or input_unit(ingredient)})",
                value=shown[ingredient],
                step=1.0,
                format="%g",
                key=f"{key}_{ingredient.value}",
            )
        label = "Save changes" if product else "Add to cabinet"
        if not st.form_submit_button(label, type="primary", key=f"{key}_save"):
            return None
    return product_values(
        name=name,
        kind=kind,
        medicine_class=medicine_class,
        prescribed=prescribed,
        started_on=started_on,
        amounts=amounts,
        vitamin_d_unit=vitamin_d_unit,
        keep_contents=product.contents if product else None,
    )


def one_tap_row(ctx: PageContext, product: ProductRead) -> None:
    """Name, what it is and contains, and a "Took 1" button that logs one unit now."""
    with st.container(border=True):
        text, button = st.columns([3, 1], vertical_alignment="center")
        text.markdown(f"**{md_escape(product.name)}**")
        text.caption(
            f"{describe_product(product)} · {format_contents(product.contents, ctx.profile.units)}"
        )
        if button.button(
            "Took 1", key=f"took_{product.id}", icon=":material/add:", width="stretch"
        ):
            save_entry(
                ctx,
                EntryKind.SUPPLEMENTS,
                {"taken_at": ctx.now, "product_id": product.id, "units": 1},
                message=lambda saved: (
                    f"Logged 1 × {md_escape(product.name)} at "
                    f"{format_logged_at(saved.taken_at, ctx.tz, ctx.now)}."
                ),
            )


def intake_form(ctx: PageContext, products: list[ProductRead], *, key: str = "intake") -> None:
    """Units, time and a note for one intake; one submit = one entry."""
    name, key = key, form_prefix(key)
    with st.form(key=f"{key}_form"):
        values = intake_fields(ctx, products, key=key)
        if not st.form_submit_button("Log intake", type="primary", key=f"{key}_save"):
            return
    save_entry(
        ctx,
        EntryKind.SUPPLEMENTS,
        values,
        message=lambda saved: (
            f"Logged {saved.units:g} × {md_escape(saved.product_name)} at "
            f"{format_logged_at(saved.taken_at, ctx.tz, ctx.now)}."
        ),
        reset=[name],
    )


def delete_step(ctx: PageContext, product: ProductRead, *, pick_key: str) -> None:
    """ "Remove…", then an explicit "Yes, remove"; refused while intakes refer to the product."""
    name = md_escape(product.name)
    if not confirm_step(
        key=f"product_{product.id}",
        ask=f"Remove {name}…",
        question=f"Remove {name} from your cabinet? This cannot be undone.",
        yes_label="Yes, remove",
    ):
        return
    try:
        delete_product(engine=ctx.engine, profile_id=ctx.profile.id, product_id=product.id)
    except TrackerError as err:
        st.error(f"Not removed: {md_escape(str(err))}", icon=":material/error:")
        return
    flash(f"Removed {name} from your cabinet.")
    st.session_state.pop(pick_key, None)
    st.rerun()
