"""The audit trail in the app (issue 12): every download, restore and deletion a person makes
is noted for their account (``tracker.entries.accounts``), and Settings lists their own trail,
"Sign-ins and exports", in their time zone.

A detail names a file's format, a period or a section, never anything from the diary itself.
A download is noted when the button is tapped: its ``data`` is a function Streamlit runs then
(``download_data``), so drawing a page notes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from tracker.core.models import ProfileRead
from tracker.core.timeutil import format_local
from tracker.entries import accounts
from tracker.entries.accounts import Action, AuditLine
from tracker.ui import clock
from tracker.ui.context import PageContext
from tracker.ui.widgets import md_escape

TRAIL_TITLE = "Sign-ins and exports"
EMPTY_TRAIL = (
    "Nothing yet: exports, downloads, restores and deletions will be listed here, and sign-ins "
    "when the app is hosted with a login."
)
SHOWN_FIRST = 10
"""Lines shown at once; older ones (up to the trail's limit) are in an expander below."""
WHEN_FORMAT = "%a %d %b %Y %H:%M"


def period_text(first: date, last: date) -> str:
    """ "1 Nov – 30 Nov 2026", "3 Dec 2026", or with both years when they differ."""
    last_words = f"{last.day} {last:%b %Y}"
    if first == last:
        return last_words
    first_words = (
        f"{first.day} {first:%b}" if first.year == last.year else f"{first.day} {first:%b %Y}"
    )
    return f"{first_words} – {last_words}"


def diary_words(profile: ProfileRead) -> str:
    """What a deletion or restore touched: the local person's profiles have names they chose;
    a hosted account's one diary has a made-up name nobody needs to read."""
    if profile.account == accounts.LOCAL:
        return f"profile {profile.name}"
    return "your diary"


def download_data(
    ctx: PageContext, make: Callable[[], bytes | str] | bytes | str, detail: str
) -> Callable[[], bytes | str]:
    """A download button's ``data``: the file (``make``, run when the button is tapped, or the
    contents made already), noting a download of ``detail`` for this person's account when the
    browser asks for it (keep the button's ``on_click="ignore"``: no rerun)."""
    return accounts.audited(
        make if callable(make) else _ready(make),
        engine=ctx.engine,
        account=ctx.profile.account,
        action=Action.DOWNLOAD,
        detail=detail,
        clock=clock.now,
    )


def _ready(contents: bytes | str) -> Callable[[], bytes | str]:
    return lambda: contents


def note(ctx: PageContext, action: Action, detail: str) -> None:
    """Note an action that has just succeeded (a restore, a deletion) at this rerun's moment."""
    accounts.record(
        engine=ctx.engine, account=ctx.profile.account, action=action, detail=detail, now=ctx.now
    )


def line_text(line: AuditLine, tz_name: str) -> str:
    """ "Tue 01 Dec 2026 21:40 · **Downloaded** · Full backup (JSON)" (Markdown)."""
    text = f"{format_local(line.at, tz_name, WHEN_FORMAT)} · **{line.label}**"
    if line.detail:
        text += f" · {md_escape(line.detail)}"
    return text


def trail_section(ctx: PageContext) -> None:
    """Settings' "Sign-ins and exports": this account's own events, newest first."""
    st.subheader(TRAIL_TITLE)
    lines = accounts.trail(engine=ctx.engine, account=ctx.profile.account)
    if not lines:
        st.caption(EMPTY_TRAIL)
        return
    st.caption(
        f"Newest first, in your time zone ({md_escape(ctx.tz)}). Only what was done, never "
        "what your files held; nobody else's account sees these lines."
    )
    shown, older = lines[:SHOWN_FIRST], lines[SHOWN_FIRST:]
    st.markdown("\n".join(f"- {line_text(line, ctx.tz)}" for line in shown))
    if older:
        with st.expander(f"Older ({len(older)})"):
            st.markdown("\n".join(f"- {line_text(line, ctx.tz)}" for line in older))
