"""Every page at 1 and 10 heavy years (issue 9, "Speed and scale"), in one run, one machine.

For each page (Today = app.py, then every page of the sidebar and of ``pages/``) and for a heavy
diary of 1 and of 10 years (``tests.bench.heavy``), measured through Streamlit's AppTest, which
runs the page's script in this process as the server would:

- **first render**: a new session's first run of the page, opened straight on it as a bookmark
  (``/cramps``) opens it (a fresh AppTest of app.py, ``switch_page`` before its first run),
  with ``st.cache_data`` emptied just before (the engine, a ``cache_resource``, stays open as
  in a running server); the median of 3 sessions;
- **warm rerun**: the median of 5 ``at.run()`` after the first render;
- **one-tap drink** (Today): the median of 3 taps on the first quick-drink button (the tap's
  run, the insert, the flags of the new entry and the ``st.rerun`` that follows: two runs);
- **after a write**: one drink stored through the domain (``log_entry``), then the first
  render of a fresh session, caches left as they were (a data version must invalidate them);
  the median of 3 (write, render).

Each figure of a page is taken at 1 year and straight away at 10 (``measure``), so a slower
minute of the machine weighs on both sides of a ratio. Beside each figure, a bare page
(``st.write("x")``) measured the same way: the machine's unit, so the table can be read on any
computer. Server memory is this process's resident set after visiting every page at 1 and at
10 years (an upper bound for a server of the 10-year diary). The table is printed (``make
bench`` shows it); the asserts are ceilings at 10x the issue's targets, which catch an
order-of-magnitude regression (the ratio's only for a figure over its own target, as the ratio
of two small figures is noise).
"""

from __future__ import annotations

import gc
import resource
import statistics
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from multiprocessing import get_context
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from db import crud
from db.migrate import open_database
from tests.bench.conftest import median_ms
from tests.bench.heavy import TIMEZONE, HeavyCounts, fill_heavy
from tracker.core.kinds import EntryKind
from tracker.core.models import DrinkRead
from tracker.entries.journal import log_entry
from tracker.entries.profile import ensure_profile
from tracker.serving import UNEXPECTED_ERROR
from tracker.ui.clock import NOW_ENV
from tracker.ui.frame import NAVIGATION

pytestmark = pytest.mark.bench

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
TODAY = "app.py"
TIMEOUT_S = 120
YEARS = (1, 10)
NOW = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)
"""The pages' pinned clock (``TRACKER_NOW``) and the end of both diaries: a Friday evening."""

FIRST_RENDERS = 3
WARM_RERUNS = 5
TAPS = 3


def _all_pages() -> tuple[str, ...]:
    """The sidebar's pages in its order, then any page of ``pages/`` it does not list."""
    listed = [path for _, links in NAVIGATION for path, _, _ in links]
    on_disk = sorted(
        f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py") if p.name != "__init__.py"
    )
    return tuple(dict.fromkeys([*listed, *on_disk]))


PAGES = _all_pages()
LOGGING_PAGES = frozenset(
    {
        TODAY,
        "pages/cramps.py",
        "pages/drinks.py",
        "pages/supplements.py",
        "pages/contractions.py",
        "pages/pregnancy.py",
    }
)

FIRST, WARM, TAP, AFTER_WRITE = "first render", "warm rerun", "one-tap drink", "after a write"

WARM_TARGET_MS = 300.0
WARM_LOGGING_TARGET_MS = 100.0
TAP_TARGET_MS = 150.0
AFTER_WRITE_TARGET_MS = 800.0
RATIO_TARGET = 1.5
RSS_TARGET_MB = 400.0
CEILING_FACTOR = 10.0
"""The asserts allow 10x each target: the bench fails on an order-of-magnitude regression, and
the table says how far each figure is from its target."""


def target_ms(page: str, what: str) -> float | None:
    """The issue's target for a figure at 10 heavy years (none for a first render)."""
    if what == WARM:
        return WARM_LOGGING_TARGET_MS if page in LOGGING_PAGES else WARM_TARGET_MS
    return {TAP: TAP_TARGET_MS, AFTER_WRITE: AFTER_WRITE_TARGET_MS}.get(what)


@dataclass
class Figures:
    """Milliseconds per (page, what) for one diary."""

    counts: HeavyCounts
    ms: dict[tuple[str, str], float] = field(default_factory=dict)
    bare_ms: dict[str, float] = field(default_factory=dict)


# --- the diaries -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def diaries(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[str, HeavyCounts]]:
    """One heavy SQLite file per number of years, built side by side in fresh processes (so
    what building costs in memory is not counted in this process's resident set)."""
    folder = tmp_path_factory.mktemp("heavy")
    urls = {years: f"sqlite:///{folder / f'heavy-{years}y.db'}" for years in YEARS}
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=len(YEARS), mp_context=get_context("spawn")) as pool:
        futures = {
            years: pool.submit(fill_heavy, url, years=years, now=NOW) for years, url in urls.items()
        }
        built = {years: (urls[years], future.result()) for years, future in futures.items()}
    print(f"\nheavy diaries built in {time.perf_counter() - started:.1f} s: {built}")
    return built


