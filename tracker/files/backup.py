"""Full backup of one profile as canonical JSON, and restore into an empty profile.

The file (``backup_json``) holds the profile's settings and everything it owns: products with
their contents, every kind of entry (``tracker.core.kinds``), and flag acknowledgements, each
row with the times it was logged and last changed. It names no database id: an intake names its
product by name (unique in a profile), an acknowledgement its flag by rule and time. Nor does it
name the profile (the person chooses one at restore) or the moment of export, so exporting,
restoring and exporting again gives the same bytes.

Layout (``FORMAT_NAME`` version ``FORMAT_VERSION``), UTF-8, keys sorted, one row a line::

    {
     "backup": {"format": "cramp-tracker-backup", "schema_revision": "0004", "sha256": …},
     "diary": {
      "contractions": [
       {"created_at": "…", "ended_at": "…", "intensity": null, …},
       …
      ],
      "cramps": […], "events": […], "flag_acknowledgements": […], "hydration": […],
      "products": […], "profile": {"birth_year": 1990, …}, "supplements": […]
     }
    }

Rows of a kind are ordered by time, then by their own content; times are UTC ISO 8601. The
SHA-256 is of the document without it (compact canonical JSON), and the file must be exactly the
canonical rendering of what it holds: a truncated or edited file is refused with its reason.

``restore_json`` checks everything first (format, version, checksum, layout, then every row
through the same ``…Create`` models and checks the CSV import uses) and writes all rows in one
transaction into a new or empty profile, or nothing.
"""

from __future__ import annotations

import hashlib
import json
import types
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any, Union, get_args, get_origin

from pydantic import Field
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from db import snapshot
from db.engine import sqlite_file
from db.migrate import current_revision
from tracker.core.errors import InvalidEntry, TrackerError, UnreadableFile
from tracker.core.kinds import EntryKind
from tracker.core.models import (
    Name,
    ProductCreate,
    ProfileCreate,
    ProfileRead,
    UTCTimestamp,
)
from tracker.core.timeutil import format_local, local_date
from tracker.entries.journal import check_not_future, validate

FORMAT_NAME = "cramp-tracker-backup"
FORMAT_VERSION = 1
"""Raised when the layout of ``diary`` changes (not with every schema revision)."""
HEADER, DIARY = "backup", "diary"
PROFILE, PRODUCTS, ACKNOWLEDGEMENTS = "profile", "products", "flag_acknowledgements"
PRODUCT_KEY = "product"
"""An intake's product, by name."""
STAMPS = ("created_at", "updated_at")
"""When a row was logged and last changed: kept as they were."""
PROFILE_FIELDS = tuple(name for name in ProfileCreate.model_fields if name != "name")
"""The profile's settings in the file (its name is chosen at restore)."""
MAX_LISTED_PROBLEMS = 20
PLACEHOLDER_PRODUCT_ID = 0
"""Intakes are validated before their product exists; the real id is set when stored."""


class BackupRejected(TrackerError):
    """The backup file cannot be restored; nothing was written. ``problems`` says why."""

    def __init__(self, problems: list[str], *, more: int = 0) -> None:
        self.problems = problems
        self.more = more
        listed = "; ".join(problems) + (f"; and {more} more" if more else "")
        super().__init__(f"the backup was not restored, nothing was written: {listed}")


class ProfileHasData(TrackerError):
    """The profile to restore into is not empty; nothing was written."""


class _Stamps(SQLModel):
    created_at: UTCTimestamp
    updated_at: UTCTimestamp


class _Acknowledgement(_Stamps):
    rule: Name = Field(min_length=1, max_length=20)
    flag_at: UTCTimestamp
    acknowledged_at: UTCTimestamp


# --- canonical values --------------------------------------------------------------------------


def _is_float(annotation: Any) -> bool:
    if get_origin(annotation) in (Union, types.UnionType):
        return any(_is_float(arg) for arg in get_args(annotation) if arg is not type(None))
    return annotation is float


