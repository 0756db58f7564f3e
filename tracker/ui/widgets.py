"""Small widgets shared by the pages (Streamlit here, decisions in ``tracker``)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import streamlit as st

from tracker.core.errors import InvalidEntry, TrackerError
from tracker.core.thresholds import FUTURE_TOLERANCE_S
from tracker.core.timeutil import combine_local, latest_at_local_time, to_local
from tracker.ui.context import PageContext

_DRAWN, _TYPED = "_drawn", "_typed"
"""Suffixes of the session keys beside a ``when_input``: the value its fields were drawn with,
and which of them (``date``, ``time``) the person changed."""


def when_input(
    ctx: PageContext, *, key: str, label: str = "When", default: datetime | None = None
) -> datetime:
    """Date and time side by side in the person's zone; returns aware UTC.

    The fields start at ``default`` (an edit) or now (a new entry), to the minute. Whatever the
    person changes is what is stored. For a new entry:

    - fields left as drawn mean the moment the form is sent (``ctx.now``), so a tab left open
      since the evening still logs a 3 a.m. cramp at 3 a.m.;
    - a time changed alone means its most recent occurrence (``latest_at_local_time``): 03:10
      typed at 03:15 is today's, 23:40 typed then is last night's, even when the date field
      still shows the day the form was drawn;
    - a changed date is used with the time shown, as typed.

    An edit always uses the values shown. The drawn value is kept beside the widgets; on a rerun
    where both fields still hold it, they move to the present minute (or the new ``default``)
    before they are drawn (a keyed date/time input would otherwise keep its first value for the
    whole session). A field the person has changed stays theirs until the form is reset: never
    moved, and a value typed back to the drawn one still counts as typed.
    """
    date_key, time_key = f"{key}_date", f"{key}_time"
    drawn_key, typed_key = key + _DRAWN, key + _TYPED
    start = to_local(default or ctx.now, ctx.tz).replace(second=0, microsecond=0, tzinfo=None)
    drawn = st.session_state.get(drawn_key)
    shown = {"date": st.session_state.get(date_key), "time": st.session_state.get(time_key)}
    if None in shown.values() or not isinstance(drawn, datetime):
        drawn = st.session_state[drawn_key] = start  # first drawn: the widgets take ``value``
        st.session_state[typed_key] = frozenset()
        for widget in (date_key, time_key):
            st.session_state.pop(widget, None)
    else:
        typed = _changed_fields(drawn, shown, st.session_state.get(typed_key, frozenset()))
        st.session_state[typed_key] = typed
        if not typed and drawn != start:  # untouched: follow the clock (or the new default)
            drawn = st.session_state[drawn_key] = start
            st.session_state[date_key] = start.date()
            st.session_state[time_key] = start.time()
    left, right = st.columns(2)
    day = left.date_input(f"{label}: date", value=start.date(), key=date_key, format="YYYY-MM-DD")
    clock = right.time_input(f"{label}: time", value=start.time(), key=time_key, step=60)
    typed = _changed_fields(
        drawn, {"date": day, "time": clock}, st.session_state.get(typed_key, frozenset())
    )
    if default is not None:
        return combine_local(day, clock, ctx.tz)
    st.caption(
        "Left as they are, the date and time you press Save are used. Change the time alone "
        "for an earlier time today (or last night); change the date for an older entry."
        if not typed
        else "Saved at the time above, on the latest day it has passed (today, or yesterday "
        "if it is still to come)."
        if typed == {"time"}
        else "Saved with the date and time above."
    )
    if not typed:
        return ctx.now
    if typed == {"time"}:
        return latest_at_local_time(clock, ctx.now, ctx.tz, tolerance_s=FUTURE_TOLERANCE_S)
    return combine_local(day, clock, ctx.tz)


def _changed_fields(
    drawn: datetime, shown: dict[str, Any], typed: frozenset[str]
) -> frozenset[str]:
    """``typed`` plus the fields (``date``, ``time``) that no longer show the drawn value."""
    changed = {
        name
        for name, value in shown.items()
        if value is not None and value != (drawn.date() if name == "date" else drawn.time())
    }
    return typed | changed


def show_error(err: TrackerError) -> None:
    """Show what to fix: one bullet per problem for a rejected entry."""
    if isinstance(err, InvalidEntry) and len(err.problems) > 1:
        lines = "\n".join(f"- {md_escape(str(problem))}" for problem in err.problems)
        st.error(f"Not saved. Please fix:\n{lines}", icon=":material/error:")
    else:
        st.error(f"Not saved: {md_escape(str(err))}", icon=":material/error:")


def flash(message: str) -> None:
    """A success message that survives one ``st.rerun`` (shown by ``show_flash``)."""
    st.session_state["_flash"] = message


def show_flash() -> None:
    message = st.session_state.pop("_flash", None)
    if message:
        st.success(message, icon=":material/check_circle:")


def md_escape(text: str) -> str:
    """``text`` (anything a person typed or a file brought) shown as typed, never as formatting,
    wherever Streamlit renders Markdown: labels, option labels of radio/pills/segmented
    controls, tabs, expander titles, captions, messages, toasts, ``help=`` tooltips.

    The one rule: each value is escaped exactly once, where a page puts it into Markdown text
    (``f"Logged 1 × {md_escape(name)}."``); the page's own words and markup never are.
    ``st.dataframe``/``st.table`` cells and ``st.selectbox``/``st.multiselect`` options are
    plain text in Streamlit 1.67: never escape those (the backslashes would show).

    Seen in Streamlit 1.67's Markdown (tests/e2e/test_markdown_names.py renders it in Chromium):

    - syntax (emphasis, ``[links](…)``, ``<autolinks>``/HTML, code, ``~~strike~~``, ``$math$``,
      ``|tables|``, ``#`` headings, ``&entities;``, ``:directive[…]`` and ``:color[…]``):
      a backslash before each marker character, and before a list marker (``1.``, ``-``,
      ``+``) at the start;
    - line breaks would start a new block: each run of whitespace with a line break becomes
      one space (a label or a message is one line);
    - what Streamlit finds in the text *after* parsing, where backslashes no longer count
      (``https://…`` and ``www.…`` links, e-mail links, ``:emoji:``, ``:material/icon:``,
      ``:streamlit:``, ``->`` and ``>=`` arrows): an invisible word joiner (U+2060) inside
      the pattern, so it no longer matches and the text looks exactly as typed.
    """
    text = _LINE_BREAKS.sub(" ", text).lstrip()
    text = _ARROWS.sub(lambda arrow: _JOINER.join(arrow.group()), text)
    text = _FOUND_IN_TEXT.sub(_JOINER, text)
    text = _MARKERS.sub(r"\\\g<0>", text)
    return _LIST_START.sub(r"\g<0>\\", text)


_JOINER = "\u2060"
"""WORD JOINER: no width, no break; splits a pattern without changing what is seen."""
_LINE_BREAKS = re.compile(r"\s*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]\s*")
_ARROWS = re.compile(r"(?<!\S)(?:<->|->|<-|--|>=|<=|~=)(?!\S)")
_FOUND_IN_TEXT = re.compile(
    r"(?<=:)(?=(?:[\w+-]*[^\W\d_][\w+-]*|[+-]1|100|1234):)"  # :emoji:, :+1:, :streamlit:,
    # :material_icon: (a name with a letter, or an emoji's all-digit name; not 10:01:20)
    r"|(?<=:)(?=material/)"  # :material/icon: (Streamlit rewrites it before parsing)
    r"|(?<=:)(?=//)"  # https://…
    r"|(?<=www)(?=\.)"  # www.…
    r"|(?<=[\w.+-]@)(?=[\w-])",  # name@example.com
    re.IGNORECASE,
)
_MARKERS = re.compile(r"[\\`*_\[\]<>#|~$]|&(?=#?\w+;)|:(?=[A-Za-z])")
_LIST_START = re.compile(r"^(?:\d+(?=[.)])|(?=[-+]))")
"""A list item's or a thematic break's first marker (``1.``, ``2)``, ``-``, ``+``, ``---``)."""


_GENERATION = "_form_generation_"


def form_prefix(name: str) -> str:
    """The key prefix of form ``name``'s widgets: ``name`` at first, then ``name1``, ``name2``…
    after each ``reset_form``. (A browser keeps what was typed in a widget it already knows,
    even when its state is dropped on the server, so an emptied form needs new widget keys.)"""
    generation = int(st.session_state.get(_GENERATION + name, 0))
    return f"{name}{generation}" if generation else name


def reset_form(name: str) -> None:
    """Empty form ``name`` for the next entry: its current widgets are forgotten and the next
    run draws new ones (defaults, time = now)."""
    forget_widgets(f"{form_prefix(name)}_")
    st.session_state[_GENERATION + name] = int(st.session_state.get(_GENERATION + name, 0)) + 1


def forget_widgets(*prefixes: str) -> None:
    """Drop the state of every widget whose key starts with one of ``prefixes``, so the next
    run draws them afresh (e.g. a form after a successful save: empty fields, time = now)."""
    for name in [k for k in st.session_state if str(k).startswith(prefixes)]:
        del st.session_state[name]


def fresh_select(label: str, labels: dict[Any, str], *, key: str, placeholder: str) -> Any:
    """A select box over ``labels`` (option → shown text) whose texts may change on an edit.

    The browser keeps the old text of the chosen option and would send it back with the next
    click, losing the choice; re-setting the choice each run sends the fresh text along."""
    if st.session_state.get(key) in labels:
        st.session_state[key] = st.session_state[key]
    choice = st.selectbox(
        label,
        list(labels),
        index=None,
        format_func=lambda option: labels.get(option, str(option)),
        placeholder=placeholder,
        key=key,
    )
    return choice if choice in labels else None


CONFIRM_KEY = "confirm_delete"
"""Session key holding the item awaiting a second, explicit "Yes, delete"."""


def confirm_step(*, key: str, ask: str, question: str, yes_label: str) -> bool:
    """A two-step destructive action: an ``ask`` button, then ``question`` with an explicit
    yes and "Keep it". True in the run where yes was clicked (the question is then cleared)."""
    if st.session_state.get(CONFIRM_KEY) != key:
        if st.button(ask, icon=":material/delete:", key=f"{key}_delete"):
            st.session_state[CONFIRM_KEY] = key
            st.rerun()
        return False
    box = st.empty()
    with box.container():
        st.warning(question, icon=":material/warning:")
        yes, no = st.columns(2)
        confirmed = yes.button(yes_label, type="primary", key=f"{key}_delete_yes", width="stretch")
        if no.button("Keep it", key=f"{key}_delete_no", width="stretch"):
            st.session_state.pop(CONFIRM_KEY, None)
            st.rerun()
    if confirmed:
        st.session_state.pop(CONFIRM_KEY, None)
        box.empty()
    return confirmed
