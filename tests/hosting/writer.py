"""One writer of the concurrency test, in a process of its own:

    python -m tests.hosting.writer URL PROFILE_ID PRODUCT_ID INDEX COUNT BEFORE

It loads the domain, prints ``ready``, waits for a line on stdin (the starting gun, so that all
writers begin together), then logs ``COUNT`` entries through ``tracker.entries.journal.log_entry``
(one transaction each), kinds in turn: a drink, a cramp, an intake, a pregnancy event, a
contraction. Its entries are five minutes apart, going back from ``BEFORE`` minus ``INDEX``
weeks (a week of its own: its contractions overlap nobody's). Prints one JSON line of figures;
exits 1 if any entry failed.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from db.engine import make_engine
from tracker.core.kinds import EntryKind

SPACING = timedelta(minutes=5)
WEEK = timedelta(days=7)
CONTRACTION = timedelta(seconds=60)


def entry(number: int, at: datetime, product_id: int) -> tuple[EntryKind, dict[str, Any]]:
    """The ``number``-th entry of a writer, at ``at``."""
    turn = number % 5
    if turn == 0:
        return EntryKind.HYDRATION, {"taken_at": at, "volume_ml": 100 + number % 400}
    if turn == 1:
        region = ("calf", "thigh", "foot")[number % 3]
        return EntryKind.CRAMPS, {
            "started_at": at,
            "region": region,
            "side": "left",
            "intensity": number % 7,
            "quality": "cramp",
        }
    if turn == 2:
        return EntryKind.SUPPLEMENTS, {"taken_at": at, "product_id": product_id, "units": 1}
    if turn == 3:
        return EntryKind.EVENTS, {"occurred_at": at, "kind": "mucus_plug"}
    return EntryKind.CONTRACTIONS, {"started_at": at, "ended_at": at + CONTRACTION}


def main(argv: list[str]) -> int:
    url, profile_id, product_id, index, count, before = argv
    from tracker.entries import journal  # loaded before the gun, like everything else

    engine = make_engine(url)
    start = datetime.fromisoformat(before) - int(index) * WEEK
    print("ready", flush=True)
    sys.stdin.readline()
    began = time.monotonic()
    failures: list[str] = []
    now = datetime.now(UTC)
    for number in range(int(count)):
        kind, values = entry(number, start - (number + 1) * SPACING, int(product_id))
        try:
            journal.log_entry(
                engine=engine, kind=kind, profile_id=int(profile_id), values=values, now=now
            )
        except Exception as err:  # noqa: BLE001 (counted and reported: the test fails on any)
            failures.append(f"{kind.value} {number}: {type(err).__name__}: {err}")
    seconds = time.monotonic() - began
    engine.dispose()
    figures = {
        "index": int(index),
        "rows": int(count) - len(failures),
        "seconds": seconds,
        "cpu_seconds": time.process_time(),
    }
    print(json.dumps(figures | {"failures": failures[:5], "failed": len(failures)}), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
