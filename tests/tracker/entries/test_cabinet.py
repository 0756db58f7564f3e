"""The cabinet: typed amounts → stored contents, display text, a local day's intakes and totals."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.engine import Engine

from db import crud
from tracker.core.errors import Conflict, InvalidEntry
from tracker.core.kinds import EntryKind
from tracker.core.models import ProductCreate, ProductRead, ProfileRead
from tracker.core.vocabulary import Ingredient, Units
from tracker.entries.cabinet import (
    FORM_INGREDIENTS,
    VITAMIN_D_IU,
    VITAMIN_D_UG,
    contents_from_form,
    day_intakes,
    delete_product,
    describe_product,
    describe_product_changes,
    form_amounts,
    format_contents,
    product_values,
    totals_frame,
    vitamin_d_input_unit,
)
from tracker.entries.journal import add_product, log_entry, validate
from tracker.entries.profile import update_profile

MG = Ingredient.MAGNESIUM
CA = Ingredient.CALCIUM
VIT_D = Ingredient.VITAMIN_D


def empty_amounts() -> dict[Ingredient, float | None]:
    return dict.fromkeys(FORM_INGREDIENTS)


def test_iu_typed_for_vitamin_d_is_stored_as_micrograms() -> None:
    amounts = empty_amounts() | {VIT_D: 1000.0}
    assert contents_from_form(amounts, vitamin_d_unit=VITAMIN_D_IU) == {VIT_D: 25.0}
    assert contents_from_form(amounts, vitamin_d_unit=VITAMIN_D_UG) == {VIT_D: 1000.0}


def test_empty_and_zero_mean_not_contained_but_negative_reaches_validation() -> None:
    amounts = empty_amounts() | {MG: 200.0, CA: 0.0, Ingredient.IRON: -5.0}
    contents = contents_from_form(amounts)
    assert contents == {MG: 200.0, Ingredient.IRON: -5.0}
    with pytest.raises(InvalidEntry, match="iron amount must be above 0"):
        validate(
            ProductCreate,
            product_values(
                name="Iron",
                kind="supplement",
                medicine_class=None,
                prescribed=False,
                started_on=None,
                amounts=amounts,
            ),
        )


def test_us_units_type_vitamin_d_in_iu_and_metric_in_micrograms() -> None:
    assert vitamin_d_input_unit(Units.US) == VITAMIN_D_IU
    assert vitamin_d_input_unit(Units.METRIC) == VITAMIN_D_UG


def _product(**contents: float) -> ProductRead:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    return ProductRead(
        id=1,
        created_at=now,
        updated_at=now,
        name="Multi",
        kind="supplement",
        contents={Ingredient(k): v for k, v in contents.items()},
    )


def test_form_shows_stored_vitamin_d_in_the_unit_chosen() -> None:
    product = _product(vitamin_d=25, magnesium=200)
    shown = form_amounts(product, vitamin_d_unit=VITAMIN_D_IU)
    assert shown[VIT_D] == 1000
    assert shown[MG] == 200
    assert shown[CA] is None
    assert form_amounts(product, vitamin_d_unit=VITAMIN_D_UG)[VIT_D] == 25


def test_an_edit_keeps_an_amount_the_form_does_not_show() -> None:
    values = product_values(
        name="Multi",
        kind="supplement",
        medicine_class=None,
        prescribed=False,
        started_on=None,
        amounts=empty_amounts() | {MG: 100.0},
        keep_contents={Ingredient.OTHER: 30.0, MG: 200.0},
    )
    assert values["contents"] == {Ingredient.OTHER: 30.0, MG: 100.0}


def test_contents_read_in_vocabulary_order_with_the_persons_vitamin_d_unit() -> None:
    contents = {VIT_D: 25.0, MG: 200.0, CA: 1200.0}
    assert format_contents(contents, Units.METRIC) == (
        "Magnesium 200 mg · Calcium 1,200 mg · Vitamin D 25 µg"
    )
    assert format_contents(contents, Units.US).endswith("Vitamin D 1,000 IU")
    assert format_contents({}, Units.METRIC) == "no tracked ingredients"


def test_product_description_names_class_prescription_and_start() -> None:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    medicine = ProductRead(
        id=2,
        created_at=now,
        updated_at=now,
        name="Furosemide",
        kind="medicine",
        medicine_class="diuretic",
        prescribed=True,
        started_on=date(2026, 2, 1),
    )
    assert describe_product(medicine) == (
        "Medicine · diuretic (water tablet) · prescribed · since 2026-02-01"
    )
    assert describe_product(_product()) == "Supplement"


def test_changes_name_what_was_edited() -> None:
    before = _product(magnesium=200)
    after = before.model_copy(update={"name": "Mag citrate", "contents": {MG: 250.0}})
    assert describe_product_changes(before, after, Units.METRIC) == [
        "name Multi → Mag citrate",
        "contents Magnesium 200 mg → Magnesium 250 mg",
    ]
    assert describe_product_changes(before, before, Units.METRIC) == []


def _add(engine: Engine, profile: ProfileRead, now: datetime, name: str, **contents: float):  # type: ignore[no-untyped-def]
    return add_product(
        engine=engine,
        profile_id=profile.id,
        now=now,
        values={"name": name, "kind": "supplement", "contents": contents},
    )


def _take(
    engine: Engine, profile: ProfileRead, product_id: int, at: datetime, units: float
) -> None:
    log_entry(
        engine=engine,
        kind=EntryKind.SUPPLEMENTS,
        profile_id=profile.id,
        now=at,
        values={"taken_at": at, "product_id": product_id, "units": units},
    )


def test_day_totals_add_units_times_amount_over_the_local_day_only(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    # Berlin is UTC+1 in March: 23:30 UTC on 28 Feb is already 1 March there.
    profile = update_profile(
        engine=engine, profile=profile, changes={"timezone": "Europe/Berlin"}, now=now
    )
    magnesium = _add(engine, profile, now, "Magnesium", magnesium=200)
    multi = _add(engine, profile, now, "Multi", magnesium=50, vitamin_d=10)
    _take(engine, profile, magnesium.id, datetime(2026, 2, 28, 23, 30, tzinfo=UTC), 2)
    _take(engine, profile, multi.id, datetime(2026, 3, 1, 8, 0, tzinfo=UTC), 1)
    _take(engine, profile, multi.id, datetime(2026, 2, 28, 22, 59, tzinfo=UTC), 1)  # 28 Feb local
    products = crud.list_products(engine=engine, profile_id=profile.id)

    day = day_intakes(engine=engine, profile=profile, day=date(2026, 3, 1), products=products)

    assert [i.product_name for i in day.intakes] == ["Multi", "Magnesium"]  # newest first
    assert day.totals == {MG: 450.0, VIT_D: 10.0}
    assert day.total_lines(Units.US) == [
        ("Magnesium (elemental)", "450 mg"),
        ("Vitamin D", "400 IU"),
    ]
    assert totals_frame(day, Units.METRIC).to_dict("records") == [
        {"Ingredient": "Magnesium (elemental)", "Total": "450 mg"},
        {"Ingredient": "Vitamin D", "Total": "10 µg"},
    ]


def test_a_product_with_intakes_cannot_be_deleted_one_without_can(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    used = _add(engine, profile, now, "Used", magnesium=200)
    unused = _add(engine, profile, now, "Unused", calcium=500)
    _take(engine, profile, used.id, now, 1)

    with pytest.raises(Conflict, match="Used has 1 logged intake"):
        delete_product(engine=engine, profile_id=profile.id, product_id=used.id)
    delete_product(engine=engine, profile_id=profile.id, product_id=unused.id)

    assert [p.name for p in crud.list_products(engine=engine, profile_id=profile.id)] == ["Used"]
