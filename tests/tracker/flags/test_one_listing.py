"""One listing of flags: the ``flags`` command lists what ``service.current_flags`` returns (it
does not evaluate on its own), so the CLI and the service cannot drift apart."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from tracker.cli import main
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.entries.journal import log_entry
from tracker.entries.profile import update_profile
from tracker.flags import Flag, service

LATER = datetime(2027, 1, 1, tzinfo=UTC)
AT = datetime(2026, 7, 1, 11, 0, tzinfo=UTC)


def test_the_flags_command_lists_what_current_flags_returns(
    sqlite_url: str,
    engine: Engine,
    profile: ProfileRead,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    profile = update_profile(
        engine=engine, profile=profile, changes={"due_date": date(2026, 8, 1)}, now=LATER
    )
    for days_before, kind in ((2, "urge_to_push"), (20, "reduced_movement"), (40, "cord_felt")):
        values = {"occurred_at": AT - timedelta(days=days_before), "kind": kind}
        log_entry(
            engine=engine, kind=EntryKind.EVENTS, profile_id=profile.id, values=values, now=LATER
        )
    listed: list[list[Flag]] = []
    real = service.current_flags

    def spy(*args: Any, **kwargs: Any) -> list[Flag]:
        found = real(*args, **kwargs)
        listed.append(found)
        return found

    monkeypatch.setattr(service, "current_flags", spy)

    assert (
        main(["--db", sqlite_url, "flags", "--json", "--at", AT.isoformat(), "--days", "30"]) == 0
    )

    [found] = listed
    assert [f.rule for f in found] == ["P9", "P8"]  # cord_felt 40 days back is outside
    assert json.loads(capsys.readouterr().out) == [f.to_json() for f in found]
