"""Small custom components (inline HTML in ``st.iframe``), with no external scripts."""
