"""Small custom components (``streamlit.components.v1.html``), with no external scripts."""
