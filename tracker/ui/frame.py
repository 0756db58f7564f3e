"""The shared frame every page calls first: page config, sidebar navigation, profile, footer.

Pages use Streamlit's folder-based ``pages/`` mode with our own sidebar (see testing.md: a
bookmarked ``/cramps`` then opens inside the frame on a freshly started server)::

    with page("Cramps") as ctx:
        ...  # the page body, using ctx.engine, ctx.profile, ctx.now
"""

from __future__ import annotations

import logging
import os
import shlex
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import sqlalchemy as sa
import streamlit as st
from sqlalchemy.engine import Engine

from tracker.core.errors import BadSetting
from tracker.core.models import ProfileRead
from tracker.core.notices import NOT_MEDICAL_ADVICE
from tracker.entries import accounts
from tracker.entries.profile import DEFAULT_PROFILE, ensure_profile, gestational_age_label
from tracker.entries.store import (
    data_version,
    database_url,
    make_daily_copy,
    newest_good_copy,
    open_diary,
    sqlite_path,
)
from tracker.serving import UNEXPECTED_ERROR, is_loopback, loggable_traceback, refusal
from tracker.ui import account, cached, clock, flags
from tracker.ui.context import PageContext
from tracker.ui.welcome import demo_banner, session_profile_name
from tracker.ui.widgets import md_escape

LOG = logging.getLogger("tracker.ui")

PROFILE_ENV = "TRACKER_PROFILE"

NAVIGATION: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    (
        "Log",
        (
            ("app.py", "Today", ":material/today:"),
            ("pages/cramps.py", "Cramps & pain", ":material/personal_injury:"),
            ("pages/drinks.py", "Drinks", ":material/water_drop:"),
            ("pages/supplements.py", "Supplements & medicines", ":material/medication:"),
        ),
    ),
    (
        "Pregnancy",
        (
            ("pages/contractions.py", "Contraction timer", ":material/timer:"),
            ("pages/pregnancy.py", "Pregnancy events", ":material/pregnant_woman:"),
        ),
    ),
    (
        "Insights",
        (
            ("pages/dashboard.py", "Dashboard", ":material/dashboard:"),
            ("pages/patterns.py", "Cramp patterns", ":material/insights:"),
            ("pages/factors.py", "What helps, what hurts", ":material/balance:"),
            ("pages/intake_insights.py", "Drinks & supplements", ":material/local_drink:"),
            ("pages/history.py", "History", ":material/history:"),
            ("pages/flags.py", "Flags", ":material/flag:"),
            ("pages/flag_trends.py", "Flag trends", ":material/monitoring:"),
            ("pages/pregnancy_insights.py", "Pregnancy & labour", ":material/timeline:"),
        ),
    ),
    ("Share", (("pages/export.py", "Share & export", ":material/ios_share:"),)),
    ("Settings", (("pages/settings.py", "Settings", ":material/settings:"),)),
)
"""Sidebar groups: (file, label, icon). Add a page here and in ``pages/``."""

PREGNANCY_PAGES = frozenset(
    {"pages/contractions.py", "pages/pregnancy.py", "pages/pregnancy_insights.py"}
)
"""Left out of the menus unless a due date is set or pregnancy entries exist
(``entries.pregnancy.shows_pregnancy``); their addresses keep working."""

PHONE_NAV: tuple[tuple[str, str, str], ...] = (
    ("app.py", "Today", ":material/today:"),
    ("pages/cramps.py", "Log cramp", ":material/personal_injury:"),
    ("pages/contractions.py", "Timer", ":material/timer:"),
    ("pages/dashboard.py", "Insights", ":material/insights:"),
)
"""The phone's top bar: the four things people do most (the timer only in pregnancy)."""

PHONE_WIDTH_PX = 768
"""Below this width the top bar shows and the menu closes itself; Streamlit draws the sidebar
over the page there."""

PHONE_CSS = f"""<style>
@media (min-width: {PHONE_WIDTH_PX}px) {{ .st-key-phone_nav {{ display: none; }} }}
.st-key-phone_nav a {{ padding: 0.25rem 0.15rem; gap: 0.2rem; }}
.st-key-phone_nav p {{ font-size: 0.85rem; white-space: nowrap; }}
</style>"""