def _plain(value: Any, *, as_float: bool = False) -> Any:
    """A stored value as JSON: UTC ISO times, ISO dates, codes, sorted lists, float numbers."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value) if as_float else value
    if isinstance(value, dict):
        return {str(k): _plain(v, as_float=True) for k, v in value.items()}
    if isinstance(value, set | frozenset | list | tuple):
        return sorted(str(_plain(item)) for item in value)
    return str(value)


@cache
def _float_fields(model: type[SQLModel]) -> frozenset[str]:
    return frozenset(n for n, f in model.model_fields.items() if _is_float(f.annotation))


def _fields(model: type[SQLModel], row: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    floats = _float_fields(model)
    return {name: _plain(row[name], as_float=name in floats) for name in names}


def _dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def canonical(document: Mapping[str, Any]) -> str:
    """The file's text for ``document``: keys sorted, UTF-8, one row per line, final newline.

    The header on one line, then each part of the diary: a list of rows one row a line, the
    profile's settings on one line. (Rows written whole by the C encoder: ten heavy years,
    32k rows, in well under a second.)"""
    lines = ["{", f" {_dumps(HEADER)}: {_dumps(document[HEADER])},", f" {_dumps(DIARY)}: {{"]
    diary = document[DIARY]
    parts = sorted(diary)
    for number, part in enumerate(parts, start=1):
        value, comma = diary[part], "," if number < len(parts) else ""
        if isinstance(value, list) and value:
            lines.append(f"  {_dumps(part)}: [")
            lines += [f"   {_dumps(row)}," for row in value[:-1]]
            lines += [f"   {_dumps(value[-1])}", f"  ]{comma}"]
        else:
            lines.append(f"  {_dumps(part)}: {_dumps(value)}{comma}")
    return "\n".join([*lines, " }", "}"]) + "\n"


def checksum(document: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the document with its ``sha256`` left out, as compact canonical JSON."""
    header = {k: v for k, v in document[HEADER].items() if k != "sha256"}
    body = {HEADER: header, DIARY: document[DIARY]}
    compact = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(compact.encode("utf-8")).hexdigest()


def _ordered(rows: list[dict[str, Any]], time_field: str) -> list[dict[str, Any]]:
    """By time, then by content: an order that does not depend on database ids."""
    return sorted(rows, key=lambda row: (row[time_field], json.dumps(row, sort_keys=True)))


# --- export ----------------------------------------------------------------------------------


def backup_json(engine: Engine, profile: ProfileRead) -> str:
    """The profile and everything in it as the backup file's text (see the module)."""
    found = snapshot.read_profile(engine=engine, profile_id=profile.id)
    diary: dict[str, Any] = {PROFILE: _fields(ProfileCreate, found.profile, PROFILE_FIELDS)}
    diary[PRODUCTS] = sorted(
        (
            _fields(ProductCreate, row, [*ProductCreate.model_fields, *STAMPS])
            for row in found.products
        ),
        key=lambda row: row["name"],
    )
    for kind in EntryKind:
        model = kind.spec.create
        names = [n for n in model.model_fields if n != "product_id"] + list(STAMPS)
        rows = []
        for row in found.entries[kind]:
            plain = _fields(model, row, names)
            if kind == EntryKind.SUPPLEMENTS:
                plain[PRODUCT_KEY] = row["product_name"]
            rows.append(plain)
        diary[kind.value] = _ordered(rows, kind.time_field)
    acks = [
        _fields(_Acknowledgement, row, _Acknowledgement.model_fields)
        for row in found.acknowledgements
    ]
    diary[ACKNOWLEDGEMENTS] = _ordered(acks, "flag_at")
    document: dict[str, Any] = {
        HEADER: {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "schema_revision": current_revision(engine),
        },
        DIARY: diary,
    }
    document[HEADER]["sha256"] = checksum(document)
    return canonical(document)


def part_counts(text: str) -> dict[str, int]:
    """Rows of each part of a backup file written by ``backup_json``, named as in the file."""
    diary = json.loads(text)[DIARY]
    parts = [PRODUCTS, *(kind.value for kind in EntryKind), ACKNOWLEDGEMENTS]
    return {part: len(diary[part]) for part in parts}


def backup_file_name(profile: ProfileRead, now: datetime) -> str:
    """``cramp-tracker-backup-2026-03-01.json``: the local day of the backup."""
    return f"cramp-tracker-backup-{local_date(now, profile.timezone):%Y-%m-%d}.json"


# --- reading a backup ---------------------------------------------------------------------------


