"""Hosting tests: the deployment's files, two app servers (and the deployment's Caddy) on one
PostgreSQL, writers racing a browser, and servers killed mid-way. Browser tests use Debian's
Chromium with the flags of tests/e2e (never a downloaded browser) and are marked ``e2e``.

The browser tests share one xdist group ("hosting"), so the writers that saturate both cores
never run beside a test that waits for a fresh server's first page (a CI run once failed so)."""

from __future__ import annotations

import os
import re
from collections.abc import Generator
from typing import Any

import pytest
from playwright.sync_api import Browser, Error

from tests.e2e.conftest import ARTIFACTS_DIR, CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Chromium is missing ({CHROMIUM}): `make system-deps`", pytrace=False)
    args = list(CHROMIUM_ARGS)
    if browser_type_launch_args.get("headless") is False:  # pytest --headed
        args.remove("--headless")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": args}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    """On a failed test: a screenshot of every page of the test's browser, and the output of
    its app servers and proxy, in artifacts/hosting/."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    folder = ARTIFACTS_DIR / "hosting"
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.name)[-120:]
    funcargs = getattr(item, "funcargs", {})
    saved: list[str] = []
    browser = funcargs.get("browser")
    pages = [p for c in browser.contexts for p in c.pages] if isinstance(browser, Browser) else []
    for number, page in enumerate(pages):
        path = folder / f"{stem}-{number}.png"
        try:
            page.screenshot(path=path, full_page=True, timeout=5000)
        except Error as error:  # a screenshot must not hide the failure itself
            report.sections.append(("screenshot", f"could not save {path}: {error}"))
            continue
        saved.append(str(path))
    logs: list[Any] = [*funcargs.get("replicas", []), funcargs.get("proxy")]
    for number, running in enumerate(log for log in logs if log is not None):
        path = folder / f"{stem}-{type(running).__name__.lower()}-{number}.log"
        path.write_text(running.output())
        saved.append(str(path))
    if saved:
        report.sections.append(("artifacts", "\n".join(saved)))
