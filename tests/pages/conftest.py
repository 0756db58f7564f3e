"""Page tests: the real app script in AppTest against a real temp SQLite database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from db.migrate import open_database
from tracker.core.models import ProfileRead
from tracker.entries.profile import ensure_profile
from tracker.ui.clock import NOW_ENV
from tracker.ui.welcome import DISMISSED_KEY

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT_S = 30


@pytest.fixture(autouse=True)
def _real_page_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages read the real clock unless a test pins it (``pin_clock``, ``page_now``)."""
    monkeypatch.delenv(NOW_ENV, raising=False)


@pytest.fixture
def pin_clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime], datetime]:
    """``pin_clock(moment)``: every page run from then on reads ``moment`` as now (through
    ``TRACKER_NOW``, as ``tracker.ui.clock`` does), until the test ends; returns ``moment``.
    Call it again to move the clock (an hour later, the next morning)."""

    def _pin(moment: datetime) -> datetime:
        assert moment.tzinfo is not None, "pin an aware instant"
        monkeypatch.setenv(NOW_ENV, moment.isoformat())
        return moment

    return _pin


@pytest.fixture
def page_now(pin_clock: Callable[[datetime], datetime], now: datetime) -> datetime:
    """The pages' clock pinned to ``NOW`` of tests/conftest.py (21:40 UTC, 21:40 in London)."""
    return pin_clock(now)


@pytest.fixture
def db_url(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("TRACKER_DATABASE_URL", sqlite_url)
    monkeypatch.delenv("TRACKER_PROFILE", raising=False)
    return sqlite_url


@pytest.fixture
def db(db_url: str) -> Engine:
    """The same database the app uses, for arranging rows and checking what was stored."""
    return open_database(db_url)


@pytest.fixture
def app_profile(db: Engine, now) -> ProfileRead:  # type: ignore[no-untyped-def]
    return ensure_profile(engine=db, now=now, timezone="Europe/London")


@pytest.fixture
def open_page(db_url: str) -> Callable[[str], AppTest]:
    """``open_page("pages/cramps.py")`` runs app.py once, then switches to that page."""

    def _open(path: str = "app.py") -> AppTest:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
        at.context = {"timezone": "Europe/London"}
        at.session_state[DISMISSED_KEY] = True  # past the first-run welcome (test_welcome.py)
        at.run()
        assert not at.exception, at.exception
        if path != "app.py":
            at.switch_page(path).run()
            assert not at.exception, at.exception
        return at

    return _open


Deferred = dict[str, tuple[Callable[[], Any], str | None]]


@pytest.fixture
def deferred(monkeypatch: pytest.MonkeyPatch) -> Deferred:
    """What each download button would make when clicked: file id → (function, file name)."""
    stored: Deferred = {}
    original = MediaFileManager.add_deferred

    def spy(self: Any, data_callable: Any, mimetype: Any, coordinates: Any, file_name: Any = None,
            **kwargs: Any) -> str:  # fmt: skip
        file_id = original(self, data_callable, mimetype, coordinates, file_name, **kwargs)
        stored[file_id] = (data_callable, file_name)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return stored


def clicked(at: AppTest, deferred: Deferred, key: str) -> tuple[bytes, str | None]:
    """The bytes and file name the browser gets when the download button ``key`` is clicked."""
    make, name = deferred[at.download_button(key=key).proto.deferred_file_id]
    return make(), name