@dataclass
class CheckedBackup:
    """A backup file's content, every row validated, ready to store."""

    profile_values: dict[str, Any]
    products: list[dict[str, Any]] = field(default_factory=list)
    entries: dict[EntryKind, list[dict[str, Any]]] = field(default_factory=dict)
    acknowledgements: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Rows of each part, named as in the file."""
        found = {PRODUCTS: len(self.products)}
        found |= {kind.value: len(rows) for kind, rows in self.entries.items()}
        return found | {ACKNOWLEDGEMENTS: len(self.acknowledgements)}


def _refuse(reason: str) -> BackupRejected:
    return BackupRejected([reason])


def read_backup_file(path: Path) -> str:
    """A backup file's text (UTF-8, exactly as written: no byte-order mark is removed)."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise UnreadableFile(f"cannot read {path}: {err.strerror or err}") from err
    return decode_backup(data)


def decode_backup(data: bytes) -> str:
    """A backup file's bytes (read, or uploaded) as text; refused when not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise _refuse(
            "this is not a Cramp Tracker backup: the file is not UTF-8 text (damaged, or another "
            "kind of file)"
        ) from None


def _parse(text: str) -> dict[str, Any]:
    if not text.strip():
        raise _refuse("the file is empty")
    if text.startswith("\ufeff"):
        raise _refuse(
            "the file was changed after it was written: its layout now begins with a byte-order "
            "mark (added by an editor); use the file as it was saved"
        )
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        cut_in_string = err.msg.startswith("Unterminated string") and "\n" not in text[err.pos :]
        if err.pos >= len(text.rstrip()) or cut_in_string:
            raise _refuse(
                f"the file ends early (line {err.lineno}): it is incomplete, perhaps cut off "
                "while it was copied or downloaded; use the whole file"
            ) from None
        raise _refuse(
            f"this is not a Cramp Tracker backup: not valid JSON at line {err.lineno}, column "
            f"{err.colno} ({err.msg}); the file may have been edited"
        ) from None
    header = document.get(HEADER) if isinstance(document, dict) else None
    if not isinstance(header, dict) or header.get("format") != FORMAT_NAME:
        raise _refuse(
            f"this is not a Cramp Tracker backup (it has no {HEADER!r} header naming the format "
            f"{FORMAT_NAME!r})"
        )
    return document


def _check_integrity(document: dict[str, Any], text: str) -> None:
    header = document[HEADER]
    version = header.get("version")
    if version != FORMAT_VERSION:
        newer = isinstance(version, int) and not isinstance(version, bool) and version > 1
        raise _refuse(
            f"the backup has format version {version!r}, this Cramp Tracker reads version "
            f"{FORMAT_VERSION}"
            + ("; update Cramp Tracker to restore it" if newer else "; the file may be edited")
        )
    if set(document) != {HEADER, DIARY} or not isinstance(document.get(DIARY), dict):
        raise _refuse("the file was changed after it was written: its parts are not as written")
    if header.get("sha256") != checksum(document):
        raise _refuse(
            "the file was changed after it was written: its content does not match its SHA-256 "
            "checksum (edited or damaged); use the file as it was saved"
        )
    expected = canonical(document)
    if text != expected:
        if expected.startswith(text):
            raise _refuse("the file ends early: it is incomplete; use the whole file")
        raise _refuse(
            "the file was changed after it was written: its layout (spaces, line ends or order) "
            "is not as written; use the file as it was saved"
        )
    revision = header.get("schema_revision")
    if not isinstance(revision, str) or not snapshot.known_revision(revision):
        raise _refuse(
            f"the backup was made by a newer Cramp Tracker (database revision {revision!r}); "
            "update Cramp Tracker to restore it"
        )


class _Problems:
    def __init__(self) -> None:
        self.listed: list[str] = []
        self.more = 0

    def add(self, where: str, reason: str) -> None:
        if len(self.listed) < MAX_LISTED_PROBLEMS:
            self.listed.append(f"{where}: {reason}")
        else:
            self.more += 1


def _rows(diary: Mapping[str, Any], part: str, problems: _Problems) -> list[dict[str, Any]]:
    rows = diary.get(part)
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        problems.add(part, "missing, or not a list of rows")
        return []
    return rows


def _check(
    model: type[SQLModel],
    values: Mapping[str, Any],
    where: str,
    problems: _Problems,
    *,
    now: datetime,
    extra: Iterable[str] = (),
) -> Any:
    """``values`` validated as ``model`` (with its stamps, if ``extra`` names them) and not
    in the future, or None after adding each problem."""
    unknown = set(values) - set(model.model_fields) - set(extra)
    if unknown:
        problems.add(where, f"unknown field(s) {', '.join(sorted(unknown))}")
        return None
    try:
        checked = validate(model, values)
        check_not_future(checked, now)
        return checked
    except InvalidEntry as err:
        for problem in err.problems:
            problems.add(where, str(problem))
        return None


def _stamps(row: Mapping[str, Any], where: str, problems: _Problems, now: datetime) -> Any:
    values = {name: row.get(name) for name in STAMPS}
    return _check(_Stamps, values, where, problems, now=now)


def read_backup(text: str, *, profile_name: str, now: datetime) -> CheckedBackup:
    """Check a backup file's text and every row in it; raises ``BackupRejected`` with every
    reason (the first ``MAX_LISTED_PROBLEMS``) otherwise. Writes nothing."""
    document = _parse(text)
    _check_integrity(document, text)
    diary = document[DIARY]
    problems = _Problems()
    settings = diary.get(PROFILE)
    if not isinstance(settings, dict):
        settings = {}
        problems.add(PROFILE, "missing")
    profile = _check(
        ProfileCreate, {**settings, "name": profile_name}, "profile settings", problems, now=now
    )
    if profile is not None and profile.birth_year is not None and profile.birth_year > now.year:
        problems.add("profile settings", f"Birth year: {profile.birth_year} is in the future")
    found = CheckedBackup(profile.model_dump(exclude={"name"}) if profile else {})

    names: set[str] = set()
    for number, row in enumerate(_rows(diary, PRODUCTS, problems), start=1):
        where = f"products, row {number}"
        product = _check(
            ProductCreate,
            {k: v for k, v in row.items() if k not in STAMPS},
            where,
            problems,
            now=now,
        )
        stamps = _stamps(row, where, problems, now)
        if product is not None and product.name in names:
            problems.add(where, f"a second product named {product.name!r}")
        elif product is not None and stamps is not None:
            names.add(product.name)
            found.products.append(product.model_dump() | stamps.model_dump())

    for kind in EntryKind:
        found.entries[kind] = []
        for number, row in enumerate(_rows(diary, kind.value, problems), start=1):
            where = f"{kind.value}, row {number}"
            values = {k: v for k, v in row.items() if k not in STAMPS}
            product_name = values.pop(PRODUCT_KEY, None)
            if kind == EntryKind.SUPPLEMENTS:
                values["product_id"] = PLACEHOLDER_PRODUCT_ID
                if product_name not in names:
                    problems.add(where, f"its product {product_name!r} is not in the backup")
            entry = _check(kind.spec.create, values, where, problems, now=now)
            stamps = _stamps(row, where, problems, now)
            if entry is None or stamps is None:
                continue
            stored = entry.model_dump() | stamps.model_dump()
            if kind == EntryKind.SUPPLEMENTS:
                stored = {k: v for k, v in stored.items() if k != "product_id"}
                stored["product_name"] = product_name
            found.entries[kind].append(stored)
    _check_contractions(found.entries[EntryKind.CONTRACTIONS], problems)

    seen: set[tuple[str, datetime]] = set()
    for number, row in enumerate(_rows(diary, ACKNOWLEDGEMENTS, problems), start=1):
        where = f"{ACKNOWLEDGEMENTS}, row {number}"
        ack = _check(_Acknowledgement, row, where, problems, now=now)
        if ack is None:
            continue
        if (ack.rule, ack.flag_at) in seen:
            problems.add(where, f"flag {ack.rule} at {ack.flag_at.isoformat()} is listed twice")
        seen.add((ack.rule, ack.flag_at))
        found.acknowledgements.append(ack.model_dump())
    unknown = set(diary) - {PROFILE, PRODUCTS, ACKNOWLEDGEMENTS, *(k.value for k in EntryKind)}
    if unknown:
        problems.add(DIARY, f"unknown part(s) {', '.join(sorted(unknown))}")
    if problems.listed:
        raise BackupRejected(problems.listed, more=problems.more)
    return found


def _check_contractions(rows: list[dict[str, Any]], problems: _Problems) -> None:
    """No two contractions overlap, and only the latest may still be running (as the timer and
    the CSV import keep them)."""
    latest: dict[str, Any] | None = None  # the one that ends last so far
    for row in sorted(rows, key=lambda r: r["started_at"]):
        if latest is not None:
            when = format_local(latest["started_at"], None, "%Y-%m-%d %H:%M:%S UTC")
            if latest["ended_at"] is None:
                problems.add("contractions", f"one starts while the one of {when} still runs")
            elif row["started_at"] < latest["ended_at"]:
                problems.add("contractions", f"one overlaps the one that started {when}")
        if latest is None or (
            latest["ended_at"] is not None
            and (row["ended_at"] is None or row["ended_at"] > latest["ended_at"])
        ):
            latest = row


# --- restore ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Restored:
    profile_id: int
    counts: dict[str, int]

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def _not_empty(profile_name: str, count: int) -> ProfileHasData:
    return ProfileHasData(
        f"profile {profile_name!r} already has {count} entr{'y' if count == 1 else 'ies'} "
        "(entries, products or acknowledged flags); a backup is restored only into an empty "
        "profile: choose a new profile name, or delete this profile's data first"
    )


def restore_json(
    *, engine: Engine, text: str, profile_name: str, now: datetime, account: str = ""
) -> Restored:
    """Restore a backup file's text into the profile ``profile_name`` of ``account`` (created
    when missing, else it must be empty; its settings become the backup's). All rows in one
    transaction; ``BackupRejected`` or ``ProfileHasData`` and nothing written otherwise."""
    count = snapshot.profile_row_count(engine=engine, name=profile_name, account=account)
    if count:  # before reading a large file; checked again under the write lock
        raise _not_empty(profile_name, count)
    checked = read_backup(text, profile_name=profile_name, now=now)
    try:
        profile_id = snapshot.write_profile(
            engine=engine,
            name=profile_name,
            profile_values=checked.profile_values,
            products=checked.products,
            entries=checked.entries,
            acknowledgements=checked.acknowledgements,
            now=now,
            account=account,
        )
    except snapshot.ProfileNotEmpty as err:
        raise _not_empty(profile_name, err.count) from err
    return Restored(profile_id, checked.counts())


# --- the rest of "your data" ------------------------------------------------------------------


FileCopy = snapshot.FileCopy


@dataclass(frozen=True)
class Deleted:
    rows: int
    """Rows deleted, the profile's own included."""
    copies: list[FileCopy]
    """Copies of the database made before schema upgrades: they may still hold the data."""
    compacted: bool | None = None
    """SQLite: the file was compacted now (False: later, when other readers let go)."""

    @property
    def compaction_note(self) -> str:
        """What a person should know when the file could not shrink yet ("" otherwise)."""
        if self.compacted is False:
            return (
                "The database file could not be compacted right now (another window or program "
                "was reading it); it shrinks on its own once they finish."
            )
        return ""


