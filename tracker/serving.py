"""Where the app may listen, whether a login is configured, and the error page a person sees
when something fails.

Without a login (local mode, the default) the app answers only on this computer's loopback
address: anyone who can reach a non-loopback address could read and change the whole diary.
With a login configured (``[auth]`` in ``.streamlit/secrets.toml``: hosted mode) it may listen
anywhere, and every page asks who is there first (``tracker.ui.account``). This module decides;
the command line (``serve``) and the page frame refuse with its words.
"""

from __future__ import annotations

import ipaddress
import tomllib
import traceback
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from tracker.core.errors import TrackerError

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
"""Host names that always mean this computer."""
DEFAULT_HOST = "127.0.0.1"

SAFE_WAYS = (
    "On this computer only: `make run`, or `streamlit run app.py` without `--server.address` "
    "(127.0.0.1 is the default).",
    "From your phone, through Tailscale: `tailscale serve --bg 8501` on this computer, then "
    "open the https address it prints (only your own Tailscale devices can reach it).",
    "From your phone or another computer, through SSH: "
    "`ssh -N -L 8501:127.0.0.1:8501 you@this-computer`, then open http://127.0.0.1:8501 there.",
)
"""Ways to reach the app that keep it on loopback (README, "Using it from your phone")."""


class ExposureRefused(TrackerError):
    """The app was asked to listen where other people could reach it, and has no login."""


class LoginMisconfigured(TrackerError):
    """``[auth]`` is in the secrets but lacks what Streamlit's login needs."""


SHARED_LOGIN_KEYS = ("redirect_uri", "cookie_secret")
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
CALLBACK_PATH = "/oauth2callback"


def login_providers(secrets: Mapping[str, Any]) -> tuple[str, ...]:
    """The login providers ``secrets`` configure: ``()`` without ``[auth]`` (local mode);
    ``("",)`` for one provider given in ``[auth]`` itself; else the names of ``[auth.<name>]``
    tables. ``LoginMisconfigured`` names what is missing (Streamlit would fail on the first
    sign-in instead)."""
    auth = secrets.get("auth")
    if auth is None:
        return ()
    if not isinstance(auth, Mapping):
        raise LoginMisconfigured("[auth] in secrets.toml must be a table")
    missing = [key for key in SHARED_LOGIN_KEYS if not str(auth.get(key) or "").strip()]
    if missing:
        raise LoginMisconfigured(f"[auth] in secrets.toml lacks {', '.join(missing)}")
    if not str(auth["redirect_uri"]).rstrip("/").endswith(CALLBACK_PATH):
        raise LoginMisconfigured(f"[auth] redirect_uri must end in {CALLBACK_PATH}")
    if len(str(auth["cookie_secret"])) < 32:
        raise LoginMisconfigured(
            "[auth] cookie_secret is shorter than 32 characters; make one with "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`"
        )
    named = {key: value for key, value in auth.items() if isinstance(value, Mapping)}
    candidates: dict[str, Mapping[str, Any]] = named or {"": auth}
    for name, provider in candidates.items():
        lacking = [key for key in PROVIDER_KEYS if not str(provider.get(key) or "").strip()]
        if lacking:
            where = f"[auth.{name}]" if name else "[auth]"
            raise LoginMisconfigured(f"{where} in secrets.toml lacks {', '.join(lacking)}")
    return tuple(sorted(candidates))


def secrets_files(project: Path, home: Path | None = None) -> list[Path]:
    """Where ``streamlit run`` in ``project`` reads secrets (its defaults), in its order."""
    home = Path.home() if home is None else home
    return [home / ".streamlit" / "secrets.toml", project / ".streamlit" / "secrets.toml"]


def read_secrets(files: Iterable[Path]) -> dict[str, Any]:
    """The secrets of ``files`` merged as Streamlit does (a later file's keys win)."""
    merged: dict[str, Any] = {}
    for path in files:
        if path.is_file():
            with path.open("rb") as handle:
                merged.update(tomllib.load(handle))
    return merged


def is_loopback(address: str | None) -> bool:
    """True for an address only this computer can reach (127.0.0.0/8, ::1, localhost).

    An empty address means "every interface" (Streamlit's default), so it is not loopback."""
    host = (address or "").strip().strip("[]").lower()
    if not host:
        return False
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # any other name may resolve to a network address


def refusal(address: str | None, *, markdown: bool = False) -> str:
    """Why the app will not serve the diary on ``address``, and what to do instead: one line,
    or (``markdown``) a short paragraph and a list for the page."""
    shown = address.strip() if address and address.strip() else "every network interface"
    why = (
        f"Cramp Tracker will not serve your diary on {shown}: no login is configured, so "
        "anyone on that network could read and change your health data."
    )
    if not markdown:
        return " ".join((why, *SAFE_WAYS))
    ways = "\n".join(f"- {way}" for way in SAFE_WAYS)
    return (
        f"**{why}**\n\nInstead:\n\n{ways}\n\n"
        'See "Using it from your phone" in the README, or "Hosting" to set up a login.'
    )


def check_address(address: str | None, *, login: bool = False) -> None:
    """Raise ``ExposureRefused`` unless ``address`` is loopback or a login is configured."""
    if not login and not is_loopback(address):
        raise ExposureRefused(refusal(address))


UNEXPECTED_ERROR = (
    "Something went wrong while showing this page. What you saved before is safe. "
    "Reload the page; if this keeps happening, the details are in the log of the computer "
    "running Cramp Tracker (they name no health data)."
)
"""What a person sees instead of a traceback (``client.showErrorDetails = "none"``)."""


def loggable_traceback(err: BaseException) -> str:
    """The type and the stack of ``err``, without its message or values: a message can quote
    what was typed (a note, a product name), and the server log must hold no health data."""
    lines = [f"{type(err).__module__}.{type(err).__qualname__} (message withheld)"]
    tb: TracebackType | None = err.__traceback__
    lines += [line.rstrip("\n") for line in traceback.format_tb(tb)]
    cause = err.__cause__ or err.__context__
    if cause is not None and cause is not err:
        lines.append(f"caused by {type(cause).__module__}.{type(cause).__qualname__}")
        lines += [line.rstrip("\n") for line in traceback.format_tb(cause.__traceback__)]
    return "\n".join(lines)
