"""This labour's contractions on the timer page: the table, edit and delete, a missed one added by
hand, and the summary: the timer's one measure (the median of the last 6 intervals and
lengths, labelled) and the go-in rule as a checklist of its three parts.

The arithmetic is ``tracker.labour.sessions`` and ``tracker.labour.summary``; this module only
lays it out.
Editing reuses the History page's editor (``history_editor.entry_editor``); the missed one and
the edit draw the same timing fields (``tracker.ui.forms.contraction``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import streamlit as st

from tracker.core.errors import OverlapError, TrackerError
from tracker.core.kinds import EntryKind
from tracker.core.models import ContractionRead
from tracker.core.timeutil import format_duration_s, format_logged_at, local_date, to_local
from tracker.core.words import counted
from tracker.entries.profile import LabourRule, is_pregnant, labour_rule
from tracker.labour import timer
from tracker.labour.sessions import (
    LabourSession,
    RuleChecklist,
    TimedContraction,
    rule_checklist,
    words_apart,
    words_long,
)
from tracker.labour.summary import summarize_window
from tracker.ui.context import PageContext
from tracker.ui.forms.contraction import contraction_timing
from tracker.ui.history_editor import entry_editor
from tracker.ui.widgets import (
    flash,
    forget_widgets,
    fresh_select,
    md_escape,
    show_error,
)

PICK_KEY = "contraction_pick"
DEFAULT_WINDOW_MIN = 60
"""The trends under the big figures are the last hour's."""
COLUMNS = ["Start", "Duration", "Interval", "Intensity", "Where", "Note"]
OFFERED_DAYS = 30
"""Past sessions offered by the chart's picker: those of the last 30 days (a late pregnancy's
practice runs and the labour); older ones are in History and the export."""


def recent_contractions(ctx: PageContext, session: LabourSession | None) -> list[ContractionRead]:
    """The contractions whose sessions the chart and share box offer: the last
    ``OFFERED_DAYS`` days, and at least the latest session (one indexed range query)."""
    if session is None:
        return []
    since = min(session.started_at, ctx.now - timedelta(days=OFFERED_DAYS))
    return timer.contractions(ctx.engine, ctx.profile, start=since)


def _m_ss(seconds: float | None) -> str:
    return "" if seconds is None else format_duration_s(seconds)


def _start_text(moment: datetime, ctx: PageContext, today: date | None = None) -> str:
    """``02:13:05`` today, ``Sat 02:13:05`` on another local day (``today``: the local date
    of ``ctx.now``, when the caller formats a whole labour's starts)."""
    local = to_local(moment, ctx.tz)
    if local.date() == (today or local_date(ctx.now, ctx.tz)):
        return f"{local:%H:%M:%S}"
    return f"{local:%a %H:%M:%S}"


def _row(item: TimedContraction, ctx: PageContext, today: date) -> dict[str, str]:
    c = item.contraction
    return {
        "Start": _start_text(c.started_at, ctx, today),
        "Duration": "running" if item.duration_s is None else _m_ss(item.duration_s),
        "Interval": _m_ss(item.interval_s),
        "Intensity": c.intensity.label if c.intensity else "",
        "Where": c.location.label if c.location else "",
        "Note": c.note,
    }


def table_frame(session: LabourSession | None, ctx: PageContext) -> pd.DataFrame:
    """One row per contraction of the session, newest first (times in the person's zone)."""
    today = local_date(ctx.now, ctx.tz)
    rows = [] if session is None else [_row(r, ctx, today) for r in reversed(session.rows)]
    return pd.DataFrame(rows, columns=COLUMNS)


def contraction_table(ctx: PageContext, session: LabourSession | None) -> None:
    if session is None:
        st.info("No contractions timed yet.", icon=":material/timer:")
        return
    first = _start_text(session.started_at, ctx)
    st.caption(
        f"Since {first}: {counted(session.count, 'contraction')}, "
        "newest first. Interval = from the start of the one before. A gap of more than 2 hours "
        "starts a new labour."
    )
    st.dataframe(table_frame(session, ctx), hide_index=True, width="stretch", key="timer_table")


def edit_contraction(ctx: PageContext, session: LabourSession | None) -> None:
    """Pick one of the session's contractions to edit or delete (with a confirmation)."""
    if session is None:
        return
    today = local_date(ctx.now, ctx.tz)
    labels = {
        c.id: f"{_start_text(c.started_at, ctx, today)} · "
        + ("running" if c.duration_s is None else _m_ss(c.duration_s))
        for c in reversed(session.contractions)
    }
    chosen = fresh_select(
        "Contraction to edit or delete", labels, key=PICK_KEY, placeholder="Choose one…"
    )
    if chosen is not None:
        entry_editor(ctx, EntryKind.CONTRACTIONS, chosen, products=[], pick_key=PICK_KEY)


