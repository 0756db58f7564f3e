"""One error hierarchy: pages and the command line catch ``TrackerError`` and show its message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


class TrackerError(Exception):
    """Base of every error a person can act on. ``str(err)`` is the message to show."""


@dataclass(frozen=True)
class Problem:
    """One thing to fix: which field (as the person sees it), and what is wrong with it.

    ``name`` is the model's field name when known (``birth_year``), so a CSV reader or the
    command line can point at its own column or option instead of the form label."""

    field: str
    message: str
    name: str = ""

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class InvalidEntry(TrackerError):
    """An entry failed validation; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))

    @classmethod
    def single(cls, field: str, message: str, *, name: str = "") -> InvalidEntry:
        return cls([Problem(field, message, name)])


class ForgottenStop(InvalidEntry):
    """Stopping would make a contraction longer than allowed: probably a forgotten stop.

    Nothing was written. ``contraction`` is the running one, ``length_s`` how long it would be,
    ``suggested_end`` a likely real end the page offers as the fix (or deleting it)."""

    def __init__(
        self, problem: Problem, *, contraction: Any, length_s: float, suggested_end: datetime
    ) -> None:
        self.contraction = contraction
        self.length_s = length_s
        self.suggested_end = suggested_end
        super().__init__([problem])


class NotFound(TrackerError):
    """The entry asked for does not exist (deleted in another tab, or a wrong id)."""


class Conflict(TrackerError):
    """The entry clashes with something already stored."""


class OverlapError(Conflict):
    """A contraction would overlap another one."""


class DuplicateName(Conflict):
    """A product or profile with that name already exists."""


@dataclass(frozen=True)
class RowProblem:
    """A bad cell in an imported file: 1-based line number (header is line 1) and column name."""

    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.column}: {self.reason}"


class ImportRejected(TrackerError):
    """A file had bad rows; nothing was written. ``problems`` lists every bad cell, or the
    first of them when ``more`` others were only counted (a file with thousands of bad rows)."""

    def __init__(self, problems: list[RowProblem], *, more: int = 0) -> None:
        self.problems = problems
        self.more = more
        count = len(problems) + more
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} found, nothing imported: "
            + "; ".join(str(p) for p in problems[:5])
            + ("; …" if count > 5 else "")
        )


class UnreadableFile(TrackerError):
    """A file to import could not be opened or read (missing, not allowed, a read error)."""


class BadSetting(TrackerError):
    """A setting given to the server or the command line (an environment variable) has a value
    that cannot be used. The message names the setting, what is wrong, and how to fix it."""


class StoreError(TrackerError):
    """The database could not be reached or refused the change."""
