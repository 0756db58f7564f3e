"""Create, read, update and delete, keyword-only and typed. Values in, plain models out.

Functions here store what ``tracker`` has already validated; they decide no rule. Integrity
errors become the ``tracker.core.errors`` hierarchy so pages and the CLI catch one family.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, SQLModel, col, select

from db import reads, versions
from db.engine import READ_ONLY_OPTION
from db.tables import (
    ENTRY_TABLES,
    Contraction,
    Intake,
    Product,
    Profile,
)
from tracker.core.errors import Conflict, DuplicateName, NotFound, StoreError
from tracker.core.kinds import EntryKind
from tracker.core.models import (
    ContractionRead,
    ProductCreate,
    ProductRead,
    ProfileCreate,
    ProfileRead,
)


@contextmanager
def transaction(engine: Engine, *, read_only: bool = False) -> Iterator[Session]:
    """One short transaction; integrity and connection errors become ``TrackerError``s.

    ``read_only`` transactions do not take SQLite's write lock (see ``db.engine``)."""
    bind = engine.execution_options(**{READ_ONLY_OPTION: True}) if read_only else engine
    try:
        with Session(bind, expire_on_commit=False) as session, session.begin():
            yield session
            if not read_only:
                versions.bump_touched(session)
    except IntegrityError as err:
        raise Conflict(f"the database refused the change: {_first_line(err)}") from err
    except OperationalError as err:
        raise StoreError(f"the database could not be used: {_first_line(err)}") from err


def _first_line(err: Exception) -> str:
    return str(getattr(err, "orig", err)).splitlines()[0]


def _read(kind: EntryKind, row: Any, product_name: str = "") -> SQLModel:
    model = kind.spec.read
    if kind == EntryKind.SUPPLEMENTS:
        return model.model_validate(row, update={"product_name": product_name})
    return model.model_validate(row)


# --- profiles --------------------------------------------------------------------------------


def get_profile(*, engine: Engine, name: str, account: str = "") -> ProfileRead | None:
    """The profile named ``name`` if ``account`` owns it: the one place a diary is reached by
    name. Every entry is then read and written through the profile's id, so an account reaches
    only the rows of its own profiles (``tracker.entries.accounts``)."""
    with transaction(engine, read_only=True) as session:
        row = session.exec(
            select(Profile).where(Profile.name == name, Profile.account == account)
        ).first()
        return ProfileRead.model_validate(row) if row else None


def profile_name_taken(*, engine: Engine, name: str) -> bool:
    """True when any account has a profile of this name (names are unique in a database)."""
    with transaction(engine, read_only=True) as session:
        return session.exec(select(Profile.id).where(Profile.name == name)).first() is not None


def create_profile(
    *, engine: Engine, profile_in: ProfileCreate, now: datetime, account: str = ""
) -> ProfileRead:
    row = Profile.model_validate(
        profile_in, update={"created_at": now, "updated_at": now, "account": account}
    )
    try:
        with transaction(engine) as session:
            session.add(row)
            session.flush()
            return ProfileRead.model_validate(row)
    except Conflict as err:
        raise DuplicateName(f"a profile named {profile_in.name!r} already exists") from err


def update_profile(
    *, engine: Engine, profile_id: int, values: dict[str, Any], now: datetime
) -> ProfileRead:
    with transaction(engine) as session:
        return set_profile_values(session, profile_id=profile_id, values=values, now=now)


def set_profile_values(
    session: Session, *, profile_id: int, values: dict[str, Any], now: datetime
) -> ProfileRead:
    """Change a profile inside a transaction already open (``transaction``)."""
    row = session.get(Profile, profile_id)
    if row is None:
        raise NotFound(f"profile {profile_id} does not exist")
    row.sqlmodel_update(values)
    row.updated_at = now
    session.add(row)
    session.flush()
    return ProfileRead.model_validate(row)


# --- entries ---------------------------------------------------------------------------------


