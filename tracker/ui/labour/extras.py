"""The contraction timer's chart, share box and Contraction Timer import (issue 4, items 5–7).

Three widgets the timer page calls with its context and contractions; each draws no heading of
its own (put it under one, or in an expander)::

    labour_extras.render_chart(ctx, contractions)   # session picker + plotly chart
    labour_extras.render_share(ctx, contractions)   # text to copy or share + CSV of the session
    labour_extras.share_latest(ctx, session)        # the share button alone (latest session)
    labour_extras.render_import(ctx)                # upload, preview, then import

``contractions`` are the ones to offer, in any order: every contraction (or a recent range) so
that past sessions can be picked. The chart's session picker also decides what is shared.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Final

import plotly.graph_objects as go
import streamlit as st

from tracker.core.errors import ImportRejected, TrackerError
from tracker.core.models import ContractionRead
from tracker.core.words import counted
from tracker.entries.profile import LabourRule, labour_rule
from tracker.files import contraction_timer_app
from tracker.files.csvio import session_csv, session_csv_name
from tracker.labour import timer
from tracker.labour.chart import labour_figure, session_label
from tracker.labour.sessions import LabourSession, split_sessions
from tracker.labour.summary import local_clock, session_sentence, share_text
from tracker.ui.audit import download_data
from tracker.ui.components.share import share_button
from tracker.ui.context import PageContext
from tracker.ui.widgets import md_escape

SESSION_KEY: Final = "labour_session"
"""The session picker's state: ``LATEST`` or the start (ISO 8601) of a past session."""
LATEST: Final = "latest"
"""The picker's first option: whichever session is newest, so a new labour is followed."""
DOWNLOAD_KEY: Final = "labour_share_csv"
UPLOAD_KEY: Final = "labour_import_file"
IMPORT_KEY: Final = "labour_import_go"
ROUND_KEY: Final = "labour_import_round"
"""Bumped after an import, giving the uploader a new key (which empties it)."""
DONE_KEY: Final = "labour_import_done"
CHART_CACHE_ENTRIES: Final = 16
PLOTLY_CONFIG: Final = {"displayModeBar": False, "scrollZoom": False, "responsive": True}
"""No toolbar and no zoom: on a phone a drag over the chart scrolls the page."""


# --- which session --------------------------------------------------------------------------


def _session_id(session: LabourSession) -> str:
    return session.started_at.isoformat()


def _selected(sessions: Sequence[LabourSession]) -> LabourSession:
    """The session the picker names (the latest when it names none still there)."""
    chosen = st.session_state.get(SESSION_KEY, LATEST)
    return next((s for s in sessions if _session_id(s) == chosen), sessions[-1])


def _pick_session(ctx: PageContext, sessions: Sequence[LabourSession]) -> LabourSession:
    """A select box over the sessions, latest first, shown when there is more than one."""
    if len(sessions) < 2:
        return sessions[-1]
    latest, *past = reversed(sessions)
    labels = {LATEST: f"Latest: {session_label(latest, ctx.tz)}"}
    labels |= {_session_id(s): session_label(s, ctx.tz) for s in past}
    if st.session_state.get(SESSION_KEY) in labels:
        # The labels change as contractions are added; setting the choice again each run sends
        # the fresh label along, so the browser keeps the choice (as widgets.fresh_select does).
        st.session_state[SESSION_KEY] = st.session_state[SESSION_KEY]
    else:
        st.session_state.pop(SESSION_KEY, None)
    st.selectbox(
        "Session",
        list(labels),
        format_func=lambda option: labels.get(option, str(option)),
        key=SESSION_KEY,
        help="A new session begins when more than 2 hours pass between two contractions.",
    )
    return _selected(sessions)


# --- chart ----------------------------------------------------------------------------------


