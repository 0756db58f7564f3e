"""First run: the welcome an empty diary opens on, and the demo profile a browser session can
look at instead of the person's diary.

The welcome has three steps, each skippable: 1. profile (time zone, sex, due date, drinks
goal), 2. cabinet (a link to the Supplements page), 3. first entry (one-tap drinks, links to
log a cramp or another drink). It shows while the diary has no entry and the person has not
dismissed it in this browser session. "Try with demo data" fills a separate profile
(``tracker.files.demo_profile``) and switches this session to it; the banner on every page
says so and leads back (optionally deleting the demo).

Wiring (app.py and frame.py call these)::

    # app.py: Today's body under it (st.stop() instead would leave out the frame's footer)
    with page("Today") as ctx:
        if not welcome(ctx):
            ...  # Today

    # tests/pages/conftest.py, open_page: page tests start past the welcome
    at.session_state[DISMISSED_KEY] = True

    # frame.py, load_profile: the session may look at the demo instead
    name = session_profile_name(os.environ.get(PROFILE_ENV, DEFAULT_PROFILE))

    # frame.py, page(): just before flags.emergency_banner(ctx)
    demo_banner(ctx)
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from sqlalchemy.engine import Engine

from tracker.core.errors import TrackerError
from tracker.core.models import ProfileRead
from tracker.core.timeutil import timezone_names
from tracker.core.vocabulary import Sex, Units
from tracker.entries.cabinet import list_cabinet
from tracker.entries.hydration import goal_ml_from_input
from tracker.entries.profile import update_profile
from tracker.files import demo_profile
from tracker.ui import cached
from tracker.ui.context import PageContext
from tracker.ui.quick_log import drink_buttons
from tracker.ui.settings_form import goal_input
from tracker.ui.widgets import flash, forget_widgets, md_escape, show_error, show_flash

DEMO_KEY = "_demo_of"
"""Session: the name of the person's own profile while this session looks at their demo."""
STEP_KEY = "_welcome_step"
"""Session: the welcome's step (0, 1, 2)."""
DISMISSED_KEY = "_welcome_dismissed"
"""Session: the person skipped the welcome; Today shows for the rest of the session."""
KEY = "welcome"
"""Prefix of the welcome's widget keys."""

STEPS = ("Your profile", "Your cabinet", "Your first entry")
TITLE = "Welcome to Cramp Tracker"


# --- which profile this browser session looks at ------------------------------------------------


def session_profile_name(own: str) -> str:
    """The profile this browser session shows: ``own`` (the person's, from the environment),
    or their demo profile after "Try with demo data" in this session."""
    if st.session_state.get(DEMO_KEY) == own:
        return demo_profile.demo_profile_name(own)
    return own


def in_demo() -> bool:
    return DEMO_KEY in st.session_state


def _switch(own: str | None, message: str = "") -> None:
    """Look at the demo of ``own`` (None: back to the person's own diary). Every other state of
    the session goes (widget values, callouts of flags, the welcome's step): they belonged to
    the other profile, and a form still holding the demo's values must not save them into the
    person's profile."""
    for name in list(st.session_state):
        del st.session_state[name]
    if own is not None:
        st.session_state[DEMO_KEY] = own
    if message:
        flash(message)
    st.rerun()


def demo_banner(ctx: PageContext) -> None:
    """On every page while this session looks at the demo: what it is and the way back."""
    own = st.session_state.get(DEMO_KEY)
    if own is None:
        return
    with st.container(key="demo_banner"):
        st.info(  # blue: amber and red are the colours of flags
            "You are looking at demo data — made-up entries, not your diary. What you log "
            "here goes into the demo.",
            icon=":material/science:",
        )
        with st.container(horizontal=True, gap="small"):
            if st.button("Back to my diary", key="demo_back", type="primary"):
                _switch(None)
            if st.button("Back, and delete the demo data", key="demo_back_delete"):
                _delete_demo(ctx.engine, own, ctx.profile.account, then_switch=True)


def _delete_demo(engine: Engine, own: str, account: str, *, then_switch: bool) -> None:
    try:
        demo_profile.delete_demo(engine=engine, own_name=own, account=account)
    except TrackerError as err:
        show_error(err)
        return
    message = "The demo data was deleted; your diary is as it was."
    if then_switch:
        _switch(None, message)
    flash(message)
    st.rerun()


# --- the welcome ----------------------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=cached.MAX_ENTRIES)
def _is_empty(key: cached.Key, _engine: Engine, _profile: ProfileRead) -> bool:
    return demo_profile.diary_is_empty(engine=_engine, profile=_profile)


def welcome(ctx: PageContext) -> bool:
    """Draw the welcome when the diary is empty and the person has not dismissed it in this
    session (never in the demo); True when it was drawn (Today's body is then left out)."""
    if in_demo() or st.session_state.get(DISMISSED_KEY):
        return False
    if not _is_empty(cached.key(ctx), ctx.engine, ctx.profile):
        return False
    show_flash()
    st.subheader(TITLE)
    st.markdown(
        "A private diary for cramps, pain, drinks and supplements — and contractions in a "
        "pregnancy. Three short steps get it ready; skip any of them."
    )
    demo_offer(ctx, key=KEY, lead="**Just looking?** See the app with made-up data first.")
    step = int(st.session_state.get(STEP_KEY, 0))
    st.markdown(f"#### Step {step + 1} of {len(STEPS)}: {STEPS[step]}")
    st.caption(" · ".join(f"{n}\\. {name}" for n, name in enumerate(STEPS, start=1)))
    try:
        (_profile_step, _cabinet_step, _first_entry_step)[step](ctx)
    except TrackerError as err:
        show_error(err)
    last = step == len(STEPS) - 1
    st.button(
        "Skip: go to Today" if last else "Skip this step",
        key=f"{KEY}_skip",
        on_click=_dismiss if last else _next_step,
    )
    if not last:
        st.divider()
        st.button("Skip the welcome", key=f"{KEY}_dismiss", type="tertiary", on_click=_dismiss)
    return True


