"""A page for tests/e2e/test_markdown_names.py: every hostile text of ``CASES``, escaped with
``md_escape``, in each kind of widget that renders Markdown in Streamlit 1.67, and unescaped in
a select box (whose options are plain text). Run by Streamlit only (``__main__``)."""

from __future__ import annotations

import streamlit as st

from tracker.ui.widgets import md_escape

CASES = (
    "**bold** [link](https://example.com) :red[x] <b>x</b> $x$",
    "# heading",
    "1. item",
    "2) item",
    "- dash",
    "+ plus",
    "---",
    "> quote",
    "    indented code",
    "`code` ~~strike~~ ~sub~ _em_ __strong__",
    "<https://example.com> <x@y.co> <i>i</i>",
    "https://example.com www.example.com x@y.co",
    ":smile: :+1: :streamlit: :material/home: :material_home:",
    ":small :shimmer :help :red[x] :blue-background[y] :violet-badge[z]",
    "a -> b <- c <-> d -- e >= f <= g ~= h",
    "| a | b |",
    "&amp; &#65; &copy;",
    "$$x$$ \\(x\\)",
    "[^1] ![img](x.png) [ref]: /x",
    "line one\n\n# two\n- three",
    "back\\slash *",
)


def render() -> None:
    for index, typed in enumerate(CASES):
        shown = md_escape(typed)
        with st.container(key=f"case_{index}"):
            st.markdown(shown)
            st.caption(shown)
            st.button(shown, key=f"button_{index}", help=shown)
            st.checkbox(shown, key=f"checkbox_{index}")
            st.success(shown)
            st.radio("radio", [typed], format_func=md_escape, key=f"radio_{index}")
            st.pills("pills", [typed], format_func=md_escape, key=f"pills_{index}")
            st.segmented_control("seg", [typed], format_func=md_escape, key=f"seg_{index}")
            st.expander(shown)
            st.tabs([shown])
            st.progress(0.5, text=shown)
            st.page_link("https://docs.streamlit.io", label=shown)
            st.selectbox("select", [typed], key=f"select_{index}")
    st.caption("All cases drawn.")


if __name__ == "__main__":
    render()
