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


# --- hosted mode: a login configured in the secrets ---------------------------------------------

SECRET = "s" * 32
PROVIDER = {
    "client_id": "tracker",
    "client_secret": "shh",
    "server_metadata_url": "https://id.example/.well-known/openid-configuration",
}


def auth(**extra: object) -> dict[str, object]:
    return {
        "auth": {
            "redirect_uri": "https://diary.example/oauth2callback",
            "cookie_secret": SECRET,
            **extra,
        }
    }


def test_without_auth_there_is_no_login() -> None:
    assert serving.login_providers({}) == ()
    assert serving.login_providers({"other": {"a": 1}}) == ()


def test_one_provider_in_auth_itself_or_several_named() -> None:
    assert serving.login_providers(auth(**PROVIDER)) == ("",)
    assert serving.login_providers(auth(google=PROVIDER, keycloak=PROVIDER)) == (
        "google",
        "keycloak",
    )


@pytest.mark.parametrize(
    ("secrets", "named"),
    [
        ({"auth": "yes"}, "must be a table"),
        ({"auth": {"cookie_secret": SECRET, **PROVIDER}}, "lacks redirect_uri"),
        (
            {"auth": {"redirect_uri": "https://d.example/oauth2callback"} | PROVIDER},
            "cookie_secret",
        ),
        (
            auth(**(PROVIDER | {"redirect_uri": "https://d.example/callback"})),
            "end in /oauth2callback",
        ),
        (
            {
                "auth": {
                    "redirect_uri": "https://d.example/oauth2callback",
                    "cookie_secret": "short",
                }
            },
            "shorter than 32",
        ),
        (auth(client_id="x"), "[auth] in secrets.toml lacks client_secret, server_metadata_url"),
        (auth(google=PROVIDER, entra={"client_id": "x"}), "[auth.entra] in secrets.toml lacks"),
    ],
)
def test_a_half_configured_login_is_named(secrets: dict[str, object], named: str) -> None:
    with pytest.raises(
        serving.LoginMisconfigured, match=named.replace("[", r"\[").replace(".", r"\.")
    ):
        serving.login_providers(secrets)


def test_with_a_login_any_address_is_allowed() -> None:
    for address in ("0.0.0.0", "192.168.1.20", "", None):
        serving.check_address(address, login=True)


def test_secrets_are_read_as_streamlit_does_the_project_file_last(tmp_path: Path) -> None:
    home, project = tmp_path / "home", tmp_path / "project"
    for folder, text in (
        (home, '[auth]\ncookie_secret = "home"\n'),
        (project, '[auth]\ncookie_secret = "project"\n'),
    ):
        (folder / ".streamlit").mkdir(parents=True)
        (folder / ".streamlit" / "secrets.toml").write_text(text)
    files = serving.secrets_files(project, home=home)
    assert serving.read_secrets(files) == {"auth": {"cookie_secret": "project"}}
    assert serving.read_secrets([tmp_path / "missing.toml"]) == {}


def test_serve_names_a_half_configured_login_with_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('[auth]\nredirect_uri = "x"\n')
    monkeypatch.setenv("HOME", str(tmp_path))
    status = main(["--db", f"sqlite:///{tmp_path / 't.db'}", "serve", "--host", "0.0.0.0"])
    assert status == 2
    assert "[auth] in secrets.toml lacks cookie_secret" in capsys.readouterr().err
