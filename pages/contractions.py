"""Contraction timer: one big button, a live clock, this labour's table and summary, the go-in
rule and what to do when the guidance says so (issue 4)."""

from __future__ import annotations

import streamlit as st

from tracker.labour import timer
from tracker.ui.frame import page
from tracker.ui.labour import extras as labour_extras
from tracker.ui.labour import guidance as labour_guidance
from tracker.ui.labour import table
from tracker.ui.labour import timer as timer_ui
from tracker.ui.widgets import show_flash

TABS = ["This labour", "Chart", "Share", "Import"]

with page("Contraction timer") as ctx:
    timer_ui.page_drawn()
    st.caption(timer_ui.NOT_ADVICE)
    state = timer.timer_state(engine=ctx.engine, profile=ctx.profile, now=ctx.now)
    timer_ui.tap_style()
    timer_ui.timer_panel(ctx, timer_ui.state_key(state))  # the big button, right under the title
    timer_ui.forgotten_stop_fix(ctx, state)
    show_flash()
    timer_ui.details_form(ctx, state)

    session = timer.latest_session_contractions(engine=ctx.engine, profile=ctx.profile)
    labour_guidance.go_in_guidance(ctx, session)

    st.subheader("Something else happening?")
    labour_guidance.event_buttons(ctx)
    labour_guidance.event_advice(ctx)

    st.subheader("Summary")
    rule = table.summary(ctx, session)
    labour_extras.share_latest(ctx, session)  # right under the checklist it shares
    table.rule_notes(ctx, rule)

    # Only the open tab runs: a tap does not rebuild the chart or read 30 days.
    labour, chart, share, upload = st.tabs(TABS, key="timer_tab", on_change="rerun")
    if labour.open:
        with labour:
            table.contraction_table(ctx, session)
            with st.expander("Edit or delete a contraction", icon=":material/edit:"):
                table.edit_contraction(ctx, session)
            with st.expander("Add one you missed", icon=":material/add:"):
                table.add_missed_form(ctx)
    if chart.open:
        with chart:  # the last 30 days' sessions, to pick from
            labour_extras.render_chart(ctx, table.recent_contractions(ctx, session))
    if share.open:
        with share:
            labour_extras.render_share(ctx, table.recent_contractions(ctx, session))
    if upload.open:
        with upload:
            labour_extras.render_import(ctx)
