"""Hosted mode for the browser tests: a real OpenID Connect provider on loopback and the app
signed in through it (issue 12; testing.md, "OIDC in tests").

- ``Provider``: ``oidc_provider_mock.run_server_in_thread`` on 127.0.0.1 and a free port. It
  accepts any client id and secret and lets a person in as whatever ``sub`` they type; its ID
  tokens live ``token_lifetime`` (its ``access_token_max_age``, the same for every token).
- ``start_hosted``: ``streamlit run app.py`` with ``[auth]`` in a secrets file of its own
  (``secrets.files``, set through ``STREAMLIT_SECRETS_FILES``) pointing at the provider, and a
  fresh SQLite database. The app's port is chosen first because ``redirect_uri`` names it.
- ``sign_in``: what a person does on the sign-in page and the provider's page.
"""

from __future__ import annotations

import json
import secrets
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import oidc_provider_mock
from playwright.sync_api import BrowserContext, Page, expect

from tests.support import server
from tests.support.server import StreamlitServer

CLIENT_ID = "cramp-tracker-tests"
CLIENT_SECRET = "any secret: the mock accepts every client"
SIGN_IN_TIMEOUT_MS = 30_000
"""From the click on "Sign in" to the diary: two redirects and a first script run."""
OUTSIDE = "https://cdn.jsdelivr.net/**"
"""The provider's pages load a stylesheet from here; the tests stay on this computer."""


@dataclass(frozen=True)
class Provider:
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def issuer(self) -> str:
        """What the mock names itself in its metadata and its ID tokens' ``iss``."""
        return self.url

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    def account(self, sub: str) -> str:
        """The account ``tracker.entries.accounts.account_of`` makes of this provider's ``sub``."""
        return f"{self.issuer}|{sub}"

    def set_claims(self, sub: str, claims: Mapping[str, object]) -> None:
        """The claims the provider gives ``sub`` from now on (its ``PUT /users/<sub>``). They
        go into the ID token after the standard ones, so an ``exp`` here is the token's."""
        request = urllib.request.Request(
            f"{self.url}/users/{sub}",
            data=json.dumps(dict(claims)).encode(),
            headers={"Content-Type": "application/json"},
            method="PUT",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 204, response.status


@contextmanager
def provider(token_lifetime: timedelta = timedelta(hours=1)) -> Iterator[Provider]:
    """A running mock provider whose ID tokens expire ``token_lifetime`` after sign-in."""
    with oidc_provider_mock.run_server_in_thread(
        port=0, access_token_max_age=token_lifetime
    ) as running:
        host, port = running.server_address[:2]
        assert host == "127.0.0.1", f"the mock provider listens on {host}, not loopback"
        yield Provider(port=int(port))


def secrets_toml(*, app_port: int, idp: Provider) -> str:
    """``[auth]`` for one provider, as the README tells a person to write it."""
    return (
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{CLIENT_SECRET}"\n'
        f'server_metadata_url = "{idp.metadata_url}"\n'
    )


@dataclass
class HostedApp:
    server: StreamlitServer
    idp: Provider
    db_path: Path

    @property
    def base_url(self) -> str:
        return self.server.base_url


def start_hosted(*, idp: Provider, folder: Path) -> HostedApp:
    """The app in hosted mode on a free loopback port, its database ``folder/tracker.db``."""
    db_path = folder / "tracker.db"
    secrets_path = folder / "secrets.toml"

    def secrets_for(port: int) -> dict[str, str]:
        secrets_path.write_text(secrets_toml(app_port=port, idp=idp))
        secrets_path.chmod(0o600)
        return {"STREAMLIT_SECRETS_FILES": str(secrets_path)}

    running = server.start(db_url=f"sqlite:///{db_path}", env_for_port=secrets_for)
    return HostedApp(server=running, idp=idp, db_path=db_path)


def stay_offline(context: BrowserContext) -> None:
    """The provider's pages ask a CDN for their stylesheet: refuse, as an offline machine would."""
    context.route(OUTSIDE, lambda route: route.abort())


def sign_in(page: Page, idp: Provider, sub: str, *, lifetime: timedelta | None = None) -> float:
    """On the app's sign-in page: "Sign in", then on the provider's page the subject and
    "Authorize"; back in the app when the diary's frame (its sidebar) is drawn. With
    ``lifetime``, the ID token expires that long after the click on "Authorize". Returns the
    token's ``exp`` when given one, else 0."""
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{idp.url}/oauth2/authorize**", timeout=SIGN_IN_TIMEOUT_MS)
    page.locator("input[name=sub]").fill(sub)
    exp = 0
    if lifetime is not None:
        exp = int(time.time() + lifetime.total_seconds())
        idp.set_claims(sub, {"email": sub, "exp": exp})
    page.get_by_role("button", name="Authorize").click()
    expect(page.get_by_test_id("stSidebar")).to_be_attached(timeout=SIGN_IN_TIMEOUT_MS)
    return float(exp)