def rows_in_profile(engine: Engine, profile: ProfileRead) -> int:
    """How many rows the profile owns (entries, products, acknowledged flags): 0 when a backup
    can be restored into it."""
    count = snapshot.profile_row_count(engine=engine, name=profile.name, account=profile.account)
    return count or 0


def delete_profile_data(*, engine: Engine, profile: ProfileRead, confirm: str) -> Deleted:
    """Delete the profile and everything in it (no other profile's) in one transaction; on
    SQLite the file is compacted so the data is gone from it. ``confirm`` must be the profile's
    name, typed by the person."""
    if confirm.strip() != profile.name:
        raise InvalidEntry.single(
            "Confirm", f"type the profile's name, {profile.name!r}, to delete its data"
        )
    done = snapshot.delete_profile(engine=engine, profile_id=profile.id)
    return Deleted(done.rows, snapshot.premigration_copies(engine), done.compacted)


def database_copy(engine: Engine) -> bytes | None:
    """The SQLite database as a file's bytes (SQLite's online backup); None for PostgreSQL."""
    if not is_sqlite(engine):
        return None
    return snapshot.copy_sqlite(engine=engine)


def write_database_copy(engine: Engine, target: Path) -> None:
    """The SQLite database copied to ``target`` (a path, mode 0600) with the online backup."""
    snapshot.copy_sqlite(engine=engine, target=target)


def is_sqlite(engine: Engine) -> bool:
    return engine.url.get_backend_name() == "sqlite" and sqlite_file(engine.url) is not None


def premigration_copies(engine: Engine) -> list[FileCopy]:
    """Copies of the database file made before schema upgrades (SQLite), oldest first."""
    return snapshot.premigration_copies(engine)


def remove_premigration_copy(engine: Engine, copy: FileCopy) -> None:
    snapshot.remove_premigration_copy(engine, copy.path)
