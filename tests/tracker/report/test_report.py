"""The doctor report (issue 10, item 1) read back as a person's PDF reader would: the text of
each page (pypdf), its images, the page size, and page 1 as a picture (pdftoppm).

A small diary with known facts (February 2026, Europe/London) is built once per module on a
real SQLite file; each fact on page 1 is the figure the insights functions give for it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from sqlalchemy.engine import Engine

from db.migrate import open_database
from tracker.core.errors import InvalidEntry
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.core.notices import NOT_MEDICAL_ADVICE
from tracker.entries.journal import add_product, log_entry
from tracker.entries.profile import ensure_profile, update_profile
from tracker.files import demo
from tracker.report.build import SECTIONS, build_report, section_names

ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = ROOT / "artifacts" / "report"
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 1, 21, 40, tzinfo=UTC)
FIRST, LAST = date(2026, 2, 1), date(2026, 2, 28)
NAME = "Zoë Brontë-Ñúñez"
A4_PT, LETTER_PT = (595.28, 841.89), (612.0, 792.0)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(date(2026, 2, day), time(hour, minute), tzinfo=LONDON).astimezone(UTC)


@dataclass(frozen=True)
class Diary:
    engine: Engine
    profile: ProfileRead


@pytest.fixture(scope="module")
def diary(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Diary]:
    """Four episodes (three in the left calf), five days of drinks (two under the 1,500 ml
    goal), vitamin D on three days and 400 mg magnesium on 10 Feb (rule N1)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('report') / 'tracker.db'}"
    engine = open_database(url)
    profile = ensure_profile(engine=engine, now=NOW, timezone="Europe/London")
    profile = update_profile(
        engine=engine,
        profile=profile,
        changes={"display_name": NAME, "birth_year": 1980, "hydration_goal_ml": 1500},
        now=NOW,
    )

    def log(kind: EntryKind, **values: Any) -> None:
        log_entry(engine=engine, kind=kind, profile_id=profile.id, values=values, now=NOW)

    calf = {"region": "calf", "side": "left", "quality": "cramp"}
    log(EntryKind.CRAMPS, started_at=at(3, 2, 10), intensity=4, triggers=["night_sleep"], **calf)
    log(EntryKind.CRAMPS, started_at=at(9, 3, 0), intensity=6, relief=["stretching"], **calf)
    log(EntryKind.CRAMPS, started_at=at(20, 23, 30), intensity=8, duration_min=5, **calf)
    log(
        EntryKind.CRAMPS,
        started_at=at(25, 14, 0),
        region="lower_back",
        side="center",
        quality="dull_ache",
        intensity=2,
        triggers=["prolonged_sitting"],
    )
    for day, volume in zip((2, 4, 6, 8, 10), (2000, 1000, 1600, 800, 1500), strict=True):
        log(EntryKind.HYDRATION, taken_at=at(day, 12), volume_ml=volume)
    vitamin = add_product(
        engine=engine,
        profile_id=profile.id,
        values={"name": "Vitamin D3 25 µg", "kind": "supplement", "contents": {"vitamin_d": 25}},
        now=NOW,
    )
    magnesium = add_product(
        engine=engine,
        profile_id=profile.id,
        values={"name": "Magnesium 200 mg", "kind": "supplement", "contents": {"magnesium": 200}},
        now=NOW,
    )
    for day in (5, 6, 7):
        log(EntryKind.SUPPLEMENTS, taken_at=at(day, 8), product_id=vitamin.id)
    log(EntryKind.SUPPLEMENTS, taken_at=at(10, 21), product_id=magnesium.id, units=2)
    yield Diary(engine, ensure_profile(engine=engine, now=NOW))
    engine.dispose()


@dataclass(frozen=True)
class Read:
    pages: list[str]
    """Each page's text, whitespace runs made one space."""
    images: int
    size_pt: tuple[float, float]


def read(pdf: bytes) -> Read:
    reader = PdfReader(BytesIO(pdf))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    box = reader.pages[0].mediabox
    return Read(
        pages=pages,
        images=sum(len(page.images) for page in reader.pages),
        size_pt=(float(box.width), float(box.height)),
    )


@pytest.fixture(scope="module")
def whole(diary: Diary) -> bytes:
    return build_report(diary.engine, diary.profile, FIRST, LAST, None, "a4", NOW)


