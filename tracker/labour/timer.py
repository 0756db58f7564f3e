"""The contraction timer's actions over the store: start, stop, add a missed one, and what the
page shows each second.

The running contraction is a row with no end, so a reload, a second device or a server restart
sees it (never session state). Every function takes ``now``; nothing reads the clock. Errors
are ``TrackerError``s whose message a person can act on.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from db import crud
from tracker.core.errors import (
    Conflict,
    ForgottenStop,
    InvalidEntry,
    NotFound,
    OverlapError,
    Problem,
)
from tracker.core.kinds import EntryKind
from tracker.core.models import ContractionRead, EventRead, ProfileRead
from tracker.core.thresholds import MAX_CONTRACTION_S
from tracker.core.timeutil import format_duration_s, format_local
from tracker.entries import journal
from tracker.labour.sessions import SESSION_GAP_S, LabourSession, latest_session
from tracker.labour.summary import EVENTS_BEFORE_SESSION
from tracker.labour.summary import session_events as events_around

KIND = EntryKind.CONTRACTIONS
SESSION_LOAD_STEP = timedelta(hours=24)
"""How far back ``latest_session_contractions`` reads at a time (one step covers almost every
labour; a longer one takes another step)."""
SUGGESTED_DURATION_S = 60
"""The end offered for a forgotten stop when no finished contraction is known: start + 60 s."""
SUGGESTION_SAMPLE = 10
"""How many recent finished contractions the offered end's typical duration is taken from."""


@dataclass(frozen=True)
class TimerState:
    """What the timer shows at ``now``: the running contraction and the latest finished one."""

    now: datetime
    running: ContractionRead | None
    last: ContractionRead | None
    """The newest finished contraction."""
    last_interval_s: float | None
    """``last``'s interval (from the start before it); ``None`` when it began a session."""
    latest_start: datetime | None
    """The newest start, running or not."""

    @property
    def is_running(self) -> bool:
        return self.running is not None

    @property
    def running_since(self) -> datetime | None:
        return self.running.started_at if self.running else None

    @property
    def elapsed_s(self) -> float | None:
        """Seconds the running contraction has lasted (never negative)."""
        if self.running is None:
            return None
        return max((self.now - self.running.started_at).total_seconds(), 0.0)

    @property
    def running_interval_s(self) -> float | None:
        """The running contraction's interval (its start − ``last``'s), within a session."""
        if self.running is None or self.last is None:
            return None
        gap = (self.running.started_at - self.last.started_at).total_seconds()
        return gap if gap <= SESSION_GAP_S else None

    @property
    def last_duration_s(self) -> float | None:
        return self.last.duration_s if self.last else None

    @property
    def since_last_start_s(self) -> float | None:
        """Seconds since the newest contraction started (running or not)."""
        if self.latest_start is None:
            return None
        return max((self.now - self.latest_start).total_seconds(), 0.0)

    @property
    def probably_forgotten(self) -> bool:
        """The running contraction has gone on longer than ``MAX_CONTRACTION_S``."""
        return self.elapsed_s is not None and self.elapsed_s > MAX_CONTRACTION_S

    @property
    def button_label(self) -> str:
        return "Stop contraction" if self.is_running else "Start contraction"


def running(*, engine: Engine, profile: ProfileRead) -> ContractionRead | None:
    """The contraction still going (a row with no end), if any."""
    return crud.running_contraction(engine=engine, profile_id=profile.id)


def start(*, engine: Engine, profile: ProfileRead, now: datetime) -> ContractionRead:
    """One tap: store a contraction starting at ``now`` with no end. Refused (``OverlapError``)
    while another one is running or when ``now`` lies inside a stored contraction."""
    try:
        return journal.log_entry(
            engine=engine,
            kind=KIND,
            profile_id=profile.id,
            values={"started_at": now},
            now=now,
            tz_name=profile.timezone,
        )
    except OverlapError:
        raise
    except Conflict as err:
        # Two devices tapped Start at once: the one-running index refused the second row.
        other = running(engine=engine, profile=profile)
        if other is None:
            raise
        when = format_local(other.started_at, profile.timezone, "%H:%M:%S")
        raise OverlapError(
            f"a contraction started at {when} is still running (started on another device?): "
            "stop it first"
        ) from err


def stop(
    *,
    engine: Engine,
    profile: ProfileRead,
    now: datetime,
    intensity: str | None = None,
    location: str | None = None,
    note: str = "",
    ended_at: datetime | None = None,
) -> ContractionRead:
    """End the running contraction at ``now`` (or at ``ended_at``, the fix for a forgotten stop)
    and store the optional intensity, location and note.

    Raises ``NotFound`` when none is running (stopped on another device), ``ForgottenStop`` when
    it would last more than ``MAX_CONTRACTION_S``, ``InvalidEntry`` for a bad code or an end
    not after the start."""
    current = running(engine=engine, profile=profile)
    if current is None:
        raise NotFound("no contraction is running (was it stopped on another device?)")
    end = now if ended_at is None else ended_at
    length_s = (end - current.started_at).total_seconds()
    if length_s > MAX_CONTRACTION_S:
        raise ForgottenStop(
            Problem(
                journal.FIELD_LABELS["ended_at"],
                f"this contraction would last {format_duration_s(length_s)}, longer than "
                f"{MAX_CONTRACTION_S // 60} minutes: you may have forgotten to stop it. "
                "Set the end time to when it really ended, or delete it",
                name="ended_at",
            ),
            contraction=current,
            length_s=length_s,
            suggested_end=_suggested_end(engine, profile, current),
        )
    changes: dict[str, Any] = {"ended_at": end}
    if intensity is not None:
        changes["intensity"] = intensity
    if location is not None:
        changes["location"] = location
    if note:
        changes["note"] = note
    return journal.update_entry(
        engine=engine,
        kind=KIND,
        profile_id=profile.id,
        entry_id=current.id,
        changes=changes,
        now=now,
        tz_name=profile.timezone,
    )


