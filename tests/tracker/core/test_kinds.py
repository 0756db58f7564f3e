"""The registry of entry kinds (``tracker.core.kinds``): one declaration per kind, and every list
the code used to keep by hand is derived from it and agrees with it."""

from __future__ import annotations

from dataclasses import fields

import pytest

from db.tables import ENTRY_TABLES
from tracker.core.kinds import KINDS, EntryKind
from tracker.files.csvio import PRODUCT_COLUMNS
from tracker.files.demo import Demo
from tracker.flags.diary import Diary

KIND_LIST = list(EntryKind)


def test_every_kind_is_declared_once() -> None:
    assert list(KINDS) == KIND_LIST
    assert all(spec.kind is kind and kind.spec is spec for kind, spec in KINDS.items())
    for attribute in ("label", "singular", "plural", "table"):
        values = [getattr(spec, attribute) for spec in KINDS.values()]
        assert len(set(values)) == len(values), attribute


@pytest.mark.parametrize("kind", KIND_LIST)
def test_the_table_is_found_by_its_declared_name_and_indexed_on_its_time(kind: EntryKind) -> None:
    table = ENTRY_TABLES[kind].__table__
    assert table.name == kind.spec.table
    assert kind.time_field in table.c
    indexed = [tuple(c.name for c in index.columns) for index in table.indexes]
    assert ("profile_id", kind.time_field) in indexed


@pytest.mark.parametrize("kind", KIND_LIST)
def test_the_models_carry_the_time_and_every_csv_column(kind: EntryKind) -> None:
    spec = kind.spec
    assert spec.time_field in spec.create.model_fields
    assert spec.time_field in spec.read.model_fields
    assert spec.csv_columns[0] == spec.time_field
    product_columns = set(PRODUCT_COLUMNS) if kind == EntryKind.SUPPLEMENTS else set()
    assert set(spec.csv_columns) - product_columns <= set(spec.read.model_fields)


def test_the_diary_and_the_demo_hold_each_kind_under_its_plural() -> None:
    diary_fields = {f.name for f in fields(Diary)}
    demo_fields = {f.name for f in fields(Demo)}
    for spec in KINDS.values():
        assert spec.plural in diary_fields
        assert spec.plural in demo_fields
