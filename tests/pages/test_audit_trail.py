"""Settings' "Sign-ins and exports" (issue 12, the audit trail) in AppTest: a deletion, a
restore, a daily copy put back and each download (its ``data`` run as the browser's tap runs
it) are listed with the local time, newest first; drawing a page lists nothing; a signed-in
account sees its own lines only; no line holds anything from the diary."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from db.engine import sqlite_file
from db.migrate import backup_sqlite
from tests.pages.conftest import Deferred, clicked
from tests.pages.test_accounts import ALICE, BOB, claims, hosted_page
from tests.pages.test_labour_extras import AFTER_SAMPLE, SCRIPT, import_sample
from tests.tracker.files.test_backup import seed_diary
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.entries import accounts, journal
from tracker.entries.accounts import Action, AuditLine
from tracker.entries.profile import ensure_profile
from tracker.files.backup import backup_json
from tracker.report.build import SECTIONS
from tracker.ui.audit import EMPTY_TRAIL, TRAIL_TITLE, period_text
from tracker.ui.share_report import report_detail

SETTINGS = "pages/settings.py"
EXPORT = "pages/export.py"
SUMMER = datetime(2026, 7, 1, 21, 40, tzinfo=UTC)
"""22:40 in London (BST): the trail shows the local hour, not UTC's."""
OpenPage = Callable[[str], AppTest]


def trail_lines(at: AppTest) -> list[str]:
    """The trail's list items as Markdown, newest first."""
    assert TRAIL_TITLE in [h.value for h in at.subheader]
    items: list[str] = []
    for block in at.markdown:
        if block.value.startswith("- ") and " · **" in block.value:
            items += [line.removeprefix("- ") for line in block.value.splitlines()]
    return items


def test_the_trail_starts_empty_and_drawing_pages_adds_nothing(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead
) -> None:
    at = open_page(EXPORT)
    at.switch_page(SETTINGS).run()
    assert not at.exception
    assert EMPTY_TRAIL in [c.value for c in at.caption]
    assert trail_lines(at) == []
    assert accounts.trail(engine=db, account=accounts.LOCAL) == []


def test_a_deletion_is_listed_with_the_local_time(
    open_page: OpenPage,
    db: Engine,
    app_profile: ProfileRead,
    pin_clock: Callable[[datetime], datetime],
) -> None:
    seed_diary(db, app_profile, SUMMER - timedelta(days=1))
    pin_clock(SUMMER)
    at = open_page(SETTINGS)
    at.text_input(key="backup_delete_confirm").set_value("default").run()
    at.button(key="backup_delete").click().run()

    assert not at.exception and not at.error
    assert trail_lines(at) == ["Wed 01 Jul 2026 22:40 · **Deleted** · profile default"]
    assert accounts.trail(engine=db, account=accounts.LOCAL) == [
        AuditLine(SUMMER, Action.DELETE, "profile default")
    ]