def _suggested_end(engine: Engine, profile: ProfileRead, current: ContractionRead) -> datetime:
    """Start + the median of the recent finished durations (``SUGGESTED_DURATION_S`` if none)."""
    recent = contractions(
        engine, profile, end=current.started_at, newest_first=True, limit=SUGGESTION_SAMPLE
    )
    lengths = [c.duration_s for c in recent if c.duration_s is not None]
    typical = statistics.median(lengths) if lengths else SUGGESTED_DURATION_S
    return current.started_at + timedelta(seconds=round(typical))


def add_missed(
    *,
    engine: Engine,
    profile: ProfileRead,
    started_at: datetime,
    duration_s: float,
    now: datetime,
    intensity: str | None = None,
    location: str | None = None,
    note: str = "",
) -> ContractionRead:
    """Store a contraction added by hand (start and duration). Refused with ``OverlapError``
    when it overlaps a stored one, ``InvalidEntry`` when it is in the future, not longer than
    0 s or longer than ``MAX_CONTRACTION_S``."""
    if duration_s <= 0:
        raise InvalidEntry.single("Duration", "must be more than 0 seconds", name="duration_s")
    values = {
        "started_at": started_at,
        "ended_at": started_at + timedelta(seconds=duration_s),
        "intensity": intensity,
        "location": location,
        "note": note,
    }
    return journal.log_entry(
        engine=engine,
        kind=KIND,
        profile_id=profile.id,
        values=values,
        now=now,
        tz_name=profile.timezone,
    )


def timer_state(*, engine: Engine, profile: ProfileRead, now: datetime) -> TimerState:
    """What the timer shows, from one indexed query (the three newest starts).

    A running contraction is always the newest start (nothing may start while it runs, and
    nothing may overlap it), so it is among them."""
    newest = contractions(engine, profile, newest_first=True, limit=3)
    if not newest:
        return TimerState(now, None, None, None, None)
    current = newest[0] if newest[0].ended_at is None else None
    finished = newest[1:] if current else newest
    last = finished[0] if finished else None
    before = finished[1] if len(finished) > 1 else None
    gap = None
    if last is not None and before is not None:
        gap = (last.started_at - before.started_at).total_seconds()
    return TimerState(
        now=now,
        running=current,
        last=last,
        last_interval_s=gap if gap is not None and gap <= SESSION_GAP_S else None,
        latest_start=newest[0].started_at,
    )


def latest_session_contractions(*, engine: Engine, profile: ProfileRead) -> LabourSession | None:
    """The latest session (labour), read with range queries a day at a time, not the whole
    history: reading stops at a start more than ``SESSION_GAP_S`` before the session's first
    (or at the first contraction ever)."""
    newest = contractions(engine, profile, newest_first=True, limit=1)
    if not newest:
        return None
    since = newest[0].started_at - SESSION_LOAD_STEP
    rows = contractions(engine, profile, start=since)
    while True:
        session = latest_session(rows)
        assert session is not None  # the newest contraction is in range
        if session.count < len(rows):
            return session  # an earlier start, more than SESSION_GAP_S before, is in range
        before = contractions(engine, profile, end=since, newest_first=True, limit=1)
        if not before or _gap_s(before[0].started_at, session.started_at) > SESSION_GAP_S:
            return session
        earlier = session.started_at - SESSION_LOAD_STEP
        rows = contractions(engine, profile, start=earlier, end=since) + rows
        since = earlier


def _gap_s(earlier: datetime, later: datetime) -> float:
    return (later - earlier).total_seconds()


def contractions(engine: Engine, profile: ProfileRead, **query: Any) -> list[ContractionRead]:
    """``crud.list_entries`` of this profile's contractions (``start``, ``end``, ``limit``…)."""
    rows = crud.list_entries(engine=engine, kind=KIND, profile_id=profile.id, **query)
    return [row for row in rows if isinstance(row, ContractionRead)]


def session_events(
    *, engine: Engine, profile: ProfileRead, session: LabourSession, now: datetime
) -> list[EventRead]:
    """The pregnancy events (waters, bleeding…) the share text lists with ``session``: from
    ``EVENTS_BEFORE_SESSION`` before its first start until ``now``, oldest first (one indexed
    range query)."""
    rows = crud.list_entries(
        engine=engine,
        kind=EntryKind.EVENTS,
        profile_id=profile.id,
        start=session.started_at - EVENTS_BEFORE_SESSION,
    )
    return events_around((r for r in rows if isinstance(r, EventRead)), session, now)
