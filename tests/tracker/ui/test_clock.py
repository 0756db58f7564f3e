"""``tracker.ui.clock.now``: the one clock every page reads. The real time, unless the server's
own environment fixes an instant (``TRACKER_NOW``, for tests); nothing a browser sends can."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tracker.core.errors import BadSetting, TrackerError
from tracker.ui import clock


def test_without_a_setting_it_is_the_real_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(clock.NOW_ENV, raising=False)
    before = datetime.now(UTC)
    read = clock.now()
    assert before <= read <= datetime.now(UTC)
    assert read.tzinfo is UTC


def test_a_blank_setting_is_the_real_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.NOW_ENV, "  ")
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(minutes=1)


@pytest.mark.parametrize(
    "given",
    ["2026-03-01T21:40:00+00:00", "2026-03-01T21:40:00Z", "2026-03-01T22:40:00+01:00"],
)
def test_a_fixed_instant_is_read_as_utc(given: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.NOW_ENV, given)
    read = clock.now()
    assert read == datetime(2026, 3, 1, 21, 40, tzinfo=UTC)
    assert read.tzinfo is UTC  # stored as UTC, whatever offset was written


def test_the_setting_is_read_at_each_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """An AppTest sets it per test with monkeypatch: nothing is cached between runs."""
    monkeypatch.setenv(clock.NOW_ENV, "2026-03-01T21:40:00+00:00")
    first = clock.now()
    monkeypatch.setenv(clock.NOW_ENV, "2026-03-02T03:15:00+00:00")
    assert clock.now() - first == timedelta(hours=5, minutes=35)


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("tomorrow", "not a date and time"),
        ("2026-03-01 21:40", "no UTC offset"),  # a local time: which zone?
        ("2026-02-30T21:40:00+00:00", "not a date and time"),
    ],
)
def test_a_malformed_setting_is_refused_naming_the_variable(
    given: str, reason: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(clock.NOW_ENV, given)
    with pytest.raises(BadSetting) as caught:
        clock.now()
    message = str(caught.value)
    assert message.startswith(f"{clock.NOW_ENV}={given!r}: "), message
    assert reason in message, message
    assert "unset it to use the real clock" in message, message
    assert isinstance(caught.value, TrackerError)
