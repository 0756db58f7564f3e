"""Flag trends: are warnings coming more or less often? Flags over time by severity and rule."""

from __future__ import annotations

import streamlit as st

from tracker.insights.flag_trends import flag_timeline, flag_trend, rule_counts
from tracker.ui.context import PageContext
from tracker.ui.flags import who_to_contact
from tracker.ui.frame import page
from tracker.ui.insights.flag_trends import (
    flags_in_range,
    period_picker,
    range_picker,
    rule_table,
    show_timeline,
)


def body(ctx: PageContext) -> None:
    """The page under the frame; an empty state returns early (``st.stop`` would also skip the
    frame's footer)."""
    st.caption(
        "How often your diary met published “when to get help” guidance, over time. Fewer flags "
        "means fewer entries matched a rule, not that anything is better or worse: if you are "
        f"worried, contact {who_to_contact(ctx.profile)}."
    )
    first, last = range_picker(ctx)
    flags = flags_in_range(ctx, first, last)
    days = (last - first).days + 1
    if not flags:
        st.success(
            f"No flags in the last {days} days: nothing you logged matched a rule.",
            icon=":material/check_circle:",
        )
        st.page_link(
            "pages/flags.py", label="Flags: what the rules look for", icon=":material/flag:"
        )
        return
    st.caption(
        f"{first:%-d %b %Y} – {last:%-d %b %Y}: {len(flags)} flag{'s' if len(flags) != 1 else ''}."
    )

    st.subheader("First half against second half")
    trend = flag_trend(flags, first=first, last=last, tz_name=ctx.tz)
    st.markdown("\n".join(f"- {sentence}" for sentence in trend.sentences))
    st.caption(
        f"First half {trend.first_half[0]:%-d %b} – {trend.first_half[1]:%-d %b}, second half "
        f"{trend.second_half[0]:%-d %b} – {trend.second_half[1]:%-d %b}; compared per 30 days."
    )

    st.subheader("Over time")
    period = period_picker()
    show_timeline(
        flag_timeline(flags, first=first, last=last, tz_name=ctx.tz, period=period), period
    )

    st.subheader("By rule")
    table = rule_table(rule_counts(flags, first=first, last=last, tz_name=ctx.tz), ctx.tz)
    st.dataframe(table, hide_index=True, width="stretch")
    st.page_link(
        "pages/flags.py",
        label="Flags: each flag with its advice and sources",
        icon=":material/flag:",
    )


with page("Flag trends") as ctx:
    body(ctx)
