"""Log a cramp again from Today or the Cramps page: "Log again now", favourites, "same as last
time" (what is repeated, and why only that, is in ``tracker.entries.repeat``).

The common case, the same cramp at another intensity, is two taps: the intensity ("How bad this
time?", optional), then the pattern's button. Leaving the intensity alone repeats the one shown
on the button: one tap.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from tracker.core.errors import TrackerError
from tracker.core.kinds import EntryKind
from tracker.core.timeutil import format_logged_at
from tracker.entries.repeat import (
    Pattern,
    favourites,
    latest_episode,
    pattern_of,
    pin,
    recent_patterns,
    unpin,
)
from tracker.entries.timeline import summarize
from tracker.ui.context import PageContext
from tracker.ui.quick_log import save_entry
from tracker.ui.widgets import flash, form_prefix, reset_form, show_error

_PREFILL = "_cramp_prefill"
"""Session key: (form key prefix, pattern) of a "Same as last time" tap."""
INTENSITIES = list(range(11))


def saved_message(ctx: PageContext, saved: Any) -> str:
    """Every saved episode's message: what was stored and its local start time."""
    return (
        f"Saved: {summarize(EntryKind.CRAMPS, saved, ctx.profile.units)}, started at "
        f"{format_logged_at(saved.started_at, ctx.tz, ctx.now)}."
    )


def log_again_panel(ctx: PageContext, *, key: str) -> None:
    """The favourites (pinned) and the last few other patterns, each a one-tap "log it now"
    button with a pin or unpin button beside it; nothing when there is neither."""
    pinned = favourites(ctx.profile)
    recent = recent_patterns(
        engine=ctx.engine,
        profile=ctx.profile,
        now=ctx.now,
        leave_out=frozenset(p.key for p in pinned),
    )
    if not pinned and not recent:
        return
    prefix = form_prefix(key)
    st.subheader("Cramp again?")
    st.caption("Log again now: one tap stores it, started now. Pin the ones you have often.")
    intensity = st.pills(
        "How bad this time? (leave it for the one on the button)",
        INTENSITIES,
        key=f"{prefix}_intensity",
    )
    for pattern in pinned:
        _pattern_row(ctx, pattern, intensity, key=key, pinned=True)
    for pattern in recent:
        _pattern_row(ctx, pattern, intensity, key=key, pinned=False)


def _pattern_row(
    ctx: PageContext, pattern: Pattern, intensity: int | None, *, key: str, pinned: bool
) -> None:
    chosen = pattern.with_intensity(intensity)
    name = f"{key}_{pattern.key.replace('/', '_')}"
    # No wrapping: the pin stays beside its pattern on a phone (a long label wraps inside).
    with st.container(horizontal=True, gap="small", vertical_alignment="center", wrap=False):
        if st.button(
            chosen.label,
            key=f"{name}_log",
            icon=":material/push_pin:" if pinned else ":material/replay:",
            help="Log this again now",
            type="primary" if pinned else "secondary",
            width="stretch",
        ):
            save_entry(
                ctx,
                EntryKind.CRAMPS,
                chosen.values(ctx.now),
                message=lambda saved: saved_message(ctx, saved),
                reset=[key],
            )
        if pinned:
            if st.button(
                "Unpin",
                key=f"{name}_unpin",
                icon=":material/keep_off:",
                help=f"Take {pattern.place} off Today",
            ):
                _change_favourites(
                    ctx,
                    lambda: unpin(
                        engine=ctx.engine, profile=ctx.profile, key=pattern.key, now=ctx.now
                    ),
                    f"Unpinned {pattern.place} from Today.",
                )
        elif st.button(
            "Pin",
            key=f"{name}_pin",
            icon=":material/keep:",
            help=f"Keep {pattern.place} on Today at {pattern.intensity}/10",
        ):
            _change_favourites(
                ctx,
                lambda: pin(engine=ctx.engine, profile=ctx.profile, pattern=pattern, now=ctx.now),
                f"Pinned {pattern.label} to Today.",
            )


def _change_favourites(ctx: PageContext, change: Any, message: str) -> None:
    try:
        change()
    except TrackerError as err:
        show_error(err)
        return
    flash(message)
    st.rerun()


def same_as_last_time(ctx: PageContext, *, form: str) -> None:
    """A button that starts form ``form`` from the latest episode's pattern (the person can
    still change anything); nothing when the diary has no episode."""
    latest = latest_episode(engine=ctx.engine, profile=ctx.profile)
    if latest is None:
        return
    pattern = pattern_of(latest)
    if st.button(
        f"Same as last time: {pattern.label}",
        key=f"{form}_same_as_last",
        icon=":material/content_copy:",
        width="stretch",
    ):
        reset_form(form)  # new widgets, so the form is drawn from the pattern
        st.session_state[_PREFILL] = (form_prefix(form), pattern)
        st.rerun()


def prefilled(form: str) -> Pattern | None:
    """The pattern form ``form`` starts from after "Same as last time", until it is saved
    (a save draws the form anew under another key prefix, which ends the prefill)."""
    found = st.session_state.get(_PREFILL)
    if isinstance(found, tuple) and found[0] == form_prefix(form):
        pattern: Pattern = found[1]
        return pattern
    return None