MENU_SCRIPT = f"""<script>
(() => {{
  // On a phone the menu covers the page: close it after a link in it is tapped, and when the
  // person taps outside it. Installed once per browser tab; no other effect, nothing sent.
  if (window.__trackerMenu) return;
  window.__trackerMenu = true;
  const narrow = () => window.matchMedia("(max-width: {PHONE_WIDTH_PX - 0.02}px)").matches;
  const menu = () => document.querySelector('[data-testid="stSidebar"]');
  const isOpen = () => menu()?.getAttribute("data-collapsed") === "false";
  const close = () => document
    .querySelector('[data-testid="stSidebarCollapseButton"] button')?.click();
  document.addEventListener("click", (event) => {{
    if (!narrow() || !isOpen()) return;
    if (menu().contains(event.target)) {{
      if (event.target.closest("a")) setTimeout(close, 0);
      return;
    }}
    if (event.target.closest('[data-testid="stExpandSidebarButton"]')) return;
    close();
  }}, true);
}})();
</script>"""

FAVICON = "📔"
"""The browser tab's icon for every page. An emoji becomes a ``data:`` URL in the browser; a
``:material/…:`` icon would be fetched from fonts.gstatic.com, telling Google which page (say
the contraction timer) a person has open."""


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    """One engine per database for the whole server process; upgrades the schema once, and
    makes the day's copy of a SQLite diary when it is due (``db.daily``)."""
    engine = open_diary(url)
    try:
        made = make_daily_copy(engine, datetime.now(UTC))
    except (OSError, sqlite3.Error) as err:  # a full disk must not keep the diary closed
        LOG.warning("the daily copy of the diary was not made: %s", err)
    else:
        if made is not None:
            LOG.info("daily copy of the diary: %s", made)
    return engine


def current_engine() -> Engine:
    return _engine(database_url())


def browser_timezone() -> str | None:
    tz = st.context.timezone
    return str(tz) if tz else None


def load_profile(engine: Engine, now: datetime, account: str = accounts.LOCAL) -> ProfileRead:
    """The profile this session shows: the local person's (``TRACKER_PROFILE``) or, signed in,
    the account's own; or its demo. The account decides which profiles can be reached."""
    own = (
        os.environ.get(PROFILE_ENV, DEFAULT_PROFILE)
        if account == accounts.LOCAL
        else accounts.profile_name_of(account)
    )
    return ensure_profile(
        engine=engine,
        name=session_profile_name(own),
        now=now,
        timezone=browser_timezone(),
        account=account,
    )


def _sidebar(profile: ProfileRead, now: datetime, *, pregnancy: bool, engine: Engine) -> None:
    with st.sidebar:
        st.markdown("### Cramp Tracker")
        who = md_escape(profile.display_name) if profile.display_name else "Your diary"
        ga = gestational_age_label(profile, now)
        st.caption(f"{who} · {ga} pregnant" if ga else who)
        for group, links in NAVIGATION:
            shown = [link for link in links if pregnancy or link[0] not in PREGNANCY_PAGES]
            if not shown:
                continue
            st.markdown(f"**{group}**")
            for path, label, icon in shown:
                st.page_link(path, label=label, icon=icon)
        st.divider()
        account.sign_out_button(engine, profile.account, now)
        st.caption(NOT_MEDICAL_ADVICE)
        st.html(MENU_SCRIPT, unsafe_allow_javascript=True)


def _phone_nav(*, pregnancy: bool) -> None:
    """The top bar a phone shows above every page (hidden on wider screens by CSS)."""
    st.html(PHONE_CSS)
    with st.container(
        key="phone_nav", horizontal=True, horizontal_alignment="distribute", wrap=False, gap=None
    ):
        for path, label, icon in PHONE_NAV:
            if pregnancy or path not in PREGNANCY_PAGES:
                st.page_link(path, label=label, icon=icon)


