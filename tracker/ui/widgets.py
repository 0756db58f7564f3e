"""Small widgets shared by the pages (Streamlit here, decisions in ``tracker``)."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from tracker.errors import InvalidEntry, TrackerError
from tracker.timeutil import combine_local, to_local
from tracker.ui.frame import PageContext


def when_input(
    ctx: PageContext, *, key: str, label: str = "When", default: datetime | None = None
) -> datetime:
    """Date and time side by side, defaulting to now in the person's zone; returns aware UTC."""
    local = to_local(default or ctx.now, ctx.tz).replace(second=0, microsecond=0)
    left, right = st.columns(2)
    day = left.date_input(
        f"{label}: date", value=local.date(), key=f"{key}_date", format="YYYY-MM-DD"
    )
    clock = right.time_input(f"{label}: time", value=local.time(), key=f"{key}_time", step=60)
    return combine_local(day, clock, ctx.tz)


def show_error(err: TrackerError) -> None:
    """Show what to fix: one bullet per problem for a rejected entry."""
    if isinstance(err, InvalidEntry) and len(err.problems) > 1:
        lines = "\n".join(f"- {problem}" for problem in err.problems)
        st.error(f"Not saved. Please fix:\n{lines}", icon=":material/error:")
    else:
        st.error(f"Not saved: {err}", icon=":material/error:")


def flash(message: str) -> None:
    """A success message that survives one ``st.rerun`` (shown by ``show_flash``)."""
    st.session_state["_flash"] = message


def show_flash() -> None:
    message = st.session_state.pop("_flash", None)
    if message:
        st.success(message, icon=":material/check_circle:")
