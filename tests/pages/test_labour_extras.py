"""The timer page's chart, share box and Contraction Timer import, in AppTest: a small script
calls the three widgets against a real temp SQLite database with a fixed "now"."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from db import crud
from tracker.core.errors import ImportRejected
from tracker.core.kinds import EntryKind
from tracker.core.models import ContractionRead, ProfileRead
from tracker.entries.journal import log_entry
from tracker.entries.profile import labour_rule
from tracker.files import contraction_timer_app, csvio
from tracker.files.csvio import read_text
from tracker.labour import timer
from tracker.labour.sessions import latest_session, split_sessions
from tracker.labour.summary import share_text
from tracker.ui.components.share import share_html

SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "data" / "contractiontimer-sample.csv"
AFTER_SAMPLE = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
"""The script's "now": just after the sample's last (running) contraction began."""
HEADER = '"Start time","Start time (formatted)","End time","End time (formatted)","Note"\n'
TIMEOUT_S = 30

SCRIPT = """
from datetime import datetime

import streamlit as st

from db import crud
from tracker.core.kinds import EntryKind
from tracker.ui.labour import extras as labour_extras
from tracker.ui.context import PageContext
from tracker.ui.frame import current_engine, load_profile

NOW = datetime.fromisoformat("{now}")
engine = current_engine()
profile = load_profile(engine, NOW)
ctx = PageContext(engine=engine, profile=profile, now=NOW, title="Contractions")
contractions = crud.list_entries(
    engine=engine, kind=EntryKind.CONTRACTIONS, profile_id=profile.id
)
st.subheader("Chart")
labour_extras.render_chart(ctx, contractions)
st.subheader("Share")
labour_extras.render_share(ctx, contractions)
st.subheader("Import")
labour_extras.render_import(ctx)
"""


@pytest.fixture
def open_script(db_url: str) -> Any:
    def _open(now: datetime = AFTER_SAMPLE) -> AppTest:
        at = AppTest.from_string(SCRIPT.format(now=now.isoformat()), default_timeout=TIMEOUT_S)
        at.context = {"timezone": "Europe/London"}
        at.run()
        assert not at.exception, at.exception
        return at

    return _open


Files = dict[str, tuple[Callable[[], Any], str | None]]


@pytest.fixture
def files(monkeypatch: pytest.MonkeyPatch) -> Files:
    """The deferred downloads each run registered: file id → (callable, file name). The
    browser's tap on the button runs the callable (``MediaFileManager.execute_deferred``)."""
    registered: Files = {}
    original = MediaFileManager.add_deferred

    def spy(self: Any, data_callable: Any, mimetype: Any, coordinates: str, **kw: Any) -> str:
        file_id = original(self, data_callable, mimetype, coordinates, **kw)
        registered[file_id] = (data_callable, kw.get("file_name"))
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return registered


def stored(db: Engine, profile: ProfileRead) -> list[ContractionRead]:
    rows = crud.list_entries(engine=db, kind=EntryKind.CONTRACTIONS, profile_id=profile.id)
    return [r for r in rows if isinstance(r, ContractionRead)]


def import_sample(db: Engine, profile: ProfileRead) -> None:
    contraction_timer_app.import_file(
        engine=db, profile=profile, text=read_text(SAMPLE), now=AFTER_SAMPLE
    )


def add_evening_before(db: Engine, profile: ProfileRead) -> None:
    """A past session: five practice contractions on Sat 28 Feb from 18:00, 10 min apart."""
    for i in range(5):
        timer.add_missed(
            engine=db,
            profile=profile,
            started_at=datetime(2026, 2, 28, 18, 0, tzinfo=UTC) + timedelta(minutes=10 * i),
            duration_s=30 + i,
            now=AFTER_SAMPLE,
        )


def chart(at: AppTest) -> dict[str, Any]:
    (element,) = at.get("plotly_chart")
    spec: dict[str, Any] = json.loads(element.proto.spec)
    return spec


def download(at: AppTest, files: Files) -> tuple[Any, bytes, str]:
    """Tap the download button: the file is made only then (deferred), as the browser's tap
    runs the registered callable."""
    button = at.download_button(key="labour_share_csv")
    assert not button.proto.url  # nothing made on the page's run
    make, name = files[button.proto.deferred_file_id]
    data = make()
    assert name is not None
    return button, data if isinstance(data, bytes) else data.encode(), name


def upload(at: AppTest, data: bytes, name: str = "contractions.csv") -> AppTest:
    (uploader,) = at.file_uploader
    uploader.set_value((name, data, "text/csv"))
    return at.run()


