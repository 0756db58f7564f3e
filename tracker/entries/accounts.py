"""Accounts (hosted mode): who owns a profile, and the audit trail a person sees on Settings.

Without a login the app serves one local person, the account ``LOCAL`` (""). With a login
(``tracker.ui.account``), the account is the OpenID Connect provider's issuer and the subject
(``sub``) it gives the person, never the e-mail alone (e-mails change hands and providers).

Scoping happens in one place: a profile is only ever found through its name *and* its account
(``db.crud.get_profile``, ``ensure_profile``), and every entry, product and acknowledgement is
read and written through the id of a profile found that way (``db.crud`` filters every query
by ``profile_id``). No page, URL parameter or download takes a profile id from outside.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.engine import Engine

from db import audit
from tracker.core.errors import InvalidEntry

LOCAL = ""
"""The account of the person using the app on their own computer, with no login."""

MAX_ACCOUNT = 400
"""``profile.account`` and ``audit_event.account`` hold up to this many characters."""

PROFILE_PREFIX = "acct-"


def account_of(issuer: str, subject: str) -> str:
    """The account of the person the provider ``issuer`` calls ``subject``."""
    issuer, subject = (issuer or "").strip(), (subject or "").strip()
    if not issuer or not subject:
        raise InvalidEntry.single("Login", "the provider gave no issuer or subject (sub)")
    account = f"{issuer}|{subject}"
    if len(account) > MAX_ACCOUNT:
        raise InvalidEntry.single("Login", f"issuer and subject longer than {MAX_ACCOUNT}")
    return account


def profile_name_of(account: str) -> str:
    """The name of the profile an account's diary is kept in (names are unique in a database;
    the account, not the name, decides who reaches it)."""
    if account == LOCAL:
        raise ValueError("the local person's profile is named by TRACKER_PROFILE")
    return PROFILE_PREFIX + hashlib.sha256(account.encode()).hexdigest()[:24]


def token_expired(claims: Mapping[str, Any], now: datetime) -> bool:
    """True when the ID token's ``exp`` (seconds since 1970, UTC) has passed, or is missing or
    unreadable (OpenID Connect requires it). Streamlit does not check it (issue 12)."""
    exp = claims.get("exp")
    if isinstance(exp, bool) or not isinstance(exp, int | float):
        return True
    return now.timestamp() >= float(exp)


def issued_at(claims: Mapping[str, Any]) -> datetime | None:
    iat = claims.get("iat")
    if isinstance(iat, bool) or not isinstance(iat, int | float):
        return None
    return datetime.fromtimestamp(float(iat), UTC)


# --- the audit trail --------------------------------------------------------------------------


class Action(StrEnum):
    """What the audit trail records (the stored codes; labels below)."""

    SIGN_IN = "sign_in"
    SIGN_OUT = "sign_out"
    EXPORT = "export"
    DOWNLOAD = "download"
    RESTORE = "restore"
    DELETE = "delete"


ACTION_LABELS: dict[Action, str] = {
    Action.SIGN_IN: "Signed in",
    Action.SIGN_OUT: "Signed out",
    Action.EXPORT: "Exported",
    Action.DOWNLOAD: "Downloaded",
    Action.RESTORE: "Restored a backup",
    Action.DELETE: "Deleted",
}

MAX_DETAIL = 200


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    action: Action
    detail: str

    @property
    def label(self) -> str:
        return ACTION_LABELS[self.action]


def record(*, engine: Engine, account: str, action: Action, detail: str, now: datetime) -> None:
    """Note an action; ``detail`` names what (a file format, a period), never health data."""
    audit.record(
        engine=engine, account=account, action=action.value, detail=detail[:MAX_DETAIL], at=now
    )


def record_sign_in(*, engine: Engine, account: str, signed_in_at: datetime) -> bool:
    """Note a sign-in once, however many reruns and tabs see it (keyed on the token's time)."""
    return audit.record_once(
        engine=engine, account=account, action=Action.SIGN_IN.value, detail="", at=signed_in_at
    )


def trail(*, engine: Engine, account: str, limit: int = 100) -> list[AuditLine]:
    """The account's own events, newest first (never another account's)."""
    return [
        AuditLine(at, Action(action), detail)
        for at, action, detail in audit.events_of(engine=engine, account=account, limit=limit)
        if action in Action._value2member_map_
    ]


def audited(
    make: Callable[[], bytes | str],
    *,
    engine: Engine,
    account: str,
    action: Action,
    detail: str,
    clock: Callable[[], datetime],
) -> Callable[[], bytes | str]:
    """``make`` (a file's contents), noting the action each time the file is made for a person
    (a download button calls it when tapped)."""

    def made() -> bytes | str:
        data = make()
        record(engine=engine, account=account, action=action, detail=detail, now=clock())
        return data

    return made