def create_entry(
    *, engine: Engine, kind: EntryKind, profile_id: int, values: SQLModel, now: datetime
) -> SQLModel:
    """Insert one validated entry (a ``…Create`` model) and return its ``…Read``."""
    table = ENTRY_TABLES[kind]
    row = table.model_validate(
        values, update={"profile_id": profile_id, "created_at": now, "updated_at": now}
    )
    with transaction(engine) as session:
        session.add(row)
        session.flush()
        return _read(kind, row, _product_name(session, row))


def create_entries(
    *, engine: Engine, kind: EntryKind, profile_id: int, values: Sequence[SQLModel], now: datetime
) -> int:
    """Insert many validated entries in one transaction: all or nothing."""
    with transaction(engine) as session:
        add_entries(session, kind=kind, profile_id=profile_id, values=values, now=now)
    return len(values)


def add_entries(
    session: Session,
    *,
    kind: EntryKind,
    profile_id: int,
    values: Sequence[SQLModel],
    now: datetime,
) -> None:
    """Add validated entries to a transaction already open (``transaction``)."""
    table = ENTRY_TABLES[kind]
    stamps = {"profile_id": profile_id, "created_at": now, "updated_at": now}
    session.add_all(table.model_validate(item, update=stamps) for item in values)


def _product_name(session: Session, row: Any) -> str:
    if isinstance(row, Intake):
        product = session.get(Product, row.product_id)
        return product.name if product else ""
    return ""


def get_entry(*, engine: Engine, kind: EntryKind, profile_id: int, entry_id: int) -> SQLModel:
    with transaction(engine, read_only=True) as session:
        row = _owned_row(session, kind, profile_id, entry_id)
        return _read(kind, row, _product_name(session, row))


def _owned_row(session: Session, kind: EntryKind, profile_id: int, entry_id: int) -> Any:
    row = session.get(ENTRY_TABLES[kind], entry_id)
    if row is None or row.profile_id != profile_id:
        raise NotFound(f"that {kind.singular} (#{entry_id}) no longer exists")
    return row


def update_entry(
    *,
    engine: Engine,
    kind: EntryKind,
    profile_id: int,
    entry_id: int,
    values: SQLModel,
    now: datetime,
) -> SQLModel:
    """Replace an entry's fields with a validated ``…Create`` model."""
    with transaction(engine) as session:
        row = _owned_row(session, kind, profile_id, entry_id)
        row.sqlmodel_update(values.model_dump())
        row.updated_at = now
        session.add(row)
        session.flush()
        return _read(kind, row, _product_name(session, row))


def delete_entry(*, engine: Engine, kind: EntryKind, profile_id: int, entry_id: int) -> None:
    with transaction(engine) as session:
        session.delete(_owned_row(session, kind, profile_id, entry_id))


def list_entries(
    *,
    engine: Engine,
    kind: EntryKind,
    profile_id: int,
    start: datetime | None = None,
    end: datetime | None = None,
    newest_first: bool = False,
    limit: int | None = None,
    with_symptom: str | None = None,
) -> list[SQLModel]:
    """Entries with their time in ``[start, end)`` (either bound optional), oldest first;
    ``with_symptom``: only cramp episodes that list that symptom code.

    Read through SQLAlchemy Core into ``…Read`` models without a second validation
    (``db.reads``): the rows were validated when they were stored."""
    table = ENTRY_TABLES[kind].__table__
    when = table.c[kind.time_field]
    query = sa.select(table).where(table.c.profile_id == profile_id)
    if start is not None:
        query = query.where(when >= start)
    if end is not None:
        query = query.where(when < end)
    if with_symptom is not None:
        # Codes are stored as a JSON array of quoted strings on both databases.
        query = query.where(sa.cast(table.c.symptoms, sa.String).like(f'%"{with_symptom}"%'))
    query = query.order_by(when.desc() if newest_first else when, table.c.id)
    if limit is not None:
        query = query.limit(limit)
    read = reads.reader(kind.spec.read)
    with transaction(engine, read_only=True) as session:
        rows = session.execute(query).mappings().all()
        if kind != EntryKind.SUPPLEMENTS:
            return [read(row) for row in rows]
        names = _product_names(session, profile_id)
        return [read({**row, "product_name": names.get(row["product_id"], "")}) for row in rows]


