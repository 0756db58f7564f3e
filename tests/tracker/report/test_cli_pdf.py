"""``export pdf`` end to end: ``tracker.cli.main`` in-process against a real SQLite file."""

from __future__ import annotations

import stat
from datetime import UTC, date, datetime, time
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from db.migrate import open_database
from tracker.cli import main
from tracker.core.kinds import EntryKind
from tracker.entries.journal import log_entry
from tracker.entries.profile import ensure_profile
from tracker.report.build import SECTIONS


def run(url: str, *args: str) -> int:
    return main(["--db", url, *args])


def pages(path: Path) -> list[str]:
    reader = PdfReader(BytesIO(path.read_bytes()))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def test_help_lists_every_section(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "pdf", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    for section in SECTIONS:
        assert f"{section.name}: {section.label}" in out
    assert "a4" in out and "letter" in out


def test_an_unknown_section_exits_2_with_the_list_and_writes_nothing(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.pdf"
    assert run(sqlite_url, "export", "pdf", "--sections", "summary,graphs", "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert "graphs" in err
    assert "summary, factors, charts, contractions, episodes" in err
    assert not out.exists()


def test_from_after_to_exits_2(sqlite_url: str, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    args = ["--from", "2026-03-02", "--to", "2026-03-01", "--out", str(out)]
    assert run(sqlite_url, "export", "pdf", *args) == 2
    assert not out.exists()


def test_default_period_is_the_last_90_days(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.pdf"
    assert run(sqlite_url, "export", "pdf", "--sections", "summary", "--out", str(out)) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # health data
    text = pages(out)
    assert len(text) == 1
    assert "(90 days)" in text[0]
    assert "No episodes in this period." in text[0]
    assert f"wrote {out}" in capsys.readouterr().out


def test_chosen_period_sections_and_paper(sqlite_url: str, tmp_path: Path) -> None:
    engine = open_database(sqlite_url)
    person = ensure_profile(engine=engine, name="default", now=_noon(date(2026, 3, 1)))
    log_entry(
        engine=engine,
        kind=EntryKind.CRAMPS,
        profile_id=person.id,
        values={
            "started_at": _noon(date(2026, 2, 14)),
            "region": "calf",
            "side": "right",
            "intensity": 7,
            "quality": "spasm",
        },
        now=_noon(date(2026, 3, 1)),
    )
    engine.dispose()
    out = tmp_path / "report.pdf"
    args = ["--from", "2026-02-01", "--to", "2026-02-28", "--sections", "episodes,summary"]
    assert run(sqlite_url, "export", "pdf", *args, "--paper", "letter", "--out", str(out)) == 0
    text = pages(out)
    whole = " ".join(text)
    assert "1 Feb – 28 Feb 2026 (28 days)" in text[0]
    assert "Right calf (1)" in text[0]
    assert "Appendix: every episode" in whole
    assert "What helps" not in whole
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)
