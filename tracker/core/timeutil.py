"""Time helpers: store UTC, show local. No function here reads the clock; pass ``now`` in."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from tracker.core.errors import InvalidEntry
from tracker.core.thresholds import EARLIEST_ENTRY, FUTURE_TOLERANCE_S

DEFAULT_TIMEZONE = "UTC"
DUE_DATE_TERM_DAYS = 280
"""Days from the first day of the last period to the due date (Naegele's rule)."""


def zone(name: str | None) -> tzinfo:
    """The IANA zone ``name``; UTC when empty. Raises ``InvalidEntry`` for an unknown name."""
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise InvalidEntry.single("timezone", f"unknown time zone {name!r}") from err


def is_valid_timezone(name: str) -> bool:
    return name in _zone_names()


def _zone_names() -> frozenset[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(available_timezones()) - NOT_A_PLACE
    return _ZONES


_ZONES: frozenset[str] | None = None

NOT_A_PLACE = frozenset({"localtime", "posixrules", "Factory"})
"""Files in the zone database that name no place: ``localtime`` is whatever zone the server
happens to run in (wrong for a person's local days), ``Factory`` is a placeholder."""


def timezone_names() -> list[str]:
    """Every IANA zone name, sorted, for a select box."""
    return sorted(_zone_names())


def as_utc(moment: datetime, tz_name: str | None = None) -> datetime:
    """``moment`` as an aware UTC datetime; a naive one is read in ``tz_name`` (default UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone(tz_name))
    return moment.astimezone(UTC)


def to_local(moment: datetime, tz_name: str | None) -> datetime:
    """An aware datetime in the profile's zone (naive input is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone(tz_name))


def local_date(moment: datetime, tz_name: str | None) -> date:
    """The local calendar day ``moment`` falls on."""
    return to_local(moment, tz_name).date()


def local_day_bounds(day: date, tz_name: str | None) -> tuple[datetime, datetime]:
    """``[start, end)`` of a local calendar day, in UTC. A clock-change day is 23 or 25 h long."""
    tz = zone(tz_name)
    start = datetime.combine(day, time.min, tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def local_range_bounds(first: date, last: date, tz_name: str | None) -> tuple[datetime, datetime]:
    """``[start of first, end of last)`` in UTC, for an inclusive range of local days."""
    return local_day_bounds(first, tz_name)[0], local_day_bounds(last, tz_name)[1]


def combine_local(day: date, clock: time, tz_name: str | None) -> datetime:
    """A local date and wall-clock time (as typed in a form) as aware UTC.

    In the repeated hour of a clock change the first occurrence is taken (``fold=0``); a time in
    the skipped hour is moved forward by the gap, as a wall clock would be. Outside the
    plausible range of an entry (``entry_utc``) it raises ``InvalidEntry`` naming the date.
    """
    local = datetime.combine(day, clock.replace(tzinfo=None, fold=0))
    try:
        return entry_utc(local, tz_name, shown=local.isoformat(sep=" ", timespec="minutes"))
    except TimeOutOfRange as err:
        raise InvalidEntry.single("Date", str(err), name="date") from None


def parse_timestamp(text: str, tz_name: str | None) -> datetime:
    """Parse ISO 8601 text; with no offset it is read in the profile's zone. Returns UTC.

    ``ValueError`` for text that is not a time, ``TimeOutOfRange`` (a ``ValueError`` with the
    reason to show) for a time outside the plausible range of a diary entry."""
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    moment = datetime.fromisoformat(value)
    return entry_utc(moment, tz_name, shown=text.strip())


class TimeOutOfRange(ValueError):
    """A time no diary entry can have; ``str(err)`` says why and what to fix."""


def entry_utc(
    moment: datetime, tz_name: str | None = None, *, shown: str | None = None, plus_ms: int = 0
) -> datetime:
    """``moment`` (naive: read in ``tz_name``) plus ``plus_ms`` milliseconds as aware UTC: the
    one edge where typed, imported or restored times become stored ones.

    Raises ``TimeOutOfRange`` naming ``shown`` (default: ``moment`` in ISO 8601) for a time
    before ``EARLIEST_ENTRY``, or so far ahead that it cannot be represented (past the year
    9999: surely in the future) instead of ``OverflowError``. Times after now are refused by
    ``journal.check_not_future``, which knows ``now``.
    """
    shown = moment.isoformat() if shown is None else shown
    try:
        utc = as_utc(moment, tz_name) + timedelta(milliseconds=plus_ms)
    except OverflowError:
        if moment.year >= EARLIEST_ENTRY.year and plus_ms >= 0:
            raise TimeOutOfRange(
                f"{shown} is in the future; entries can be at most "
                f"{FUTURE_TOLERANCE_S // 60} minutes ahead of now"
            ) from None
        utc = None
    if utc is None or utc < EARLIEST_ENTRY:
        raise TimeOutOfRange(
            f"{shown} is before {EARLIEST_ENTRY:%Y-%m-%d %H:%M} UTC; no diary entry is that "
            "old: check the year"
        )
    return utc


def gestational_age_days(due_date: date, on: date) -> int:
    """GA in days on a date: ``280 − (due_date − on).days`` (vocabulary.md)."""
    return DUE_DATE_TERM_DAYS - (due_date - on).days


def format_gestational_age(ga_days: int) -> str:
    """``37+2`` for 261 days (weeks+days)."""
    weeks, days = divmod(ga_days, 7)
    return f"{weeks}+{days}"


def format_duration_s(seconds: float) -> str:
    """``m:ss`` for under an hour, ``h:mm:ss`` above."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def format_local(moment: datetime, tz_name: str | None, fmt: str = "%d %b %Y %H:%M") -> str:
    return to_local(moment, tz_name).strftime(fmt)


def latest_at_local_time(
    clock: time, now: datetime, tz_name: str | None, *, tolerance_s: float = 0
) -> datetime:
    """The most recent moment whose local wall-clock time is ``clock``, at most ``tolerance_s``
    after ``now``: today's if it has come, else yesterday's. A time typed alone at 03:10 means
    03:10 today, and 23:40 typed then means last night, whatever date the form last showed."""
    limit = now + timedelta(seconds=tolerance_s)
    today = local_date(now, tz_name)
    candidate = combine_local(today, clock, tz_name)
    if candidate <= limit:
        return candidate
    return combine_local(today - timedelta(days=1), clock, tz_name)


def format_logged_at(
    moment: datetime, tz_name: str | None, now: datetime, *, seconds: bool = False
) -> str:
    """The stored time a success message names, in the person's zone: ``03:10`` on today's
    local date, ``03:10 on Tue 1 Dec`` on another day (``… 2025`` in another year).
    ``seconds=True`` gives ``03:10:05`` (a contraction's start)."""
    local = to_local(moment, tz_name)
    shown = f"{local:%H:%M:%S}" if seconds else f"{local:%H:%M}"
    today = local_date(now, tz_name)
    if local.date() == today:
        return shown
    day = f"{local:%a} {local.day} {local:%b}"
    if local.year != today.year:
        day += f" {local.year}"
    return f"{shown} on {day}"
