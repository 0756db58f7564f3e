"""Hosted mode in the pages (AppTest with ``at.secrets`` and ``at.user``): no data before a
sign-in, each account sees only its own diary (pages, ?entry= links, deletes), an expired ID
token signs the person out, and a login lets the app listen beyond loopback. The full login
through a real provider in Chromium: tests/e2e/test_login.py."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from db import audit, crud
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.entries import accounts
from tracker.entries.profile import ensure_profile
from tracker.ui.welcome import DISMISSED_KEY

from .conftest import APP, TIMEOUT_S

ISSUER = "http://127.0.0.1:9400"
AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "c" * 40,
    "client_id": "tracker",
    "client_secret": "secret",
    "server_metadata_url": f"{ISSUER}/.well-known/openid-configuration",
}
ALICE = accounts.account_of(ISSUER, "alice")
BOB = accounts.account_of(ISSUER, "bob")


def claims(sub: str, *, expires_in_s: float = 3600) -> dict[str, Any]:
    now = datetime.now(UTC).timestamp()
    return {
        "is_logged_in": True,
        "iss": ISSUER,
        "sub": sub,
        "email": "same@example.com",  # the e-mail alone never names an account
        "iat": int(now) - 5,
        "exp": int(now + expires_in_s),
    }


def hosted_page(path: str = "app.py", *, user: dict[str, Any] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    at.secrets["auth"] = AUTH
    at.user = user if user is not None else {"is_logged_in": False}
    at.context = {"timezone": "Europe/London"}
    at.session_state[DISMISSED_KEY] = True
    at.run()
    assert not at.exception, at.exception
    if path != "app.py":
        at.switch_page(path).run()
        assert not at.exception, at.exception
    return at


@pytest.fixture
def alice(db: Engine) -> ProfileRead:
    """Alice's profile with a drink and a cramp, made as the app makes it on her first visit."""
    now = datetime.now(UTC)
    profile = ensure_profile(
        engine=db,
        name=accounts.profile_name_of(ALICE),
        now=now,
        timezone="Europe/London",
        account=ALICE,
    )
    for kind, values in (
        (EntryKind.HYDRATION, {"taken_at": now, "volume_ml": 321, "beverage": "water"}),
        (
            EntryKind.CRAMPS,
            {
                "started_at": now,
                "region": "calf",
                "side": "left",
                "intensity": 7,
                "quality": "cramp",
            },
        ),
    ):
        crud.create_entry(engine=db, kind=kind, profile_id=profile.id, values=values, now=now)
    return profile


def entries(db: Engine, profile: ProfileRead) -> dict[EntryKind, list[Any]]:
    return {
        kind: crud.list_entries(engine=db, kind=kind, profile_id=profile.id)
        for kind in (EntryKind.HYDRATION, EntryKind.CRAMPS)
    }


def page_text(at: AppTest) -> str:
    parts = [*(m.value for m in at.markdown), *(c.value for c in at.caption)]
    parts += [str(d.value) for d in at.dataframe]
    return "\n".join(parts)


def test_before_a_sign_in_no_page_shows_any_data(db: Engine, alice: ProfileRead) -> None:
    for path in ("app.py", "pages/history.py", "pages/export.py", "pages/settings.py"):
        at = hosted_page(path)
        assert [b.label for b in at.button] == ["Sign in"], path
        assert [t.value for t in at.title] == ["Cramp Tracker"], path
        assert not at.dataframe and "321" not in page_text(at)
    assert crud.get_profile(engine=db, name=accounts.profile_name_of(BOB), account=BOB) is None


def test_each_account_logs_into_its_own_diary(db: Engine, alice: ProfileRead) -> None:
    at = hosted_page(user=claims("bob"))
    assert at.title[0].value == "Today"
    assert "321" not in page_text(at)  # Alice's drink
    at.button(key="quick_drink_250").click().run()
    assert not at.exception

    bob = crud.get_profile(engine=db, name=accounts.profile_name_of(BOB), account=BOB)
    assert bob is not None and bob.account == BOB
    assert [d.volume_ml for d in entries(db, bob)[EntryKind.HYDRATION]] == [250]
    assert [d.volume_ml for d in entries(db, alice)[EntryKind.HYDRATION]] == [321]
    assert "Signed in as same@\u2060example.com" in [
        c.value for c in at.sidebar.caption
    ]  # md_escape
    # Alice, same e-mail, different sub: her own diary only.
    at = hosted_page(user=claims("alice"))
    shown = page_text(at)
    assert "321" in shown and "250 ml" not in shown


