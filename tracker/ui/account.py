"""Who is using the app: the local person, or (hosted mode) the account signed in with
Streamlit's OpenID Connect login (``st.login``, ``st.user``, ``st.logout``).

Hosted mode is on when ``[auth]`` is configured in ``.streamlit/secrets.toml``
(``tracker.serving.login_providers``). Then every page first asks for a sign-in and shows no
data before it; the account (issuer + ``sub``) owns the profiles the page reaches
(``tracker.entries.accounts``). Streamlit does not check the ID token's expiry: a token past
its ``exp`` signs the person out here. Signing out in one tab leaves the person's other open
tabs signed in until they reload (Streamlit reads the login cookie when a session starts).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import streamlit as st
from sqlalchemy.engine import Engine

from tracker.core.errors import TrackerError
from tracker.entries import accounts
from tracker.serving import LoginMisconfigured, login_providers
from tracker.ui.widgets import md_escape

LOG = logging.getLogger("tracker.ui")

SIGNED_IN_KEY = "account_signed_in"
"""Session state: the (account, token time) whose sign-in was noted in the audit trail."""


def providers() -> tuple[str, ...]:
    """The configured login providers (``()``: local mode, no login)."""
    try:
        secrets = st.secrets.to_dict()
    except FileNotFoundError:  # no secrets file, or one that does not parse: no login
        return ()
    return login_providers(secrets)


def hosted() -> bool:
    """A usable login is configured (a half-configured one is not: the pages say what lacks)."""
    try:
        return bool(providers())
    except LoginMisconfigured:
        return False


def current_account(engine: Engine, now: datetime) -> str:
    """The account of this session: ``accounts.LOCAL`` without a login; with one, the signed-in
    account, else the sign-in page and ``st.stop()`` (nothing of any diary is shown)."""
    try:
        names = providers()
    except LoginMisconfigured as err:
        LOG.error("%s", err)
        st.error(f"The login is not set up correctly: {err}.", icon=":material/lock:")
        st.stop()
    if not names:
        return accounts.LOCAL
    if not st.user.is_logged_in:
        sign_in_page(names)
        st.stop()
    claims: dict[str, Any] = st.user.to_dict()
    if accounts.token_expired(claims, now):
        LOG.info("a login past its expiry was signed out")
        st.logout()
        st.stop()
    try:
        account = accounts.account_of(str(claims.get("iss") or ""), str(claims.get("sub") or ""))
    except TrackerError as err:
        st.error(f"This sign-in cannot be used: {err}.", icon=":material/lock:")
        st.stop()
    signed_in_at = accounts.issued_at(claims) or now
    seen = (account, signed_in_at)
    if st.session_state.get(SIGNED_IN_KEY) != seen:
        accounts.record_sign_in(engine=engine, account=account, signed_in_at=signed_in_at)
        st.session_state[SIGNED_IN_KEY] = seen
    return account


def sign_in_page(names: tuple[str, ...]) -> None:
    """What a person who is not signed in sees: the app's name, why, and a button per provider.
    The browser's tab says "Sign in" too, not the name of the page that was asked for."""
    st.set_page_config(page_title="Sign in · Cramp Tracker")
    st.title("Cramp Tracker", anchor=False)
    st.write(
        "Your private diary of cramps, pain, drinks, supplements and contractions. "
        "Sign in to open your diary; nobody else's account can see it."
    )
    for name in names:
        label = f"Sign in with {name.replace('_', ' ').title()}" if name else "Sign in"
        st.button(
            label,
            type="primary",
            icon=":material/login:",
            key=f"sign_in_{name or 'default'}",
            on_click=st.login,
            args=(name,) if name else (),
        )


def sign_out_button(engine: Engine, account: str, now: datetime) -> None:
    """In the menu, in hosted mode: sign out of this tab (others stay signed in until reloaded)."""
    if account == accounts.LOCAL:
        return

    def _sign_out() -> None:
        accounts.record(
            engine=engine, account=account, action=accounts.Action.SIGN_OUT, detail="", now=now
        )
        st.session_state.pop(SIGNED_IN_KEY, None)
        st.logout()

    who = signed_in_as()
    if who:
        st.caption(f"Signed in as {md_escape(who)}")
    st.button("Sign out", icon=":material/logout:", key="sign_out", on_click=_sign_out)


def signed_in_as() -> str:
    """How the provider names the signed-in person (e-mail, else name), for the menu."""
    for claim in ("email", "name", "preferred_username"):
        value = st.user.get(claim)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""