# --- measuring ---------------------------------------------------------------------------------


def _new_session() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    at.context = {"timezone": TIMEZONE}
    return at


def _check(at: AppTest, page: str) -> None:
    assert not at.exception, f"{page}: {at.exception}"
    assert not any(UNEXPECTED_ERROR in str(e.value) for e in at.error), f"{page} failed"


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def open_page(page: str, *, before: Callable[[], object] = lambda: None) -> tuple[AppTest, float]:
    """A new session's first render of ``page`` (as a bookmark such as ``/cramps`` opens it)
    and its milliseconds; ``before`` runs just before the timed run."""
    at = _new_session()
    if page != TODAY:
        at.switch_page(page)
    before()
    elapsed_ms = _timed(at.run)
    _check(at, page)
    return at, elapsed_ms


def first_renders(page: str, *, before: Callable[[], object]) -> tuple[AppTest, float]:
    """The median of ``FIRST_RENDERS`` new sessions' first renders, and the last session."""
    samples = [open_page(page, before=before) for _ in range(FIRST_RENDERS)]
    return samples[-1][0], statistics.median(ms for _, ms in samples)


def bare_page_ms(folder: Path) -> dict[str, float]:
    """A one-line page measured as the pages are: the machine's unit."""
    script = folder / "bare_page.py"
    script.write_text('import streamlit as st\n\nst.write("x")\n')

    def first() -> float:
        at = AppTest.from_file(str(script), default_timeout=TIMEOUT_S)
        elapsed_ms = _timed(at.run)
        assert not at.exception
        return elapsed_ms

    at = AppTest.from_file(str(script), default_timeout=TIMEOUT_S)
    at.run()
    first_ms = statistics.median(first() for _ in range(FIRST_RENDERS + 2))
    rerun_ms = median_ms(at.run, repeat=WARM_RERUNS, warmup=1)
    return {FIRST: first_ms, WARM: rerun_ms, TAP: rerun_ms, AFTER_WRITE: first_ms}


def write_one_drink(url: str) -> None:
    """A drink stored as another tab or the command line would: through the domain."""
    engine = open_database(url)
    try:
        profile = ensure_profile(engine=engine, now=NOW)
        log_entry(
            engine=engine,
            kind=EntryKind.HYDRATION,
            profile_id=profile.id,
            values={"taken_at": NOW, "volume_ml": 250, "beverage": "water"},
            now=NOW,
            tz_name=TIMEZONE,
        )
    finally:
        engine.dispose()


def tap_first_drink(at: AppTest) -> float:
    button = next(b for b in at.button if str(b.key).startswith("quick_drink_"))
    return _timed(lambda: button.click().run())


def measure(
    diaries: dict[int, tuple[str, HeavyCounts]], use: Callable[[str], None], folder: Path
) -> dict[int, Figures]:
    """Every figure of every diary, page by page: each figure of a page is taken for one diary
    and then straight away for the other, so a machine that slows down for a minute (another
    program, a thermal limit) slows both sides of a ratio, not one. ``use(url)`` points the
    pages at a diary; ``st.cache_data`` is emptied at each switch (two diaries' profiles may
    share an id and a data version, which a real server, with one database, never sees)."""
    figures = {years: Figures(counts=counts) for years, (_, counts) in diaries.items()}

    def switch(years: int, page: str) -> str:
        url = diaries[years][0]
        use(url)
        st.cache_data.clear()
        open_page(page)  # this diary's engine and caches, untimed
        return url

    for page in PAGES:
        for years in YEARS:
            switch(years, page)
            ms = figures[years].ms
            at, ms[page, FIRST] = first_renders(page, before=st.cache_data.clear)
            ms[page, WARM] = median_ms(at.run, repeat=WARM_RERUNS, warmup=0)
            _check(at, page)
            if page == TODAY:
                ms[page, TAP] = statistics.median(tap_first_drink(at) for _ in range(TAPS))
                _check(at, page)
    for page in PAGES:
        for years in YEARS:
            write = partial(write_one_drink, switch(years, page))
            _, figures[years].ms[page, AFTER_WRITE] = first_renders(page, before=write)
    bare = bare_page_ms(folder)
    for one in figures.values():
        one.bare_ms = bare
    return figures


def rss_mb() -> tuple[float, float]:
    """This process's resident set now and at its peak, in MB (Linux)."""
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024, peak_mb
    return peak_mb, peak_mb


# --- the table ---------------------------------------------------------------------------------


def table(by_years: dict[int, Figures]) -> Iterator[str]:
    one, ten = by_years[YEARS[0]], by_years[YEARS[-1]]
    yield "| page | what | 1y ms | 10y ms | ratio 10y/1y | target (10y) | bare page ms |"
    yield "|---|---|---:|---:|---:|---|---:|"
    for page, what in one.ms:
        target = target_ms(page, what)
        shown = (
            f"≤ {target:.0f} ms, ratio ≤ {RATIO_TARGET}" if target else f"ratio ≤ {RATIO_TARGET}"
        )
        a, b = one.ms[page, what], ten.ms[page, what]
        name = "Today (app.py)" if page == TODAY else page
        yield (
            f"| {name} | {what} | {a:.0f} | {b:.0f} | {b / a:.2f} | {shown} "
            f"| {ten.bare_ms[what]:.0f} |"
        )


