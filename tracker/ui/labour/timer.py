"""The contraction timer's widgets: the one big button, the live clock, the fix for a forgotten
stop, the optional details after a stop, the go-in guidance and the quick event buttons.

Everything the timer shows comes from the database (``tracker.labour.timer.timer_state``): a
reload, a closed tab, a second device or a server restart finds the running contraction and can
stop it. Session state holds only UI state: which contraction the details form is for, a refused
stop waiting for its fix, a one-shot notice, the advice of an event just logged.

The button and the clock live in one fragment ticking each second: a tap (an ``on_click``
callback) reruns that fragment first, so the button reads its new label without waiting for the
rest of the page, which follows in a full rerun. Start and Stop are two buttons that keep their
identity (the one not in use is disabled and hidden): a double tap on Start sends Start twice,
and the second is refused as "already running", never taken as a stop.

No HTML is built from what a person typed: the only ``st.html`` is the static style below.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

import streamlit as st
from sqlalchemy.engine import Engine

from tracker.core.errors import ForgottenStop, NotFound, OverlapError, TrackerError
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.core.timeutil import format_duration_s, format_local, format_logged_at
from tracker.entries import journal
from tracker.entries.history import keep_unchanged_time
from tracker.labour import timer
from tracker.labour.sessions import words_apart
from tracker.ui import clock
from tracker.ui.context import PageContext
from tracker.ui.forms.contraction import contraction_details
from tracker.ui.widgets import confirm_step, flash, md_escape, show_error, when_input

START_KEY = "timer_start"
STOP_KEY = "timer_stop"
NOTICE_KEY = "_timer_notice"
"""Session: what the last tap could not do (``(level, text)``), shown until the next tap."""
DETAILS_KEY = "_timer_details_for"
"""Session: id of the contraction just stopped on this device (its optional details form)."""
FORGOTTEN_KEY = "_timer_forgotten"
"""Session: a refused stop (``RefusedStop``) waiting for its fix."""
STALE_KEY = "_timer_stale"
"""Session: the page is out of date: ``TAPPED`` by a tap; then the time (``time.monotonic``)
the fragment noticed it, after which a tick reruns the page."""
TAPPED = "tapped"
PAGE_FOLLOWS_AFTER_S = 0.5
"""A tick reruns the page only this long after the fragment drew the change: a page rerun drops
the fragment's updates not yet delivered, and the button would then wait for the whole page."""


NOT_ADVICE = (
    "A timer and a diary, not medical advice. If you are worried, call your maternity unit."
)

TAP_KEY = "timer_tap"
TAP_CSS = """
<style>
.st-key-timer_tap button {
  min-height: 8rem;
  border-radius: 1.5rem;
}
.st-key-timer_tap button p {
  font-size: 2rem;
  font-weight: 700;
  line-height: 1.15;
}
.st-key-timer_tap:has(.st-key-timer_start button:disabled) .st-key-timer_start,
.st-key-timer_tap:has(.st-key-timer_start button:enabled) .st-key-timer_stop {
  display: none;
}
.st-key-timer_stop button,
.st-key-timer_stop button:disabled,
.st-key-timer_stop button:focus:not(:active) {
  background-color: #b3261e;
  border-color: #b3261e;
  color: #ffffff;
  opacity: 1;
}
.st-key-timer_stop button:hover {
  background-color: #8c1d18;
  border-color: #8c1d18;
  color: #ffffff;
}
.st-key-timer_summary {
  flex-wrap: nowrap;
}
.st-key-timer_summary > div {
  flex: 1 1 0;
  min-width: 0;
}
.st-key-timer_summary [data-testid="stMetricLabel"] p {
  white-space: normal;
}
</style>
"""
"""The big button's style, scoped to its container's key: huge, Stop in red; and the summary's
two figures side by side on a phone, their labels ("Typical interval (median of last 6)")
wrapping rather than pushing the second figure onto a line of its own. Exactly one of
the two buttons shows, decided by Start alone (Start shows while it is enabled, Stop otherwise),
so the moment between their two updates never shows both or neither. Static text only: nothing
a person typed goes into HTML."""


# --- the big button and the live clock (a fragment ticking each second) -------------------------

StateKey = tuple[int | None, int | None]


@dataclass(frozen=True)
class ClockView:
    """What the timer shows at one instant: the state, ``(label, value)`` readings, a warning."""

    state: timer.TimerState
    readings: tuple[tuple[str, str], ...]
    warning: str | None = None

    @property
    def key(self) -> StateKey:
        return state_key(self.state)


def state_key(state: timer.TimerState) -> StateKey:
    """(running id, newest finished id): when it changes, the page's table is out of date."""
    return (
        state.running.id if state.running else None,
        state.last.id if state.last else None,
    )