# --- chart ------------------------------------------------------------------------------------


def test_nothing_timed_says_so_without_an_empty_chart(open_script, app_profile) -> None:
    at = open_script()
    assert not at.get("plotly_chart")
    assert not at.selectbox
    assert at.info[0].value.startswith("No contractions timed yet.")
    assert at.info[1].value == "Nothing to share yet: time a contraction first."
    assert not at.code and not at.download_button


def test_two_sessions_offer_a_picker_latest_first_and_the_chart_follows_it(
    open_script, db, app_profile
) -> None:
    import_sample(db, app_profile)
    add_evening_before(db, app_profile)
    at = open_script()

    picker = at.selectbox(key="labour_session")
    assert picker.label == "Session"
    assert picker.options == [
        "Latest: Sun 1 Mar 20:00–23:41 · 29 contractions",
        "Sat 28 Feb 18:00–18:40 · 5 contractions",
    ]
    assert picker.value == "latest"
    interval, duration = chart(at)["data"]
    assert len(interval["y"]) == 28 and interval["y"][0] == 21.0  # 20:00 → 20:21
    assert len(duration["y"]) == 28  # the 29th is still running
    assert duration["y"][0] == 45.0
    rule_lines = [s["y0"] for s in chart(at)["layout"]["shapes"]]
    assert rule_lines == [5, 60]  # first baby: 5-1-1
    assert at.code[0].value.splitlines()[1].startswith("Since Sun 1 Mar 20:00: 29 contractions")

    picker.set_value("2026-02-28T18:00:00+00:00").run()
    assert not at.exception
    interval, duration = chart(at)["data"]
    assert interval["y"] == [10.0, 10.0, 10.0, 10.0]
    assert duration["y"] == [30.0, 31.0, 32.0, 33.0, 34.0]
    # The share box follows the picker.
    assert (
        at.code[0]
        .value.splitlines()[1]
        .startswith("Since Sat 28 Feb 18:00: 5 contractions, typically 10 min apart")
    )


def test_one_session_needs_no_picker(open_script, db, app_profile) -> None:
    import_sample(db, app_profile)
    at = open_script()
    assert not at.selectbox
    assert len(chart(at)["data"][0]["y"]) == 28
    assert len(chart(at)["data"][1]["y"]) == 28

    # Stopping the running one changes the chart on the next run (no stale figure).
    timer.stop(
        engine=db,
        profile=app_profile,
        now=AFTER_SAMPLE,
        ended_at=datetime(2026, 3, 1, 23, 42, 50, tzinfo=UTC),
    )
    at.run()
    assert chart(at)["data"][1]["y"][-1] == 64.0


def test_a_single_contraction_says_the_chart_starts_with_the_second(
    open_script, db, app_profile
) -> None:
    timer.start(engine=db, profile=app_profile, now=AFTER_SAMPLE - timedelta(seconds=20))
    at = open_script()
    assert not at.get("plotly_chart")
    assert at.info[0].value.startswith("One contraction in this session so far")
    assert "still going (0:20 so far)" in at.code[0].value


# --- share ------------------------------------------------------------------------------------


def test_share_text_and_the_sessions_csv(open_script, db, app_profile, files) -> None:
    import_sample(db, app_profile)
    add_evening_before(db, app_profile)
    waters = {"occurred_at": datetime(2026, 3, 1, 21, 5, tzinfo=UTC), "kind": "waters_broke"}
    event = log_entry(
        engine=db,
        kind=EntryKind.EVENTS,
        profile_id=app_profile.id,
        values=waters | {"detail": "clear", "note": "on the stairs"},
        now=AFTER_SAMPLE,
    )
    at = open_script()

    everything = stored(db, app_profile)
    expected = share_text(
        everything,
        now=AFTER_SAMPLE,
        tz_name="Europe/London",
        rule=labour_rule(app_profile),
        events=[event],
    )
    text = at.code[0].value
    assert text == expected
    lines = text.splitlines()
    assert lines[0] == "Contraction timings, Mon 2 Mar 2026 (local times, Europe/London)"
    assert lines[1].startswith("Since Sun 1 Mar 20:00: 29 contractions, typically ")
    assert "The latest started at Sun 1 Mar 23:41 and is still going (18:14 so far)." in lines
    assert any(line.startswith("Go-in rule 5-1-1 (the app's default") for line in lines)
    assert "- Sun 1 Mar 21:05 Waters broke: clear or pale. Note: on the stairs" in lines
    # The share button beside it carries the same text (a JSON string in its page).
    (frame,) = [str(f.proto.srcdoc) for f in at.get("iframe")]
    assert json.dumps(expected, ensure_ascii=False).replace("<", "\\u003c") in frame

    button, data, name = download(at, files)
    assert button.proto.label == "Download this session as CSV (29 contractions)"
    assert name == "contractions-2026-03-01-2000.csv"  # London is on GMT in March
    session = latest_session(everything)
    assert session is not None
    assert data == csvio.session_csv(engine=db, profile=app_profile, session=session).encode()
    rows = data.decode().splitlines()
    assert rows[0] == "started_at,ended_at,intensity,location,note"
    assert len(rows) == 1 + 29  # only this session, not the evening before
    assert rows[1] == "2026-03-01T20:00:00+00:00,2026-03-01T20:00:45+00:00,,,"
    assert rows[-1] == "2026-03-01T23:41:46+00:00,,,,"

    at.selectbox(key="labour_session").set_value("2026-02-28T18:00:00+00:00").run()
    button, data, name = download(at, files)
    assert name == "contractions-2026-02-28-1800.csv"
    assert len(data.decode().splitlines()) == 1 + 5


