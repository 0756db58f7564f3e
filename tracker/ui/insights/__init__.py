"""The Insights pages' parts: the shared date range (``dates``), cached reads of the range
(``data``), plotly charts (``charts``) and the body diagram (``body``).

The statistics live in ``tracker.insights`` (pure); these modules only read them through a
cache and draw them, so each page under ``pages/`` stays a short script.
"""
