"""The one clock the pages read: ``now()`` is the moment of this rerun, in UTC.

It is the real time, unless the server's own environment fixes an instant: ``TRACKER_NOW`` (an
ISO 8601 time with its UTC offset, e.g. ``2026-03-01T21:40:00+00:00``), which page tests set
with ``monkeypatch`` so that what a page draws and stores is exact. It is read at each call,
never cached, and never taken from anything a browser sends (no URL parameter, no session
value, no header): only whoever starts the server can set it. A value that is not such a time
is refused (``BadSetting``) rather than silently replaced by the real clock.

Domain code never calls this: the frame reads it once per rerun (``PageContext.now``), and a
button's callback, which runs before the rerun, reads it for the moment of the tap.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime

from tracker.core.errors import BadSetting

NOW_ENV = "TRACKER_NOW"

LOG = logging.getLogger("tracker.ui")

_warned: set[str] = set()


def now() -> datetime:
    """The real time in UTC, or the instant ``TRACKER_NOW`` fixes (tests)."""
    given = os.environ.get(NOW_ENV, "").strip()
    if not given:
        return datetime.now(UTC)
    fixed = fixed_instant(given)
    if given not in _warned:  # once per value: a server left with a fixed clock says so
        _warned.add(given)
        LOG.warning("%s is set: the pages' clock is fixed at %s", NOW_ENV, fixed.isoformat())
    return fixed


def fixed_instant(given: str) -> datetime:
    """``given`` as an aware UTC datetime; ``BadSetting`` naming the variable otherwise."""
    fix = "write it like 2026-03-01T21:40:00+00:00, or unset it to use the real clock"
    try:
        moment = datetime.fromisoformat(given)
    except ValueError:
        raise BadSetting(f"{NOW_ENV}={given!r}: not a date and time; {fix}") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise BadSetting(f"{NOW_ENV}={given!r}: no UTC offset; {fix}")
    return moment.astimezone(UTC)
