"""Properties of the full backup (hypothesis): any truncation and any single-character edit of a
valid backup is refused and writes nothing; generated diaries go through export → restore →
export byte for byte."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from db import crud
from db.migrate import open_database
from tests.conftest import NOW
from tests.tracker.files.test_backup import seed_diary
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.core.thresholds import MAX_DRINK_ML
from tracker.core.vocabulary import Beverage
from tracker.entries import journal
from tracker.entries.profile import ensure_profile, update_profile
from tracker.files import demo
from tracker.files.backup import BackupRejected, backup_json, restore_json

_names = (f"p{n}" for n in itertools.count())


@pytest.fixture(scope="module")
def shared_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One database for all examples (a new one per example would cost a migration each)."""
    engine = open_database(f"sqlite:///{tmp_path_factory.mktemp('backup') / 'tracker.db'}")
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def valid(shared_engine: Engine) -> str:
    profile = ensure_profile(engine=shared_engine, now=NOW, timezone="Europe/London")
    return backup_json(shared_engine, seed_diary(shared_engine, profile, NOW))


def total_rows(engine: Engine) -> int:
    with engine.connect() as connection:
        return sum(
            int(connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())
            for table in ("profile", "cramp_episode", "hydration_entry", "intake", "product",
                          "contraction", "pregnancy_event", "flag_acknowledgement")
        )  # fmt: skip


def assert_refused(engine: Engine, text: str) -> None:
    before = total_rows(engine)
    with pytest.raises(BackupRejected):
        restore_json(engine=engine, text=text, profile_name="never", now=NOW)
    assert crud.get_profile(engine=engine, name="never") is None
    assert total_rows(engine) == before


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_any_truncation_is_refused_and_writes_nothing(
    shared_engine: Engine, valid: str, data: st.DataObject
) -> None:
    cut = data.draw(st.integers(0, len(valid) - 1), label="kept characters")
    assert_refused(shared_engine, valid[:cut])


@st.composite
def single_edits(draw: st.DrawFn, text: str) -> str:
    """``text`` with one character replaced, deleted or inserted."""
    position = draw(st.integers(0, len(text) - 1))
    how = draw(st.sampled_from(["replace", "delete", "insert"]))
    if how == "delete":
        return text[:position] + text[position + 1 :]
    character = draw(st.characters(codec="utf-8").filter(lambda c: c != text[position]))
    if how == "replace":
        return text[:position] + character + text[position + 1 :]
    return text[:position] + character + text[position:]


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_any_single_character_edit_is_refused_and_writes_nothing(
    shared_engine: Engine, valid: str, data: st.DataObject
) -> None:
    edited = data.draw(single_edits(valid), label="edited")
    assert edited != valid
    assert_refused(shared_engine, edited)


notes = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=30)
drinks = st.lists(
    st.fixed_dictionaries(
        {
            "taken_at": st.datetimes(
                min_value=datetime(1990, 1, 1),
                max_value=datetime(2026, 2, 1),
                timezones=st.just(UTC),
            ),
            "volume_ml": st.floats(min_value=0.001, max_value=MAX_DRINK_ML),
            "beverage": st.sampled_from(list(Beverage)),
            "note": notes,
        }
    ),
    max_size=6,
)


@settings(max_examples=20, deadline=None)
@given(
    days=st.integers(0, 4),
    seed=st.integers(0, 2**32),
    pregnant=st.booleans(),
    extra_drinks=drinks,
    display_name=st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
        max_size=60,
    ),
)
def test_generated_diaries_round_trip_byte_for_byte(
    shared_engine: Engine,
    days: int,
    seed: int,
    pregnant: bool,
    extra_drinks: list[dict[str, object]],
    display_name: str,
) -> None:
    profile: ProfileRead = ensure_profile(
        engine=shared_engine, name=next(_names), now=NOW, timezone="America/New_York"
    )
    if days:
        demo.fill(engine=shared_engine, profile=profile, days=days, seed=seed,
                  pregnant=pregnant, now=NOW)  # fmt: skip
    for drink in extra_drinks:
        journal.log_entry(
            engine=shared_engine,
            kind=EntryKind.HYDRATION,
            profile_id=profile.id,
            values=drink,
            now=NOW,
        )
    fresh = update_profile(
        engine=shared_engine, profile=profile, changes={"display_name": display_name}, now=NOW
    )
    text = backup_json(shared_engine, fresh)

    name = next(_names)
    restore_json(engine=shared_engine, text=text, profile_name=name, now=NOW)
    restored = crud.get_profile(engine=shared_engine, name=name)

    assert restored is not None
    assert backup_json(shared_engine, restored) == text
