"""Settings: the profile (each field says why it is asked), demo data to try, where the data
lives, the person's own audit trail ("Sign-ins and exports"), and backup, restore, "Download
my database" and "Delete my data"."""

from __future__ import annotations

from typing import Any

import streamlit as st

from tracker.core.errors import TrackerError
from tracker.entries import accounts
from tracker.entries.profile import update_profile
from tracker.entries.store import data_location, database_url
from tracker.ui.audit import trail_section
from tracker.ui.backup import backup_section
from tracker.ui.context import PageContext
from tracker.ui.frame import browser_timezone, page
from tracker.ui.settings_form import KEY, profile_form
from tracker.ui.welcome import demo_offer, in_demo
from tracker.ui.widgets import flash, forget_widgets, md_escape, show_error, show_flash

HOSTED_LOCATION = (
    "Your diary is kept in this server's database, in your account's own profile, which no "
    "other account can see. The people who run the server back the database up. To keep your "
    "own copy, download a full backup below; it can be restored into an empty diary here or in "
    "the app on your own computer."
)


def save(ctx: PageContext, changes: dict[str, Any], message: str) -> None:
    update_profile(engine=ctx.engine, profile=ctx.profile, changes=changes, now=ctx.now)
    flash(message)
    forget_widgets(f"{KEY}_")  # redraw the form from what is now stored
    st.rerun()


with page("Settings") as ctx:
    try:
        browser_zone = browser_timezone()
        if browser_zone and browser_zone != ctx.profile.timezone:
            shown = md_escape(browser_zone)  # the browser's word, and "Port_of_Spain" has "_"
            st.info(
                f"This browser is in {shown}; your diary counts days in "
                f"{md_escape(ctx.profile.timezone)}.",
                icon=":material/schedule:",
            )
            if st.button(f"Use this browser's time zone: {shown}", key="use_browser_zone"):
                save(ctx, {"timezone": browser_zone}, f"Time zone set to {shown}.")
        changes = profile_form(ctx)
        if changes is not None:
            save(ctx, changes, "Settings saved.")
    except TrackerError as err:
        show_error(err)
    show_flash()  # below the long form, where the person is after tapping Save

    if not in_demo():
        st.subheader("Demo data")
        demo_offer(ctx, key=KEY)

    st.subheader("Where your data lives")
    if ctx.profile.account == accounts.LOCAL:
        location, backup = data_location(database_url())
        st.code(location, language=None, wrap_lines=True)
        st.caption(backup)
    else:  # hosted: the server's address and files are the operator's, not the person's
        st.caption(HOSTED_LOCATION)

    trail_section(ctx)  # what was exported, restored, deleted: above where that is done
    backup_section(ctx)
