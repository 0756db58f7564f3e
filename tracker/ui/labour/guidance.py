"""The timer page's red-flag guidance: a box for each go-in rule met in this labour, and the
quick "Waters broke" / "Bleeding" / "Baby moving less" buttons with the guidance at once.

Which flags apply is decided in ``tracker.flags.labour``; here they are only shown.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from sqlalchemy.engine import Engine

from tracker.core.errors import TrackerError
from tracker.core.kinds import EntryKind
from tracker.core.models import EventRead, ProfileRead
from tracker.core.timeutil import format_local
from tracker.core.vocabulary import EVENT_DETAILS, BleedingDetail, EventKind, WatersDetail
from tracker.entries import journal
from tracker.entries.profile import is_pregnant
from tracker.flags import Flag, Severity
from tracker.flags.labour import event_flags, go_in_flags
from tracker.labour.sessions import LabourSession
from tracker.ui import clock
from tracker.ui.context import PageContext
from tracker.ui.flags import sources_text
from tracker.ui.scroll import scroll_into_view
from tracker.ui.widgets import md_escape

ADVICE_KEY = "_timer_event_advice"
SCROLL_KEY = "_timer_event_advice_scroll"
"""Session: bring the advice into view on the rerun right after an event was logged."""
ADVICE_BOX = "timer_event_advice"
"""The advice's container key (CSS class ``st-key-timer_event_advice``)."""
"""Session key: the advice of the event just logged with a quick button, until hidden."""
WATERS_MENU = "timer_waters_menu"
BLEEDING_MENU = "timer_bleeding_menu"

SEVERITY_BOX = {
    Severity.EMERGENCY: (st.error, ":material/emergency:"),
    Severity.URGENT: (st.warning, ":material/warning:"),
    Severity.ROUTINE: (st.info, ":material/event_note:"),
    Severity.INFO: (st.info, ":material/info:"),
}


def flag_box(flag: Flag, lead: str = "", when: str = "") -> None:
    """An unmissable box: what the guidance says to do, and on whose authority."""
    show, icon = SEVERITY_BOX[flag.severity]
    show(
        f"{lead}{md_escape(flag.advice)}{when}\n\n{sources_text(flag)}",
        icon=icon,
        title=md_escape(flag.title),
    )


