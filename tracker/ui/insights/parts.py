"""Small parts the Insights pages share: page links, the empty state, the glance table."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from tracker.insights.dashboard import DashboardWindow

LINKS: dict[str, tuple[str, str]] = {
    "dashboard": ("pages/dashboard.py", ":material/dashboard:"),
    "patterns": ("pages/patterns.py", ":material/insights:"),
    "factors": ("pages/factors.py", ":material/balance:"),
    "intake": ("pages/intake_insights.py", ":material/local_drink:"),
    "flags": ("pages/flags.py", ":material/flag:"),
    "cramps": ("pages/cramps.py", ":material/personal_injury:"),
    "drinks": ("pages/drinks.py", ":material/water_drop:"),
    "supplements": ("pages/supplements.py", ":material/medication:"),
    "history": ("pages/history.py", ":material/history:"),
}
"""Where a tile or an empty state sends a person: (page file, icon)."""

ASSOCIATION_CAPTION = (
    "These figures show **association, not cause**: a diary cannot say what causes cramps, "
    "and a day with more cramps may simply be a day you noticed more. Talk to a clinician "
    "before you start, stop or change any medicine or supplement."
)


def link(page: str, label: str) -> None:
    path, icon = LINKS[page]
    st.page_link(path, label=label, icon=icon)


def empty_state(message: str, links: Sequence[tuple[str, str]]) -> None:
    """Say what is missing and what to log to see something, with links to log it."""
    st.info(message, icon=":material/info:")
    with st.container(horizontal=True, gap="small"):
        for page, label in links:
            link(page, label)


def _intensity(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}/10"


def glance_table(windows: Sequence[DashboardWindow]) -> pd.DataFrame:
    """The last 7, 30 and 90 days side by side: one column per window, one row per figure
    (short labels: the table must fit a phone's width)."""
    rows = {
        "Episodes a day": [f"{w.episodes_per_day:.2f}" for w in windows],
        "Mean intensity": [_intensity(w.mean_intensity) for w in windows],
        "At drinks goal": [f"{w.days_at_goal} of {w.days_with_drinks}" for w in windows],
        "Supplement days": [f"{w.supplement_days} of {w.days}" for w in windows],
    }
    return pd.DataFrame(rows, index=[f"{w.days} days" for w in windows]).T
