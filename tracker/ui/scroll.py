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
  // Call {count}: keep the element in view while the page is still being drawn (up to
  // {settle_ms} ms: rows above it may still change height), and stop as soon as the person
  // touches, scrolls or types. Nothing is sent anywhere.
  const selector = {selector};
  const block = {block};
  const started = Date.now();
  let stopped = false;
  const events = ["touchstart", "wheel", "keydown", "mousedown"];
  const stop = () => {{
    stopped = true;
    events.forEach((name) => window.removeEventListener(name, stop, true));
  }};
  events.forEach((name) => window.addEventListener(name, stop, true));
  const covered = () => [...document.querySelectorAll(
    '[data-testid="stHeader"], [data-testid="stToast"]'
  )].map((el) => el.getBoundingClientRect())
    .filter((box) => box.height > 0 && box.top < window.innerHeight / 3)
    .reduce((bottom, box) => Math.max(bottom, box.bottom), 0);
  const show = (target) => {{
    // Below what covers the top of the screen (Streamlit's header, a toast), not under it.
    const top = covered() + 8;
    const box = target.getBoundingClientRect();
    const placed = block === "start"
      ? Math.abs(box.top - top) <= 4
      : box.top >= top && box.bottom <= window.innerHeight;
    if (placed) return;
    target.style.scrollMarginTop = `${{top}}px`;
    target.scrollIntoView({{ block, behavior: "instant" }});
  }};
  const tick = () => {{
    if (stopped) return;
    const target = document.querySelector(selector);
    if (target) show(target);
    if (Date.now() - started < {settle_ms}) setTimeout(tick, 100);
    else stop();
  }};
  tick();
}})();
</script>"""

SETTLE_MS = 3000
"""How long the script keeps the element in place while the rerun draws the rest of the page."""

HIDE_CSS = '<style>[class*="st-key-scroll_into_view_"] { display: none; }</style>'


def scroll_into_view(selector: str, *, block: Literal["start", "center"] = "start") -> None:
    """Scroll the first element matching the CSS ``selector`` into view in this run (call it
    anywhere: the script waits for the element). The script sits, hidden, at the end of the
    sidebar, so it takes no room (nor a gap) on the page."""
    count = int(st.session_state.get(_COUNT_KEY, 0)) + 1
    st.session_state[_COUNT_KEY] = count
    with st.sidebar, st.container(key=f"scroll_into_view_{count}"):
        st.html(HIDE_CSS)
        st.html(
            _SCRIPT.format(
                count=count,
                selector=json.dumps(selector),
                block=json.dumps(block),
                settle_ms=SETTLE_MS,
            ),
            unsafe_allow_javascript=True,
        )
