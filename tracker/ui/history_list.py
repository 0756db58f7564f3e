"""The History list: entries newest first under their day, each one a row to tap.

A tap on a row opens its edit form (the kind's log form, ``history_editor.entry_editor``)
right under it; a second tap closes it. What a save or a delete says is shown where the entry
is (or was) in the list and scrolled into view, not at the top of a long page. Under each
row, its details in words (symptoms, triggers, what helped, rest, note).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import streamlit as st

from tracker.core.kinds import EntryKind
from tracker.core.models import ProductRead
from tracker.entries.history import HistoryRow, parse_item_key
from tracker.ui.context import PageContext
from tracker.ui.history_editor import Notify, entry_editor
from tracker.ui.scroll import scroll_into_view
from tracker.ui.widgets import md_escape

PICK_KEY = "history_pick"
"""Session key of the open row (``kind:id``), or none open."""
NOTICE_KEY = "_history_notice"
SHOWN_KEY = "_history_shown"
OPENED_KEY = "_history_opened"
"""The row just opened by a tap: brought to the top of the screen, its form under it."""
PAGE_ROWS = 40
"""Rows drawn at first, and how many more "Show more" adds."""

KIND_ICONS: dict[EntryKind, str] = {
    EntryKind.CRAMPS: ":material/personal_injury:",
    EntryKind.HYDRATION: ":material/water_drop:",
    EntryKind.SUPPLEMENTS: ":material/medication:",
    EntryKind.CONTRACTIONS: ":material/timer:",
    EntryKind.EVENTS: ":material/pregnant_woman:",
}

LIST_CSS = """<style>
.st-key-history_list [class*="st-key-history_open_"] button {
  justify-content: flex-start; text-align: left; min-height: 3rem;
}
.st-key-history_list [class*="st-key-history_open_"] button > div,
.st-key-history_list [class*="st-key-history_open_"] button > div > span {
  justify-content: flex-start; width: 100%;
}
.st-key-history_list [class*="st-key-history_open_"] button p { text-align: left; }
.st-key-history_list { gap: 0.6rem; }
.st-key-history_list .st-key-history_editor { padding-bottom: 1rem; }
.st-key-history_list [class*="st-key-history_row_"] { gap: 0.15rem; }
.st-key-history_list [class*="st-key-history_row_"] [data-testid="stCaptionContainer"] {
  padding-left: 0.75rem;
}
</style>"""


@dataclass(frozen=True)
class Notice:
    """A save's or a delete's message, shown under the entry (``key``) or, once it is gone,
    where its time (``at``) puts it in the list."""

    key: str
    message: str
    at: datetime


def row_key(key: str) -> str:
    """``cramps:12`` as a widget key part: ``cramps_12``."""
    return key.replace(":", "_")


def day_heading(day: date, today: date) -> str:
    name = f"{day:%A} {day.day} {day:%B}"
    if day == today:
        return f"Today · {name}"
    if day == today - timedelta(days=1):
        return f"Yesterday · {name}"
    return name


def row_label(row: HistoryRow) -> str:
    """``03:10 · Cramp / pain · Calf (left) · cramp · 6/10`` (Markdown: the summary may hold a
    product's name)."""
    return f"**{row.time}** · {row.item.kind.label} · {md_escape(row.item.summary)}"


def _toggle(key: str) -> None:
    """Button callback: open this row's editor, or close it when it is open."""
    opening = st.session_state.get(PICK_KEY) != key
    st.session_state[PICK_KEY] = key if opening else None
    st.session_state[OPENED_KEY] = key if opening else None


def _notifier(key: str) -> Notify:
    def notify(message: str, at: datetime) -> None:
        st.session_state[NOTICE_KEY] = Notice(key, message, at)
        st.session_state[PICK_KEY] = None  # the list again, the message where the entry is

    return notify


def _show_notice(notice: Notice) -> None:
    with st.container(key="history_notice"):
        st.success(notice.message, icon=":material/check_circle:")
    scroll_into_view(".st-key-history_notice", block="center")


def history_list(
    ctx: PageContext,
    rows: Sequence[HistoryRow],
    *,
    today: date,
    products: list[ProductRead],
    scroll_to_open: bool = False,
) -> None:
    """Draw ``rows`` (newest first) under their days; the open one with its editor.
    ``scroll_to_open``: bring the open row into view (opened from a link)."""
    notice: Notice | None = st.session_state.pop(NOTICE_KEY, None)
    just_opened = st.session_state.pop(OPENED_KEY, None)
    scroll_to_open = scroll_to_open or just_opened is not None
    if not rows:
        if notice is not None:
            _show_notice(notice)
        return
    open_key = st.session_state.get(PICK_KEY)
    limit = max(int(st.session_state.get(SHOWN_KEY, PAGE_ROWS)), PAGE_ROWS)
    keys = [row.key for row in rows]
    if open_key in keys[limit:]:  # opened from a link: shown down to it, in order
        limit = keys.index(open_key) + 1
    shown = list(rows[:limit])
    st.html(LIST_CSS)
    placed = notice is None
    with st.container(key="history_list"):
        day = None
        for row in shown:
            if (
                not placed
                and notice is not None
                and notice.key != row.key
                and row.item.at < notice.at
            ):
                _show_notice(notice)  # where a deleted (or moved) entry was
                placed = True
            if row.day != day:
                day = row.day
                st.markdown(f"**{day_heading(day, today)}**")
            _row(ctx, row, open_key == row.key, products, scroll_to_open)
            if not placed and notice is not None and notice.key == row.key:
                _show_notice(notice)
                placed = True
        if not placed and notice is not None:
            _show_notice(notice)
    if len(rows) > len(shown):
        more = min(PAGE_ROWS, len(rows) - limit)
        if st.button(
            f"Show {more} more (of {len(rows) - limit} older)",
            key="history_more",
            icon=":material/expand_more:",
        ):
            st.session_state[SHOWN_KEY] = limit + PAGE_ROWS
            st.rerun()


def _row(
    ctx: PageContext,
    row: HistoryRow,
    is_open: bool,
    products: list[ProductRead],
    scroll_to_open: bool,
) -> None:
    part = row_key(row.key)
    with st.container(key=f"history_row_{part}"):
        st.button(
            row_label(row),
            key=f"history_open_{part}",
            icon=KIND_ICONS[row.item.kind],
            type="primary" if is_open else "secondary",
            width="stretch",
            on_click=_toggle,
            args=(row.key,),
        )
        if row.details:
            st.caption(md_escape(" · ".join(row.details)))
        if is_open:
            kind, entry_id = parse_item_key(row.key)
            with st.container(key="history_editor"):
                entry_editor(
                    ctx,
                    kind,
                    entry_id,
                    products=products,
                    pick_key=PICK_KEY,
                    notify=_notifier(row.key),
                )
            if scroll_to_open:
                scroll_into_view(f".st-key-history_row_{part}")