def _clock(seconds: float | None) -> str:
    """``m:ss`` up to an hour, then words (``3 h 5 min``); a dash when unknown."""
    if seconds is None:
        return "–"
    return format_duration_s(seconds) if seconds < 3600 else words_apart(seconds)


def clock_view(*, engine: Engine, profile: ProfileRead, now: datetime) -> ClockView:
    """What the fragment shows at ``now``: one indexed query (``timer.timer_state``) and text."""
    state = timer.timer_state(engine=engine, profile=profile, now=now)
    readings: tuple[tuple[str, str], ...]
    if state.is_running:
        readings = (
            ("Running for", _clock(state.elapsed_s)),
            ("Interval", _clock(state.running_interval_s)),
            ("Last duration", _clock(state.last_duration_s)),
        )
    elif state.latest_start is not None:
        readings = (
            ("Since last start", _clock(state.since_last_start_s)),
            ("Last duration", _clock(state.last_duration_s)),
            ("Last interval", _clock(state.last_interval_s)),
        )
    else:
        readings = ()
    warning = None
    if state.probably_forgotten:
        warning = (
            "This contraction has been running for more than 10 minutes: did you forget to "
            "stop it? Tap Stop to set when it really ended."
        )
    return ClockView(state, readings, warning)


def page_drawn() -> None:
    """Call at the top of the page: a full run draws everything afresh."""
    st.session_state.pop(STALE_KEY, None)


@st.fragment(run_every=1)
def timer_panel(ctx: PageContext, page_key: StateKey) -> None:
    """The big button and the live clock, redrawn each second without rerunning the page (a
    half-typed note elsewhere stays as it is).

    A tap reruns only this fragment, so the button reads its new label at once. The rest of the
    page (table, summary, guidance) follows at a later tick, within about a second
    (``PAGE_FOLLOWS_AFTER_S``): rerunning the page straight away would drop this run's update
    of the button before it reaches the browser, which would then wait for the whole page. The
    same happens when another tab or device starts or stops a contraction (``page_key`` is the
    state the page was drawn with)."""
    stale = st.session_state.get(STALE_KEY)
    if isinstance(stale, float) and time.monotonic() - stale >= PAGE_FOLLOWS_AFTER_S:
        st.rerun()
    view = clock_view(engine=ctx.engine, profile=ctx.profile, now=clock.now())
    tap_button(ctx, view.state)
    if stale == TAPPED or (stale is None and view.key != page_key):
        st.session_state[STALE_KEY] = time.monotonic()
    tap_notice()
    if not view.readings:
        st.caption("Tap Start when a contraction begins, Stop when it ends.")
        return
    with st.container(horizontal=True, gap="small", key="timer_clock"):
        for label, value in view.readings:
            st.metric(label, value, width="content")
    refused: RefusedStop | None = st.session_state.get(FORGOTTEN_KEY)
    if view.warning and refused is None:  # once refused, the fix below says it all
        st.warning(view.warning, icon=":material/timer_off:")


def tap_style() -> None:
    """The big button's style, drawn by the page (once per full run, not at each tick).

    On a browser's very first visit the style can land ~0.1 s after the buttons (Streamlit
    loads element code lazily): both buttons then show for that moment while the page is
    still being assembled."""
    st.html(TAP_CSS)


def tap_button(ctx: PageContext, state: timer.TimerState) -> None:
    """One very large button: "Start contraction", or "Stop contraction" while one runs.

    Two buttons are always there, the one not in use disabled and hidden (``TAP_CSS``): each
    keeps its identity, so a tap updates them in place, and the second tap of a double tap
    still says what the person saw (Start twice is refused as already running, never taken
    as a stop)."""
    with st.container(key=TAP_KEY):
        for key, label, action in (
            (START_KEY, "Start contraction", "start"),
            (STOP_KEY, "Stop contraction", "stop"),
        ):
            st.button(
                label,
                key=key,
                type="primary",
                width="stretch",
                disabled=(action == "stop") != state.is_running,
                on_click=_tap,
                args=(ctx.engine, ctx.profile, action),
            )


@dataclass(frozen=True)
class RefusedStop:
    """A stop refused as a probable forgotten stop (``ForgottenStop``), kept for its fix."""

    contraction_id: int
    started_at: datetime
    suggested_end: datetime
    message: str


def _notice(level: str, text: str) -> None:
    st.session_state[NOTICE_KEY] = (level, text)


