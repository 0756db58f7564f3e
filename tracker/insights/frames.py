"""The diary of a range of local days as pandas DataFrames: what every statistic reads.

Statistics depend only on these frames, never on ORM or ``…Read`` objects, so the loading can
be replaced (a faster SQL read) as long as it returns the same columns. The contract:

Every entry frame has its time column as ``datetime64[…, UTC]`` (aware UTC) and three local
columns computed in the profile's zone by ``add_local_columns``:

- ``local_day``: the local calendar day as a naive ``datetime64`` at midnight (a day across a
  clock change is still one day: 23 or 25 hours long);
- ``local_hour``: the local wall-clock hour, 0–23 (int);
- ``local_weekday``: Monday 0 … Sunday 6 (int).

The frames, one row per entry, oldest first (besides the local columns):

- ``cramps``: ``id``, ``started_at``, ``duration_min`` (float, NaN = not given), ``region``,
  ``side``, ``intensity`` (int 0–10), ``quality``, ``eased_by_rest`` (codes as str),
  ``triggers``, ``symptoms``, ``relief`` (sorted tuples of codes);
- ``drinks``: ``id``, ``taken_at``, ``volume_ml`` (float), ``beverage``;
- ``intakes``: ``id``, ``taken_at``, ``product_id`` (int), ``product_name``, ``units`` (float);
- ``contractions``: ``id``, ``started_at``, ``ended_at`` (NaT while running), ``duration_s``
  (float, NaN while running), ``intensity``, ``location`` (str or None);
- ``events``: ``id``, ``occurred_at``, ``kind``, ``detail`` (str or None);
- ``products`` (no time column): ``id``, ``name``, ``kind``, ``medicine_class`` (str or None),
  ``prescribed`` (bool), ``contents`` (dict ingredient code → amount per unit, storage units);
  every product of the cabinet, not only those taken.

``DiaryFrames`` also carries ``first``, ``last`` (the inclusive range of local days),
``timezone`` (IANA name) and ``goal_ml`` (the H1 drinks reference of the profile).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy.engine import Engine

from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.core.timeutil import DEFAULT_TIMEZONE
from tracker.entries.cabinet import list_cabinet
from tracker.entries.history import entries_between
from tracker.entries.profile import hydration_goal_ml

LOCAL_COLUMNS = ("local_day", "local_hour", "local_weekday")

CRAMP_COLUMNS = (
    "id",
    "started_at",
    "duration_min",
    "region",
    "side",
    "intensity",
    "quality",
    "eased_by_rest",
    "triggers",
    "symptoms",
    "relief",
)
DRINK_COLUMNS = ("id", "taken_at", "volume_ml", "beverage")
INTAKE_COLUMNS = ("id", "taken_at", "product_id", "product_name", "units")
CONTRACTION_COLUMNS = ("id", "started_at", "ended_at", "duration_s", "intensity", "location")
EVENT_COLUMNS = ("id", "occurred_at", "kind", "detail")
PRODUCT_COLUMNS = ("id", "name", "kind", "medicine_class", "prescribed", "contents")


@dataclass(frozen=True)
class DiaryFrames:
    """The entries of the local days ``first``..``last`` (inclusive), one frame per kind."""

    first: date
    last: date
    timezone: str
    goal_ml: int
    cramps: pd.DataFrame
    drinks: pd.DataFrame
    intakes: pd.DataFrame
    contractions: pd.DataFrame
    events: pd.DataFrame
    products: pd.DataFrame

    @property
    def day_index(self) -> pd.DatetimeIndex:
        """Every local day of the range (days with nothing logged included), named local_day."""
        return pd.date_range(self.first, self.last, freq="D", name="local_day")


def add_local_columns(frame: pd.DataFrame, time_column: str, tz_name: str) -> pd.DataFrame:
    """``frame`` with its time column as aware UTC and ``local_day``, ``local_hour`` and
    ``local_weekday`` in ``tz_name`` (vectorised: the zone is applied to the whole column)."""
    out = frame.copy()
    moments = pd.to_datetime(out[time_column], utc=True)
    out[time_column] = moments
    local = moments.dt.tz_convert(tz_name or DEFAULT_TIMEZONE).dt.tz_localize(None)
    out["local_day"] = local.dt.normalize()
    out["local_hour"] = local.dt.hour.astype("int64")
    out["local_weekday"] = local.dt.day_of_week.astype("int64")
    return out


def _codes(values: Any) -> tuple[str, ...]:
    return tuple(sorted(str(v) for v in values or ()))


def _code(value: Any) -> str | None:
    return None if value is None else str(value)


def records_frame(
    records: Sequence[dict[str, Any]],
    columns: Sequence[str],
    time_column: str | None,
    tz_name: str,
) -> pd.DataFrame:
    """A frame of the contract from plain records (dicts keyed by ``columns``)."""
    frame = pd.DataFrame(list(records), columns=list(columns))
    if time_column is None:
        return frame
    if frame.empty:
        frame[time_column] = pd.Series(pd.DatetimeIndex([], tz="UTC"))
    return add_local_columns(frame, time_column, tz_name)


def _frame(
    rows: Sequence[Any],
    columns: Sequence[str],
    row: Callable[[Any], dict[str, Any]],
    time_column: str | None,
    tz_name: str,
) -> pd.DataFrame:
    return records_frame([row(r) for r in rows], columns, time_column, tz_name)


def frames_from_records(
    *,
    first: date,
    last: date,
    timezone: str,
    goal_ml: int,
    cramps: Sequence[dict[str, Any]] = (),
    drinks: Sequence[dict[str, Any]] = (),
    intakes: Sequence[dict[str, Any]] = (),
    contractions: Sequence[dict[str, Any]] = (),
    events: Sequence[dict[str, Any]] = (),
    products: Sequence[dict[str, Any]] = (),
) -> DiaryFrames:
    """``DiaryFrames`` from plain records (tests, and any reader that already has rows).

    Records need the contract's columns; a missing column is filled with NaN/None, except the
    cramps' code sets, which default to an empty tuple."""
    cramp_rows = [
        {"triggers": (), "symptoms": (), "relief": (), "duration_min": float("nan")} | dict(c)
        for c in cramps
    ]
    contraction_frame = records_frame(contractions, CONTRACTION_COLUMNS, "started_at", timezone)
    contraction_frame["ended_at"] = pd.to_datetime(contraction_frame["ended_at"], utc=True)
    return DiaryFrames(
        first=first,
        last=last,
        timezone=timezone,
        goal_ml=goal_ml,
        cramps=records_frame(cramp_rows, CRAMP_COLUMNS, "started_at", timezone),
        drinks=records_frame(drinks, DRINK_COLUMNS, "taken_at", timezone),
        intakes=records_frame(intakes, INTAKE_COLUMNS, "taken_at", timezone),
        contractions=contraction_frame,
        events=records_frame(events, EVENT_COLUMNS, "occurred_at", timezone),
        products=records_frame(products, PRODUCT_COLUMNS, None, timezone),
    )