# --- import -----------------------------------------------------------------------------------


def test_import_previews_then_writes_all_29_on_the_button(open_script, db, app_profile) -> None:
    at = open_script()
    assert not at.button  # nothing to import before a file
    upload(at, SAMPLE.read_bytes())
    assert not at.exception

    preview = at.markdown[-1].value
    assert "**Preview of contractions.csv** (nothing stored yet)" in preview
    assert (
        "29 contractions, the first started at Sun 1 Mar 20:00, the last at Sun 1 Mar 23:41"
        in preview
    )
    assert "The last one has no end (it was still going when exported)" in preview
    assert "29 new, 0 to update, 0 already here unchanged" in preview
    assert stored(db, app_profile) == []  # the preview wrote nothing
    at.run()  # another rerun (e.g. a tap elsewhere on the page) still writes nothing
    assert stored(db, app_profile) == []

    button = at.button(key="labour_import_go")
    assert button.label == "Import 29 contractions"
    button.click().run()
    assert not at.exception

    assert at.success[0].value == "Imported contractions.csv: 29 added, 0 updated, 0 unchanged."
    rows = stored(db, app_profile)
    assert len(rows) == 29
    assert rows[-1].ended_at is None  # the running one, ready to be stopped
    (uploader,) = at.file_uploader
    assert uploader.value is None  # emptied for the next file
    assert len(chart(at)["data"][0]["y"]) == 28  # the chart shows the imported session


def test_reimporting_the_same_file_has_nothing_to_do(open_script, db, app_profile) -> None:
    import_sample(db, app_profile)
    at = upload(open_script(), SAMPLE.read_bytes())
    assert "0 new, 0 to update, 29 already here unchanged" in at.markdown[-1].value
    assert at.info[-1].value == "Everything in this file is already here."
    assert not at.button


def test_a_bad_file_lists_every_problem_by_line_and_stores_nothing(
    open_script, db, app_profile
) -> None:
    good = '"1772395200000","x","1772395245000","x",""\n'
    text = (
        HEADER
        + good
        + '"yesterday","x","","x",""\n'  # line 3: not epoch ms
        + '"1772396460000","x","","x",""\n'  # line 4: running, but a later one follows
        + '"1772397960000","x","1772398960000","x",""\n'  # line 5: 16 min 40 s long
        + '"1772399160000","x","1772399200000","x",""\n'  # line 6: good, later than line 4
        + '"1772399960000","x"\n'  # line 7: too few columns
    )
    at = upload(open_script(), text.encode())
    assert not at.exception
    (error,) = at.error
    message = error.value
    assert message.startswith("Nothing imported: 4 problems in contractions.csv.")
    problems = [line for line in message.splitlines() if line.startswith("- ")]
    assert problems == [
        "- line 3: Start time: 'yesterday' is not a time in epoch milliseconds",
        "- line 4: End time: empty (still running) but a later contraction follows; "
        "fix it in Contraction Timer and export again",
        "- line 5: End time: a contraction of 17 minutes is longer than 10: probably a "
        "forgotten stop; correct the end time; fix it in Contraction Timer and export again",
        "- line 7: row: has 2 columns; Contraction Timer writes 5",
    ]
    assert not at.button
    assert stored(db, app_profile) == []


