"""The only part of ``tracker`` that imports Streamlit: the frame, banners and shared widgets."""
