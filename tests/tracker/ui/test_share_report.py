"""The Share page's report panel in AppTest, on a real SQLite file: every section chosen by
default, the PDF made on the button with the choices shown, stale when a choice changes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.entries.journal import log_entry
from tracker.report.build import SECTIONS
from tracker.ui.share_report import STATE_KEY, MadeReport, file_name

NOW = datetime(2026, 3, 1, 21, 40, tzinfo=UTC)


def _script(url: str, first: str, last: str, now: str) -> None:
    from datetime import date, datetime

    from tracker.entries.profile import ensure_profile
    from tracker.entries.store import open_diary
    from tracker.ui.context import PageContext
    from tracker.ui.share_report import report_panel

    engine = open_diary(url)
    moment = datetime.fromisoformat(now)
    profile = ensure_profile(engine=engine, now=moment)
    ctx = PageContext(engine=engine, profile=profile, now=moment, title="Share")
    report_panel(ctx, date.fromisoformat(first), date.fromisoformat(last))


def _app(url: str) -> AppTest:
    at = AppTest.from_function(
        _script, args=(url, "2026-02-01", "2026-02-28", NOW.isoformat()), default_timeout=60
    )
    return at.run()


def test_all_sections_by_default_then_the_pdf_of_the_choice(
    sqlite_url: str, engine: Engine, profile: ProfileRead
) -> None:
    log_entry(
        engine=engine,
        kind=EntryKind.CRAMPS,
        profile_id=profile.id,
        values={
            "started_at": datetime(2026, 2, 10, 3, 0, tzinfo=UTC),
            "region": "foot",
            "side": "left",
            "intensity": 6,
            "quality": "cramp",
        },
        now=NOW,
    )
    at = _app(sqlite_url)
    assert not at.exception
    sections = at.multiselect(key="share_report_sections")
    assert sections.value == [s.name for s in SECTIONS]
    assert at.radio(key="share_report_paper").value == "a4"
    assert STATE_KEY not in at.session_state

    sections.set_value(["episodes", "summary"])
    at.radio(key="share_report_paper").set_value("letter")
    at.button(key="share_report_make").click().run()
    assert not at.exception
    made = at.session_state[STATE_KEY]
    assert isinstance(made, MadeReport)
    assert any(c.value.startswith("Made in ") for c in at.caption)
    reader = PdfReader(BytesIO(made.pdf))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Left foot (1)" in text
    assert "Appendix: every episode" in text
    assert "What helps" not in text
    assert round(float(reader.pages[0].mediabox.width)) == 612

    at.radio(key="share_report_paper").set_value("a4").run()  # stale: no download now
    assert not any(c.value.startswith("Made in ") for c in at.caption)


def test_no_section_chosen_disables_the_button(sqlite_url: str, engine: Engine) -> None:
    at = _app(sqlite_url)
    at.multiselect(key="share_report_sections").set_value([]).run()
    assert at.button(key="share_report_make").disabled
    assert any(c.value == "Choose at least one section." for c in at.caption)


def test_file_name_has_the_dates() -> None:
    name = file_name(date(2026, 9, 5), date(2026, 12, 3))
    assert name == "cramp-tracker-report-2026-09-05-to-2026-12-03.pdf"
    assert Path(name).suffix == ".pdf"
