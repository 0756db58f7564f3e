"""What the pages read often, cached as plain values per (database, profile, data version,
minute), so a rerun that changes nothing costs one small query instead of a diary's evaluation.

The data version (``tracker.entries.store.data_version``) changes inside every write, by this
process, another server process or the command line, so a cached value is never older than the
diary it came from. The minute is in the key where "now" matters (flags age, windows slide); the
first rerun of a minute computes with its own exact ``now``, so an entry saved at 07:45:30 is
part of what is computed at 07:45:30. Values are ``Flag``s and plain dataclasses (pickled by
``st.cache_data``), never ORM rows.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

import streamlit as st
from sqlalchemy.engine import Engine

from tracker.core.models import ProfileRead
from tracker.entries.pregnancy import shows_pregnancy as _shows_pregnancy
from tracker.entries.store import data_version
from tracker.flags import service
from tracker.flags.model import Flag, Severity
from tracker.ui.context import PageContext

MAX_ENTRIES = 64
"""Per cached function: several profiles, tabs and minutes, bounded memory."""

Key = tuple[str, int, int, str]


def minute(now: datetime) -> str:
    return now.replace(second=0, microsecond=0).isoformat()


def key(ctx: PageContext, version: int | None = None) -> Key:
    """(database, profile, data version, minute): what a cached value depends on."""
    database = ctx.engine.url.render_as_string(hide_password=True)
    version = ctx.data_version if version is None else version
    return (database, ctx.profile.id, version, minute(ctx.now))


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def _alert_flags(key: Key, _engine: Engine, _profile: ProfileRead, _now: datetime) -> list[Flag]:
    return service.alert_flags(_engine, _profile, _now)


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def _emergencies(key: Key, _engine: Engine, _profile: ProfileRead, _now: datetime) -> list[Flag]:
    return service.unacknowledged_emergencies(_engine, _profile, _now)


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def _flag_groups(
    key: Key,
    days: int,
    severities: tuple[Severity, ...],
    _engine: Engine,
    _profile: ProfileRead,
    _now: datetime,
) -> list[service.FlagGroup]:
    return service.flag_groups(_engine, _profile, _now, days, severities=severities)


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def _pregnancy_urgent(
    key: Key, _engine: Engine, _profile: ProfileRead, _now: datetime
) -> list[Flag]:
    return service.unacknowledged_pregnancy_urgent(_engine, _profile, _now)


def unacknowledged_pregnancy_urgent(ctx: PageContext) -> list[Flag]:
    """Urgent pregnancy flags for the top of every page (``service`` of the same name)."""
    if ctx.profile.due_date is None:
        return []
    return _pregnancy_urgent(key(ctx), ctx.engine, ctx.profile, ctx.now)


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def _pregnancy_menu(key: Key, _engine: Engine, _profile: ProfileRead) -> bool:
    return _shows_pregnancy(_engine, _profile)


def shows_pregnancy(ctx: PageContext) -> bool:
    """Whether the menu offers the pregnancy pages (``entries.pregnancy.shows_pregnancy``)."""
    return _pregnancy_menu(key(ctx), ctx.engine, ctx.profile)


def alert_flags(ctx: PageContext, *, after_write: bool = False) -> list[Flag]:
    """Every urgent and emergency flag (``service.alert_flags``). ``after_write``: read the data
    version again (a save in this rerun changed it), so the rerun that follows the save finds
    this very value instead of evaluating the diary a second time."""
    version = data_version(ctx.engine, ctx.profile.id) if after_write else None
    return _alert_flags(key(ctx, version), ctx.engine, ctx.profile, ctx.now)


def unacknowledged_emergencies(ctx: PageContext) -> list[Flag]:
    """The banner's flags (``service.unacknowledged_emergencies``)."""
    return _emergencies(key(ctx), ctx.engine, ctx.profile, ctx.now)


def flag_groups(
    ctx: PageContext, days: int, severities: Collection[Severity]
) -> list[service.FlagGroup]:
    """The Flags page's listing (``service.flag_groups``)."""
    wanted = tuple(sorted(severities, key=lambda s: s.rank))
    return _flag_groups(key(ctx), days, wanted, ctx.engine, ctx.profile, ctx.now)