def test_page_one_holds_the_facts_of_the_diary_in_words(whole: bytes) -> None:
    page = read(whole).pages[0]
    expected = [
        NAME,
        "1 Feb – 28 Feb 2026 (28 days)",
        "about 46 (born 1980)",
        "Episodes 4 (1.0 a week)",
        # 2 episodes in each 14-day half: ratio 1, Clopper-Pearson of 2 of 4 is 0.068–0.932
        "1.0 a week in the second half",
        "(1.0×, 95 % interval 0.07–14: no clear change)",
        "mean 5.0 of 10, worst 8 of 10",
        "Left calf (3), Lower back (centre) (1)",
        "Sitting a long time (1), At night / in sleep (1)",  # ties: vocabulary order
        "Stretching (1)",
        # 6,900 ml over 5 days; 1,000 and 800 ml are under the 1,500 ml goal
        "1,380 ml a day on average over the 5 days with drinks logged (of 28); under the goal of "
        "1,500 ml on 2 of them",
        "Vitamin D3 25 µg: taken on 3 of 28 days; 1 unit a day on those days (25 µg vitamin D)",
        "Magnesium 200 mg: taken on 1 of 28 days; 2 units a day on those days (400 mg magnesium)",
        "Magnesium: 1 day over 350 mg a day (the level rule N1 uses)",
        "Routine: 1.",
        "Magnesium above the daily upper level (N1)",
        "10 Feb 2026 21:00",
    ]
    for fact in expected:
        assert fact in page, fact
    for code in ("night_sleep", "prolonged_sitting", "lower_back", "vitamin_d", "stretching"):
        assert code not in " ".join(read(whole).pages)


def test_every_page_has_the_header_page_numbers_time_and_advice_line(whole: bytes) -> None:
    pages = read(whole).pages
    count = len(pages)
    assert count >= 4
    for number, text in enumerate(pages, start=1):
        assert text.startswith(f"{NAME} 1 Feb – 28 Feb 2026 (28 days)"), text[:80]
        assert f"Page {number} of {count}" in text
        assert "Generated 1 Mar 2026 21:40 (Europe/London)" in text
        assert " ".join(NOT_MEDICAL_ADVICE.split()) in text


def test_the_charts_are_the_images(diary: Diary, whole: bytes) -> None:
    # frequency and intensity, time of day, body regions, drinks, flags (not pregnant)
    assert read(whole).images == 5
    summary = build_report(diary.engine, diary.profile, FIRST, LAST, ["summary"], "a4", NOW)
    assert read(summary).images == 0
    assert len(read(summary).pages) == 1


def test_chosen_sections_only_in_print_order(diary: Diary) -> None:
    pdf = build_report(
        diary.engine, diary.profile, FIRST, LAST, ["episodes", "factors"], "letter", NOW
    )
    found = read(pdf)
    text = " ".join(found.pages)
    assert found.size_pt == pytest.approx(LETTER_PT, abs=0.5)
    assert "Cramp and pain diary: summary" not in text
    assert "Charts" not in text
    assert text.index("What helps, what hurts") < text.index("Appendix: every episode")
    assert "A diary shows association, not cause." in text
    assert "Not enough data" in text
    assert "4 episodes, oldest first" in text
    assert "20 Feb 2026 23:30 Left calf 8 Cramp 5 min" in text
    assert "25 Feb 2026 14:00 Lower back (centre) 2 Dull ache Sitting a long time" in text
    assert "Contractions" not in text  # not pregnant, none timed


def test_an_unknown_section_is_refused_with_the_known_ones(diary: Diary) -> None:
    with pytest.raises(InvalidEntry) as refused:
        build_report(diary.engine, diary.profile, FIRST, LAST, ["summary", "grafs"], "a4", NOW)
    message = str(refused.value)
    assert "grafs" in message
    for name in section_names():
        assert name in message
    assert [s.name for s in SECTIONS] == [
        "summary",
        "factors",
        "charts",
        "contractions",
        "episodes",
    ]


def test_an_empty_period_gives_a_short_report(engine: Engine, profile: ProfileRead) -> None:
    pdf = build_report(engine, profile, FIRST, LAST, None, "a4", NOW)
    found = read(pdf)
    text = " ".join(found.pages)
    assert len(found.pages) <= 4
    assert found.images == 0
    assert "Cramp Tracker report" in found.pages[0]
    assert "No episodes in this period." in found.pages[0]
    assert "No red flags in this period." in text
    assert "none logged" in text
    assert "no supplements or medicines logged" in text
    assert "Nothing to compare: no episodes, drinks, supplements or medicines" in text
    assert "Page 1 of" in found.pages[0]