def _tap(engine: Engine, profile: ProfileRead, action: str) -> None:
    """The button's callback: start or stop, as the button said when it was tapped."""
    now = clock.now()
    st.session_state[STALE_KEY] = TAPPED
    st.session_state.pop(NOTICE_KEY, None)
    try:
        if action == "start":
            timer.start(engine=engine, profile=profile, now=now)
            st.session_state.pop(FORGOTTEN_KEY, None)
        else:
            stopped = timer.stop(engine=engine, profile=profile, now=now)
            st.session_state[DETAILS_KEY] = stopped.id
            st.session_state.pop(FORGOTTEN_KEY, None)
    except ForgottenStop as err:
        st.session_state[FORGOTTEN_KEY] = RefusedStop(
            err.contraction.id, err.contraction.started_at, err.suggested_end, str(err)
        )
    except OverlapError as err:
        running = timer.running(engine=engine, profile=profile)
        if action == "start" and running is not None:
            when = format_local(running.started_at, profile.timezone, "%H:%M:%S")
            _notice("info", f"A contraction is already running (since {when}).")
        else:
            _notice("error", f"Not started: {err}")
    except NotFound:
        _notice("info", "No contraction was running: it was stopped already (another device?).")
    except TrackerError as err:
        _notice("error", f"Not saved: {err}")


def tap_notice() -> None:
    """What the last tap could not do (until the next tap)."""
    found = st.session_state.get(NOTICE_KEY)
    if found:
        level, text = found
        show = st.error if level == "error" else st.info
        show(md_escape(text), icon=":material/info:")


# --- a forgotten stop ----------------------------------------------------------------------------


def forgotten_stop_fix(ctx: PageContext, state: timer.TimerState) -> None:
    """After a refused stop: set the real end (default: the suggested one) or delete it."""
    refused: RefusedStop | None = st.session_state.get(FORGOTTEN_KEY)
    if refused is None:
        return
    if state.running is None or state.running.id != refused.contraction_id:
        st.session_state.pop(FORGOTTEN_KEY, None)  # stopped or deleted elsewhere
        return
    started = format_local(refused.started_at, ctx.tz, "%H:%M:%S")
    st.error(f"Not stopped. {md_escape(refused.message)}.", icon=":material/timer_off:")
    with st.form("timer_fix_form"):
        st.markdown(f"**When did the contraction that started at {started} end?**")
        chosen = when_input(ctx, key="timer_fix_end", label="Ended", default=refused.suggested_end)
        save = st.form_submit_button("Save this end time", type="primary", key="timer_fix_save")
    if save:
        ended_at = keep_unchanged_time(refused.suggested_end, chosen)
        try:
            stopped = timer.stop(
                engine=ctx.engine, profile=ctx.profile, now=ctx.now, ended_at=ended_at
            )
        except TrackerError as err:
            show_error(err)
        else:
            st.session_state.pop(FORGOTTEN_KEY, None)
            st.session_state[DETAILS_KEY] = refused.contraction_id
            flash(
                f"Stopped: the contraction that started at "
                f"{format_logged_at(stopped.started_at, ctx.tz, ctx.now, seconds=True)} ended at "
                f"{format_logged_at(stopped.ended_at or ended_at, ctx.tz, ctx.now, seconds=True)}."
            )
            st.rerun()
    if confirm_step(
        key=f"timer_fix_{refused.contraction_id}",
        ask="Delete this contraction…",
        question=f"Delete the contraction that started at {started}? This cannot be undone.",
        yes_label="Yes, delete",
    ):
        try:
            journal.delete_entry(
                engine=ctx.engine,
                kind=EntryKind.CONTRACTIONS,
                profile_id=ctx.profile.id,
                entry_id=refused.contraction_id,
            )
        except TrackerError as err:
            show_error(err)
            return
        st.session_state.pop(FORGOTTEN_KEY, None)
        flash(f"Deleted the contraction that started at {started}.")
        st.rerun()


# --- optional details after a stop ---------------------------------------------------------------


def details_form(ctx: PageContext, state: timer.TimerState) -> None:
    """Intensity, where it was felt and a note for the contraction just stopped (optional).

    Kept while the next one runs, so a half-written note survives the next tap."""
    wanted = st.session_state.get(DETAILS_KEY)
    if wanted is None or state.last is None:
        return
    if wanted != state.last.id:
        st.session_state.pop(DETAILS_KEY, None)  # a newer one was stopped, or it was deleted
        return
    started = format_local(state.last.started_at, ctx.tz, "%H:%M:%S")
    with st.form("timer_details_form"):
        st.markdown(f"**The contraction at {started}** (optional)")
        changes = contraction_details(key="timer")
        save = st.form_submit_button("Save details", key="timer_details_save")
    if not save:
        return
    try:
        saved = journal.update_entry(
            engine=ctx.engine,
            kind=EntryKind.CONTRACTIONS,
            profile_id=ctx.profile.id,
            entry_id=wanted,
            changes={k: v for k, v in changes.items() if v},
            now=ctx.now,
            tz_name=ctx.tz,
        )
    except TrackerError as err:
        show_error(err)
        return
    st.session_state.pop(DETAILS_KEY, None)
    for key in ("timer_intensity", "timer_where", "timer_note"):
        st.session_state.pop(key, None)
    when = format_logged_at(saved.started_at, ctx.tz, ctx.now, seconds=True)
    flash(f"Saved the details of the contraction at {when}.")
    st.rerun()
