"""Cabinet widgets: the product form, the one-tap rows, the intake form, the two-step removal."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd
import streamlit as st

from tracker.core.errors import TrackerError
from tracker.core.kinds import EntryKind
from tracker.core.models import ProductRead
from tracker.core.timeutil import format_logged_at
from tracker.core.units import format_amount, format_strength
from tracker.core.vocabulary import Ingredient, MedicineClass, ProductKind, Units
from tracker.entries.cabinet import (
    FORM_INGREDIENTS,
    VITAMIN_D_INPUT_UNITS,
    DayIntakes,
    delete_product,
    describe_product,
    describe_product_changes,
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

ELEMENTAL_NOTE = (
    "Elemental means the mineral itself. A 'magnesium citrate 1,000 mg' tablet may hold "
    "about 160 mg of magnesium: the rest is the citrate it is bound to. The label's 'of which "
    "magnesium' (or 'elemental magnesium') line is the one to use; calcium and iron alike."
)
"""Said once, in the product form, beside the amounts (issue 11: "300 mg" on a label puzzled
people). The figure: magnesium citrate is about 16 % magnesium by weight."""
OTHER_LABEL = "Other, or a medicine's strength"
OTHER_HELP = (
    "Anything else you want to keep a record of. For a medicine, its strength as on the box: "
    "for paracetamol 500 mg per tablet: type 500."
)


def contents_text(product: ProductRead, units: Units | str) -> str:
    """What one unit holds: ``Magnesium 200 mg · Other 50 mg``; a medicine's ``other`` amount
    is its strength and comes first, as on the box: ``500 mg per tablet or dose``."""
    contents = dict(product.contents)
    if product.kind != ProductKind.MEDICINE or Ingredient.OTHER not in contents:
        return format_contents(contents, units)
    strength = format_strength(contents.pop(Ingredient.OTHER), units)
    return " · ".join([strength, format_contents(contents, units)] if contents else [strength])


def product_line(product: ProductRead, units: Units | str) -> str:
    """What a product is and holds per unit: ``Supplement · Magnesium 200 mg``, ``Medicine ·
    500 mg per tablet or dose``."""
    if product.medicine_class == MedicineClass.OTHER:
        # "Medicine · other · 500 mg" would read as "Other 500 mg" again; "other" (neither a
        # diuretic nor a statin) tells the person nothing here.
        product = product.model_copy(update={"medicine_class": None})
    return f"{describe_product(product)} · {contents_text(product, units)}"


def product_changes(before: ProductRead, after: ProductRead, units: Units | str) -> list[str]:
    """The saved message's changes (``describe_product_changes``), contents as
    ``contents_text`` words them: a medicine's strength is not called "Other"."""
    return [
        f"contents {contents_text(before, units)} → {contents_text(after, units)}"
        if change.startswith("contents ")
        else change
        for change in describe_product_changes(before, after, units)
    ]


def totals_table(day: DayIntakes, products: list[ProductRead], units: Units | str) -> pd.DataFrame:
    """The day's ingredient totals; the ``other`` amounts of different products are not added
    up into one meaningless "Other" (paracetamol's 500 mg and ibuprofen's 200 mg): each product
    gets its own row, a medicine's as its strength × the units taken."""
    lines = [line for line in day.total_lines(units) if line[0] != Ingredient.OTHER.label]
    taken: dict[int, float] = defaultdict(float)
    for intake in day.intakes:
        taken[intake.product_id] += intake.units
    for product in products:
        amount = product.contents.get(Ingredient.OTHER)
        if amount is None or product.id not in taken:
            continue
        what = "strength × units" if product.kind == ProductKind.MEDICINE else "other"
        total = format_amount(Ingredient.OTHER, amount * taken[product.id], units)
        lines.append((f"{product.name} ({what})", total))
    return pd.DataFrame(
        {"Ingredient": [name for name, _ in lines], "Total": [total for _, total in lines]},
        columns=["Ingredient", "Total"],
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
        st.caption(ELEMENTAL_NOTE)
        vitamin_d_unit = st.radio(
            "Vitamin D typed in",
            VITAMIN_D_INPUT_UNITS,
            index=VITAMIN_D_INPUT_UNITS.index(vitamin_d_input_unit(units)),
            horizontal=True,
            key=f"{key}_vitd_unit",
        )
        shown = form_amounts(product, vitamin_d_unit=vitamin_d_input_unit(units))
        # "Other" last: a medicine's strength (paracetamol 500 mg), or anything else recorded.
        shown[Ingredient.OTHER] = product.contents.get(Ingredient.OTHER) if product else None
        amounts: dict[Ingredient, float | None] = {}
        asked = (*FORM_INGREDIENTS, Ingredient.OTHER)
        for column, ingredient in zip(st.columns(2) * 4, asked, strict=True):
            unit = "µg or IU, as chosen above" if ingredient == Ingredient.VITAMIN_D else None
            other = ingredient == Ingredient.OTHER
            amounts[ingredient] = column.number_input(
                f"{OTHER_LABEL if other else ingredient.label} ({unit or input_unit(ingredient)})",
                value=shown[ingredient],
                help=OTHER_HELP if other else None,
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
        # The form shows every ingredient but what an import may have added: keep those.
        keep_contents={i: a for i, a in product.contents.items() if i not in asked}
        if product
        else None,
    )


def one_tap_row(ctx: PageContext, product: ProductRead) -> None:
    """Name, what it is and contains, and a "Took 1" button that logs one unit now."""
    with st.container(border=True):
        text, button = st.columns([3, 1], vertical_alignment="center")
        text.markdown(f"**{md_escape(product.name)}**")
        text.caption(product_line(product, ctx.profile.units))
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