def add_missed_form(ctx: PageContext) -> None:
    """A contraction that was not timed: its start and about how long it lasted."""
    with st.form("missed_form"):
        timing = contraction_timing(ctx, key="missed")
        save = st.form_submit_button("Add this contraction", key="missed_save")
    if not save:
        return
    try:
        saved = timer.add_missed(
            engine=ctx.engine,
            profile=ctx.profile,
            started_at=timing["started_at"],
            duration_s=float(timing["duration_s"]),
            now=ctx.now,
        )
    except OverlapError as err:
        st.error(
            f"Not added: {md_escape(str(err))}. Change the start time or the length above, or "
            "pick that contraction under Edit or delete to correct it.",
            icon=":material/error:",
        )
        return
    except TrackerError as err:
        show_error(err)
        return
    flash(
        f"Added the contraction at "
        f"{format_logged_at(saved.started_at, ctx.tz, ctx.now, seconds=True)}."
    )
    forget_widgets("missed_")
    st.rerun()


# --- summary and the go-in rule ------------------------------------------------------------------


def summary_metrics(check: RuleChecklist) -> list[tuple[str, str]]:
    """``(label, value)`` of the page's big figures: the timer's one measure, labelled."""
    return [
        (check.interval.label("interval"), check.interval.clock),
        (check.duration.label("length"), check.duration.clock),
    ]


MARKS = {
    True: (":green[:material/check_circle:]", "yes"),
    False: (":gray[:material/radio_button_unchecked:]", "not yet"),
    None: (":gray[:material/help:]", "not known yet"),
}
"""Each part's mark on the page: an icon and its words (the plain ✓/✗ line is the share
text's)."""


def checklist_rows(check: RuleChecklist) -> list[str]:
    """The go-in rule's three parts, one a line, each with its mark, its answer in words and the
    typical value it was judged on (the one measure): e.g. ":green[…] every ≤ 5 min: yes
    (typically 4 min 10 s apart)"."""
    gap, length = check.interval.seconds, check.duration.seconds
    values = (
        "" if gap is None else f" (typically {words_apart(gap)} apart)",
        "" if length is None else f" (typically {words_long(length)})",
    )
    rows = []
    for part, value in zip(check.parts[:2], values, strict=True):
        icon, answer = MARKS[part.ok]
        rows.append(f"{icon} {part.label}: {answer}{value}")
    held = check.sustained
    icon, _ = MARKS[held.ok]
    rows.append(f"{icon} {held.label}" + (", yes" if held.ok else " so far"))
    return rows


def rule_words(check: RuleChecklist) -> str:
    """Whether the go-in rule's pattern is met, in plain words (never "you are in labour")."""
    rule = check.rule
    if check.met:
        return f"The pattern of your go-in rule ({rule}) has held for {rule.sustained_min} minutes."
    return f"Not yet the pattern of your go-in rule ({rule})."


def summary(ctx: PageContext, session: LabourSession | None) -> LabourRule:
    """The typical interval and length (median of the last 6, labelled as such), the count and
    the last hour's trends, and the go-in rule as a checklist of its three parts, all in that one
    measure. Returns the rule (``rule_notes`` explains it)."""
    contractions = session.contractions if session else ()
    rule = labour_rule(ctx.profile)
    check = rule_checklist(contractions, rule, ctx.now)
    with st.container(horizontal=True, gap="medium", key="timer_summary"):
        for label, value in summary_metrics(check):
            st.metric(label, value, width="stretch")
    if session is not None:
        found = summarize_window(contractions, ctx.now, DEFAULT_WINDOW_MIN)
        count = counted(session.count, "contraction")
        trends = f" Last hour: {found.trends}." if found.trends else ""
        st.caption(f"{count} since {_start_text(session.started_at, ctx)}.{trends}")
    with st.container(key="timer_checklist", border=True):
        st.markdown(f"**Your go-in rule {rule}**")
        st.markdown("  \n".join(checklist_rows(check)))
        words = rule_words(check)
        if check.progress.paused and check.progress.since_last_start_s is not None:
            words += (
                f" No contraction has started for {words_apart(check.progress.since_last_start_s)}."
            )
        st.markdown(words)
    return rule


def rule_notes(ctx: PageContext, rule: LabourRule) -> None:
    """Whose rule it is, where to change it, and why no guidance shows without a due date."""
    whose = (
        "as set in your profile"
        if rule.from_profile
        else (
            "the default for a first baby"
            if ctx.profile.births_before == 0
            else "the default after a previous birth"
        )
    )
    st.caption(
        f"Your go-in rule {rule}: {rule.sentence} ({whose}). Use what your midwife told you."
    )
    st.page_link(
        "pages/settings.py", label="Change your go-in rule in Settings", icon=":material/settings:"
    )
    if not is_pregnant(ctx.profile):
        st.info(
            "No due date is set, so the app cannot check the guidance on when to go in "
            "(it depends on the week of pregnancy).",
            icon=":material/event_busy:",
        )
        st.page_link(
            "pages/settings.py", label="Set your due date in Settings", icon=":material/event:"
        )
