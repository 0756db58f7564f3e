"""``flags [--at] [--days] [--json]`` end to end against a real SQLite file (files-and-cli.md):
the JSON shape is a contract, the window is inclusive, times are the profile's zone."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from tracker.cli import main
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.entries.journal import add_product, log_entry
from tracker.entries.profile import update_profile
from tracker.flags import Severity

ROOT = Path(__file__).resolve().parents[2]
LATER = datetime(2027, 1, 1, tzinfo=UTC)
AT_TEXT = "2026-07-01T12:00"
"""``--at`` without an offset: noon in London (BST), 11:00 UTC."""
AT = datetime(2026, 7, 1, 11, 0, tzinfo=UTC)
ITEM_KEYS = {"rule", "severity", "title", "at", "advice", "evidence", "sources"}
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$")


def run(sqlite_url: str, *args: str) -> int:
    return main(["--db", sqlite_url, *args])


def log(engine: Engine, profile: ProfileRead, entry_kind: EntryKind, **values: Any) -> int:
    entry = log_entry(
        engine=engine, kind=entry_kind, profile_id=profile.id, values=values, now=LATER
    )
    return int(entry.id)


@pytest.fixture
def seeded(engine: Engine, profile: ProfileRead) -> dict[str, int]:
    """A pregnant profile in London with flags at chosen instants around ``AT``."""
    profile = update_profile(
        engine=engine, profile=profile, changes={"due_date": date(2026, 8, 1)}, now=LATER
    )
    salts = add_product(
        engine=engine,
        profile_id=profile.id,
        values={"name": "Electrolyte tablet", "kind": "supplement", "contents": {"potassium": 200}},
        now=LATER,
    )
    magnesium = add_product(
        engine=engine,
        profile_id=profile.id,
        values={"name": "Magnesium 400", "kind": "supplement", "contents": {"magnesium": 400}},
        now=LATER,
    )
    start = AT - timedelta(days=14)

    def potassium(at: datetime) -> int:
        return log(engine, profile, EntryKind.SUPPLEMENTS, taken_at=at, product_id=salts.id)

    return {
        "before_window": potassium(start - timedelta(seconds=1)),  # N5, just outside
        "window_start": log(  # P9 emergency, exactly at at − 14 days
            engine, profile, EntryKind.EVENTS, occurred_at=start, kind="urge_to_push"
        ),
        "magnesium": log(
            engine,
            profile,
            EntryKind.SUPPLEMENTS,
            taken_at=AT - timedelta(days=3),
            product_id=magnesium.id,
        ),  # N1 and nothing else
        "at": potassium(AT),  # N5, exactly at --at
        "after": potassium(AT + timedelta(minutes=1)),  # not yet logged at --at
    }


def flags_json(sqlite_url: str, capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    assert run(sqlite_url, "flags", "--json", *args) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return json.loads(out)  # one JSON document


def test_flags_json_has_the_contract_shape_newest_first_in_an_inclusive_window(
    sqlite_url: str, seeded: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    items = flags_json(sqlite_url, capsys, "--at", AT_TEXT)

    assert isinstance(items, list)
    for item in items:
        assert set(item) == ITEM_KEYS
        assert re.fullmatch(r"[A-Z]\d{1,2}", item["rule"])
        assert item["severity"] in {s.value for s in Severity}
        assert isinstance(item["title"], str) and item["title"]
        assert isinstance(item["advice"], str) and item["advice"]
        assert ISO_WITH_OFFSET.match(item["at"]), item["at"]
        assert datetime.fromisoformat(item["at"]).utcoffset() is not None
        assert isinstance(item["evidence"], list)
        assert all(isinstance(i, int) and not isinstance(i, bool) for i in item["evidence"])
        assert item["sources"] and all(isinstance(s, str) and s for s in item["sources"])
    times = [datetime.fromisoformat(item["at"]) for item in items]
    assert times == sorted(times, reverse=True)

    assert [(i["rule"], i["severity"], i["at"], i["evidence"]) for i in items] == [
        ("N5", "info", "2026-07-01T11:00:00+00:00", [seeded["at"]]),
        ("N1", "routine", "2026-06-28T11:00:00+00:00", [seeded["magnesium"]]),
        ("P9", "emergency", "2026-06-17T11:00:00+00:00", [seeded["window_start"]]),
    ]


def test_flags_days_narrows_the_window_and_at_with_an_offset_is_that_instant(
    sqlite_url: str, seeded: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    items = flags_json(sqlite_url, capsys, "--at", "2026-07-01T11:00:00Z", "--days", "3")
    assert [i["rule"] for i in items] == ["N5", "N1"]  # N1 exactly 3 days before
    items = flags_json(sqlite_url, capsys, "--at", "2026-07-01T12:59:59+02:00", "--days", "0")
    assert items == []  # 10:59:59 UTC: the last potassium intake is a second later
    items = flags_json(sqlite_url, capsys, "--at", "2026-07-01T12:01", "--days", "0")
    assert [(i["rule"], i["evidence"]) for i in items] == [("N5", [seeded["after"]])]


def test_flags_text_lists_time_in_the_profile_zone_severity_rule_title_advice_sources(
    sqlite_url: str, seeded: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(sqlite_url, "flags", "--at", AT_TEXT) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 flags from 2026-06-17 12:00 BST to 2026-07-01 12:00 BST")
    assert "2026-07-01 12:00 BST  INFO  N5  Potassium in Electrolyte tablet" in out
    assert "2026-06-17 12:00 BST  EMERGENCY  P9" in out
    assert "Call 999 / 112 / 911" in out
    assert "  Sources: NASEM 2019, potassium; EFSA, potassium" in out
    assert out.index("N5") < out.index("N1") < out.index("P9")  # newest first


def test_flags_with_nothing_to_list(
    sqlite_url: str, profile: ProfileRead, capsys: pytest.CaptureFixture[str]
) -> None:
    assert flags_json(sqlite_url, capsys, "--at", AT_TEXT) == []
    assert run(sqlite_url, "flags", "--at", AT_TEXT, "--days", "1") == 0
    assert capsys.readouterr().out == "no flags from 2026-06-30 12:00 BST to 2026-07-01 12:00 BST\n"


def test_flags_default_is_now_and_14_days(
    sqlite_url: str, engine: Engine, profile: ProfileRead, capsys: pytest.CaptureFixture[str]
) -> None:
    salts = add_product(
        engine=engine,
        profile_id=profile.id,
        values={"name": "Salts", "kind": "supplement", "contents": {"potassium": 100}},
        now=LATER,
    )
    now = datetime.now(UTC)
    for days_ago in (1, 13, 15):
        log(
            engine,
            profile,
            EntryKind.SUPPLEMENTS,
            taken_at=now - timedelta(days=days_ago),
            product_id=salts.id,
        )
    assert len(flags_json(sqlite_url, capsys)) == 2


@pytest.mark.parametrize(
    "args",
    [
        ("--at", "yesterday"),
        ("--at", "2026-13-01T10:00"),
        ("--days", "x"),
        ("--days", "-1"),
        ("--days", "1.5"),
    ],
)
def test_bad_at_or_days_is_exit_2_with_nothing_on_stdout(
    sqlite_url: str, args: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(sqlite_url, "flags", "--json", *args) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip() and "Traceback" not in err
    if args[0] == "--at":
        assert err.count("\n") == 1 and err.startswith("error: --at:")


def test_flags_runs_without_importing_streamlit_or_plotly(sqlite_url: str) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "tracker",
            "--db",
            sqlite_url,
            "flags",
            "--json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert json.loads(done.stdout) == []
    imported = {
        line.rpartition("|")[2].strip().split(".")[0]
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert {"tracker", "db"} <= imported
    assert not imported & {"streamlit", "plotly"}
