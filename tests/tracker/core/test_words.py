"""``counted``: a number and its noun, singular only for exactly one."""

from __future__ import annotations

from tracker.core.words import counted


def test_one_is_singular_every_other_count_plural() -> None:
    assert counted(1, "episode") == "1 episode"
    assert [counted(n, "day") for n in (0, 2, 72)] == ["0 days", "2 days", "72 days"]
    assert counted(2, "more problem") == "2 more problems"
    assert counted(3, "entry", "entries") == "3 entries"
    assert counted(1, "entry", "entries") == "1 entry"
