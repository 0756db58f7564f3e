"""A share button for a text: the phone's share sheet where the browser has one (Web Share API,
``navigator.share``), otherwise a copy to the clipboard that says "Copied".

A small ``st.iframe`` of inline HTML (Streamlit's successor to ``components.v1.html``, which
1.67 marks deprecated): one button and a few lines of inline script,
nothing loaded from anywhere. The text goes in as a JSON string literal with ``<``, ``>`` and
``&`` escaped (so a note containing ``</script>`` stays text); no HTML is built from it.
"""

from __future__ import annotations

import json
from typing import Final

import streamlit as st

HEIGHT_PX: Final = 64
"""The iframe's height: the 3 rem button and its focus ring."""

SHARE_LABEL: Final = "Share summary…"
COPY_LABEL: Final = "Copy summary"
COPIED_LABEL: Final = "Copied ✓"
FAILED_LABEL: Final = "Could not copy: use the Share tab"

_TEMPLATE: Final = """<!doctype html>
<html><head><meta charset="utf-8">
<style>
  html, body { margin: 0; padding: 0; background: transparent; }
  button {
    box-sizing: border-box; width: 100%; min-height: 3rem; margin: 2px 0;
    padding: 0.5rem 1rem; border: 1px solid #1f6f8b; border-radius: 0.75rem;
    background: #1f6f8b; color: #ffffff; cursor: pointer;
    font: 400 1.05rem/1.4 "Source Sans", "Source Sans Pro", "Source Sans 3", system-ui,
      sans-serif;
  }
  button:hover { background: #185a71; }
  button:focus-visible { outline: 3px solid #f0a500; outline-offset: 1px; }
  button.done { background: #1b7f3b; border-color: #1b7f3b; }
</style></head>
<body>
<button id="share" type="button" data-testid="share-button">__COPY__</button>
<script>
  const text = __TEXT__;
  const button = document.getElementById("share");
  const canShare = typeof navigator.share === "function";
  const label = canShare ? __SHARE__ : __COPY__;
  button.textContent = label;
  function say(words, done) {
    button.textContent = words;
    button.classList.toggle("done", done);
    setTimeout(() => { button.textContent = label; button.classList.remove("done"); }, 3000);
  }
  function oldCopy() {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    let copied = false;
    try { copied = document.execCommand("copy"); } catch (err) { copied = false; }
    area.remove();
    return copied;
  }
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      say(__COPIED__, true);
    } catch (err) {
      if (oldCopy()) { say(__COPIED__, true); } else { say(__FAILED__, false); }
    }
  }
  button.addEventListener("click", async () => {
    if (canShare) {
      try { await navigator.share({ text }); return; }
      catch (err) { if (err && err.name === "AbortError") { return; } }
    }
    await copy();
  });
</script>
</body></html>
"""


def _js_string(text: str) -> str:
    """``text`` as a JavaScript string literal that cannot end the script element."""
    return (
        json.dumps(text, ensure_ascii=False)
        .replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def share_html(text: str) -> str:
    """The component's page for ``text`` (tested on its own; drawn by ``share_button``)."""
    values = {
        "__TEXT__": _js_string(text),
        "__SHARE__": _js_string(SHARE_LABEL),
        "__COPIED__": _js_string(COPIED_LABEL),
        "__FAILED__": _js_string(FAILED_LABEL),
    }
    page = _TEMPLATE.replace("__COPY__", COPY_LABEL, 1)  # the button's text before the script
    for name, value in values.items():
        page = page.replace(name, value)
    return page.replace("__COPY__", _js_string(COPY_LABEL))


def share_button(text: str) -> None:
    """One button: share ``text`` through the phone's share sheet, or copy it ("Copied ✓")."""
    st.iframe(share_html(text), height=HEIGHT_PX, alt="Share or copy the contraction summary")
