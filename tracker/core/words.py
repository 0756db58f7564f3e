"""Small pieces of English shared by pages, files and the command line."""

from __future__ import annotations


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``1 episode``, ``2 episodes``, ``0 days`` (``plural`` when adding an ``s`` is wrong)."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"
