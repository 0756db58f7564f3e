"""Files that hold the diary are the person's alone: folders 0700, files 0600, whatever the
process umask. The one helper for the database file, its pre-upgrade backups and CSV exports.

SQLite creates a database's ``-wal`` and ``-shm`` files with the database file's own mode, so a
database file created here (before SQLite opens it) keeps those private too.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import TextIO

PRIVATE_FOLDER_MODE = 0o700
"""A folder only its owner can list or enter."""
PRIVATE_FILE_MODE = 0o600
"""A file only its owner can read or write."""
_GROUP_OTHER = 0o077


def private_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parents, each 0700; an existing folder is left as it is
    (it may be one the person chose, such as the current directory)."""
    missing: list[Path] = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for new in reversed(missing):
        try:
            new.mkdir(mode=PRIVATE_FOLDER_MODE)
        except FileExistsError:  # made a moment ago by another process opening the diary
            continue
        _chmod(new, PRIVATE_FOLDER_MODE)  # mkdir's mode is cut by the umask


def tighten_folder(folder: Path) -> None:
    """Take group and other access away from a folder that is ours (the default data folder)."""
    mode = stat.S_IMODE(folder.stat().st_mode)
    if mode & _GROUP_OTHER:
        _chmod(folder, mode & ~_GROUP_OTHER)


def private_file(path: Path) -> None:
    """Make sure ``path`` exists: created empty with mode 0600, or, when it is already there,
    with group and other access taken away (its content is left alone)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        tighten_file(path)
        return
    try:
        _fchmod(descriptor)
    finally:
        os.close(descriptor)


def tighten_file(path: Path) -> None:
    """Take group and other access away from an existing regular file (nothing else changes)."""
    status = path.stat()
    mode = stat.S_IMODE(status.st_mode)
    if stat.S_ISREG(status.st_mode) and mode & _GROUP_OTHER:
        _chmod(path, mode & ~_GROUP_OTHER)


def open_private_text(path: Path, *, newline: str | None = None) -> TextIO:
    """``path`` opened for writing UTF-8 text from its start, mode 0600 whether it is new or
    replaced (not a device such as ``/dev/stdout``, which is written as it is)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    try:
        if stat.S_ISREG(os.fstat(descriptor).st_mode):
            _fchmod(descriptor)
        return open(descriptor, "w", encoding="utf-8", newline=newline)
    except BaseException:
        os.close(descriptor)
        raise


def _fchmod(descriptor: int) -> None:
    # The umask may have cut the owner's bits of a new file; someone else's file is left.
    if hasattr(os, "fchmod"):  # not on Windows before Python 3.13
        with contextlib.suppress(PermissionError):
            os.fchmod(descriptor, PRIVATE_FILE_MODE)


def _chmod(path: Path, mode: int) -> None:
    with contextlib.suppress(PermissionError):  # someone else's: theirs to decide
        path.chmod(mode)
