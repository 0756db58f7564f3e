"""Where the app may listen, and what an unexpected error leaves in the log (tracker/serving.py)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tracker import serving
from tracker.cli import main

PROJECT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "127.0.1.1", "localhost", "LOCALHOST", "::1", "[::1]", " 127.0.0.1 "],
)
def test_loopback_addresses_are_allowed(address: str) -> None:
    assert serving.is_loopback(address)
    serving.check_address(address)


@pytest.mark.parametrize(
    "address", ["", None, "0.0.0.0", "::", "192.168.1.20", "10.0.0.5", "my-laptop.local", "fe80::1"]
)
def test_any_other_address_is_refused_with_the_safe_ways(address: str | None) -> None:
    assert not serving.is_loopback(address)
    with pytest.raises(serving.ExposureRefused) as refused:
        serving.check_address(address)
    message = str(refused.value)
    assert "no login" in message
    assert "ssh -N -L 8501:127.0.0.1:8501" in message
    assert "tailscale serve" in message
    shown = address.strip() if address else "every network interface"
    assert f"on {shown}:" in message


def test_serve_refuses_an_open_address_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["--db", f"sqlite:///{tmp_path / 't.db'}", "serve", "--host", "0.0.0.0"])
    assert status == 2
    err = capsys.readouterr().err
    assert err.startswith("error: Cramp Tracker will not serve your diary on 0.0.0.0")
    assert "\n" not in err.rstrip("\n")  # one line


def test_the_log_gets_the_stack_but_not_the_message() -> None:
    typed = "woke with calf " + "cramp, took 2 pills"  # what a person typed, only at run time

    def save_note() -> None:
        raise ValueError(f"note {typed!r}")

    try:
        try:
            save_note()
        except ValueError as inner:
            raise RuntimeError(f"could not store {inner}") from inner
    except RuntimeError as err:
        logged = serving.loggable_traceback(err)
    assert logged.startswith("builtins.RuntimeError (message withheld)")
    assert "save_note" in logged  # where it happened
    assert "caused by builtins.ValueError" in logged
    assert "calf cramp" not in logged
    assert "pills" not in logged


def test_streamlit_config_is_private_by_default() -> None:
    config = tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"
    assert serving.is_loopback(config["server"]["address"])
    assert 0 < config["server"]["maxUploadSize"] <= 25
    assert config["server"]["enableXsrfProtection"] is True
    assert config["client"]["showErrorDetails"] == "none"
    assert config["browser"]["gatherUsageStats"] is False
    # Set by hand, so Streamlit never asks checkip.amazonaws.com for an "External URL".
    assert serving.is_loopback(config["browser"]["serverAddress"])