def render_chart(ctx: PageContext, contractions: Sequence[ContractionRead]) -> None:
    """Intervals and durations of the chosen session over time, with the go-in rule's lines."""
    sessions = split_sessions(contractions)
    if not sessions:
        st.info(
            "No contractions timed yet. Once you have timed two, a chart of how far apart "
            "they are and how long they last appears here.",
            icon=":material/show_chart:",
        )
        return
    session = _pick_session(ctx, sessions)
    if session.count < 2:
        st.info(
            "One contraction in this session so far: the chart starts with the second.",
            icon=":material/show_chart:",
        )
        return
    figure = _figure(_chart_key(session), session, labour_rule(ctx.profile), ctx.tz)
    alt = (
        f"Chart of intervals and durations. "
        f"{session_sentence(session, now=ctx.now, tz_name=ctx.tz)}"
    )
    st.plotly_chart(figure, theme="streamlit", config=PLOTLY_CONFIG, alt=alt, key="labour_chart")


def _chart_key(session: LabourSession) -> str:
    """What the figure depends on: each contraction's id, start and end."""
    text = ";".join(
        f"{c.id},{c.started_at.timestamp()},{c.ended_at.timestamp() if c.ended_at else ''}"
        for c in session.contractions
    )
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


@st.cache_resource(max_entries=CHART_CACHE_ENTRIES, show_spinner=False)
def _figure(key: str, _session: LabourSession, rule: LabourRule, tz_name: str | None) -> go.Figure:
    """The figure for a session, built once per content (``key``): plotly takes ~40 ms to build
    one, which a tap's rerun should not pay. Shared read-only (``st.plotly_chart`` copies it)."""
    return labour_figure(_session, rule=rule, tz_name=tz_name)


# --- share ----------------------------------------------------------------------------------


def session_share_text(ctx: PageContext, session: LabourSession) -> str:
    """The share text of ``session`` for a midwife: with the events around it (one query), the
    person's name when set, and their go-in rule."""
    events = timer.session_events(
        engine=ctx.engine, profile=ctx.profile, session=session, now=ctx.now
    )
    return share_text(
        session.contractions,
        now=ctx.now,
        tz_name=ctx.tz,
        rule=labour_rule(ctx.profile),
        events=events,
        name=ctx.profile.display_name,
    )


def share_latest(ctx: PageContext, session: LabourSession | None) -> None:
    """The share button under the summary: the latest session to the phone's share sheet, or
    copied where the browser has none (the text itself is in the Share tab)."""
    if session is None:
        return
    share_button(session_share_text(ctx, session))
    st.caption("For your midwife: the times, the go-in rule and events. See it in the Share tab.")


def render_share(ctx: PageContext, contractions: Sequence[ContractionRead]) -> None:
    """The chosen session's summary to read and copy (``st.code`` has a copy button, and the
    share button below), and its CSV."""
    sessions = split_sessions(contractions)
    if not sessions:
        st.info("Nothing to share yet: time a contraction first.", icon=":material/ios_share:")
        return
    session = _selected(sessions)
    text = session_share_text(ctx, session)
    st.caption(
        "What your midwife or partner will read. Share or copy it with the button below, or "
        "with the copy icon at the box's top right (on a phone, tap the box first)."
    )
    st.code(text, language=None, wrap_lines=True)
    share_button(text)
    count = counted(session.count, "contraction")
    st.download_button(
        f"Download this session as CSV ({count})",
        # Made when tapped (reading the store then), not on every rerun of the timer page.
        # Noted in the audit trail when made; the detail names the format only.
        data=download_data(
            ctx,
            lambda: session_csv(engine=ctx.engine, profile=ctx.profile, session=session),
            "Timed contractions of one session (CSV)",
        ),
        file_name=session_csv_name(session, ctx.tz),
        mime="text/csv",
        key=DOWNLOAD_KEY,
        on_click="ignore",
        icon=":material/download:",
    )


# --- import ---------------------------------------------------------------------------------


