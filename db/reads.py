"""Rows into ``…Read`` models without validating them a second time.

What the store holds was validated on the way in (the ``…Create`` models), and the column types
(``tracker.core.columns``) already give aware UTC times, code lists and dicts. Building a Read
model through pydantic again cost most of a long list's time (24k drinks: 2.1 s through the ORM
and validation, 0.3 s through Core and this). What remains is turning stored codes back into
their enums and code lists into sets, as validation would; ``reader`` derives those conversions
from the model's field annotations once, and a test holds the result equal to ``model_validate``.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from enum import Enum
from functools import cache
from typing import Any, Union, get_args, get_origin

from sqlmodel import SQLModel

Convert = Callable[[Any], Any]


def _optional(convert: Convert) -> Convert:
    return lambda value: None if value is None else convert(value)


def _collection(container: type, convert: Convert) -> Convert:
    return lambda value: container(convert(item) for item in value or ())


def _converter(annotation: Any) -> Convert | None:
    """How to turn a stored value into what validation would give for ``annotation`` (None:
    as stored)."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (Union, types.UnionType):
        present = [a for a in args if a is not type(None)]
        inner = _converter(present[0]) if len(present) == 1 else None
        return _optional(inner) if inner else None
    if origin in (set, frozenset, list, tuple) and args:
        inner = _converter(args[0])
        return _collection(origin, inner) if inner else _collection(origin, lambda v: v)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation
    return None


@cache
def reader(model: type[SQLModel]) -> Callable[[Mapping[Any, Any]], Any]:
    """A function from a row (column → value) to ``model``, fields converted as validation
    would and not checked again. Columns the model does not have are left out."""
    conversions = tuple(
        (name, _converter(field.annotation)) for name, field in model.model_fields.items()
    )
    construct = model.model_construct

    def read(row: Mapping[Any, Any]) -> Any:
        # A missing column raises KeyError (SQLAlchemy's NoSuchColumnError is one): asking
        # ``name in row`` first cost a third of a long list's reading.
        values = {}
        for name, convert in conversions:
            try:
                value = row[name]
            except KeyError:
                continue
            values[name] = value if convert is None else convert(value)
        return construct(**values)

    return read
