"""Many rows in one transaction: all or nothing. Used by the file imports and the demo.

Like ``db.crud``, these functions store what ``tracker`` has already validated and decide no rule.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, col, select

from db import versions
from db.crud import add_entries, set_profile_values, transaction
from db.tables import ENTRY_TABLES, Contraction, Intake, Product
from tracker.core.errors import Conflict
from tracker.core.kinds import EntryKind
from tracker.core.models import ContractionCreate, IntakeCreate, ProductCreate


def _add_products_and_intakes(
    session: Session,
    profile_id: int,
    new_products: Sequence[ProductCreate],
    intakes: Sequence[tuple[str, IntakeCreate]],
    now: datetime,
) -> None:
    stamps = {"profile_id": profile_id, "created_at": now, "updated_at": now}
    query = select(Product.name, Product.id).where(Product.profile_id == profile_id)
    ids: dict[str, int | None] = {name: pid for name, pid in session.exec(query).all()}
    created = [Product.model_validate(p, update=stamps) for p in new_products]
    session.add_all(created)
    session.flush()
    ids.update({row.name: row.id for row in created})
    for name, intake in intakes:
        session.add(Intake.model_validate(intake, update=stamps | {"product_id": ids[name]}))


INSERT_BATCH_ROWS = 1_000
"""Rows sent in one ``INSERT … VALUES`` (executemany) while a file is imported row by row."""


def insert_rows(
    session: Session,
    *,
    kind: EntryKind,
    profile_id: int,
    rows: Sequence[Mapping[str, Any]],
    now: datetime,
) -> int:
    """Insert validated entries given as field → value (a ``…Create`` model's ``model_dump()``)
    with one executemany through SQLAlchemy Core, inside a transaction already open.

    The columns' types convert the values exactly as for rows added through the ORM (UTC times,
    code sets, JSON contents); ``created_at`` and ``updated_at`` are ``now``."""
    if not rows:
        return 0
    stamps = {"profile_id": profile_id, "created_at": now, "updated_at": now}
    versions.touch(session, profile_id)
    session.execute(sa.insert(ENTRY_TABLES[kind].__table__), [{**row, **stamps} for row in rows])
    return len(rows)


class RowWriter:
    """Entries of one kind added one at a time and inserted ``batch_rows`` at a time, so an
    import holds one batch in memory, never the whole file (see ``row_writer``)."""

    def __init__(
        self, session: Session, *, kind: EntryKind, profile_id: int, now: datetime, batch_rows: int
    ) -> None:
        self._session = session
        self._kind = kind
        self._profile_id = profile_id
        self._now = now
        self._batch_rows = batch_rows
        self._batch: list[Mapping[str, Any]] = []
        self.count = 0
        """Rows added so far (inserted, or waiting in the current batch)."""

    def add(self, row: Mapping[str, Any]) -> None:
        """One validated entry as field → value; intakes carry their ``product_id``."""
        self._batch.append(row)
        self.count += 1
        if len(self._batch) >= self._batch_rows:
            self.flush()

    def flush(self) -> None:
        """Insert the rows waiting in the current batch."""
        insert_rows(
            self._session,
            kind=self._kind,
            profile_id=self._profile_id,
            rows=self._batch,
            now=self._now,
        )
        self._batch = []

    def add_product(self, product: ProductCreate) -> int:
        """Insert a product now (intakes added after it may name it) and return its id."""
        row = Product.model_validate(
            product,
            update={
                "profile_id": self._profile_id,
                "created_at": self._now,
                "updated_at": self._now,
            },
        )
        self._session.add(row)
        self._session.flush()
        assert row.id is not None
        return row.id


@contextmanager
def row_writer(
    *,
    engine: Engine,
    kind: EntryKind,
    profile_id: int,
    now: datetime,
    batch_rows: int = INSERT_BATCH_ROWS,
) -> Iterator[RowWriter]:
    """One write transaction for rows added one by one: committed when the block ends, rolled
    back (nothing written, earlier batches included) when it raises."""
    with transaction(engine) as session:
        writer = RowWriter(
            session, kind=kind, profile_id=profile_id, now=now, batch_rows=batch_rows
        )
        yield writer
        writer.flush()


def store_diary(
    *,
    engine: Engine,
    profile_id: int,
    profile_values: dict[str, Any] | None,
    entries: Mapping[EntryKind, Sequence[SQLModel]],
    new_products: Sequence[ProductCreate],
    intakes: Sequence[tuple[str, IntakeCreate]],
    now: datetime,
) -> None:
    """A whole diary (profile changes, entries of every kind, a cabinet and its intakes) in
    one transaction: all or nothing. Used by ``demo``."""
    with transaction(engine) as session:
        if profile_values:
            set_profile_values(session, profile_id=profile_id, values=profile_values, now=now)
        for kind, values in entries.items():
            add_entries(session, kind=kind, profile_id=profile_id, values=values, now=now)
        _add_products_and_intakes(session, profile_id, new_products, intakes, now)


@dataclass(frozen=True)
class RowChange:
    """Set ``values`` on the stored row ``row_id``, which the caller read with ``expected``
    (field → value): if it no longer holds those, the caller's decision is stale."""

    row_id: int
    expected: Mapping[str, Any]
    values: Mapping[str, Any]


STALE_IMPORT = (
    "the contractions changed while the file was being imported (on another device or tab); "
    "nothing was imported: import the file again"
)


def upsert_contractions(
    *,
    engine: Engine,
    profile_id: int,
    added: Sequence[ContractionCreate],
    changes: Sequence[RowChange],
    now: datetime,
) -> None:
    """Insert ``added`` and apply ``changes`` (``updated_at`` set to ``now``) in one
    transaction. What to add and change is decided by the caller
    (``tracker.files.contraction_timer_app``).

    Raises ``Conflict``, writing nothing, when the store is no longer as the caller read it:
    a changed row gone or not holding its ``expected`` values, or a contraction with an added
    one's start already stored (both written meanwhile by another device or tab)."""
    if not added and not changes:
        return
    with transaction(engine) as session:
        if added:
            starts = {c.started_at for c in added}
            query = select(Contraction.started_at).where(
                Contraction.profile_id == profile_id,
                col(Contraction.started_at) >= min(starts),
                col(Contraction.started_at) <= max(starts),
            )
            if any(start in starts for start in session.exec(query).all()):
                raise Conflict(STALE_IMPORT)
        if changes:
            query_rows = select(Contraction).where(
                Contraction.profile_id == profile_id,
                col(Contraction.id).in_([c.row_id for c in changes]),
            )
            rows = {row.id: row for row in session.exec(query_rows).all()}
            for change in changes:
                row = rows.get(change.row_id)
                if row is None or any(
                    getattr(row, f) != value for f, value in change.expected.items()
                ):
                    raise Conflict(STALE_IMPORT)
                row.sqlmodel_update(dict(change.values))
                row.updated_at = now
                session.add(row)
        # Changes first: stopping a stored running contraction frees the one-running slot.
        session.flush()
        if added:  # one executemany: the column types convert as the ORM would
            stamps = {"profile_id": profile_id, "created_at": now, "updated_at": now}
            values = [c.model_dump() | stamps for c in added]
            versions.touch(session, profile_id)
            session.execute(sa.insert(Contraction), values)