def go_in_guidance(ctx: PageContext, session: LabourSession | None) -> None:
    """A box for each of P1–P3 met in this labour, saying since when."""
    for flag in go_in_flags(ctx.profile, session, ctx.now):
        minutes = int((ctx.now - flag.at).total_seconds() // 60)
        since = format_local(flag.at, ctx.tz, "%H:%M")
        flag_box(flag, when=f" (First met at {since}, {minutes} min ago.)")


# --- quick event buttons -------------------------------------------------------------------------


@dataclass(frozen=True)
class EventAdvice:
    """An event logged with a quick button and the flags it met (``EVENT_RULES``)."""

    event: EventRead
    flags: tuple[Flag, ...]
    pregnant: bool


def _log_event(engine: Engine, profile: ProfileRead, kind: EventKind, detail: str | None) -> None:
    now = clock.now()
    for menu in (WATERS_MENU, BLEEDING_MENU):  # closed, so the advice below shows
        st.session_state[menu] = False
    values = {"occurred_at": now, "kind": kind, "detail": detail}
    try:
        event = journal.log_entry(
            engine=engine,
            kind=EntryKind.EVENTS,
            profile_id=profile.id,
            values=values,
            now=now,
            tz_name=profile.timezone,
        )
    except TrackerError as err:
        st.session_state[ADVICE_KEY] = f"Not saved: {err}"
        return
    flags = event_flags(engine=engine, profile=profile, event=event, now=now)
    st.session_state[ADVICE_KEY] = EventAdvice(event, tuple(flags), is_pregnant(profile))
    st.session_state[SCROLL_KEY] = True


def _event_button(
    ctx: PageContext,
    label: str,
    kind: EventKind,
    detail: str | None,
    *,
    primary: bool = False,
) -> None:
    st.button(
        label,
        key=f"timer_event_{kind.value}_{detail or 'none'}",
        type="primary" if primary else "secondary",
        width="stretch",
        on_click=_log_event,
        args=(ctx.engine, ctx.profile, kind, detail),
    )


WATERS_ORDER = (
    WatersDetail.UNSURE,
    WatersDetail.CLEAR,
    WatersDetail.GREEN_BROWN,
    WatersDetail.BLOODY,
    WatersDetail.SMELLY,
)


def event_buttons(ctx: PageContext) -> None:
    """ "Waters broke", "Bleeding", "Baby moving less": one or two taps log the event now."""
    with st.container(horizontal=True, gap="small", key="timer_events"):
        with st.popover(
            "Waters broke", icon=":material/water_drop:", key=WATERS_MENU, on_change="rerun"
        ):
            st.caption("What does the fluid look like? Tap one (Not sure is fine).")
            for detail in WATERS_ORDER:
                primary = detail == WatersDetail.UNSURE
                _event_button(ctx, detail.label, EventKind.WATERS_BROKE, detail, primary=primary)
        with st.popover(
            "Bleeding", icon=":material/bloodtype:", key=BLEEDING_MENU, on_change="rerun"
        ):
            st.caption("How much? Tap one.")
            for amount in BleedingDetail:
                _event_button(ctx, amount.label, EventKind.BLEEDING, amount)
        st.button(
            "Baby moving less",
            key="timer_event_reduced_movement_none",
            icon=":material/child_care:",
            on_click=_log_event,
            args=(ctx.engine, ctx.profile, EventKind.REDUCED_MOVEMENT, None),
        )


def _hide_advice() -> None:
    st.session_state.pop(ADVICE_KEY, None)


def event_advice(ctx: PageContext) -> None:
    """What the guidance says about the event just logged, at once (until hidden), scrolled
    into view right after the tap: below the buttons it started at the screen's bottom edge."""
    advice: EventAdvice | str | None = st.session_state.get(ADVICE_KEY)
    if advice is None:
        return
    if st.session_state.pop(SCROLL_KEY, False):
        scroll_into_view(f".st-key-{ADVICE_BOX}")
    with st.container(key=ADVICE_BOX):
        _advice(ctx, advice)


def _advice(ctx: PageContext, advice: EventAdvice | str) -> None:
    if isinstance(advice, str):  # the event could not be stored
        st.error(md_escape(advice), icon=":material/error:")
        st.button("Hide this", key="timer_advice_hide", on_click=_hide_advice)
        return
    event = advice.event
    what = event.kind.label
    if event.detail:
        what += f" ({_detail_label(event.kind, event.detail).lower()})"
    lead = f"Logged at {format_local(event.occurred_at, ctx.tz, '%H:%M')}: {what}. "
    if advice.flags:
        for index, flag in enumerate(advice.flags):
            flag_box(flag, lead=md_escape(lead) if index == 0 else "")
    elif not advice.pregnant:
        st.info(
            md_escape(lead) + "No due date is set, so the app cannot say what the guidance "
            "advises for this week of pregnancy. If you are worried, call your maternity unit "
            "or midwife now.",
            icon=":material/event_busy:",
        )
        st.page_link(
            "pages/settings.py", label="Set your due date in Settings", icon=":material/settings:"
        )
    else:
        st.info(
            md_escape(lead) + "None of the app's rules applies at this week of pregnancy. "
            "If you are worried, call your maternity unit or midwife.",
            icon=":material/info:",
        )
    st.button("Hide this", key="timer_advice_hide", on_click=_hide_advice)


def _detail_label(kind: EventKind, detail: str) -> str:
    codes = EVENT_DETAILS.get(kind)
    return codes(detail).label if codes is not None else detail