@pytest.fixture(scope="module")
def pregnant_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Diary]:
    """A 90-day pregnant demo diary ending on 3 Dec 2026 (realistic pictures)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'tracker.db'}"
    engine = open_database(url)
    now = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
    profile = ensure_profile(engine=engine, now=now, timezone="Europe/London")
    profile = update_profile(
        engine=engine,
        profile=profile,
        changes={"display_name": "Zoë Müller-Łukasiewicz", "birth_year": 1991},
        now=now,
    )
    demo.fill(engine=engine, profile=profile, days=90, seed=1, pregnant=True, now=now)
    yield Diary(engine, ensure_profile(engine=engine, now=now))
    engine.dispose()


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize(
    ("paper", "size_pt", "sections"),
    [("a4", A4_PT, None), ("letter", LETTER_PT, ["summary", "contractions"])],
)
def test_page_one_as_a_picture(
    pregnant_demo: Diary, paper: str, size_pt: tuple[float, float], sections: list[str] | None
) -> None:
    """Page 1 at 80 dpi into artifacts/report/ (looked at by a person: see the report). The
    whole report at A4; at Letter the sections page 1 and the pregnancy need (faster)."""
    now = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
    last = date(2026, 12, 3)
    pdf = build_report(
        pregnant_demo.engine,
        pregnant_demo.profile,
        last - timedelta(days=89),
        last,
        sections,
        paper,  # type: ignore[arg-type]
        now,
    )
    found = read(pdf)
    assert found.size_pt == pytest.approx(size_pt, abs=0.5)
    text = " ".join(found.pages)
    assert "Contractions timed" in text
    latest = re.search(
        r"The latest session, contraction by contraction \((\w{3} \d+ \w{3} 2026)", text
    )
    assert latest is not None
    # the newest session's row of the sessions table names the same day and its count
    count = re.search(re.escape(latest.group(1)) + r" [\d:–]+ \d+\+\d (\d+) ", text)
    assert count is not None
    starts = re.findall(r"\b\d\d:\d\d:\d\d\b", text.split("contraction by contraction")[1])
    assert len(starts) == int(count.group(1))  # one row per contraction of that session
    assert re.search(r"\d+\+\d weeks on 3 Dec 2026; due \d+ Dec 2026", found.pages[0])
    # the five charts and the sessions chart; the sessions chart alone at Letter
    assert found.images == (6 if sections is None else 1)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / f"report-{paper}.pdf"
    source.write_bytes(pdf)
    stem = ARTIFACTS / f"page1-{paper}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", source, stem],
        check=True,
    )
    png = stem.with_suffix(".png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width == pytest.approx(size_pt[0] / 72 * 80, abs=1)
    assert height == pytest.approx(size_pt[1] / 72 * 80, abs=1)


def test_the_same_diary_and_moment_give_the_same_file(diary: Diary) -> None:
    """The generation time is ``now`` (fpdf would read the clock for the creation date)."""
    first, again = (
        build_report(diary.engine, diary.profile, FIRST, LAST, ["summary"], "a4", NOW)
        for _ in range(2)
    )
    assert first == again
    assert PdfReader(BytesIO(first)).metadata.creation_date == NOW


def test_local_times_on_both_backends(any_engine: Engine) -> None:
    """Stored UTC, printed local: an episode either side of London's 29 March clock change,
    on SQLite (naive UTC) and PostgreSQL (timestamptz)."""
    person = ensure_profile(engine=any_engine, now=NOW, timezone="Europe/London")
    for moment, region in (
        (datetime(2026, 3, 28, 23, 30, tzinfo=UTC), "thigh"),  # 23:30 GMT
        (datetime(2026, 3, 29, 23, 30, tzinfo=UTC), "foot"),  # 00:30 BST, 30 March
    ):
        log_entry(
            engine=any_engine,
            kind=EntryKind.CRAMPS,
            profile_id=person.id,
            values={
                "started_at": moment,
                "region": region,
                "side": "right",
                "intensity": 3,
                "quality": "cramp",
            },
            now=datetime(2026, 4, 1, tzinfo=UTC),
        )
    pdf = build_report(
        any_engine,
        person,
        date(2026, 3, 28),
        date(2026, 3, 30),
        ["episodes"],
        "a4",
        datetime(2026, 4, 1, tzinfo=UTC),
    )
    text = " ".join(read(pdf).pages)
    assert "28 Mar 2026 23:30 Right thigh 3 Cramp" in text
    assert "30 Mar 2026 00:30 Right foot 3 Cramp" in text
    assert "Generated 1 Apr 2026 01:00 (Europe/London)" in text


def test_us_units_in_words(engine: Engine, profile: ProfileRead) -> None:
    """Drinks in fl oz and vitamin D in IU for a person who chose US units, as the pages do."""
    person = update_profile(
        engine=engine,
        profile=profile,
        changes={"units": "us", "hydration_goal_ml": 2000},
        now=NOW,
    )
    vitamin = add_product(
        engine=engine,
        profile_id=person.id,
        values={"name": "D3", "kind": "supplement", "contents": {"vitamin_d": 25}},
        now=NOW,
    )
    for day in (3, 4):
        log_entry(
            engine=engine,
            kind=EntryKind.HYDRATION,
            profile_id=person.id,
            values={"taken_at": at(day, 9), "volume_ml": 1000},
            now=NOW,
        )
    log_entry(
        engine=engine,
        kind=EntryKind.SUPPLEMENTS,
        profile_id=person.id,
        values={"taken_at": at(3, 8), "product_id": vitamin.id},
        now=NOW,
    )
    pdf = build_report(engine, person, FIRST, LAST, ["summary"], "letter", NOW)
    page = read(pdf).pages[0]
    assert "33.8 fl oz a day on average over the 2 days with drinks logged" in page
    assert "under the goal of 67.6 fl oz on 2 of them" in page
    assert "D3: taken on 1 of 28 days; 1 unit a day on those days (1,000 IU vitamin D)" in page