def _counts(counts: HeavyCounts) -> str:
    return (
        f"{counts.days} days: {counts.cramps} episodes, {counts.drinks} drinks, "
        f"{counts.intakes} intakes, {counts.contractions} contractions, {counts.events} events"
    )


def test_every_page_at_1_and_10_heavy_years(
    diaries: dict[int, tuple[str, HeavyCounts]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert diaries[10][1].cramps > 8000 and diaries[10][1].drinks > 22000
    monkeypatch.setenv(NOW_ENV, NOW.isoformat())
    monkeypatch.delenv("TRACKER_PROFILE", raising=False)
    started = time.perf_counter()
    # Imports and Streamlit's own first-use costs, paid once before anything is timed.
    monkeypatch.setenv("TRACKER_DATABASE_URL", diaries[YEARS[0]][0])
    for page in PAGES:
        open_page(page)
    bare_page_ms(tmp_path)

    st.cache_resource.clear()  # the warm-up's engine: opened again by the first switch
    by_years = measure(
        diaries, lambda url: monkeypatch.setenv("TRACKER_DATABASE_URL", url), tmp_path
    )
    # Server memory after visiting every page at 10 years (the pages still loaded).
    gc.collect()
    rss_now_mb, rss_peak_mb = rss_mb()
    st.cache_resource.clear()
    st.cache_data.clear()

    lines = list(table(by_years))
    print("\n\nPage bench (issue 9), AppTest in one process, same machine, same run")
    for years in YEARS:
        print(f"  {years:>2}y: {_counts(by_years[years].counts)}")
    print("\n".join(["", *lines, ""]))
    print(
        f"server memory after every page at {YEARS[-1]}y: RSS {rss_now_mb:.0f} MB "
        f"(peak {rss_peak_mb:.0f} MB; target ≤ {RSS_TARGET_MB:.0f} MB); "
        f"bench took {time.perf_counter() - started:.0f} s"
    )

    one, ten = by_years[YEARS[0]], by_years[YEARS[-1]]
    over = []
    for (page, what), ten_ms in ten.ms.items():
        target = target_ms(page, what)
        if target is not None and ten_ms > CEILING_FACTOR * target:
            over.append(f"{page} {what}: {ten_ms:.0f} ms > {CEILING_FACTOR:g} x {target:.0f}")
        # A page within its target (a first render: within a render's after a write) is not
        # held to the ratio's ceiling: a 20 ms figure at 1 year makes the ratio noise.
        ratio = ten_ms / one.ms[page, what]
        if ten_ms > (target or AFTER_WRITE_TARGET_MS) and ratio > CEILING_FACTOR * RATIO_TARGET:
            over.append(f"{page} {what}: 10y/1y {ratio:.1f} > {CEILING_FACTOR:g} x {RATIO_TARGET}")
    if rss_now_mb > CEILING_FACTOR * RSS_TARGET_MB:
        over.append(f"RSS {rss_now_mb:.0f} MB > {CEILING_FACTOR:g} x {RSS_TARGET_MB:.0f}")
    assert not over, "over 10x the issue's targets:\n" + "\n".join(over)


def test_the_heavy_diary_is_the_issues_heavy_user(
    diaries: dict[int, tuple[str, HeavyCounts]], tmp_path: Path
) -> None:
    """Ten years hold the issue's ~8.6k episodes, ~24k drinks and ~7.7k intakes, read back
    as the app reads them, in Europe/London, the same for the same seed."""
    url, counts = diaries[10]
    assert 8_300 <= counts.cramps <= 8_900
    assert 23_000 <= counts.drinks <= 25_000
    assert 7_400 <= counts.intakes <= 8_000
    engine = open_database(url)
    try:
        profile = ensure_profile(engine=engine, now=NOW)
        assert profile.timezone == TIMEZONE
        stored = {
            kind: crud.count_entries(engine=engine, kind=kind, profile_id=profile.id)
            for kind in EntryKind
        }
        last_day = crud.list_entries(
            engine=engine,
            kind=EntryKind.HYDRATION,
            profile_id=profile.id,
            start=NOW - timedelta(hours=12),
            end=NOW,
        )
    finally:
        engine.dispose()
    assert stored[EntryKind.CRAMPS] == counts.cramps
    assert stored[EntryKind.HYDRATION] >= counts.drinks  # the page bench adds a few drinks
    assert stored[EntryKind.SUPPLEMENTS] == counts.intakes
    assert last_day and all(isinstance(d, DrinkRead) and d.taken_at <= NOW for d in last_day)

    again = fill_heavy(f"sqlite:///{tmp_path / 'again.db'}", years=1, now=NOW)
    assert again == diaries[1][1]
