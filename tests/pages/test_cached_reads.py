"""The pages' cached reads (``tracker.ui.cached``): a rerun that changes nothing evaluates no
rule, a save evaluates the alert rules once (the rerun after it reuses that), and a write made
elsewhere (another server process, the command line: here, straight through the domain) is seen
on the next rerun because it changed the data version in the database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.entries.journal import log_entry
from tracker.flags import service

OpenPage = Callable[..., AppTest]


@pytest.fixture
def evaluations(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the flag service's evaluations run, in order (the real ones run)."""
    calls: list[str] = []
    for name in ("alert_flags", "unacknowledged_emergencies", "flag_groups"):
        real = getattr(service, name)

        def counting(*args: object, _real=real, _name=name, **kwargs: object) -> object:  # type: ignore[no-untyped-def]
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(service, name, counting)
    yield calls


def long_cramp(db: Engine, profile: ProfileRead, at: datetime) -> None:
    """A 15-minute calf cramp: rule L1 (urgent)."""
    log_entry(
        engine=db,
        kind=EntryKind.CRAMPS,
        profile_id=profile.id,
        values={
            "started_at": at,
            "duration_min": 15,
            "region": "calf",
            "side": "left",
            "intensity": 6,
            "quality": "cramp",
        },
        now=at,
    )


def test_a_rerun_with_nothing_written_evaluates_nothing(
    open_page: OpenPage,
    db: Engine,
    app_profile: ProfileRead,
    page_now: datetime,
    evaluations: list[str],
) -> None:
    at = open_page()
    assert evaluations == ["unacknowledged_emergencies", "alert_flags"]
    evaluations.clear()

    at.run()
    at.run()

    assert not at.exception
    assert evaluations == []


def test_a_one_tap_drink_evaluates_the_alert_rules_once_for_the_save_and_its_rerun(
    open_page: OpenPage,
    db: Engine,
    app_profile: ProfileRead,
    page_now: datetime,
    evaluations: list[str],
) -> None:
    at = open_page()
    evaluations.clear()

    at.button(key="quick_drink_250").click().run()

    assert at.success[0].value.startswith("Logged 250 ml of water at")
    assert evaluations.count("alert_flags") == 1
    assert evaluations.count("unacknowledged_emergencies") == 1  # the banner, new version


def test_a_write_made_elsewhere_is_seen_on_the_next_rerun(
    open_page: OpenPage,
    db: Engine,
    app_profile: ProfileRead,
    page_now: datetime,
    evaluations: list[str],
) -> None:
    at = open_page()
    assert not at.warning

    long_cramp(db, app_profile, page_now - timedelta(minutes=20))
    at.run()

    assert evaluations.count("alert_flags") == 2
    assert len(at.warning) == 1  # the orange box of rule L1, on Today


def test_the_flags_page_lists_again_only_after_a_write_or_a_new_window(
    open_page: OpenPage,
    db: Engine,
    app_profile: ProfileRead,
    page_now: datetime,
    evaluations: list[str],
) -> None:
    long_cramp(db, app_profile, page_now - timedelta(hours=2))
    at = open_page("pages/flags.py")
    assert "rule L1" in " ".join(c.value for c in at.caption)
    listed = evaluations.count("flag_groups")

    at.run()
    assert evaluations.count("flag_groups") == listed

    at.selectbox(key="flags_days").set_value(30).run()
    assert evaluations.count("flag_groups") == listed + 1
    long_cramp(db, app_profile, page_now - timedelta(hours=1))
    at.run()
    assert evaluations.count("flag_groups") == listed + 2
    assert "2 times in the last 30 days · rule L1" in " ".join(c.value for c in at.caption)
