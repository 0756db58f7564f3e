"""The red-flag engine: compares the diary with published "when to get help" guidance.

``evaluate(diary, at)`` returns ``Flag``s (rule id, severity, title, advice, time first met,
evidence, sources) for every rule of shared/spec/red-flags.md. Pure Python: no Streamlit, no
database session (``load_diary`` reads through ``db.crud``).
"""

from tracker.flags.diary import Diary, load_diary
from tracker.flags.engine import RULES, evaluate, in_window
from tracker.flags.model import EntryRef, Flag, Severity

__all__ = ["RULES", "Diary", "EntryRef", "Flag", "Severity", "evaluate", "in_window", "load_diary"]
