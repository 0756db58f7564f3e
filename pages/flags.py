"""Flags: what the red-flag rules found in the diary, grouped by rule, with advice and sources."""

from __future__ import annotations

import streamlit as st

from tracker.flags import Severity
from tracker.flags.service import LISTING_DAYS, MAX_LISTING_DAYS
from tracker.flags.sources import SOURCES
from tracker.ui.cached import flag_groups
from tracker.ui.flags import BADGE_LABELS, about_flags, flag_card
from tracker.ui.frame import page

WINDOWS_DAYS = (7, LISTING_DAYS, 30, 60, MAX_LISTING_DAYS)
FILTERABLE = (Severity.URGENT, Severity.ROUTINE, Severity.INFO)

with page("Flags") as ctx:
    st.caption(about_flags(ctx.profile))
    left, right = st.columns(2)
    days = left.selectbox(
        "Flags from the last",
        WINDOWS_DAYS,
        index=WINDOWS_DAYS.index(LISTING_DAYS),
        format_func=lambda d: f"{d} days",
        key="flags_days",
    )
    wanted = right.multiselect(
        "Also show",
        FILTERABLE,
        default=FILTERABLE,
        format_func=lambda s: BADGE_LABELS[s],
        key="flags_severities",
        help="Emergencies are always shown.",
    )
    groups = flag_groups(ctx, days, wanted)
    if groups:
        count = sum(g.count for g in groups)
        st.caption(
            f"{count} flag{'s' if count != 1 else ''} from {len(groups)} "
            f"rule{'s' if len(groups) != 1 else ''}, most serious first. Emergencies are "
            "always shown."
        )
        for group in groups:
            flag_card(ctx, group, days)
    else:
        st.success(
            f"No flags in the last {days} days for what is chosen above. Emergencies are "
            "always shown, so there is none of those either.",
            icon=":material/check_circle:",
        )
    with st.expander("Every source the rules cite"):
        st.markdown("\n".join(f"- {text}" for text in sorted(set(SOURCES.values()))))
