"""The demo profile behind the welcome's "Try with demo data": a separate profile beside the
person's, filled by ``demo.fill``, that the person can look around in and delete.

The person's own profile is never written to here. The demo's name is derived from the
person's (``demo_profile_name``) and always differs from it; a profile of that name is only
treated as the demo when it carries ``DEMO_DISPLAY_NAME`` (set when the demo is made), so a
real diary that happens to have the name is neither shown as the demo nor deleted.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from sqlalchemy.engine import Engine

from db import crud
from tracker.core.errors import Conflict
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.entries.profile import ensure_profile, update_profile
from tracker.files import backup, demo

DEMO_SUFFIX: Final = " (demo)"
"""Added to the person's profile name to name their demo profile."""

DEMO_DISPLAY_NAME: Final = "Demo data"
"""The demo profile's display name (the menu shows it); also what marks a profile as a demo."""

DEMO_DAYS: Final = 90
"""Local days of made-up diary in a demo: enough for every chart and the factors."""

NAME_MAX: Final = 60
"""Longest profile name (``ProfileCreate.name``)."""


def demo_profile_name(own: str) -> str:
    """The demo profile's name for the person whose profile is named ``own``: never ``own``."""
    base = own[: NAME_MAX - len(DEMO_SUFFIX)]
    name = base + DEMO_SUFFIX
    if name == own:  # ``own`` is itself a long name ending in the suffix
        base = base[:-1] + ("_" if base[-1:] != "_" else "-")
        name = base + DEMO_SUFFIX
    return name


def diary_is_empty(*, engine: Engine, profile: ProfileRead) -> bool:
    """No entry of any kind (a cabinet alone does not count: it is step 2 of the welcome)."""
    return not any(
        crud.list_entries(engine=engine, kind=kind, profile_id=profile.id, limit=1)
        for kind in EntryKind
    )


def find_demo(*, engine: Engine, own_name: str, account: str = "") -> ProfileRead | None:
    """The person's demo profile, if one was made (and not deleted); ``account`` owns both."""
    found = crud.get_profile(engine=engine, name=demo_profile_name(own_name), account=account)
    if found is None or found.display_name != DEMO_DISPLAY_NAME:
        return None
    return found


def start_demo(
    *, engine: Engine, own: ProfileRead, now: datetime, pregnant: bool = False
) -> ProfileRead:
    """The person's demo profile, made and filled with ``DEMO_DAYS`` of made-up diary (in the
    person's time zone and units) unless it already holds one; ``pregnant`` applies when it is
    filled. ``Conflict`` when a profile of the demo's name holds a diary that is not a demo."""
    name = demo_profile_name(own.name)
    found = crud.get_profile(engine=engine, name=name, account=own.account)
    if found is not None and found.display_name == DEMO_DISPLAY_NAME:
        if not diary_is_empty(engine=engine, profile=found):
            return found
    elif found is not None and not _unused(engine, found):
        raise Conflict(
            f"a profile named {name!r} already holds a diary that is not demo data; the demo "
            "is not made there"
        )
    made = found or ensure_profile(
        engine=engine, name=name, now=now, timezone=own.timezone, account=own.account
    )
    made = update_profile(
        engine=engine,
        profile=made,
        changes={
            "display_name": DEMO_DISPLAY_NAME,
            "timezone": own.timezone,
            "units": own.units,
        },
        now=now,
    )
    demo.fill(engine=engine, profile=made, days=DEMO_DAYS, pregnant=pregnant, now=now)
    stored = crud.get_profile(engine=engine, name=name, account=own.account)
    assert stored is not None
    return stored


def delete_demo(*, engine: Engine, own_name: str, account: str = "") -> int:
    """Delete the person's demo profile and everything in it; how many rows went (0 when there
    is no demo). An empty profile of the demo's name goes too (a session still looking at a
    demo deleted in another tab makes one). ``Conflict`` when the demo's name belongs to a
    diary that is not a demo."""
    name = demo_profile_name(own_name)
    found = crud.get_profile(engine=engine, name=name, account=account)
    if found is None:
        return 0
    if found.display_name != DEMO_DISPLAY_NAME and not _unused(engine, found):
        raise Conflict(f"the profile named {name!r} is not demo data; it is not deleted")
    return backup.delete_profile_data(engine=engine, profile=found, confirm=name).rows


def _unused(engine: Engine, profile: ProfileRead) -> bool:
    return diary_is_empty(engine=engine, profile=profile) and not crud.list_products(
        engine=engine, profile_id=profile.id
    )
