"""Column types shared by every table; the one place where UTC and code sets are normalised."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """Aware UTC in, aware UTC out.

    PostgreSQL stores ``timestamp with time zone``; SQLite has no zone, so naive UTC text is
    stored there and the zone is put back on the way out.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("refusing to store a naive datetime; pass an aware UTC time")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class CodeColumn(sa.types.TypeDecorator[str]):
    """A vocabulary code stored as plain text (not a database enum: codes are added over time)."""

    impl = sa.String(40)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else str(value)


_JSON = sa.JSON().with_variant(JSONB(), "postgresql")


class CodeSet(sa.types.TypeDecorator[list[str]]):
    """A set of codes stored as a sorted JSON array (so equal sets compare equal in the file)."""

    impl = _JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> list[str]:
        return sorted({str(item) for item in (value or ())})

    def process_result_value(self, value: Any, dialect: Dialect) -> list[str]:
        return list(value or [])


class JSONDict(sa.types.TypeDecorator[dict[str, float]]):
    """A map of code → number (a product's per-unit contents) stored as a JSON object."""

    impl = _JSON
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> dict[str, float]:
        return {str(k): float(v) for k, v in sorted((value or {}).items())}

    def process_result_value(self, value: Any, dialect: Dialect) -> dict[str, float]:
        return dict(value or {})