@contextmanager
def page(title: str, *, layout: str = "centered") -> Iterator[PageContext]:
    """Render the frame around a page body and hand the body its context.

    Above the title: every unacknowledged emergency flag (red, on every page). Below it: the
    urgent flags raised by entries saved on this page (``tracker.ui.flags``)."""
    st.set_page_config(
        page_title=f"{title} · Cramp Tracker",
        page_icon=FAVICON,
        layout="wide" if layout == "wide" else "centered",
        menu_items={"About": "Cramp Tracker: a private diary for cramps, pain and contractions."},
    )
    refuse_exposed_address()
    now = page_clock()
    try:
        engine = current_engine()
        profile = load_profile(engine, now, account.current_account(engine, now))
        version = data_version(engine, profile.id)
        ctx = PageContext(
            engine=engine, profile=profile, now=now, title=title, data_version=version
        )
        pregnancy = cached.shows_pregnancy(ctx)
        _sidebar(profile, now, pregnancy=pregnancy, engine=engine)
        demo_banner(ctx)
        flags.emergency_banner(ctx)
        _phone_nav(pregnancy=pregnancy)
        st.title(title)
        flags.saved_entry_callouts(ctx)
    except sa.exc.DatabaseError as err:
        show_unreadable_database(title, err)
        st.stop()
    except Exception as err:  # noqa: BLE001 (the one place an unexpected error is turned into a plain message)
        show_unexpected(title, err)
        st.stop()
    try:
        yield ctx
    except Exception as err:  # noqa: BLE001 (as above; st.stop/st.rerun are BaseExceptions and pass)
        show_unexpected(title, err)
    st.divider()
    st.caption(NOT_MEDICAL_ADVICE)


def page_clock() -> datetime:
    """The moment of this rerun (``tracker.ui.clock``); a bad ``TRACKER_NOW`` is named on the
    page, and nothing of the diary is served until it is fixed."""
    try:
        return clock.now()
    except BadSetting as err:
        LOG.error("%s", err)
        st.error(str(err), icon=":material/schedule:")
        st.stop()


def refuse_exposed_address() -> None:
    """Serve nothing of the diary when the server listens beyond this computer and no login is
    configured: the refusal and the safe ways to reach the app from a phone, then stop."""
    address = st.get_option("server.address")
    if not is_loopback(address) and not account.hosted():
        LOG.error("refused to serve the diary on server.address=%r (no login)", address)
        st.error(refusal(address, markdown=True), icon=":material/lock:")
        st.stop()


def show_unreadable_database(title: str, err: Exception) -> None:
    """The diary's file cannot be read (damaged, or not a database): say so, and name the newest
    daily copy that passes SQLite's integrity check and how to put it back, instead of a crash
    on every rerun. Other database errors get the plain message."""
    url = database_url()
    path = sqlite_path(url)
    if path is None:
        show_unexpected(title, err)
        return
    LOG.error("the diary %s cannot be read: %s", path, type(err).__name__)
    st.error(
        f"Your diary's file cannot be read: it may be damaged.\n\n`{path}`",
        icon=":material/report:",
    )
    good = newest_good_copy(url)
    if good is None:
        st.info(
            "No daily copy of it passes the check. If you have a full backup (a .json file), "
            "start with a new database and restore it on Settings.",
            icon=":material/info:",
        )
        return
    made = good.made_at.astimezone().strftime("%d %b %Y %H:%M")
    damaged = shlex.quote(str(path))
    st.info(
        f"The newest good daily copy was made on {made}. To put it back, stop the app, keep the "
        "damaged file aside and copy the good one in its place, then start the app again:",
        icon=":material/settings_backup_restore:",
    )
    st.code(
        f"mv {damaged} {shlex.quote(str(path) + '.damaged')}\n"
        f"cp {shlex.quote(str(good.path))} {damaged}",
        language="bash",
    )


def show_unexpected(title: str, err: Exception) -> None:
    """A plain message instead of a traceback; the stack, without the error's message (which
    may quote what was typed), goes to the server log."""
    LOG.error("page %r failed:\n%s", title, loggable_traceback(err))
    st.error(UNEXPECTED_ERROR, icon=":material/error:")
