"""The demo profile of the welcome: a separate profile beside the person's, never theirs."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy.engine import Engine

from db import crud
from tracker.core.errors import Conflict
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.entries.journal import log_entry
from tracker.entries.profile import ensure_profile, update_profile
from tracker.files import demo_profile


def entries(engine: Engine, profile: ProfileRead) -> int:
    return sum(
        crud.count_entries(engine=engine, kind=kind, profile_id=profile.id) for kind in EntryKind
    )


@pytest.mark.parametrize("own", ["default", "Demo", "x (demo)", "a" * 60, "a" * 53 + " (demo)"])
def test_the_demo_name_is_never_the_persons_own(own: str) -> None:
    name = demo_profile.demo_profile_name(own)
    assert name != own
    assert 1 <= len(name) <= 60
    assert demo_profile.demo_profile_name(own) == name  # the same person, the same demo


def test_the_demo_fills_a_separate_profile_and_leaves_the_persons_empty(
    any_engine: Engine, now: datetime
) -> None:
    own = ensure_profile(engine=any_engine, now=now, timezone="Europe/Berlin")
    own = update_profile(
        engine=any_engine, profile=own, changes={"sex": "male", "display_name": "Sam"}, now=now
    )
    assert demo_profile.diary_is_empty(engine=any_engine, profile=own)

    made = demo_profile.start_demo(engine=any_engine, own=own, now=now)

    assert made.name == demo_profile.demo_profile_name(own.name) and made.id != own.id
    assert made.timezone == "Europe/Berlin"  # the person's days, so the demo reads like theirs
    assert made.display_name == demo_profile.DEMO_DISPLAY_NAME
    assert entries(any_engine, made) > 100
    assert crud.list_products(engine=any_engine, profile_id=made.id)
    after = crud.get_profile(engine=any_engine, name=own.name)
    assert after == own  # not a field of the person's profile changed
    assert entries(any_engine, own) == 0
    assert crud.list_products(engine=any_engine, profile_id=own.id) == []
    assert demo_profile.diary_is_empty(engine=any_engine, profile=own)
    assert not demo_profile.diary_is_empty(engine=any_engine, profile=made)


def test_trying_again_opens_the_same_demo_without_filling_it_twice(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    first = demo_profile.start_demo(engine=engine, own=profile, now=now)
    count = entries(engine, first)
    again = demo_profile.start_demo(engine=engine, own=profile, now=now)
    assert again.id == first.id and entries(engine, again) == count
    assert demo_profile.find_demo(engine=engine, own_name=profile.name) == again


def test_a_pregnant_demo_has_a_due_date_and_contractions(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    made = demo_profile.start_demo(engine=engine, own=profile, now=now, pregnant=True)
    assert isinstance(made.due_date, date)
    assert crud.count_entries(engine=engine, kind=EntryKind.CONTRACTIONS, profile_id=made.id)
    assert crud.get_profile(engine=engine, name=profile.name) == profile


def test_a_real_diary_under_the_demo_name_is_never_opened_as_the_demo(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    name = demo_profile.demo_profile_name(profile.name)
    other = ensure_profile(engine=engine, name=name, now=now, timezone="UTC")
    log_entry(
        engine=engine,
        kind=EntryKind.HYDRATION,
        profile_id=other.id,
        values={"taken_at": now, "volume_ml": 250, "beverage": "water"},
        now=now,
    )
    with pytest.raises(Conflict):
        demo_profile.start_demo(engine=engine, own=profile, now=now)
    assert demo_profile.find_demo(engine=engine, own_name=profile.name) is None
    with pytest.raises(Conflict):
        demo_profile.delete_demo(engine=engine, own_name=profile.name)
    assert entries(engine, other) == 1


def test_deleting_the_demo_removes_it_and_nothing_of_the_persons(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    log_entry(
        engine=engine,
        kind=EntryKind.HYDRATION,
        profile_id=profile.id,
        values={"taken_at": now, "volume_ml": 250, "beverage": "water"},
        now=now,
    )
    made = demo_profile.start_demo(engine=engine, own=profile, now=now)
    assert demo_profile.delete_demo(engine=engine, own_name=profile.name) > 100
    assert crud.get_profile(engine=engine, name=made.name) is None
    assert demo_profile.find_demo(engine=engine, own_name=profile.name) is None
    assert entries(engine, profile) == 1
    assert demo_profile.delete_demo(engine=engine, own_name=profile.name) == 0  # nothing left


def test_an_empty_profile_under_the_demo_name_is_deleted_with_the_demo(
    engine: Engine, profile: ProfileRead, now: datetime
) -> None:
    """A session still looking at a demo deleted in another tab makes an empty one."""
    name = demo_profile.demo_profile_name(profile.name)
    ensure_profile(engine=engine, name=name, now=now, timezone="UTC")
    assert demo_profile.delete_demo(engine=engine, own_name=profile.name) == 1
    assert crud.get_profile(engine=engine, name=name) is None
    assert crud.get_profile(engine=engine, name=profile.name) == profile
