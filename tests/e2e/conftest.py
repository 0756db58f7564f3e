"""Browser tests: Debian's Chromium driven by Playwright against a real Streamlit server.

- ``streamlit_server``: one server per pytest(-xdist) worker session, on a free port, with its
  own temporary SQLite database; ``base_url`` points the ``page`` fixture at it.
- ``fresh_server``: a server started for this one test (first request after a start), and the
  test's pages are pointed at it instead.
- ``device_profile``: every browser test runs at ``desktop`` (1280×800) and ``phone``
  (390×844, touch); narrow it with
  ``@pytest.mark.parametrize("device_profile", ["phone"], indirect=True)``.
- The browser context runs in Europe/London time.
- Every ``expect`` waits up to ``EXPECT_TIMEOUT_MS`` unless told otherwise (Playwright's 5 s
  was once too short for a fresh server's page on CI's two cores, busy with other tests).
- A missing ``/usr/bin/chromium`` fails these tests (never skips them); a failed test leaves a
  screenshot of each of its pages, and the server's output, in ``artifacts/``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error, Page, expect

from tests.support import server
from tests.support.server import StreamlitServer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
TIMEZONE = "Europe/London"
EXPECT_TIMEOUT_MS = 10_000
expect.set_options(timeout=EXPECT_TIMEOUT_MS)
DEVICE_PROFILES: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 3,
        "is_mobile": True,
        "has_touch": True,
    },
}
ARTIFACTS_DIR = server.PROJECT_DIR / "artifacts"
_SERVERS_KEY = pytest.StashKey[list[StreamlitServer]]()
"""The servers a test used, for its failure report."""


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder ``e2e`` (``make e2e`` / ``-m "not e2e"`` select on it)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.e2e)


def _start(tmp_path_factory: pytest.TempPathFactory, name: str) -> StreamlitServer:
    db_url = f"sqlite:///{tmp_path_factory.mktemp(name) / 'tracker.db'}"
    return server.start(db_url=db_url)


@pytest.fixture(scope="session")
def streamlit_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    """The app on a free port with an empty SQLite database, shared by this worker's tests."""
    running = _start(tmp_path_factory, "e2e-session")
    yield running
    running.stop()


@pytest.fixture
def fresh_server(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[StreamlitServer]:
    """A server started for this test alone: the test's first request is its first."""
    running = _start(tmp_path_factory, "e2e-fresh")
    request.node.stash[_SERVERS_KEY] = [*request.node.stash.get(_SERVERS_KEY, []), running]
    yield running
    running.stop()


@pytest.fixture(scope="session")
def base_url(streamlit_server: StreamlitServer) -> str:
    return streamlit_server.base_url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium with the flags of testing.md; Playwright never downloads a browser."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium is missing ({CHROMIUM} not found): the browser tests need it. "
            "Install it with `make system-deps` (apt-get install chromium); "
            "never `playwright install`.",
            pytrace=False,
        )
    args = list(CHROMIUM_ARGS)
    if browser_type_launch_args.get("headless") is False:  # pytest --headed
        args.remove("--headless")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": args}


@pytest.fixture(params=list(DEVICE_PROFILES))
def device_profile(request: pytest.FixtureRequest) -> str:
    """``desktop`` or ``phone``; every browser test runs at both unless parametrized."""
    return str(request.param)


@pytest.fixture
def browser_context_args(
    request: pytest.FixtureRequest, pytestconfig: pytest.Config, device_profile: str
) -> dict[str, Any]:
    """Viewport, time zone and the server: ``fresh_server`` if the test uses one."""
    if "fresh_server" in request.fixturenames:
        target: StreamlitServer = request.getfixturevalue("fresh_server")
    else:
        target = request.getfixturevalue("streamlit_server")
        request.node.stash[_SERVERS_KEY] = [*request.node.stash.get(_SERVERS_KEY, []), target]
    args: dict[str, Any] = {
        **DEVICE_PROFILES[device_profile],
        "base_url": target.base_url,
        "timezone_id": TIMEZONE,
        "locale": "en-GB",
    }
    if pytestconfig.getoption("--video") != "off":
        args["record_video_dir"] = request.getfixturevalue("_pw_artifacts_folder").name
    return args


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    """On a failed test: a full-page screenshot of each open page and the server's output."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid)[-180:]
    funcargs = getattr(item, "funcargs", {})
    pages = [value for value in funcargs.values() if isinstance(value, Page)]
    context = funcargs.get("context")
    if context is not None:
        pages += [p for p in context.pages if p not in pages]
    saved = []
    for index, page in enumerate(pages):
        if page.is_closed():
            continue
        path = ARTIFACTS_DIR / f"{stem}-{index}.png"
        try:
            page.screenshot(path=path, full_page=True, timeout=5000)
        except Error as error:  # a screenshot must not hide the failure itself
            report.sections.append(("screenshot", f"could not save {path}: {error}"))
            continue
        saved.append(str(path))
    for running in item.stash.get(_SERVERS_KEY, []):
        log = ARTIFACTS_DIR / f"{stem}-server-{running.port}.log"
        log.write_text(running.output())
        saved.append(str(log))
    if saved:
        report.sections.append(("artifacts", "\n".join(saved)))
