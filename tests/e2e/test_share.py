"""Sharing with a doctor in Chromium (issue 10, "a person can produce each file from the
browser"): on a server holding 120 demo days, the Share page makes the PDF report and hands over
the PDF, the ZIP of spreadsheet files and the FHIR bundle as downloads, each noted in the audit
trail by the server when the browser fetched it (issue 12); the page's picture is saved to
``artifacts/share/share-<device>.png``."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from db.migrate import open_database
from tests.e2e.conftest import ARTIFACTS_DIR
from tests.e2e.test_deep_links import open_page
from tests.e2e.test_insights import fill_with_demo, screenshot_whole_page
from tests.support.server import StreamlitServer
from tracker.entries import accounts
from tracker.entries.accounts import Action
from tracker.serving import UNEXPECTED_ERROR

pytestmark = pytest.mark.e2e
SCREENSHOTS = ARTIFACTS_DIR / "share"
REPORT_TIMEOUT_MS = 60_000
"""Making the PDF of 90 demo days takes a few seconds; more on a busy machine."""


def downloaded(page: Page, button: Locator, folder: Path) -> tuple[bytes, str]:
    """Click ``button`` and return the file the browser receives, and its name."""
    with page.expect_download(timeout=REPORT_TIMEOUT_MS) as info:
        button.click()
    download = info.value
    target = folder / download.suggested_filename
    download.save_as(target)
    return target.read_bytes(), download.suggested_filename


@pytest.mark.parametrize("device_profile", ["desktop"], indirect=True)  # phone: looked at once
def test_a_person_downloads_the_report_the_spreadsheets_and_fhir(
    fresh_server: StreamlitServer, page: Page, device_profile: str, tmp_path: Path
) -> None:
    fill_with_demo(fresh_server)
    open_page(page, "/export")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", level=1)).to_have_text("Share & export")

    main.get_by_role("button", name="Make the PDF").click()
    pdf, name = downloaded(page, main.get_by_role("button", name="Download the PDF"), tmp_path)
    assert name.startswith("cramp-tracker-report-") and name.endswith(".pdf")
    report = PdfReader(io.BytesIO(pdf))
    assert len(report.pages) >= 2
    first_page = report.pages[0].extract_text()
    assert f"Page 1 of {len(report.pages)}" in first_page

    data, name = downloaded(
        page, main.get_by_role("button", name="All spreadsheet files (ZIP)"), tmp_path
    )
    members = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert any(m.endswith("/cramps-readable.csv") for m in members)
    assert any(m.endswith("/cramps.csv") for m in members)

    data, name = downloaded(
        page, main.get_by_role("button", name="FHIR R4 bundle (JSON)"), tmp_path
    )
    bundle = json.loads(data)
    assert bundle["resourceType"] == "Bundle" and len(bundle["entry"]) > 100

    engine = open_database(fresh_server.db_url)  # the server's own database
    try:
        trail = accounts.trail(engine=engine, account=accounts.LOCAL)
    finally:
        engine.dispose()
    assert [line.action for line in trail] == [Action.DOWNLOAD] * 3
    assert [line.detail.split(",")[0] for line in trail] == [
        "FHIR R4 bundle (JSON)",
        "All spreadsheet files (ZIP)",
        "Doctor report (PDF",  # "(PDF, A4), <period>, all sections"
    ]
    assert trail[2].detail.endswith(", all sections")

    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_text(UNEXPECTED_ERROR)).to_have_count(0)  # flags may be red
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the Share page scrolls sideways at {device_profile} size"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    screenshot_whole_page(page, SCREENSHOTS / f"share-{device_profile}.png")