def test_a_restore_is_listed_and_a_refused_one_is_not(
    open_page: OpenPage,
    db: Engine,
    app_profile: ProfileRead,
    pin_clock: Callable[[datetime], datetime],
) -> None:
    source = ensure_profile(engine=db, name="source", now=SUMMER, timezone="Europe/London")
    text = backup_json(db, seed_diary(db, source, SUMMER - timedelta(days=1)))
    pin_clock(SUMMER)
    at = open_page(SETTINGS)
    at.file_uploader(key="backup_restore_file").set_value(
        ("cut.json", text[: len(text) // 2].encode(), "application/json")
    )
    at.run()
    at.button(key="backup_restore").click().run()
    assert at.error and trail_lines(at) == []  # refused: nothing happened, nothing listed

    pin_clock(SUMMER + timedelta(minutes=5))
    at.file_uploader(key="backup_restore_file").set_value(
        ("mine.json", text.encode(), "application/json")
    )
    at.run()
    at.button(key="backup_restore").click().run()

    assert not at.exception and not at.error
    assert trail_lines(at) == [
        "Wed 01 Jul 2026 22:45 · **Restored a backup** · Full backup (JSON) into profile default"
    ]


def test_putting_a_daily_copy_back_is_listed_after_it(
    open_page: OpenPage, db: Engine, pin_clock: Callable[[datetime], datetime]
) -> None:
    now = pin_clock(datetime.now(UTC).replace(microsecond=0))
    profile = ensure_profile(engine=db, now=now, timezone="Europe/London")
    at = open_page(SETTINGS)  # the server opens the diary: today's copy is made
    journal.log_entry(
        engine=db,
        kind=EntryKind.HYDRATION,
        profile_id=profile.id,
        values={"taken_at": now, "volume_ml": 250, "beverage": "water"},
        now=now,
    )
    at.run()
    at.checkbox(key="backup_daily_confirm").check().run()
    at.button(key="backup_daily_restore").click().run()

    assert not at.exception and not at.error
    (line,) = accounts.trail(engine=db, account=accounts.LOCAL)  # in the database put back
    assert line.action is Action.RESTORE and line.at == now
    assert line.detail.startswith("Daily copy of ") and line.detail.endswith("(whole database)")
    assert trail_lines(at)[0].endswith(f"**Restored a backup** · {line.detail}")


def test_removing_a_copy_made_before_an_upgrade_is_listed(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, now: datetime
) -> None:
    path = sqlite_file(db.url)
    assert path is not None
    copy = backup_sqlite(path, "before-0004", now=now)
    at = open_page(SETTINGS)
    at.button(key=f"backup_remove_{copy.name}").click().run()

    assert not copy.exists()
    (line,) = accounts.trail(engine=db, account=accounts.LOCAL)
    assert line.action is Action.DELETE
    assert line.detail == "A copy of the database made before an upgrade"


def test_each_settings_download_is_listed_when_tapped_not_when_drawn(
    open_page: OpenPage,
    db: Engine,
    app_profile: ProfileRead,
    deferred: Deferred,
    pin_clock: Callable[[datetime], datetime],
) -> None:
    seed_diary(db, app_profile, SUMMER - timedelta(days=1))
    pin_clock(SUMMER)
    at = open_page(SETTINGS)
    at.run()
    assert accounts.trail(engine=db, account=accounts.LOCAL) == []

    clicked(at, deferred, "backup_download")
    pin_clock(SUMMER + timedelta(minutes=1))
    clicked(at, deferred, "backup_database")
    at.run()

    assert trail_lines(at) == [
        "Wed 01 Jul 2026 22:41 · **Downloaded** · Whole database (SQLite file)",
        "Wed 01 Jul 2026 22:40 · **Downloaded** · Full backup (JSON)",
    ]


def test_each_share_download_is_listed_with_its_format_and_period(
    open_page: OpenPage,
    db: Engine,
    app_profile: ProfileRead,
    deferred: Deferred,
    pin_clock: Callable[[datetime], datetime],
) -> None:
    seed_diary(db, app_profile, SUMMER - timedelta(days=1))
    pin_clock(SUMMER)
    at = open_page(EXPORT)
    assert accounts.trail(engine=db, account=accounts.LOCAL) == []

    for key in ("share_zip", "share_readable_cramps", "share_fhir", "export_cramps"):
        clicked(at, deferred, key)

    period = "3 Apr – 1 Jul 2026"  # the page's 90 local days ending today
    assert [line.detail for line in accounts.trail(engine=db, account=accounts.LOCAL)] == [
        f"Cramp / pain (CSV), {period}",
        f"FHIR R4 bundle (JSON), {period}",
        f"Cramp / pain for people (CSV), {period}",
        f"All spreadsheet files (ZIP), {period}",
    ]
    assert {line.action for line in accounts.trail(engine=db, account=accounts.LOCAL)} == {
        Action.DOWNLOAD
    }


def test_a_signed_in_account_sees_its_own_trail_only(db: Engine) -> None:
    then = datetime.now(UTC) - timedelta(hours=1)
    accounts.record(engine=db, account=BOB, action=Action.DOWNLOAD, detail="Bob's", now=then)
    accounts.record(engine=db, account="", action=Action.DELETE, detail="local one", now=then)
    accounts.record(engine=db, account=ALICE, action=Action.EXPORT, detail="Alice's", now=then)

    at = hosted_page(SETTINGS, user=claims("alice"))

    lines = trail_lines(at)
    assert [line.split(" · ", 1)[1] for line in lines] == [
        "**Signed in**",  # this visit's sign-in, at the token's time
        "**Exported** · Alice's",
    ]
    assert not any("Bob" in line or "local one" in line for line in lines)


def test_a_line_keeps_its_detail_as_text(
    open_page: OpenPage, db: Engine, app_profile: ProfileRead, now: datetime
) -> None:
    accounts.record(
        engine=db, account="", action=Action.DELETE, detail="profile **bold_name**", now=now
    )
    at = open_page(SETTINGS)
    (line,) = trail_lines(at)
    assert line.endswith(r"· **Deleted** · profile \*\*bold\_name\*\*")


def test_the_timer_share_tabs_csv_is_noted_when_tapped(
    db: Engine, db_url: str, app_profile: ProfileRead, deferred: Deferred
) -> None:
    import_sample(db, app_profile)
    at = AppTest.from_string(SCRIPT.format(now=AFTER_SAMPLE.isoformat()), default_timeout=30)
    at.context = {"timezone": "Europe/London"}
    at.run()
    assert not at.exception and accounts.trail(engine=db, account=accounts.LOCAL) == []

    data, _ = clicked(at, deferred, "labour_share_csv")

    assert data
    (line,) = accounts.trail(engine=db, account=accounts.LOCAL)
    assert (line.action, line.detail) == (
        Action.DOWNLOAD,
        "Timed contractions of one session (CSV)",
    )


def test_periods_in_details_read_as_dates() -> None:
    assert period_text(date(2026, 11, 1), date(2026, 11, 30)) == "1 Nov – 30 Nov 2026"
    assert period_text(date(2025, 12, 5), date(2026, 3, 4)) == "5 Dec 2025 – 4 Mar 2026"
    assert period_text(date(2026, 12, 3), date(2026, 12, 3)) == "3 Dec 2026"


def test_the_reports_detail_names_paper_period_and_sections_only() -> None:
    labels = {section.name: section.label for section in SECTIONS}
    first, last = date(2026, 9, 5), date(2026, 12, 3)
    assert report_detail(first, last, list(labels), labels, "a4") == (
        "Doctor report (PDF, A4), 5 Sep – 3 Dec 2026, all sections"
    )
    assert report_detail(first, last, ["summary", "charts"], labels, "letter") == (
        "Doctor report (PDF, US Letter), 5 Sep – 3 Dec 2026, sections: Summary (page 1), Charts"
    )


def test_a_signed_in_deletion_is_noted_for_that_account_only(db: Engine) -> None:
    at = hosted_page(SETTINGS, user=claims("alice"))
    at.text_input(key="backup_delete_confirm").set_value("delete my diary").run()
    at.button(key="backup_delete").click().run()

    assert not at.exception and not at.error
    assert [line.split(" · ", 1)[1] for line in trail_lines(at)] == [
        "**Deleted** · your diary",  # not the made-up profile name
        "**Signed in**",
    ]
    assert accounts.trail(engine=db, account=BOB) == []
    assert accounts.trail(engine=db, account=accounts.LOCAL) == []