def test_a_file_that_is_not_utf8_is_refused(open_script, db, app_profile) -> None:
    at = upload(open_script(), HEADER.encode() + b'"1772395200000","\xe9t\xe9","","",""\n')
    assert "line 2: file: not UTF-8 text" in at.error[0].value
    assert stored(db, app_profile) == []


def test_an_overlap_with_a_stored_contraction_is_named_and_nothing_stored(
    open_script, db, app_profile
) -> None:
    # Stored by hand: 20:00:30–20:01:30, inside the sample's first contraction (20:00:00–45).
    timer.add_missed(
        engine=db,
        profile=app_profile,
        started_at=datetime(2026, 3, 1, 20, 0, 30, tzinfo=UTC),
        duration_s=60,
        now=AFTER_SAMPLE,
    )
    at = upload(open_script(), SAMPLE.read_bytes())
    (error,) = at.error
    assert "- line 2: Start time: " in error.value
    assert len(stored(db, app_profile)) == 1


def test_a_reimport_after_stopping_in_the_app_says_the_apps_changes_are_kept(
    open_script, db, app_profile
) -> None:
    import_sample(db, app_profile)
    timer.stop(
        engine=db,
        profile=app_profile,
        now=AFTER_SAMPLE,
        ended_at=datetime(2026, 3, 1, 23, 42, 31, tzinfo=UTC),
        note="waters broke",
    )
    before = stored(db, app_profile)
    at = upload(open_script(), SAMPLE.read_bytes())
    preview = at.markdown[-1].value
    assert "0 new, 0 to update, 29 already here unchanged." in preview
    assert (
        "- Kept as you changed it in the app: 1 contraction whose end or note differs from "
        "this file's (an import only adds an end or a note the app lacks, never replaces one)."
    ) in preview
    assert "it will show here as running" not in preview  # it was stopped in the app
    assert at.info[-1].value == (
        "Nothing to import: everything in this file is already here, and what you changed in "
        "the app stays."
    )
    assert not at.button
    assert stored(db, app_profile) == before


def test_a_later_export_says_what_it_fills_in(open_script, db, app_profile) -> None:
    import_sample(db, app_profile)
    lines = read_text(SAMPLE).splitlines()
    lines[-1] = '"1772408506000","x","1772408570000","x","waters broke"'  # ended, with a note
    at = upload(open_script(AFTER_SAMPLE + timedelta(minutes=30)), "\n".join(lines).encode())
    preview = at.markdown[-1].value
    assert "0 new, 1 to update (1 end time added, 1 note added), 28 already here unchanged." in (
        preview
    )
    assert "Kept as you changed it" not in preview
    at.button(key="labour_import_go").click().run()
    assert not at.exception
    assert at.success[0].value == (
        "Imported contractions.csv: 0 added, 1 updated (1 end time added, 1 note added), "
        "28 unchanged."
    )
    last = stored(db, app_profile)[-1]
    assert (last.ended_at, last.note) == (
        datetime(2026, 3, 1, 23, 42, 50, tzinfo=UTC),
        "waters broke",
    )


def test_an_import_says_it_kept_an_end_set_in_the_app(open_script, db, app_profile) -> None:
    """Stopped in the app at 23:42:31; the phone's later export says 23:42:50 and has one more
    contraction: that one is added, the app's end stays, and the summary says so."""
    import_sample(db, app_profile)
    timer.stop(
        engine=db,
        profile=app_profile,
        now=AFTER_SAMPLE,
        ended_at=datetime(2026, 3, 1, 23, 42, 31, tzinfo=UTC),
    )
    lines = read_text(SAMPLE).splitlines()
    lines[-1] = '"1772408506000","x","1772408570000","x",""'
    lines.append('"1772409000000","x","1772409050000","x",""')
    at = upload(open_script(AFTER_SAMPLE + timedelta(minutes=30)), "\n".join(lines).encode())
    assert "1 new, 0 to update, 29 already here unchanged." in at.markdown[-1].value
    at.button(key="labour_import_go").click().run()
    assert at.success[0].value == (
        "Imported contractions.csv: 1 added, 0 updated, 29 unchanged. "
        "Kept what you changed in the app on 1 contraction."
    )
    ended = {r.started_at: r.ended_at for r in stored(db, app_profile)}
    assert ended[datetime(2026, 3, 1, 23, 41, 46, tzinfo=UTC)] == datetime(
        2026, 3, 1, 23, 42, 31, tzinfo=UTC
    )