def count_entries(*, engine: Engine, kind: EntryKind, profile_id: int) -> int:
    table = ENTRY_TABLES[kind]
    with transaction(engine, read_only=True) as session:
        query = select(sa.func.count()).select_from(table).where(table.profile_id == profile_id)
        return int(session.exec(query).one())


# --- contractions ----------------------------------------------------------------------------


def contractions_near(
    *, engine: Engine, profile_id: int, start: datetime, end: datetime | None
) -> list[ContractionRead]:
    """Contractions that could overlap ``[start, end)``: those starting before ``end`` (or any
    time, for an open end) and not finished before ``start``."""
    query: Any = select(Contraction).where(Contraction.profile_id == profile_id)
    if end is not None:
        query = query.where(Contraction.started_at < end)
    query = query.where(
        sa.or_(col(Contraction.ended_at).is_(None), col(Contraction.ended_at) > start)
    )
    with transaction(engine, read_only=True) as session:
        return [ContractionRead.model_validate(r) for r in session.exec(query).all()]


def running_contraction(*, engine: Engine, profile_id: int) -> ContractionRead | None:
    query = select(Contraction).where(
        Contraction.profile_id == profile_id, col(Contraction.ended_at).is_(None)
    )
    with transaction(engine, read_only=True) as session:
        row = session.exec(query).first()
        return ContractionRead.model_validate(row) if row else None


# --- products --------------------------------------------------------------------------------


def _product_names(session: Session, profile_id: int) -> dict[int, str]:
    rows = session.exec(select(Product.id, Product.name).where(Product.profile_id == profile_id))
    return {int(pid): name for pid, name in rows.all() if pid is not None}


def create_product(
    *, engine: Engine, profile_id: int, product_in: ProductCreate, now: datetime
) -> ProductRead:
    row = Product.model_validate(
        product_in, update={"profile_id": profile_id, "created_at": now, "updated_at": now}
    )
    try:
        with transaction(engine) as session:
            session.add(row)
            session.flush()
            return ProductRead.model_validate(row)
    except Conflict as err:
        raise DuplicateName(
            f"your cabinet already has a product named {product_in.name!r}"
        ) from err


def update_product(
    *, engine: Engine, profile_id: int, product_id: int, product_in: ProductCreate, now: datetime
) -> ProductRead:
    try:
        with transaction(engine) as session:
            row = session.get(Product, product_id)
            if row is None or row.profile_id != profile_id:
                raise NotFound(f"product #{product_id} no longer exists")
            row.sqlmodel_update(product_in.model_dump())
            row.updated_at = now
            session.add(row)
            session.flush()
            return ProductRead.model_validate(row)
    except Conflict as err:
        raise DuplicateName(
            f"your cabinet already has a product named {product_in.name!r}"
        ) from err


def list_products(*, engine: Engine, profile_id: int) -> list[ProductRead]:
    query = select(Product).where(Product.profile_id == profile_id).order_by(col(Product.name))
    with transaction(engine, read_only=True) as session:
        return [ProductRead.model_validate(r) for r in session.exec(query).all()]


def get_product(*, engine: Engine, profile_id: int, product_id: int) -> ProductRead:
    with transaction(engine, read_only=True) as session:
        row = session.get(Product, product_id)
        if row is None or row.profile_id != profile_id:
            raise NotFound(f"product #{product_id} no longer exists")
        return ProductRead.model_validate(row)


def delete_product(*, engine: Engine, profile_id: int, product_id: int) -> None:
    """Delete a product with no intakes; one with intakes is kept (the history needs it)."""
    with transaction(engine) as session:
        row = session.get(Product, product_id)
        if row is None or row.profile_id != profile_id:
            raise NotFound(f"product #{product_id} no longer exists")
        used = session.exec(
            select(sa.func.count()).select_from(Intake).where(Intake.product_id == product_id)
        ).one()
        if used:
            raise Conflict(f"{row.name} has {used} logged intake(s); delete those in History first")
        session.delete(row)
