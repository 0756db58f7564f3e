"""The profile form of the Settings page: each field says why it is asked."""

from __future__ import annotations

from typing import Any

import streamlit as st

from tracker.core.models import ProfileRead
from tracker.core.thresholds import (
    HYDRATION_GOAL_MAX_ML,
    HYDRATION_GOAL_MIN_ML,
    LABOUR_RULE_FIRST_BABY,
)
from tracker.core.timeutil import timezone_names
from tracker.core.units import volume_for_display, volume_unit
from tracker.core.vocabulary import Code, HistoryItem, Sex, Units
from tracker.entries.hydration import goal_explanation, goal_ml_from_input
from tracker.entries.profile import LabourRule, gestational_age_label, labour_rule
from tracker.ui.context import PageContext

KEY = "settings"
"""Prefix of every widget key of the form (tests set widgets by these keys)."""


def _label(code: Code) -> str:
    return code.label


def profile_form(ctx: PageContext) -> dict[str, Any] | None:
    """Draw the form filled with the stored profile; on submit return every field's value."""
    p = ctx.profile
    units = Units(p.units)
    with st.form(f"{KEY}_form", border=True):
        display_name = st.text_input(
            "Your name (optional)",
            value=p.display_name,
            max_chars=60,
            help="Shown at the top of the menu and on the report you can give a doctor.",
            key=f"{KEY}_display_name",
        )
        sex = st.selectbox(
            "Sex",
            list(Sex),
            index=list(Sex).index(p.sex) if p.sex else None,
            format_func=_label,
            placeholder="Not set",
            help="Sets the daily drinks reference (men need a little more).",
            key=f"{KEY}_sex",
        )
        birth_year = st.number_input(
            "Birth year",
            value=p.birth_year,
            min_value=1900,
            max_value=2100,
            step=1,
            placeholder="Not set",
            help="Age changes which back-pain signs need checking (under 20 or over 50).",
            key=f"{KEY}_birth_year",
        )

        st.markdown("**Pregnancy**")
        due_date = st.date_input(
            "Due date (leave empty if you are not pregnant)",
            value=p.due_date,
            format="YYYY-MM-DD",
            help="Turns on the pregnancy pages and checks; each entry gets its week of pregnancy.",
            key=f"{KEY}_due_date",
        )
        ga = gestational_age_label(p, ctx.now)
        if p.due_date is not None:
            st.caption(f"Today you are {ga} pregnant." if ga else "The due date is set.")
        clear_due_date = p.due_date is not None and st.checkbox(
            "Clear the due date (no longer pregnant)", key=f"{KEY}_clear_due_date"
        )
        births_before: int = p.births_before
        labour: dict[str, int | None] = {}  # empty: the stored go-in rule is kept
        if p.due_date is not None or p.sex != Sex.MALE:  # a man sees these once a due date is set
            births_before = st.number_input(
                "Births before this pregnancy",
                value=p.births_before,
                min_value=0,
                max_value=30,
                step=1,
                help="Sets when to go in during labour: 5-1-1 for a first baby, 7-1-1 after that.",
                key=f"{KEY}_births_before",
            )
            labour = _labour_rule_inputs(ctx)

        st.markdown("**Health history**")
        history = st.multiselect(
            "Any of these, now or in the past?",
            list(HistoryItem),
            default=sorted(p.history),
            format_func=_label,
            placeholder="None",
            help=(
                "Back pain is worth a check sooner with cancer, osteoporosis, long-term "
                "steroids, injecting drugs or a weakened immune system; diabetes, kidney "
                "disease, thyroid disorders and narrowed leg arteries can go with cramps. "
                "All are listed on the report for your doctor."
            ),
            key=f"{KEY}_history",
        )

        st.markdown("**Time and units**")
        zones = timezone_names()
        timezone = st.selectbox(
            "Time zone",
            zones,
            index=zones.index(p.timezone) if p.timezone in zones else None,
            help="Decides where your days start and end, for daily totals and charts.",
            key=f"{KEY}_timezone",
        )
        new_units = st.radio(
            "Units",
            list(Units),
            index=list(Units).index(units),
            format_func=_label,
            horizontal=True,
            help="Only how amounts are shown and typed; they are always stored in ml, mg and µg.",
            key=f"{KEY}_units",
        )
        goal = goal_input(p, units, key=f"{KEY}_goal")
        submitted = st.form_submit_button("Save settings", type="primary", width="stretch")
    if not submitted:
        return None
    return {
        "display_name": display_name,
        "sex": sex,
        "birth_year": birth_year,
        "due_date": None if clear_due_date else due_date,
        "births_before": births_before,
        "history": set(history),
        "timezone": timezone,
        "units": new_units,
        "hydration_goal_ml": goal_ml_from_input(goal, units, p.hydration_goal_ml),
        **labour,
    }


def goal_input(p: ProfileRead, units: Units, *, key: str) -> float | None:
    """The daily drinks goal in the person's unit (empty: the reference for their sex), with
    what it is compared with; Settings and the welcome ask it the same way."""
    goal = st.number_input(
        f"Daily drinks goal ({volume_unit(units)}, optional)",
        value=None
        if p.hydration_goal_ml is None
        else float(volume_for_display(p.hydration_goal_ml, units)),
        min_value=float(volume_for_display(HYDRATION_GOAL_MIN_ML, units)),
        max_value=float(volume_for_display(HYDRATION_GOAL_MAX_ML, units)),
        step=1.0 if units == Units.US else 50.0,
        format="%g",
        placeholder="Use the reference",
        help="Leave empty to use the reference for your sex; set it if a doctor gave you one.",
        key=key,
    )
    st.caption(goal_explanation(p))
    return goal


def _labour_rule_inputs(ctx: PageContext) -> dict[str, int | None]:
    """Interval / duration / span of the go-in rule, or None for each to use the default."""
    rule = labour_rule(ctx.profile)
    source = "your own rule" if rule.from_profile else "the default for your number of births"
    st.caption(f"Go-in rule now: **{rule}**, {source}: {rule.sentence}.")
    with st.expander("Change the go-in rule", expanded=rule.from_profile):
        return _labour_rule_numbers(rule)


def _labour_rule_numbers(rule: LabourRule) -> dict[str, int | None]:
    own = st.toggle(
        "Use my own go-in rule (if your midwife gave you a different one)",
        value=rule.from_profile,
        key=f"{KEY}_labour_own",
    )
    start = rule if rule.from_profile else None
    interval_min = st.number_input(
        "Contractions every … minutes or less",
        value=start.interval_min if start else LABOUR_RULE_FIRST_BABY[0],
        min_value=1,
        max_value=30,
        key=f"{KEY}_labour_interval_min",
    )
    duration_s = st.number_input(
        "each lasting … seconds or more",
        value=start.duration_s if start else LABOUR_RULE_FIRST_BABY[1],
        min_value=10,
        max_value=300,
        step=5,
        key=f"{KEY}_labour_duration_s",
    )
    sustained_min = st.number_input(
        "for … minutes",
        value=start.sustained_min if start else LABOUR_RULE_FIRST_BABY[2],
        min_value=10,
        max_value=240,
        step=5,
        key=f"{KEY}_labour_sustained_min",
    )
    if not own:
        return {
            "labour_interval_min": None,
            "labour_duration_s": None,
            "labour_sustained_min": None,
        }
    return {
        "labour_interval_min": interval_min,
        "labour_duration_s": duration_s,
        "labour_sustained_min": sustained_min,
    }