def render_import(ctx: PageContext) -> None:
    """Upload Contraction Timer's CSV, see what it would do, then import it all or nothing
    (``contraction_timer_app.import_file``, as ``python -m tracker import contractiontimer``)."""
    done = st.session_state.pop(DONE_KEY, None)
    if done:
        st.success(done, icon=":material/check_circle:")
    round_ = int(st.session_state.get(ROUND_KEY, 0))
    upload = st.file_uploader(
        "CSV exported by the Android app Contraction Timer",
        type=["csv"],
        key=f"{UPLOAD_KEY}_{round_}",
        help=(
            "Contractions already here (same start time) are not copied: the file only adds an "
            "end or a note they lack, and never replaces what you changed in the app."
        ),
    )
    if upload is None:
        st.caption("Nothing is stored until you have seen a preview and confirmed.")
        return
    name = md_escape(upload.name)
    try:
        text = contraction_timer_app.decode(upload.getvalue())
        found = contraction_timer_app.preview(
            engine=ctx.engine, profile=ctx.profile, text=text, now=ctx.now
        )
    except ImportRejected as err:
        _show_problems(err, name)
        return
    except TrackerError as err:
        st.error(f"Could not read {name}: {md_escape(str(err))}", icon=":material/error:")
        return
    if found.rows == 0 or found.first_started_at is None or found.last_started_at is None:
        st.warning(f"{name} holds no contractions.", icon=":material/warning:")
        return
    first = local_clock(found.first_started_at, ctx.tz, ctx.now)
    last = local_clock(found.last_started_at, ctx.tz, ctx.now)
    running = (
        " The last one has no end (it was still going when exported): it will show here as "
        "running, ready to be stopped."
        if found.last_running
        else ""
    )
    kept = (
        f"\n- Kept as you changed it in the app: {_count(found.kept)} whose end or note differs "
        "from this file's (an import only adds an end or a note the app lacks, never replaces "
        "one)."
        if found.kept
        else ""
    )
    st.markdown(
        f"**Preview of {name}** (nothing stored yet):\n"
        f"- {_count(found.rows)}, the first started at {first}, "
        f"the last at {last}.{running}\n"
        f"- {found.added} new, {found.updated} to update{_filled(found)}, "
        f"{found.unchanged} already here unchanged.{kept}"
    )
    if found.added == 0 and found.updated == 0:
        st.info(
            "Nothing to import: everything in this file is already here, and what you changed "
            "in the app stays."
            if found.kept
            else "Everything in this file is already here.",
            icon=":material/check:",
        )
        return
    if not st.button(
        f"Import {_count(found.rows)}", type="primary", key=IMPORT_KEY, icon=":material/upload:"
    ):
        return
    try:
        result = contraction_timer_app.import_file(
            engine=ctx.engine, profile=ctx.profile, text=text, now=ctx.now
        )
    except ImportRejected as err:  # changed since the preview (another tab or device)
        _show_problems(err, name)
        return
    except TrackerError as err:
        st.error(f"Not imported: {md_escape(str(err))}", icon=":material/error:")
        return
    kept_note = (
        f" Kept what you changed in the app on {_count(result.kept)}." if result.kept else ""
    )
    st.session_state[DONE_KEY] = (
        f"Imported {name}: {result.added} added, {result.updated} updated{_filled(result)}, "
        f"{result.unchanged} unchanged.{kept_note}"
    )
    st.session_state[ROUND_KEY] = round_ + 1
    st.rerun()


def _count(n: int) -> str:
    return f"{n} contraction{'s' if n != 1 else ''}"


def _filled(done: contraction_timer_app.TimerImport) -> str:
    """`` (1 end time added, 2 notes added)``: what the updates fill in; empty for none."""
    parts = [
        f"{n} {what}{'s' if n != 1 else ''} added"
        for n, what in ((done.ends_added, "end time"), (done.notes_added, "note"))
        if n
    ]
    return f" ({', '.join(parts)})" if parts else ""


def _show_problems(err: ImportRejected, name: str) -> None:
    """Every problem as ``line N: column: reason``; nothing was stored."""
    count = len(err.problems)
    lines = "\n".join(f"- {md_escape(str(p))}" for p in err.problems)
    st.error(
        f"Nothing imported: {count} problem{'s' if count != 1 else ''} in {name}. "
        f"Fix {'them' if count != 1 else 'it'} and upload the file again.\n\n{lines}",
        icon=":material/error:",
    )
