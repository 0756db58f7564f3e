"""Red flags on screen: the emergency banner, urgent callouts, and the Flags page's cards.

How each severity is shown (red-flags.md, Severities):

- **emergency**: a red box at the top of every page (``emergency_banner``, called by the frame)
  until the person acknowledges it, or for ``service.BANNER_DAYS``; never hidden by a filter.
- **urgent**: an orange box on the page where the entry was made, for the rest of the browser
  session (``remember_new_flags`` after a save, ``saved_entry_callouts`` in the frame), and on
  Today for ``service.LISTING_DAYS`` (``urgent_callouts``), in both places until acknowledged.
  An urgent **pregnancy** flag shows at the top of every page like an emergency (waters broken,
  bleeding, baby moving less cannot wait for Today to be opened).
- Every box's title says the severity and how soon in words ("Urgent (within 2 hours): Waters
  broken"); an urgent flag whose advice says "now" is red like an emergency, not orange like
  one that can wait two hours or a day (``Flag.soon``).
  Urgent flags are acknowledgeable too: an orange box that never goes away would soon be read
  past, and the Flags page keeps listing them.
- **routine** and **info**: on the Flags page only (``flag_card``).

Texts come from the engine (title, advice, sources; never the person's notes) and are escaped
all the same; no HTML is ever built here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import streamlit as st
from sqlalchemy.engine import Engine

from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.core.timeutil import format_local
from tracker.entries.history import TIME_FORMAT
from tracker.entries.profile import is_pregnant
from tracker.flags import service
from tracker.flags.model import NOW, EntryRef, Flag, Severity
from tracker.ui import cached, clock
from tracker.ui.context import PageContext
from tracker.ui.scroll import scroll_into_view
from tracker.ui.widgets import md_escape

CALLOUTS_KEY = "_flag_callouts"
"""Session: page title → urgent flags raised by entries saved on that page."""
NOTE_KEY = "_flag_note"
"""Session: a one-shot toast ``(text, icon)`` for the next run (after an acknowledgement)."""
BANNER_KEY = "_flag_banner_rules"
"""Session: the rules in this run's banner (the preview before saving does not repeat them)."""
SCROLL_KEY = "_flag_scroll"
"""Session: a save raised flags; the next run scrolls to the first box on the page."""
SCROLLED_KEY = "_flag_scrolled"
"""Session: this run already scrolls to the first box (``scrolled_to_first_box``)."""
FIRST_BOX = '[data-testid="stMain"] [data-testid="stAlert"]'
BANNER_FLAGS_KEY = "_flag_banner_flags"
"""Session: the flags in this run's banner (the page's own callouts do not repeat them)."""

ICONS = {
    Severity.EMERGENCY: ":material/emergency:",
    Severity.URGENT: ":material/warning:",
    Severity.ROUTINE: ":material/event_note:",
    Severity.INFO: ":material/info:",
}
BADGE_COLOURS: dict[Severity, Any] = {
    Severity.EMERGENCY: "red",
    Severity.URGENT: "orange",
    Severity.ROUTINE: "blue",
    Severity.INFO: "gray",
}
BADGE_LABELS = {
    Severity.EMERGENCY: "Emergency",
    Severity.URGENT: "Urgent",
    Severity.ROUTINE: "Routine",
    Severity.INFO: "Information",
}
ACK_LABELS = {
    Severity.EMERGENCY: "I have got help: hide this alert",
    Severity.URGENT: "I have been in touch: hide this",
}
EVIDENCE_SHOWN = 5
"""Evidence entries listed on a card before "and N more"."""


# --- texts ---------------------------------------------------------------------------------------


def who_to_contact(profile: ProfileRead) -> str:
    """A midwife or maternity unit only in a pregnancy (a due date is set); else a doctor."""
    return "your midwife, doctor or maternity unit" if is_pregnant(profile) else "a doctor"


def about_flags(profile: ProfileRead) -> str:
    """What the Flags pages are and who to contact (``who_to_contact``)."""
    who = who_to_contact(profile)
    return (
        "The app compares your diary with published “when to get help” guidance and says "
        "what that guidance says to do. It does not diagnose and is not a substitute for care: "
        f"if you are worried, contact {who}."
    )


