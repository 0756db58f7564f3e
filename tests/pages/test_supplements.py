"""Supplements & medicines page: the cabinet form, one-tap and form intakes, today's totals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from db.crud import list_entries, list_products
from tracker.core.kinds import EntryKind
from tracker.core.models import ProductRead, ProfileRead
from tracker.core.vocabulary import Ingredient, MedicineClass, ProductKind
from tracker.entries.journal import add_product, log_entry
from tracker.entries.profile import update_profile

PAGE = "pages/supplements.py"


def products_in(db: Engine, profile: ProfileRead) -> list[ProductRead]:
    return list_products(engine=db, profile_id=profile.id)


def intakes_in(db: Engine, profile: ProfileRead) -> list[Any]:
    return list_entries(engine=db, kind=EntryKind.SUPPLEMENTS, profile_id=profile.id)


def stock(db: Engine, profile: ProfileRead, name: str = "Magnesium citrate", **kw: Any) -> Any:
    values = {"name": name, "kind": "supplement", "contents": {"magnesium": 200}} | kw
    return add_product(engine=db, profile_id=profile.id, values=values, now=datetime.now(UTC))


def table(at: AppTest, index: int) -> list[dict[str, Any]]:
    return at.dataframe[index].value.to_dict("records")  # type: ignore[no-any-return]


def test_add_a_product_with_vitamin_d_in_iu_stores_micrograms(open_page, db, app_profile) -> None:
    at = open_page(PAGE)
    assert "Your cabinet is empty" in at.info[0].value
    at.text_input(key="product_new_name").set_value("Mag + D")
    at.number_input(key="product_new_magnesium").set_value(200)
    at.radio(key="product_new_vitd_unit").set_value("IU")
    at.number_input(key="product_new_vitamin_d").set_value(1000)
    at.number_input(key="product_new_calcium").set_value(0)
    at.button(key="product_new_save").click().run()

    assert not at.exception
    assert at.success[0].value == "Added Mag + D to your cabinet."
    (product,) = products_in(db, app_profile)
    assert product.name == "Mag + D"
    assert product.kind == "supplement" and product.medicine_class is None
    assert product.contents == {Ingredient.MAGNESIUM: 200, Ingredient.VITAMIN_D: 25}
    assert any("Mag + D" in m.value for m in at.markdown)
    assert any("Magnesium 200 mg · Vitamin D 25 µg" in c.value for c in at.caption)
    assert at.text_input(key="product_new1_name").value == ""  # the form is ready for the next


def test_a_medicine_keeps_class_prescription_and_start(open_page, db, app_profile) -> None:
    at = open_page(PAGE)
    at.text_input(key="product_new_name").set_value("Furosemide")
    at.radio(key="product_new_kind").set_value(ProductKind.MEDICINE)
    at.selectbox(key="product_new_class").set_value(MedicineClass.DIURETIC)
    at.checkbox(key="product_new_rx").check()
    at.date_input(key="product_new_started").set_value(datetime(2026, 2, 1).date())
    at.button(key="product_new_save").click().run()

    (product,) = products_in(db, app_profile)
    assert (product.kind, product.medicine_class, product.prescribed) == (
        "medicine",
        "diuretic",
        True,
    )
    assert str(product.started_on) == "2026-02-01"
    assert product.contents == {}
    assert any(
        "Medicine · diuretic (water tablet) · prescribed · since 2026-02-01" in c.value
        for c in at.caption
    )


def test_us_units_start_vitamin_d_in_iu(open_page, db, app_profile, now) -> None:
    update_profile(engine=db, profile=app_profile, changes={"units": "us"}, now=now)
    at = open_page(PAGE)
    assert at.radio(key="product_new_vitd_unit").value == "IU"
    at.text_input(key="product_new_name").set_value("D3")
    at.number_input(key="product_new_vitamin_d").set_value(2000)
    at.button(key="product_new_save").click().run()
    (product,) = products_in(db, app_profile)
    assert product.contents == {Ingredient.VITAMIN_D: 50}


def test_product_without_name_or_with_negative_amount_is_refused(
    open_page, db, app_profile
) -> None:
    at = open_page(PAGE)
    at.number_input(key="product_new_magnesium").set_value(-5)
    at.button(key="product_new_save").click().run()

    assert not at.success
    (error,) = at.error
    assert "Name:" in error.value
    assert "magnesium amount must be above 0 (got -5)" in error.value
    assert products_in(db, app_profile) == []


def test_a_class_on_a_supplement_is_refused(open_page, db, app_profile) -> None:
    at = open_page(PAGE)
    at.text_input(key="product_new_name").set_value("Calcium")
    at.selectbox(key="product_new_class").set_value(MedicineClass.STATIN)
    at.button(key="product_new_save").click().run()
    assert "Medicine class: a medicine class is only for medicines" in at.error[0].value
    assert products_in(db, app_profile) == []


def test_took_one_logs_one_unit_now_and_totals_today(open_page, db, app_profile, page_now) -> None:
    product = stock(db, app_profile, contents={"magnesium": 200, "vitamin_d": 10})
    at = open_page(PAGE)
    assert at.info[0].value == "Nothing logged today yet."

    at.button(key=f"took_{product.id}").click().run()
    at.button(key=f"took_{product.id}").click().run()

    assert not at.exception
    assert at.success[0].value.startswith("Logged 1 × Magnesium citrate at 21:40")
    intakes = intakes_in(db, app_profile)
    assert [(i.product_id, i.units) for i in intakes] == [(product.id, 1), (product.id, 1)]
    assert intakes[0].taken_at == intakes[1].taken_at == page_now
    assert [row["Product"] for row in table(at, 0)] == ["Magnesium citrate"] * 2
    assert table(at, 1) == [
        {"Ingredient": "Magnesium (elemental)", "Total": "400 mg"},
        {"Ingredient": "Vitamin D", "Total": "20 µg"},
    ]


def test_intake_form_stores_units_time_and_note(open_page, db, app_profile) -> None:
    stock(db, app_profile, name="Calcium", contents={"calcium": 500})
    product = stock(db, app_profile)
    at = open_page(PAGE)
    at.selectbox(key="intake_product").set_value(product.id)
    at.number_input(key="intake_units").set_value(2.5)
    at.text_area(key="intake_note").set_value("with dinner")
    at.button(key="intake_save").click().run()

    assert not at.exception
    assert "Logged 2.5 × Magnesium citrate at" in at.success[0].value
    (intake,) = intakes_in(db, app_profile)
    assert (intake.product_id, intake.units, intake.note) == (product.id, 2.5, "with dinner")
    assert table(at, 0)[0]["Units"] == "2.5"
    assert table(at, 1) == [{"Ingredient": "Magnesium (elemental)", "Total": "500 mg"}]


def test_too_many_units_or_a_future_time_is_refused(open_page, db, app_profile) -> None:
    stock(db, app_profile)
    at = open_page(PAGE)
    at.number_input(key="intake_units").set_value(25)
    at.button(key="intake_save").click().run()
    assert "Units taken:" in at.error[0].value and "20" in at.error[0].value

    at.number_input(key="intake_units").set_value(1)
    tomorrow = at.date_input(key="intake_when_date").value + timedelta(days=1)
    at.date_input(key="intake_when_date").set_value(tomorrow)
    at.button(key="intake_save").click().run()
    assert "Time:" in at.error[0].value and "in the future" in at.error[0].value
    assert intakes_in(db, app_profile) == []
    assert at.number_input(key="intake_units").value == 1  # the person's input is kept


def test_edit_a_product(open_page, db, app_profile) -> None:
    product = stock(db, app_profile)
    at = open_page(PAGE)
    at.selectbox(key="cabinet_pick").set_value(product.id).run()
    key = f"product_{product.id}"
    assert at.text_input(key=f"{key}_name").value == "Magnesium citrate"
    assert at.number_input(key=f"{key}_magnesium").value == 200
    at.text_input(key=f"{key}_name").set_value("Magnesium glycinate")
    at.number_input(key=f"{key}_magnesium").set_value(150)
    at.button(key=f"{key}_save").click().run()

    assert at.success[0].value == (
        "Saved Magnesium glycinate: name Magnesium citrate → Magnesium glycinate; "
        "contents Magnesium 200 mg → Magnesium 150 mg."
    )
    (saved,) = products_in(db, app_profile)
    assert (saved.id, saved.name, saved.contents) == (
        product.id,
        "Magnesium glycinate",
        {Ingredient.MAGNESIUM: 150},
    )


def test_remove_asks_first_and_is_refused_while_intakes_exist(open_page, db, app_profile) -> None:
    used = stock(db, app_profile, name="Used")
    unused = stock(db, app_profile, name="Unused")
    log_entry(
        engine=db,
        kind=EntryKind.SUPPLEMENTS,
        profile_id=app_profile.id,
        values={"taken_at": datetime.now(UTC), "product_id": used.id, "units": 1},
        now=datetime.now(UTC),
    )
    at = open_page(PAGE)

    at.selectbox(key="cabinet_pick").set_value(used.id).run()
    at.button(key=f"product_{used.id}_delete").click().run()
    assert "Remove Used from your cabinet?" in at.warning[0].value
    at.button(key=f"product_{used.id}_delete_yes").click().run()
    assert "Not removed: Used has 1 logged intake(s); delete those in History first" in (
        at.error[0].value
    )
    assert not at.warning  # the question is gone with the refusal
    assert {p.name for p in products_in(db, app_profile)} == {"Used", "Unused"}

    at.selectbox(key="cabinet_pick").set_value(unused.id).run()
    at.button(key=f"product_{unused.id}_delete").click().run()
    assert {p.name for p in products_in(db, app_profile)} == {"Used", "Unused"}  # not yet
    at.button(key=f"product_{unused.id}_delete_yes").click().run()
    assert at.success[0].value == "Removed Unused from your cabinet."
    assert [p.name for p in products_in(db, app_profile)] == ["Used"]


def test_the_form_says_once_what_elemental_means(open_page: Any) -> None:
    at = open_page(PAGE)
    said = [c.value for c in at.caption if "Elemental" in c.value]
    assert len(said) == 1  # once, in the product form
    (text,) = said
    assert "Elemental means the mineral itself" in text
    assert "magnesium citrate 1,000 mg" in text and "about 160 mg of magnesium" in text
    assert "of which magnesium" in text
    labels = [n.label for n in at.number_input]
    assert "Magnesium (elemental) (mg)" in labels
    other = at.number_input(key="product_new_other")
    assert other.label == "Other, or a medicine's strength (mg)"
    assert "paracetamol 500 mg per tablet: type 500" in (other.help or "")


def test_a_medicine_reads_as_its_strength(
    open_page: Any, db: Engine, app_profile: ProfileRead
) -> None:
    at = open_page(PAGE)
    at.text_input(key="product_new_name").set_value("Paracetamol")
    at.radio(key="product_new_kind").set_value(ProductKind.MEDICINE)
    at.number_input(key="product_new_other").set_value(500)
    at.button(key="product_new_save").click().run()

    assert not at.exception
    (product,) = products_in(db, app_profile)
    assert product.contents == {Ingredient.OTHER: 500}
    row = [c.value for c in at.caption if "Paracetamol" in c.value or "500 mg" in c.value]
    assert row == ["Medicine · 500 mg per tablet or dose"]
    assert not any("Other 500 mg" in c.value for c in at.caption)


def test_a_medicine_strength_is_edited_and_cleared(
    open_page: Any, db: Engine, app_profile: ProfileRead
) -> None:
    product = stock(db, app_profile, "Paracetamol", kind="medicine", contents={"other": 500})
    at = open_page(PAGE)
    at.selectbox(key="cabinet_pick").set_value(product.id).run()
    key = f"product_{product.id}"
    assert at.number_input(key=f"{key}_other").value == 500
    at.number_input(key=f"{key}_other").set_value(1000)
    at.button(key=f"{key}_save").click().run()
    assert products_in(db, app_profile)[0].contents == {Ingredient.OTHER: 1000}

    at.number_input(key=f"{key}_other").set_value(0)  # "Leave empty or 0"
    at.button(key=f"{key}_save").click().run()
    assert not at.exception
    assert products_in(db, app_profile)[0].contents == {}


def test_todays_totals_name_each_medicine_not_other(
    open_page: Any, db: Engine, app_profile: ProfileRead
) -> None:
    pill = stock(db, app_profile, "Paracetamol", kind="medicine", contents={"other": 500})
    gel = stock(db, app_profile, "Ibuprofen", kind="medicine", contents={"other": 200})
    blend = stock(db, app_profile, "Blend", contents={"magnesium": 100, "other": 50})
    at = open_page(PAGE)
    for product in (pill, pill, gel, blend):
        at.button(key=f"took_{product.id}").click().run()

    assert not at.exception
    assert table(at, 1) == [
        {"Ingredient": "Magnesium (elemental)", "Total": "100 mg"},
        {"Ingredient": "Blend (other)", "Total": "50 mg"},  # in the cabinet's order
        {"Ingredient": "Ibuprofen (strength × units)", "Total": "200 mg"},
        {"Ingredient": "Paracetamol (strength × units)", "Total": "1,000 mg"},
    ]
    assert not any(row["Ingredient"] == "Other" for row in table(at, 1))  # was "Other 1,250 mg"


def test_a_changed_strength_is_named_as_a_strength(
    open_page: Any, db: Engine, app_profile: ProfileRead
) -> None:
    product = stock(db, app_profile, "Paracetamol", kind="medicine", contents={"other": 500})
    at = open_page(PAGE)
    at.selectbox(key="cabinet_pick").set_value(product.id).run()
    at.number_input(key=f"product_{product.id}_other").set_value(1000)
    at.button(key=f"product_{product.id}_save").click().run()
    assert at.success[0].value == (
        "Saved Paracetamol: contents 500 mg per tablet or dose → 1,000 mg per tablet or dose."
    )