def test_a_link_to_another_accounts_entry_opens_nothing_of_it(
    db: Engine, alice: ProfileRead
) -> None:
    cramp = entries(db, alice)[EntryKind.CRAMPS][0]
    drink = entries(db, alice)[EntryKind.HYDRATION][0]
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    at.secrets["auth"] = AUTH
    at.user = claims("bob")
    at.context = {"timezone": "Europe/London"}
    at.session_state[DISMISSED_KEY] = True
    at.run()
    at.query_params["entry"] = [f"cramps:{cramp.id}", f"hydration:{drink.id}"]
    at.switch_page("pages/history.py").run()

    assert not at.exception
    picked = at.session_state.get("history_pick", None)
    assert picked not in {f"cramps:{cramp.id}", f"hydration:{drink.id}"}
    assert not any(key.startswith(("edit_cramps_", "edit_hydration_")) for key in _keys(at))
    assert "321" not in page_text(at)
    assert entries(db, alice) == {
        EntryKind.HYDRATION: [drink],
        EntryKind.CRAMPS: [cramp],
    }


def _keys(at: AppTest) -> list[str]:
    return [str(w.key) for w in (*at.button, *at.number_input, *at.text_input) if w.key]


def test_deleting_my_data_deletes_only_my_own(db: Engine, alice: ProfileRead) -> None:
    at = hosted_page("pages/settings.py", user=claims("bob"))
    bob = crud.get_profile(engine=db, name=accounts.profile_name_of(BOB), account=BOB)
    assert bob is not None
    form = [t for t in at.text_input if "delete" in str(t.key)]
    assert form, "Settings offers Delete my data"
    assert form[0].label == "Type “delete my diary” to confirm"  # not the made-up name
    form[0].input(bob.name).run()
    assert next(b for b in at.button if str(b.key).endswith("_delete")).disabled
    form[0].input("Delete my diary ").run()
    delete = [b for b in at.button if str(b.key).endswith("_delete")]
    delete[0].click().run()
    assert not at.exception
    assert crud.get_profile(engine=db, name=bob.name, account=BOB) is None or not any(
        entries(db, bob).values()
    )
    assert [d.volume_ml for d in entries(db, alice)[EntryKind.HYDRATION]] == [321]


def test_an_expired_id_token_signs_the_person_out(db: Engine, alice: ProfileRead) -> None:
    at = hosted_page(user=claims("alice", expires_in_s=-1))
    assert not at.title and "321" not in page_text(at)  # st.logout(), nothing of the diary
    assert at.user.get("is_logged_in") is False
    at.run()  # the browser comes back from the logout
    assert [b.label for b in at.button] == ["Sign in"]
    assert "321" not in page_text(at)


def test_a_sign_in_is_noted_once_however_many_reruns(db: Engine, alice: ProfileRead) -> None:
    user = claims("alice")
    at = hosted_page(user=user)
    at.run()
    at.switch_page("pages/history.py").run()
    events = audit.events_of(engine=db, account=ALICE, limit=10)
    assert [(action, at_) for at_, action, _ in events] == [
        ("sign_in", datetime.fromtimestamp(user["iat"], UTC))
    ]
    assert audit.events_of(engine=db, account=BOB, limit=10) == []


@pytest.fixture
def open_address() -> Iterator[None]:
    before = st_config.get_option("server.address")
    st_config.set_option("server.address", "0.0.0.0")
    yield
    st_config.set_option("server.address", before)


def test_with_a_login_an_open_address_asks_for_a_sign_in(
    db: Engine, alice: ProfileRead, open_address: None
) -> None:
    at = hosted_page()
    assert not at.error  # no refusal
    assert [b.label for b in at.button] == ["Sign in"]
    at = hosted_page(user=claims("alice"))
    assert at.title[0].value == "Today" and "321" in page_text(at)


def test_a_half_configured_login_names_what_lacks_and_shows_nothing(
    db: Engine, alice: ProfileRead
) -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    at.secrets["auth"] = {k: v for k, v in AUTH.items() if k != "client_secret"}
    at.run()
    assert not at.exception
    assert "lacks client_secret" in at.error[0].value
    assert not at.title and not at.button


def test_hosted_settings_show_no_server_path_and_no_whole_database_file(
    db: Engine, db_url: str, alice: ProfileRead
) -> None:
    at = hosted_page("pages/settings.py", user=claims("alice"))
    assert not at.exception
    shown = "\n".join([*(c.value for c in at.code), *(c.value for c in at.caption)])
    assert db_url.removeprefix("sqlite:///") not in shown
    assert "no other account can see" in shown
    labels = [b.label for b in at.get("download_button")]
    assert "Download my database" not in labels