def ago(now: datetime, then: datetime) -> str:
    """``just now``, ``25 min ago``, ``3 h ago``, ``2 days ago``."""
    minutes = int((now - then).total_seconds() // 60)
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return f"{minutes} min ago"
    if minutes < 48 * 60:
        return f"{minutes // 60} h ago"
    return f"{minutes // (24 * 60)} days ago"


def when_text(flag: Flag, tz: str, now: datetime) -> str:
    return f"{format_local(flag.at, tz, TIME_FORMAT)} ({ago(now, flag.at)})"


def sources_text(flag: Flag) -> str:
    label = "Source" if len(flag.sources) == 1 else "Sources"
    return f"{label}: " + "; ".join(md_escape(s) for s in flag.sources)


def _body(flag: Flag, tz: str, now: datetime) -> str:
    return "\n\n".join(
        [
            md_escape(flag.advice),
            f"Logged for {when_text(flag, tz, now)}.",
            sources_text(flag),
        ]
    )


# --- acknowledging -------------------------------------------------------------------------------


def _acknowledge(engine: Engine, profile: ProfileRead, flag: Flag) -> None:
    """Button callback: runs before the rerun draws the page, so the box is gone at once."""
    now = clock.now()
    service.acknowledge(engine, profile, flag, now)
    st.session_state[NOTE_KEY] = (
        f"Noted at {format_local(now, profile.timezone, '%H:%M')}. "
        "It stays listed on the Flags page.",
        ":material/check_circle:",
    )


def _ack_button(ctx: PageContext, flag: Flag, *, where: str) -> None:
    st.button(
        ACK_LABELS.get(flag.severity, "Hide this"),
        key=f"flag_ack_{where}_{flag.rule}_{flag.at.timestamp():.6f}",
        icon=":material/check:",
        on_click=_acknowledge,
        args=(ctx.engine, ctx.profile, flag),
    )


def headline(flag: Flag) -> str:
    """The box's title: severity and how soon in words, then what the rule found, e.g.
    "Urgent (within 2 hours): Waters broken"."""
    soon = f" ({flag.soon})" if flag.soon else ""
    return f"{BADGE_LABELS[flag.severity]}{soon}: {flag.title}"


def alarming(flag: Flag) -> bool:
    """Red, not orange: an emergency, or an urgent flag whose advice says act now."""
    return flag.severity == Severity.EMERGENCY or (
        flag.severity == Severity.URGENT and flag.soon == NOW
    )


def _box(ctx: PageContext, flag: Flag, *, where: str) -> None:
    show = st.error if alarming(flag) else st.warning
    show(
        _body(flag, ctx.tz, ctx.now),
        icon=ICONS[flag.severity],
        title=md_escape(headline(flag)),
    )
    _ack_button(ctx, flag, where=where)


# --- where flags show ----------------------------------------------------------------------------


def emergency_banner(ctx: PageContext) -> None:
    """Every unacknowledged emergency flag, in red, then every unacknowledged urgent pregnancy
    flag, at the top of every page (the frame). After a save that raised flags, the first box
    on the page is scrolled into view (the person tapped Save at the foot of a long form)."""
    note = st.session_state.pop(NOTE_KEY, None)
    if note:
        text, icon = note
        st.toast(text, icon=icon)
    st.session_state[SCROLLED_KEY] = st.session_state.pop(SCROLL_KEY, False)
    if st.session_state[SCROLLED_KEY]:
        scroll_into_view(FIRST_BOX)
    flags = [
        *cached.unacknowledged_emergencies(ctx),
        *cached.unacknowledged_pregnancy_urgent(ctx),
    ]
    st.session_state[BANNER_KEY] = {f.rule for f in flags if f.severity == Severity.EMERGENCY}
    st.session_state[BANNER_FLAGS_KEY] = set(flags)
    for flag in flags:
        _box(ctx, flag, where="banner")


def scrolled_to_first_box() -> bool:
    """This run scrolls to the page's first box already (a save raised flags): a page that
    would scroll there too after its save need not."""
    return bool(st.session_state.get(SCROLLED_KEY, False))


def _in_banner() -> set[Flag]:
    shown: set[Flag] = st.session_state.get(BANNER_FLAGS_KEY, set())
    return shown


def remember_new_flags(ctx: PageContext, kind: EntryKind, entry_id: int) -> list[Flag]:
    """After a save: the urgent and emergency flags the new entry is evidence of. Urgent ones
    are kept for this page's callouts (emergencies show in the banner anyway); a toast points
    to them after the rerun."""
    flags = service.involving(cached.alert_flags(ctx, after_write=True), [EntryRef(kind, entry_id)])
    urgent = [f for f in flags if f.severity == Severity.URGENT]
    if urgent:
        pages: dict[str, list[Flag]] = st.session_state.setdefault(CALLOUTS_KEY, {})
        kept = pages.setdefault(ctx.title, [])
        kept.extend(f for f in urgent if f not in kept)
    if flags:  # the next run brings the first box into view (a toast would cover its title)
        st.session_state[SCROLL_KEY] = True
    return flags


def _page_flags(ctx: PageContext) -> list[Flag]:
    return list(st.session_state.get(CALLOUTS_KEY, {}).get(ctx.title, []))


def saved_entry_callouts(ctx: PageContext) -> None:
    """Urgent flags raised by entries saved on this page in this session, until acknowledged."""
    flags = [f for f in _page_flags(ctx) if f not in _in_banner()]
    if flags:
        for flag in service.unacknowledged(ctx.engine, ctx.profile, flags):
            _box(ctx, flag, where="page")


def urgent_callouts(ctx: PageContext) -> None:
    """Today: every unacknowledged urgent flag of the last ``service.LISTING_DAYS`` days (those
    already shown under the title, for an entry saved on this page, are not repeated)."""
    on_page = set(_page_flags(ctx)) | _in_banner()
    recent = service.urgent_recent(cached.alert_flags(ctx), ctx.now)
    since = ctx.now - timedelta(days=service.BANNER_DAYS)
    for flag in service.unacknowledged(ctx.engine, ctx.profile, recent, since=since):
        if flag not in on_page:
            _box(ctx, flag, where="today")


def emergency_if_logged(ctx: PageContext, kind: EntryKind, values: dict[str, Any]) -> None:
    """Before saving: what the guidance says if this is happening now (from the engine), unless
    the banner already says it for the same rule."""
    in_banner = st.session_state.get(BANNER_KEY, set())
    for flag in service.flags_if_logged(ctx.engine, ctx.profile, ctx.now, kind, values):
        if flag.rule in in_banner:
            continue
        st.error(
            f"If this is happening now: {md_escape(flag.advice)}\n\n{sources_text(flag)}",
            icon=ICONS[flag.severity],
            title=md_escape(flag.title),
        )


# --- the Flags page ------------------------------------------------------------------------------


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _evidence(ctx: PageContext, group: service.FlagGroup) -> None:
    """The entries that met the rule's latest flag, one line each (they wrap on a phone), and a
    link to them in History (``?entry=cramps:12&entry=…``)."""
    shown: Sequence[service.Evidence] = group.evidence[:EVIDENCE_SHOWN]
    lines = [
        f"- {format_local(item.at, ctx.tz, TIME_FORMAT)} · {item.ref.kind.label} · "
        f"{md_escape(item.summary)}"
        for item in shown
    ]
    if len(group.evidence) > len(shown):
        lines.append(f"- and {len(group.evidence) - len(shown)} more")
    st.markdown("What was logged:\n" + "\n".join(lines))
    st.page_link(
        "pages/history.py",
        label="See in History",
        icon=":material/open_in_new:",
        query_params={"entry": [f"{e.ref.kind.value}:{e.ref.id}" for e in group.evidence]},
    )


def flag_card(ctx: PageContext, group: service.FlagGroup, days: int) -> None:
    """One rule's flags: the latest (advice, time, evidence, sources) and how many times."""
    latest = group.latest
    with st.container(border=True):
        st.badge(
            BADGE_LABELS[latest.severity],
            icon=ICONS[latest.severity],
            color=BADGE_COLOURS[latest.severity],
        )
        st.markdown(f"**{md_escape(latest.title)}**")
        st.markdown(md_escape(latest.advice))
        st.caption(
            f"Latest: {when_text(latest, ctx.tz, ctx.now)} · {_times(group.count)} in the last "
            f"{days} days · rule {latest.rule}"
        )
        if group.evidence:
            _evidence(ctx, group)
        st.caption(sources_text(latest))
        ack = group.acknowledgement(latest)
        if ack is not None:
            when = format_local(ack.acknowledged_at, ctx.tz, TIME_FORMAT)
            st.caption(f":material/check: You acknowledged this on {when}.")
        elif latest.severity in service.URGENT_NOW:
            _ack_button(ctx, latest, where="card")
        if group.count > 1:
            with st.expander(f"Every time in the last {days} days"):
                st.markdown(
                    "\n".join(
                        f"- {format_local(f.at, ctx.tz, TIME_FORMAT)}: "
                        f"{BADGE_LABELS[f.severity].lower()}, {md_escape(f.title)}"
                        for f in group.flags
                    )
                )
