"""Many rows in one transaction: all or nothing. Used by the file imports and the demo.

Like ``db.crud``, these functions store what ``tracker`` has already validated and decide no rule.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, col, select

from db.crud import add_entries, set_profile_values, transaction
from db.tables import Contraction, Intake, Product
from tracker.kinds import EntryKind
from tracker.models import ContractionCreate, IntakeCreate, ProductCreate


def insert_intakes(
    *,
    engine: Engine,
    profile_id: int,
    new_products: Sequence[ProductCreate],
    intakes: Sequence[tuple[str, IntakeCreate]],
    now: datetime,
) -> int:
    """Create ``new_products`` and insert ``intakes`` in one transaction.

    Each intake is given with the name of its product (one of ``new_products`` or one already in
    the profile's cabinet); its ``product_id`` is set here from that name.
    """
    with transaction(engine) as session:
        _add_products_and_intakes(session, profile_id, new_products, intakes, now)
    return len(intakes)


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


def upsert_contractions(
    *,
    engine: Engine,
    profile_id: int,
    contractions: Sequence[ContractionCreate],
    now: datetime,
    update_fields: Collection[str] = ("ended_at", "note"),
) -> tuple[int, int]:
    """Insert contractions, or update ``update_fields`` of the stored one with the same start.

    Returns ``(added, updated)``; a stored row whose fields already match is left untouched
    (``updated_at`` included), so importing the same file twice changes nothing.
    """
    if not contractions:
        return 0, 0
    first = min(c.started_at for c in contractions)
    last = max(c.started_at for c in contractions)
    query = select(Contraction).where(
        Contraction.profile_id == profile_id,
        col(Contraction.started_at) >= first,
        col(Contraction.started_at) <= last,
    )
    added: list[Contraction] = []
    updated = 0
    with transaction(engine) as session:
        stored = {row.started_at: row for row in session.exec(query).all()}
        for item in contractions:
            row = stored.get(item.started_at)
            if row is None:
                stamps = {"profile_id": profile_id, "created_at": now, "updated_at": now}
                added.append(Contraction.model_validate(item, update=stamps))
                continue
            changes = {f: getattr(item, f) for f in update_fields}
            if any(getattr(row, f) != value for f, value in changes.items()):
                row.sqlmodel_update(changes)
                row.updated_at = now
                session.add(row)
                updated += 1
        # Updates first: stopping a stored running contraction frees the one-running slot.
        session.flush()
        session.add_all(added)
    return len(added), updated
