"""What helps, what hurts: cramp episodes per day on days with and without each factor (drinks
under the goal, each product taken), the same day and the next, as a rate ratio with its 95 %
interval. Association only, said at the top and in every sentence."""

from __future__ import annotations

import streamlit as st

from tracker.ui.frame import page
from tracker.ui.insights import charts
from tracker.ui.insights.dates import date_range
from tracker.ui.insights.parts import ASSOCIATION_CAPTION, empty_state
from tracker.ui.insights.views import factors_view

with page("What helps, what hurts") as ctx:
    st.caption(ASSOCIATION_CAPTION)
    chosen = date_range(ctx)
    view = factors_view(ctx, chosen)
    if not view.anything_logged:
        empty_state(
            "Nothing to compare in these dates yet. Log your cramps, your drinks and the "
            "supplements or medicines you take, for a few weeks: this page then compares days "
            "with and without each of them.",
            [("cramps", "Log a cramp"), ("drinks", "Log a drink"), ("supplements", "Supplements")],
        )
    else:
        st.caption(
            "Ratio above 1: more cramp episodes on days with it; below 1: fewer. The bar is the "
            "95 % interval: the wider it is, the less the diary can tell. A bar that crosses "
            "the dashed line at 1 is compatible with no difference."
        )
        for card in view.cards:
            with st.container(border=True):
                st.markdown(f"**{card.title}**" if card.enough_data else f":gray[**{card.title}**]")
                if card.forest is not None:
                    charts.show(card.forest)
                for line in card.lines:
                    if line.enough_data:
                        st.markdown(line.text)
                        st.caption(line.detail)
                    else:  # greyed: not enough days on one side
                        st.caption(line.text)