def _next_step() -> None:
    st.session_state[STEP_KEY] = min(int(st.session_state.get(STEP_KEY, 0)) + 1, len(STEPS) - 1)


def _dismiss() -> None:
    st.session_state[DISMISSED_KEY] = True
    st.session_state.pop(STEP_KEY, None)


def demo_offer(ctx: PageContext, *, key: str, lead: str = "") -> None:
    """ "Try with demo data" (or open the kept demo again, or delete it), with ``lead`` in bold
    above; nothing while this session is in the demo (its banner leads back)."""
    if in_demo():
        return
    kept = demo_profile.find_demo(
        engine=ctx.engine, own_name=ctx.profile.name, account=ctx.profile.account
    )
    with st.container(border=True):
        if lead:
            st.markdown(lead)
        st.caption(
            f"{demo_profile.DEMO_DAYS} days of made-up entries go into a separate demo profile, "
            "never into your diary. A banner on every page leads back, and the demo can be "
            "deleted there."
        )
        pregnant = kept is None and st.toggle(
            "Include a pregnancy (38 weeks, with contractions)", key=f"{key}_demo_pregnant"
        )
        label = "Open the demo data again" if kept else "Try with demo data"
        with st.container(horizontal=True, gap="small"):
            if st.button(label, key=f"{key}_demo", icon=":material/science:"):
                _open_demo(ctx, pregnant=pregnant)
            if kept and st.button("Delete the demo data", key=f"{key}_delete_demo"):
                _delete_demo(ctx.engine, ctx.profile.name, ctx.profile.account, then_switch=False)


def _open_demo(ctx: PageContext, *, pregnant: bool) -> None:
    try:
        with st.spinner("Making the demo data…"):
            demo_profile.start_demo(
                engine=ctx.engine, own=ctx.profile, now=ctx.now, pregnant=pregnant
            )
    except TrackerError as err:
        show_error(err)
        return
    _switch(ctx.profile.name)


def _profile_step(ctx: PageContext) -> None:
    st.markdown("The few things that make the figures yours. Change them any time in Settings.")
    changes = _profile_form(ctx.profile)
    if changes is not None:
        update_profile(engine=ctx.engine, profile=ctx.profile, changes=changes, now=ctx.now)
        forget_widgets(f"{KEY}_")
        _next_step()
        flash("Profile saved.")
        st.rerun()


def _profile_form(p: ProfileRead) -> dict[str, Any] | None:
    units = Units(p.units)
    zones = timezone_names()
    with st.form(f"{KEY}_profile", border=False):
        timezone = st.selectbox(
            "Time zone",
            zones,
            index=zones.index(p.timezone) if p.timezone in zones else None,
            help="Where your days start and end, for daily totals.",
            key=f"{KEY}_timezone",
        )
        sex = st.selectbox(
            "Sex",
            list(Sex),
            index=list(Sex).index(p.sex) if p.sex else None,
            format_func=lambda s: s.label,
            placeholder="Not set",
            help="Sets the daily drinks reference.",
            key=f"{KEY}_sex",
        )
        due_date = st.date_input(
            "Due date — only if you are pregnant",
            value=p.due_date,
            format="YYYY-MM-DD",
            help="Turns on the contraction timer and the pregnancy checks.",
            key=f"{KEY}_due_date",
        )
        goal = goal_input(p, units, key=f"{KEY}_goal")
        if not st.form_submit_button("Save and continue", type="primary"):
            return None
    return {
        "timezone": timezone or p.timezone,
        "sex": sex,
        "due_date": due_date,
        "hydration_goal_ml": goal_ml_from_input(goal, units, p.hydration_goal_ml),
    }


def _cabinet_step(ctx: PageContext) -> None:
    st.markdown(
        "Add the supplements and medicines you take, with what one tablet holds: then one tap "
        "logs one, and the report adds up your daily amounts."
    )
    products = list_cabinet(engine=ctx.engine, profile=ctx.profile)
    if products:
        st.caption("In your cabinet: " + ", ".join(md_escape(p.name) for p in products))
    st.page_link("pages/supplements.py", label="Open your cabinet", icon=":material/medication:")
    if products:
        st.button("Next step", key=f"{KEY}_next", type="primary", on_click=_next_step)


def _first_entry_step(ctx: PageContext) -> None:
    st.markdown("Log something now: a tap on a drink logs it; a cramp takes a few more.")
    st.page_link("pages/cramps.py", label="Log a cramp or pain", icon=":material/personal_injury:")
    st.caption("Water, now")
    drink_buttons(ctx, key=f"{KEY}_drink")
    st.page_link("pages/drinks.py", label="Another drink", icon=":material/local_cafe:")
