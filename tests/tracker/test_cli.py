"""The command line end to end: ``tracker.cli.main`` in-process against a real SQLite file, and
``python -m tracker`` in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from db import crud
from db.migrate import head_revision
from tests.tracker.files.test_contraction_timer_app import SAMPLE
from tests.tracker.files.test_csvio import EXPECTED_EXPORTS, seed_every_kind
from tracker.cli import machine_timezone, main
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead

ROOT = Path(__file__).resolve().parents[2]


def run(sqlite_url: str, *args: str) -> int:
    return main(["--db", sqlite_url, *args])


def profile_named(engine: Engine, name: str) -> ProfileRead:
    found = crud.get_profile(engine=engine, name=name)
    assert found is not None
    return found


# --- the process ---------------------------------------------------------------------------


def test_help_runs_without_importing_streamlit_or_plotly() -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tracker", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert "import" in done.stdout and "export" in done.stdout and "migrate" in done.stdout
    imported = {
        line.rpartition("|")[2].strip().split(".")[0]
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert {"tracker", "db", "sqlalchemy"} <= imported  # the whole command line was loaded
    assert not imported & {"streamlit", "plotly"}


def test_python_m_tracker_imports_the_sample_and_exits_0(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    env = os.environ | {"TZ": "Europe/London"}
    command = [sys.executable, "-m", "tracker", "--db", sqlite_url, "import", "contractiontimer"]
    done = subprocess.run(
        [*command, str(SAMPLE)], cwd=ROOT, capture_output=True, text=True, timeout=60, env=env
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"29 contraction(s) in {SAMPLE}: 29 added, 0 updated, 0 unchanged\n"
    assert run(sqlite_url, "profile", "show") == 0
    assert "timezone: Europe/London\n" in capsys.readouterr().out  # created with $TZ's zone


# --- migrate and profile --------------------------------------------------------------------


def test_migrate_creates_the_schema_and_prints_the_revision(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(sqlite_url, "migrate") == 0
    assert capsys.readouterr().out == f"database at revision {head_revision()}\n"


def test_a_new_profile_gets_the_machine_zone_and_shows_every_field(
    sqlite_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    assert run(sqlite_url, "--profile", "ana", "profile", "show") == 0
    assert capsys.readouterr().out == (
        "name: ana\n"
        "display_name: none\n"
        "sex: none\n"
        "birth_year: none\n"
        "due_date: none\n"
        "births_before: 0\n"
        "history: none\n"
        "timezone: America/New_York\n"
        "units: metric\n"
        "hydration_goal_ml: 1600 (reference)\n"
        "labour_rule: 5/60/60 (default): contractions every 5 minutes or less, each lasting "
        "60 seconds or more, for 60 minutes\n"
    )


def test_profile_set_changes_fields_and_none_or_default_clears_them(
    sqlite_url: str, engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["profile", "set", "--sex", "female", "--birth-year", "1990", "--due-date"]
    args += ["2026-04-01", "--births-before", "1", "--history", "cancer, osteoporosis"]
    args += ["--timezone", "Europe/Berlin", "--units", "us", "--labour-rule", "4/45/30"]
    assert run(sqlite_url, *args) == 0
    shown = capsys.readouterr().out
    assert "history: cancer,osteoporosis\n" in shown
    assert "hydration_goal_ml: 1900 (reference)\n" in shown  # 1600 + 300 in pregnancy
    assert "labour_rule: 4/45/30 (your own): contractions every 4 minutes" in shown
    stored = profile_named(engine, "default")
    assert (stored.sex, stored.birth_year, str(stored.due_date), stored.births_before) == (
        "female",
        1990,
        "2026-04-01",
        1,
    )
    assert (stored.history, stored.timezone, stored.units) == (
        {"cancer", "osteoporosis"},
        "Europe/Berlin",
        "us",
    )
    assert (stored.labour_interval_min, stored.labour_duration_s, stored.labour_sustained_min) == (
        4,
        45,
        30,
    )
    args = ["profile", "set", "--due-date", "none", "--history", "none", "--labour-rule"]
    assert run(sqlite_url, *args, "default", "--hydration-goal-ml", "2500") == 0
    assert "labour_rule: 7/60/60 (default)" in capsys.readouterr().out  # births_before = 1
    stored = profile_named(engine, "default")
    assert (stored.due_date, stored.history, stored.labour_interval_min) == (None, set(), None)
    assert stored.hydration_goal_ml == 2500


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--birth-year", "1850", "--birth-year: Input should be greater than or equal to 1900"),
        ("--birth-year", "2099", "--birth-year: 2099 is in the future"),
        ("--birth-year", "abc", "--birth-year: Input should be a valid integer"),
        ("--timezone", "Mars/Olympus", "--timezone: unknown time zone 'Mars/Olympus'"),
        ("--due-date", "2026-13-01", "--due-date: Input should be a valid date"),
        (
            "--sex",
            "robot",
            "--sex: 'robot' is not a known code; input should be 'female', 'male' or 'other'",
        ),
        ("--hydration-goal-ml", "100", "--hydration-goal-ml: Input should be greater than"),
        ("--labour-rule", "5-1-1", "--labour-rule: '5-1-1' is not I/D/S"),
        ("--labour-rule", "20/60/15", "--labour-rule: the labour rule's span must be longer"),
        ("--labour-rule", "5/5/60", "--labour-rule: Input should be greater than or equal to 10"),
        (
            "--history",
            "cancer,flu",
            "--history: 'flu' is not a known code; input should be 'cancer', ",
        ),
        (
            "--units",
            "imperial",
            "--units: 'imperial' is not a known code; input should be 'metric' or 'us'",
        ),
        ("--births-before", "-1", "--births-before: Input should be greater than or equal to 0"),
    ],
)
def test_profile_set_refuses_a_bad_value_naming_the_field_and_changes_nothing(
    sqlite_url: str,
    engine: Engine,
    profile: ProfileRead,
    capsys: pytest.CaptureFixture[str],
    option: str,
    value: str,
    message: str,
) -> None:
    assert run(sqlite_url, "profile", "set", "--sex", "male", option, value) == 2
    err = capsys.readouterr().err
    assert err.startswith(message)
    assert "Traceback" not in err
    assert profile_named(engine, "default") == profile


def test_profile_set_without_options_is_bad_input(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(sqlite_url, "profile", "set") == 2
    assert "nothing to change" in capsys.readouterr().err


def test_machine_timezone_reads_tz_then_etc_timezone_then_the_localtime_link(
    tmp_path: Path,
) -> None:
    assert machine_timezone({"TZ": ":Asia/Tokyo"}, tmp_path) == "Asia/Tokyo"
    assert machine_timezone({}, tmp_path) is None
    (tmp_path / "localtime").symlink_to("/usr/share/zoneinfo/America/Chicago")
    assert machine_timezone({"TZ": "not a zone"}, tmp_path) == "America/Chicago"
    (tmp_path / "timezone").write_text("Europe/Paris\n")
    assert machine_timezone({}, tmp_path) == "Europe/Paris"


# --- import and export ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(EntryKind))
def test_export_import_into_a_fresh_profile_export_gives_the_same_file(
    sqlite_url: str,
    engine: Engine,
    profile: ProfileRead,
    now: datetime,
    tmp_path: Path,
    kind: EntryKind,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "Europe/London")
    seed_every_kind(engine, profile.id, now)
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    assert run(sqlite_url, "export", "csv", "--kind", kind, "--out", str(first)) == 0
    assert first.read_bytes() == EXPECTED_EXPORTS[kind].encode()
    assert run(sqlite_url, "--profile", "fresh", "import", kind, str(first)) == 0
    assert (
        run(sqlite_url, "--profile", "fresh", "export", "csv", "--kind", kind, "--out", str(second))
        == 0
    )
    assert second.read_bytes() == first.read_bytes()


def test_import_and_export_print_what_they_did(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "drinks.csv"
    path.write_text("taken_at,volume_ml,beverage,note\n2026-02-01T08:00,250,,\n")
    assert run(sqlite_url, "import", "hydration", str(path)) == 0
    assert capsys.readouterr().out == f"imported 1 drink from {path}\n"
    out = tmp_path / "out.csv"
    # global options after the command work too
    assert (
        main(["export", "csv", "--kind", "hydration", "--out", str(out), "--db", sqlite_url]) == 0
    )
    assert capsys.readouterr().out == f"exported 1 drink to {out}\n"


def test_a_bad_file_exits_2_lists_every_problem_and_writes_nothing(
    sqlite_url: str,
    engine: Engine,
    profile: ProfileRead,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "drinks.csv"
    path.write_text(
        "taken_at,volume_ml,beverage,note\n"
        "2026-02-01T08:00,250,water,fine\n"
        "2026-02-01T09:00,-1,water,\n"
        "2026-02-01T10:00,250,beer,\n"
        "2099-02-01T10:00,250,water,\n"
    )
    assert run(sqlite_url, "import", "hydration", str(path)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "line 3: volume_ml: Input should be greater than 0",
        "line 4: beverage: 'beer' is not a known code; input should be 'water', 'electrolyte', "
        "'tea', 'coffee', 'juice', "
        "'milk', 'soup' or 'other'",
        "line 5: taken_at: 2099-02-01 10:00 UTC is in the future; entries can be at most "
        "5 minutes ahead of now",
        "error: 3 problem(s) found; nothing was imported",
    ]
    assert crud.count_entries(engine=engine, kind=EntryKind.HYDRATION, profile_id=profile.id) == 0


def test_the_contraction_timer_sample_reimported_changes_nothing(
    sqlite_url: str, engine: Engine, profile: ProfileRead, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(sqlite_url, "import", "contractiontimer", str(SAMPLE)) == 0
    assert run(sqlite_url, "import", "contractiontimer", str(SAMPLE)) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"29 contraction(s) in {SAMPLE}: 0 added, 0 updated, 29 unchanged"
    )
    assert (
        crud.count_entries(engine=engine, kind=EntryKind.CONTRACTIONS, profile_id=profile.id) == 29
    )


def test_export_from_to_are_inclusive_local_days(
    sqlite_url: str, engine: Engine, profile: ProfileRead, now: datetime, tmp_path: Path
) -> None:
    seed_every_kind(engine, profile.id, now)
    out = tmp_path / "cramps.csv"
    args = ["export", "csv", "--kind", "cramps", "--out", str(out)]
    # 2025-10-25T23:30Z is 00:30 on 26 October in London: a 26 October entry, not a 25th one.
    assert run(sqlite_url, *args, "--from", "2025-10-26", "--to", "2025-10-26") == 0
    assert len(out.read_text().splitlines()) == 1 + 2 + 1  # header, a note of two lines, a row
    assert run(sqlite_url, *args, "--to", "2025-10-25") == 0
    assert out.read_text().splitlines() == [out.read_text().splitlines()[0]]
    assert run(sqlite_url, *args, "--from", "2025-10-27") == 0
    assert len(out.read_text().splitlines()) == 1
    assert run(sqlite_url, *args, "--from", "2025-10-27", "--to", "2025-10-26") == 2


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["export", "json"],  # no --out
        ["import", "moods", "x.csv"],
        ["export", "csv", "--kind", "cramps"],
        ["export", "csv", "--kind", "cramps", "--out", "x.csv", "--from", "yesterday"],
        [],
    ],
)
def test_usage_errors_exit_2(
    sqlite_url: str, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(sqlite_url, *args) == 2
    assert "usage:" in capsys.readouterr().err


def test_a_missing_or_unreadable_file_is_one_line_and_exit_2(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(sqlite_url, "import", "events", str(tmp_path / "missing.csv")) == 2
    assert capsys.readouterr().err == (
        f"error: cannot read {tmp_path / 'missing.csv'}: No such file or directory\n"
    )
    assert run(sqlite_url, "import", "events", str(tmp_path)) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_the_database_comes_from_the_environment_when_no_db_is_given(
    sqlite_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TRACKER_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert main(["--profile", "from-env", "profile", "show"]) == 0
    assert profile_named(engine, "from-env").timezone == "Asia/Tokyo"


def test_an_unwritable_output_exits_1(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "no" / "such" / "dir.csv"
    assert run(sqlite_url, "export", "csv", "--kind", "events", "--out", str(out)) == 1
    assert capsys.readouterr().err.startswith(f"error: cannot write {out}")


def test_times_written_by_the_cli_are_in_utc_in_the_database(
    sqlite_url: str, engine: Engine, profile: ProfileRead, tmp_path: Path
) -> None:
    path = tmp_path / "events.csv"
    path.write_text("occurred_at,kind,detail,note\n2025-07-01T09:00,bleeding,spotting,\n")
    assert run(sqlite_url, "import", "events", str(path)) == 0
    [event] = crud.list_entries(engine=engine, kind=EntryKind.EVENTS, profile_id=profile.id)
    assert event.occurred_at == datetime(2025, 7, 1, 8, 0, tzinfo=UTC)  # type: ignore[attr-defined]
