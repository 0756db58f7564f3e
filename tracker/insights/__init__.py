"""Statistics for the Insights pages and the report: pure, tested by hand-computed values.

Read a range with ``frames.load_frames``; everything else works on those frames only.
Every statistic states an association, never a cause, and says "not enough data" when so.
"""
