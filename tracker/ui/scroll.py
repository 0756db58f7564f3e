"""Bring an element into view after a rerun: a small script, run once per call.

Streamlit keeps the scroll position across a rerun, so what a save or a delete shows (a message,
the advice for a pregnancy event) can land far above or below the screen the person is looking
at. ``scroll_into_view`` puts it at the top (or centre) of the viewport."""

from __future__ import annotations

import json
from typing import Literal

import streamlit as st

_COUNT_KEY = "_scroll_into_view_count"

_SCRIPT = """<script>
(() => {{
  // Call {count}: scroll the element into view once it is drawn (tried for up to 3 s), and
  // once more after the page has settled. Nothing is sent anywhere.
  const selector = {selector};
  let tries = 0;
  const find = () => document.querySelector(selector);
  const go = () => {{
    const target = find();
    if (!target) {{
      if (++tries < 60) setTimeout(go, 50);
      return;
    }}
    target.scrollIntoView({{ block: {block}, behavior: "instant" }});
    setTimeout(() => find()?.scrollIntoView({{ block: {block}, behavior: "instant" }}), 400);
  }};
  go();
}})();
</script>"""

HIDE_CSS = '<style>[class*="st-key-scroll_into_view_"] { display: none; }</style>'


def scroll_into_view(selector: str, *, block: Literal["start", "center"] = "start") -> None:
    """Scroll the first element matching the CSS ``selector`` into view in this run (draw it
    after the element, or anywhere: the script waits for it). Takes no room on the page."""
    count = int(st.session_state.get(_COUNT_KEY, 0)) + 1
    st.session_state[_COUNT_KEY] = count
    with st.container(key=f"scroll_into_view_{count}"):
        st.html(HIDE_CSS)
        st.html(
            _SCRIPT.format(count=count, selector=json.dumps(selector), block=json.dumps(block)),
            unsafe_allow_javascript=True,
        )
