"""The frame: nothing of the diary on a non-loopback address; a plain message, never a traceback."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from db import crud
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.serving import UNEXPECTED_ERROR

from .conftest import APP, TIMEOUT_S


@pytest.fixture
def server_address() -> Iterator[None]:
    before = st_config.get_option("server.address")
    yield
    st_config.set_option("server.address", before)


@pytest.mark.parametrize("address", ["0.0.0.0", "", "192.168.1.20"])
def test_an_open_address_shows_the_refusal_and_nothing_of_the_diary(
    address: str,
    server_address: None,
    db: Engine,
    app_profile: ProfileRead,
    now,  # type: ignore[no-untyped-def]
    caplog: pytest.LogCaptureFixture,
) -> None:
    crud.create_entry(
        engine=db,
        kind=EntryKind.HYDRATION,
        profile_id=app_profile.id,
        values={"taken_at": now, "volume_ml": 250, "beverage": "water", "note": "secret"},
        now=now,
    )
    st_config.set_option("server.address", address)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    at.run()
    assert not at.exception
    assert len(at.error) == 1
    assert "will not serve your diary" in at.error[0].value
    assert "ssh -N -L" in at.error[0].value
    assert not at.title  # the page body never ran
    assert not at.dataframe
    assert not at.button
    assert "refused to serve the diary" in caplog.text


def test_an_unexpected_error_is_a_plain_message_and_a_log_without_health_data(
    open_page,  # type: ignore[no-untyped-def]
    app_profile: ProfileRead,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    at = open_page("app.py")
    typed = "calf " + "cramp at 3 a.m."  # what a person typed, only known at run time

    def broken_summary(**_: object) -> None:
        raise RuntimeError(f"note {typed!r}")

    monkeypatch.setattr("tracker.entries.today.day_summary", broken_summary)
    with caplog.at_level(logging.ERROR, logger="tracker.ui"):
        at.run()
    assert not at.exception  # no traceback reaches the browser
    assert [e.value for e in at.error] == [UNEXPECTED_ERROR]
    assert "RuntimeError (message withheld)" in caplog.text
    assert "broken_summary" in caplog.text
    assert "calf cramp" not in caplog.text
    assert at.caption[-1].value.startswith("Cramp Tracker is a diary")  # the frame's footer