@pytest.mark.parametrize("data", [b"", b"\n\n", HEADER.encode()])
def test_an_empty_file_is_refused_with_its_reason(open_script, db, app_profile, data) -> None:
    at = upload(open_script(), data)
    assert not at.exception
    (error,) = at.error
    assert error.value.startswith("Nothing imported: 1 problem in contractions.csv.")
    assert "- line 1: " in error.value
    assert ("the file is empty" in error.value) or ("only the header" in error.value)
    assert not at.button
    assert stored(db, app_profile) == []


def test_a_file_of_more_than_10000_contractions_is_refused(open_script, db, app_profile) -> None:
    first = AFTER_SAMPLE - timedelta(days=30)
    rows = [
        f'"{int((first + timedelta(minutes=2 * i)).timestamp() * 1000)}","x",'
        f'"{int((first + timedelta(minutes=2 * i, seconds=30)).timestamp() * 1000)}","x",""\n'
        for i in range(10_001)
    ]
    at = upload(open_script(), (HEADER + "".join(rows)).encode())
    (error,) = at.error
    assert "- line 10002: file: more than 10,000 contractions; " in error.value
    assert not at.button
    assert stored(db, app_profile) == []


# --- the preview agrees with the import (contraction_timer_app.preview) ------------------------


def test_preview_counts_are_what_import_file_then_does(db, app_profile) -> None:
    text = read_text(SAMPLE)
    first = contraction_timer_app.preview(
        engine=db, profile=app_profile, text=text, now=AFTER_SAMPLE
    )
    assert (first.rows, first.added, first.updated, first.unchanged) == (29, 29, 0, 0)
    assert first.first_started_at == datetime(2026, 3, 1, 20, 0, tzinfo=UTC)
    assert first.last_started_at == datetime(2026, 3, 1, 23, 41, 46, tzinfo=UTC)
    assert first.last_running
    assert stored(db, app_profile) == []
    done = contraction_timer_app.import_file(
        engine=db, profile=app_profile, text=text, now=AFTER_SAMPLE
    )
    assert (done.rows, done.added, done.updated) == (first.rows, first.added, first.updated)

    # A later export: the running one has ended, one note changed, one more contraction.
    lines = text.splitlines()
    lines[-1] = '"1772408506000","x","1772408570000","x",""'
    lines[5] = lines[5].rsplit(",", 1)[0] + ',"strong"'
    lines.append('"1772408800000","x","1772408860000","x",""')
    later = "\n".join(lines) + "\n"
    when = AFTER_SAMPLE + timedelta(minutes=30)
    again = contraction_timer_app.preview(engine=db, profile=app_profile, text=later, now=when)
    assert (again.rows, again.added, again.updated, again.unchanged) == (30, 1, 2, 27)
    assert not again.last_running
    done = contraction_timer_app.import_file(engine=db, profile=app_profile, text=later, now=when)
    assert (done.rows, done.added, done.updated) == (30, 1, 2)


def test_preview_rejects_what_import_file_rejects(db, app_profile) -> None:
    text = HEADER + '"1772395200000","x","1772395100000","x",""\n'  # ends before it starts
    with pytest.raises(ImportRejected) as previewed:
        contraction_timer_app.preview(engine=db, profile=app_profile, text=text, now=AFTER_SAMPLE)
    with pytest.raises(ImportRejected) as imported:
        contraction_timer_app.import_file(
            engine=db, profile=app_profile, text=text, now=AFTER_SAMPLE
        )
    assert previewed.value.problems == imported.value.problems
    assert [str(p) for p in previewed.value.problems] == [
        "line 2: End time: the end must be after the start; "
        "fix it in Contraction Timer and export again"
    ]
    assert split_sessions(stored(db, app_profile)) == []


def test_the_share_buttons_page_keeps_typed_text_as_text() -> None:
    # A note can hold anything: it goes into the component's script as one JSON string, with
    # "<", ">" and "&" escaped, so it can neither end the script nor become HTML.
    typed = 'Note: </script><img src=x onerror=alert(1)> & "quotes"\u2028next'
    page = share_html(typed)
    assert "</script><img" not in page and "<img" not in page
    start = page.index("const text = ") + len("const text = ")
    literal = page[start : page.index(";\n", start)]
    assert json.loads(literal) == typed
    assert page.count("<script>") == 1 and page.count("</script>") == 1
    assert "navigator.share({ text })" in page and "navigator.clipboard.writeText" in page
    assert "src=" not in page.replace("src=x", "")  # no external script or image
