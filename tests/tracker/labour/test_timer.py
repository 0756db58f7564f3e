"""The contraction timer over a real SQLite file: one tap = one row, the running contraction
lives in the database, refusals name the fix, and the per-second state is one cheap query."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from db import crud
from db.migrate import open_database
from tracker.core.errors import ForgottenStop, InvalidEntry, NotFound, OverlapError, TrackerError
from tracker.core.kinds import EntryKind
from tracker.core.models import ContractionRead, ProfileRead
from tracker.entries import journal
from tracker.entries.profile import ensure_profile
from tracker.files import csvio
from tracker.labour import timer

S = timedelta(seconds=1)
M = timedelta(minutes=1)


def stored(engine: Engine, profile: ProfileRead) -> list[ContractionRead]:
    rows = crud.list_entries(engine=engine, kind=EntryKind.CONTRACTIONS, profile_id=profile.id)
    return [r for r in rows if isinstance(r, ContractionRead)]


def timed(
    engine: Engine, profile: ProfileRead, start: datetime, length_s: float
) -> ContractionRead:
    """Start at ``start`` and stop ``length_s`` later, as two taps."""
    timer.start(engine=engine, profile=profile, now=start)
    return timer.stop(engine=engine, profile=profile, now=start + timedelta(seconds=length_s))


@contextmanager
def selects(engine: Engine) -> Iterator[list[str]]:
    """The SELECT statements run on ``engine`` inside the block."""
    seen: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


# --- start and stop ----------------------------------------------------------------------------


def test_start_stores_one_row_with_no_end_and_stop_ends_it(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    started = timer.start(engine=engine, profile=profile, now=now)
    assert started.ended_at is None
    assert timer.running(engine=engine, profile=profile) == started
    done = timer.stop(
        engine=engine,
        profile=profile,
        now=now + 65 * S,
        intensity="strong",
        location="back",
        note="  with the partner  ",
    )
    assert (done.id, done.duration_s, done.intensity, done.location, done.note) == (
        started.id,
        65,
        "strong",
        "back",
        "with the partner",
    )
    assert timer.running(engine=engine, profile=profile) is None
    assert stored(engine, profile) == [done]


def test_start_while_one_is_running_is_refused_and_writes_nothing(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    timer.start(engine=engine, profile=profile, now=now)
    with pytest.raises(OverlapError, match=r"started at 21:40:00 is still running: stop it first"):
        timer.start(engine=engine, profile=profile, now=now + 30 * S)
    assert len(stored(engine, profile)) == 1


def test_two_devices_starting_at_once_get_the_same_clear_refusal(
    engine: Engine, profile: ProfileRead, now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    timer.start(engine=engine, profile=profile, now=now)
    # The second device checked before the first one's row existed: only the index stops it.
    monkeypatch.setattr(crud, "contractions_near", lambda **_: [])
    with pytest.raises(OverlapError, match=r"still running \(started on another device\?\)"):
        timer.start(engine=engine, profile=profile, now=now + S)
    assert len(stored(engine, profile)) == 1


def test_start_inside_a_stored_contraction_is_refused(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    timer.add_missed(
        engine=engine, profile=profile, started_at=now - 30 * S, duration_s=60, now=now
    )
    with pytest.raises(OverlapError, match="overlap the contraction that started at 21:39:30"):
        timer.start(engine=engine, profile=profile, now=now)


def test_start_right_when_the_last_one_ended_is_allowed(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    first = timed(engine, profile, now, 60)
    second = timer.start(engine=engine, profile=profile, now=first.ended_at or now)
    assert second.started_at == first.ended_at


def test_stop_with_nothing_running_is_refused(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    with pytest.raises(NotFound, match="no contraction is running"):
        timer.stop(engine=engine, profile=profile, now=now)


@pytest.mark.parametrize(
    ("intensity", "location"), [("unbearable", None), (None, "side"), ("", "front")]
)
def test_stop_with_a_bad_code_is_refused_and_keeps_it_running(
    engine: Engine, profile: ProfileRead, now: datetime, intensity: str | None, location: str | None
) -> None:
    timer.start(engine=engine, profile=profile, now=now)
    if intensity == "":  # blank means "not given"
        done = timer.stop(
            engine=engine, profile=profile, now=now + M, intensity=intensity, location=location
        )
        assert (done.intensity, done.location) == (None, "front")
        return
    with pytest.raises(InvalidEntry, match="not a known code"):
        timer.stop(
            engine=engine, profile=profile, now=now + M, intensity=intensity, location=location
        )
    assert timer.running(engine=engine, profile=profile) is not None


def test_a_ten_minute_contraction_is_accepted(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    assert timed(engine, profile, now, 600).duration_s == 600


def test_stopping_after_ten_minutes_and_one_second_offers_the_fix(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    for k, length in enumerate((50, 70, 64)):
        timed(engine, profile, now - (30 - 5 * k) * M, length)
    started = timer.start(engine=engine, profile=profile, now=now)
    with pytest.raises(ForgottenStop) as refused:
        timer.stop(engine=engine, profile=profile, now=now + 10 * M + S)
    err = refused.value
    assert isinstance(err, TrackerError)
    assert str(err) == (
        "End time: this contraction would last 10:01, longer than 10 minutes: you may have "
        "forgotten to stop it. Set the end time to when it really ended, or delete it"
    )
    assert err.problems[0].name == "ended_at"
    assert err.contraction == started
    assert err.length_s == 601
    assert err.suggested_end == now + 64 * S  # the median of the recent durations
    assert timer.running(engine=engine, profile=profile) == started  # nothing written
    fixed = timer.stop(
        engine=engine, profile=profile, now=now + 10 * M + S, ended_at=err.suggested_end
    )
    assert fixed.duration_s == 64
    assert timer.running(engine=engine, profile=profile) is None


def test_a_forgotten_stop_with_no_history_suggests_a_minute(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    timer.start(engine=engine, profile=profile, now=now)
    with pytest.raises(ForgottenStop) as refused:
        timer.stop(engine=engine, profile=profile, now=now + 3 * 60 * M)
    assert refused.value.suggested_end == now + M
    assert "3:00:00" in str(refused.value)


# --- missed contractions -----------------------------------------------------------------------


def test_add_a_missed_contraction_by_hand(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    added = timer.add_missed(
        engine=engine,
        profile=profile,
        started_at=now - 20 * M,
        duration_s=55,
        now=now,
        intensity="mild",
        note="in the shower",
    )
    assert (added.started_at, added.duration_s, added.intensity, added.note) == (
        now - 20 * M,
        55,
        "mild",
        "in the shower",
    )
    assert stored(engine, profile) == [added]


@pytest.mark.parametrize(
    ("start_offset", "length_s"),
    [(-M - S, 30), (-2 * M + 30 * S, 31), (-3 * M, 120), (-2 * M - 50 * S, 60)],
)
def test_a_missed_contraction_overlapping_another_is_refused(
    engine: Engine,
    profile: ProfileRead,
    now: datetime,
    start_offset: timedelta,
    length_s: float,
) -> None:
    existing = timed(engine, profile, now - 2 * M, 60)  # 21:38:00–21:39:00
    with pytest.raises(OverlapError, match=r"overlap the contraction that started at 21:38:00"):
        timer.add_missed(
            engine=engine,
            profile=profile,
            started_at=now + start_offset,
            duration_s=length_s,
            now=now,
        )
    assert stored(engine, profile) == [existing]


@pytest.mark.parametrize(("start_offset", "length_s"), [(-M, 30), (-2 * M - 30 * S, 30)])
def test_a_missed_contraction_touching_another_is_fine(
    engine: Engine,
    profile: ProfileRead,
    now: datetime,
    start_offset: timedelta,
    length_s: float,
) -> None:
    timed(engine, profile, now - 2 * M, 60)  # 21:38:00–21:39:00
    timer.add_missed(
        engine=engine, profile=profile, started_at=now + start_offset, duration_s=length_s, now=now
    )
    assert len(stored(engine, profile)) == 2


def test_a_missed_contraction_before_a_running_one_is_fine_but_not_after_it(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    timer.start(engine=engine, profile=profile, now=now - M)
    timer.add_missed(engine=engine, profile=profile, started_at=now - 6 * M, duration_s=60, now=now)
    with pytest.raises(OverlapError, match="still running"):
        timer.add_missed(
            engine=engine, profile=profile, started_at=now - 30 * S, duration_s=10, now=now
        )


@pytest.mark.parametrize(
    ("start_offset", "length_s", "message"),
    [
        (-20 * M, 0, "Duration: must be more than 0 seconds"),
        (-20 * M, 601, "longer than 10: probably a forgotten stop"),
        (10 * M, 60, "is in the future"),
    ],
)
def test_a_missed_contraction_that_cannot_be_right_is_refused(
    engine: Engine,
    profile: ProfileRead,
    now: datetime,
    start_offset: timedelta,
    length_s: float,
    message: str,
) -> None:
    with pytest.raises(InvalidEntry, match=message):
        timer.add_missed(
            engine=engine,
            profile=profile,
            started_at=now + start_offset,
            duration_s=length_s,
            now=now,
        )
    assert stored(engine, profile) == []


# --- what the page shows -----------------------------------------------------------------------


def test_timer_state_with_nothing_timed(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    state = timer.timer_state(engine=engine, profile=profile, now=now)
    assert (state.is_running, state.elapsed_s, state.last, state.since_last_start_s) == (
        False,
        None,
        None,
        None,
    )
    assert state.button_label == "Start contraction"


def test_timer_state_running_and_after_a_stop(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    timed(engine, profile, now - 9 * M, 50)
    timed(engine, profile, now - 4 * M - 30 * S, 62)
    timer.start(engine=engine, profile=profile, now=now)
    state = timer.timer_state(engine=engine, profile=profile, now=now + 41 * S)
    assert state.is_running and state.button_label == "Stop contraction"
    assert state.running_since == now
    assert state.elapsed_s == 41
    assert state.last_duration_s == 62
    assert state.last_interval_s == 270
    assert state.running_interval_s == 270
    assert state.since_last_start_s == 41
    assert not state.probably_forgotten

    timer.stop(engine=engine, profile=profile, now=now + 58 * S)
    state = timer.timer_state(engine=engine, profile=profile, now=now + 3 * M)
    assert not state.is_running and state.elapsed_s is None
    assert (state.last_duration_s, state.last_interval_s) == (58, 270)
    assert state.since_last_start_s == 180


def test_timer_state_flags_a_probably_forgotten_stop_and_skips_a_session_gap(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    timed(engine, profile, now - 5 * 60 * M, 60)
    timer.start(engine=engine, profile=profile, now=now)
    state = timer.timer_state(engine=engine, profile=profile, now=now + 10 * M + S)
    assert state.probably_forgotten
    assert state.running_interval_s is None  # the one before belongs to another session
    assert state.last_duration_s == 60


def test_a_reload_or_another_device_still_sees_it_running(sqlite_url: str, now: datetime) -> None:
    first = open_database(sqlite_url)
    profile = ensure_profile(engine=first, now=now, timezone="Europe/London")
    started = timer.start(engine=first, profile=profile, now=now)
    first.dispose()  # the server restarts; the tab reloads

    again = open_database(sqlite_url)
    try:
        same = ensure_profile(engine=again, now=now + M)
        state = timer.timer_state(engine=again, profile=same, now=now + 75 * S)
        assert state.running == started
        assert state.elapsed_s == 75
        stopped = timer.stop(engine=again, profile=same, now=now + 80 * S)
        assert stopped.duration_s == 80
    finally:
        again.dispose()


def test_timer_state_is_one_select_whatever_the_history(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    for k in range(40, 0, -1):
        timed(engine, profile, now - k * 5 * M, 60)
    timer.start(engine=engine, profile=profile, now=now)
    with selects(engine) as seen:
        state = timer.timer_state(engine=engine, profile=profile, now=now + S)
    assert state.is_running
    assert len(seen) == 1
    assert "LIMIT" in seen[0].upper()
    plan = " ".join(
        str(row)
        for row in engine.connect()
        .exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT * FROM contraction WHERE profile_id = ? "
            "ORDER BY started_at DESC, id LIMIT 3",
            (profile.id,),
        )
        .all()
    )
    assert "ix_contraction_profile_started" in plan


# --- the session and its file ------------------------------------------------------------------


def test_latest_session_reads_back_only_as_far_as_the_last_gap(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    timed(engine, profile, now - 40 * 60 * M, 60)  # an old session, 2 h 1 min before the next
    # A long latent phase: one every 1 h 59 min for 30 hours, then 5 min apart.
    first = now - 38 * 60 * M + M
    starts = [first + k * (2 * 60 - 1) * M for k in range(16)]
    starts += [starts[-1] + k * 5 * M for k in range(1, 4)]
    for start in starts:
        timed(engine, profile, start, 45)
    session = timer.latest_session_contractions(engine=engine, profile=profile)
    assert session is not None
    assert [c.started_at for c in session.contractions] == starts
    assert timer.latest_session_contractions(engine=engine, profile=profile) == session


def test_latest_session_of_an_empty_diary_and_of_a_first_contraction(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    assert timer.latest_session_contractions(engine=engine, profile=profile) is None
    started = timer.start(engine=engine, profile=profile, now=now)
    session = timer.latest_session_contractions(engine=engine, profile=profile)
    assert session is not None and session.contractions == (started,)


def test_session_csv_is_our_contractions_format_for_that_session_only(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    timed(engine, profile, now - 5 * 60 * M, 60)  # another session
    timed(engine, profile, now - 5 * M, 61)
    timer.add_missed(
        engine=engine, profile=profile, started_at=now - M, duration_s=70, now=now, note="=sum"
    )
    timer.start(engine=engine, profile=profile, now=now + M)
    session = timer.latest_session_contractions(engine=engine, profile=profile)
    assert session is not None
    assert csvio.session_csv(engine=engine, profile=profile, session=session).splitlines() == [
        "started_at,ended_at,intensity,location,note",
        "2026-03-01T21:35:00+00:00,2026-03-01T21:36:01+00:00,,,",
        "2026-03-01T21:39:00+00:00,2026-03-01T21:40:10+00:00,,,'=sum",
        "2026-03-01T21:41:00+00:00,,,,",
    ]
    assert csvio.session_csv_name(session, profile.timezone) == "contractions-2026-03-01-2135.csv"


def test_session_events_are_those_from_a_day_before_the_session_until_now(
    any_engine: Engine, now: datetime
) -> None:
    # On SQLite and PostgreSQL: the range query's bounds, then the pure filter up to ``now``.
    engine = any_engine
    profile = ensure_profile(engine=engine, now=now, timezone="Europe/London")

    def log(at: datetime, kind: str, detail: str | None = None) -> None:
        values = {"occurred_at": at, "kind": kind, "detail": detail}
        journal.log_entry(
            engine=engine, kind=EntryKind.EVENTS, profile_id=profile.id, values=values, now=at
        )

    first = now - 50 * M
    timed(engine, profile, first, 60)
    timed(engine, profile, now - 10 * M, 65)
    log(first - 24 * 60 * M - S, "reduced_movement")  # a second too early
    log(first - 24 * 60 * M, "mucus_plug")  # exactly a day before: in
    log(first - 3 * 60 * M, "waters_broke", "clear")
    log(now - 20 * M, "bleeding", "spotting")
    session = timer.latest_session_contractions(engine=engine, profile=profile)
    assert session is not None
    found = timer.session_events(engine=engine, profile=profile, session=session, now=now)
    assert [(e.kind, e.detail) for e in found] == [
        ("mucus_plug", None),
        ("waters_broke", "clear"),
        ("bleeding", "spotting"),
    ]
    earlier = timer.session_events(
        engine=engine, profile=profile, session=session, now=now - 30 * M
    )
    assert [e.kind for e in earlier] == ["mucus_plug", "waters_broke"]
