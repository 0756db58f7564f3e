"""The Insights pages' reads, cached per (database, profile, data version, range).

``st.cache_data`` keeps plain ``DiaryFrames`` (DataFrames in a dataclass), never ORM rows; the
data version changes inside every write (``tracker.ui.cached``), so a cached range is never
older than the diary. The open flags depend on "now" too, so their key adds the minute.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import streamlit as st
from sqlalchemy.engine import Engine

from tracker.core.models import ProfileRead
from tracker.core.timeutil import local_day_bounds
from tracker.insights.dashboard import ROLLING_DAYS, open_flag_counts
from tracker.insights.frames import DiaryFrames, load_frames
from tracker.ui.cached import MAX_ENTRIES, minute
from tracker.ui.context import PageContext

DiaryKey = tuple[str, int, int]


def diary_key(ctx: PageContext) -> DiaryKey:
    """(database, profile, data version): what a range's frames depend on."""
    return (ctx.engine.url.render_as_string(hide_password=True), ctx.profile.id, ctx.data_version)


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def frames_for(
    key: DiaryKey, first: date, last: date, _engine: Engine, _profile: ProfileRead
) -> DiaryFrames:
    """The cached read behind ``frames`` (for the cached views, which hold the key)."""
    return load_frames(engine=_engine, profile=_profile, first=first, last=last)


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def _open_flags(
    key: DiaryKey, moment: str, days: int, _engine: Engine, _profile: ProfileRead, _at: datetime
) -> dict[str, int]:
    return open_flag_counts(engine=_engine, profile=_profile, now=_at, windows=[days])[days]


def frames(ctx: PageContext, first: date, last: date) -> DiaryFrames:
    """The diary of the local days ``first``..``last`` (``tracker.insights.frames``)."""
    return frames_for(diary_key(ctx), first, last, ctx.engine, ctx.profile)


def frames_with_lead(ctx: PageContext, first: date, last: date) -> DiaryFrames:
    """As ``frames``, starting ``ROLLING_DAYS - 1`` days earlier: a rolling average on the
    range's first day then includes the days before it."""
    return frames(ctx, first - timedelta(days=ROLLING_DAYS - 1), last)


def open_flags(ctx: PageContext, last: date, days: int) -> dict[str, int]:
    """Unacknowledged flags first met in the ``days`` before the end of ``last`` (or now, if
    earlier), by severity: as ``insights --json`` counts them."""
    at = min(ctx.now, local_day_bounds(last, ctx.tz)[1])
    return _open_flags(diary_key(ctx), minute(at), days, ctx.engine, ctx.profile, at)
