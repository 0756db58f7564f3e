"""What helps, what hurts: cramp episodes per day on days with and without each factor (drinks
under the goal, each product taken), the same day and the next, as a rate ratio with its 95 %
interval. Association only, said at the top and in every sentence."""

from __future__ import annotations

from itertools import groupby

import streamlit as st

from tracker.insights.days import day_table
from tracker.insights.factors import DRINKS_BELOW_GOAL, PRODUCT_FACTOR, factor_results
from tracker.ui.frame import page
from tracker.ui.insights import charts, data
from tracker.ui.insights.dates import date_range
from tracker.ui.insights.parts import ASSOCIATION_CAPTION, empty_state
from tracker.ui.widgets import md_escape

LAGS = {0: "Same day", 1: "Next day"}

with page("What helps, what hurts") as ctx:
    st.caption(ASSOCIATION_CAPTION)
    chosen = date_range(ctx)
    frames = data.frames(ctx, chosen.first, chosen.last)
    logged = [frames.cramps, frames.drinks, frames.intakes]
    if all(frame.empty for frame in logged) and frames.products.empty:
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
        results = factor_results(day_table(frames))
        for factor, group in groupby(results, key=lambda result: result.factor):
            lagged = list(group)
            enough = any(result.enough_data for result in lagged)
            if factor == DRINKS_BELOW_GOAL:
                title = "Drinking under your goal"
            else:
                title = md_escape(factor.removeprefix(PRODUCT_FACTOR))
            with st.container(border=True):
                st.markdown(f"**{title}**" if enough else f":gray[**{title}**]")
                if enough:
                    charts.show(charts.forest(lagged, [LAGS[r.lag_days] for r in lagged]))
                for result in lagged:
                    text = f"**{LAGS[result.lag_days]}:** {md_escape(result.sentence)}"
                    if result.enough_data:
                        st.markdown(text)
                        st.caption(
                            f"{result.episodes_with} episodes on {result.days_with} days with, "
                            f"{result.episodes_without} on {result.days_without} days without."
                        )
                    else:
                        st.caption(text)