def _cramp(c: Any) -> dict[str, Any]:
    return {
        "id": c.id,
        "started_at": c.started_at,
        "duration_min": float("nan") if c.duration_min is None else float(c.duration_min),
        "region": str(c.region),
        "side": str(c.side),
        "intensity": int(c.intensity),
        "quality": str(c.quality),
        "eased_by_rest": str(c.eased_by_rest),
        "triggers": _codes(c.triggers),
        "symptoms": _codes(c.symptoms),
        "relief": _codes(c.relief),
    }


def _drink(d: Any) -> dict[str, Any]:
    return {
        "id": d.id,
        "taken_at": d.taken_at,
        "volume_ml": float(d.volume_ml),
        "beverage": str(d.beverage),
    }


def _intake(i: Any) -> dict[str, Any]:
    return {
        "id": i.id,
        "taken_at": i.taken_at,
        "product_id": int(i.product_id),
        "product_name": i.product_name,
        "units": float(i.units),
    }


def _contraction(c: Any) -> dict[str, Any]:
    return {
        "id": c.id,
        "started_at": c.started_at,
        "ended_at": c.ended_at,
        "duration_s": float("nan") if c.duration_s is None else float(c.duration_s),
        "intensity": _code(c.intensity),
        "location": _code(c.location),
    }


def _event(e: Any) -> dict[str, Any]:
    return {"id": e.id, "occurred_at": e.occurred_at, "kind": str(e.kind), "detail": e.detail}


def _product(p: Any) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "kind": str(p.kind),
        "medicine_class": _code(p.medicine_class),
        "prescribed": bool(p.prescribed),
        "contents": {str(k): float(v) for k, v in p.contents.items()},
    }


def load_frames(*, engine: Engine, profile: ProfileRead, first: date, last: date) -> DiaryFrames:
    """Every entry of the local days ``first``..``last`` and the whole cabinet, as frames.

    Reads through the domain (``entries_between``, ``list_cabinet``); raises ``InvalidEntry``
    when ``first`` is after ``last``."""
    entries = entries_between(engine=engine, profile=profile, first=first, last=last)
    tz = profile.timezone or DEFAULT_TIMEZONE
    contractions = _frame(
        entries[EntryKind.CONTRACTIONS], CONTRACTION_COLUMNS, _contraction, "started_at", tz
    )
    contractions["ended_at"] = pd.to_datetime(contractions["ended_at"], utc=True)
    return DiaryFrames(
        first=first,
        last=last,
        timezone=tz,
        goal_ml=hydration_goal_ml(profile),
        cramps=_frame(entries[EntryKind.CRAMPS], CRAMP_COLUMNS, _cramp, "started_at", tz),
        drinks=_frame(entries[EntryKind.HYDRATION], DRINK_COLUMNS, _drink, "taken_at", tz),
        intakes=_frame(entries[EntryKind.SUPPLEMENTS], INTAKE_COLUMNS, _intake, "taken_at", tz),
        contractions=contractions,
        events=_frame(entries[EntryKind.EVENTS], EVENT_COLUMNS, _event, "occurred_at", tz),
        products=_frame(
            list_cabinet(engine=engine, profile=profile), PRODUCT_COLUMNS, _product, None, tz
        ),
    )
