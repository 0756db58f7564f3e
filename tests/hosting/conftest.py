"""Hosting tests: the deployment's files, two app servers (and the deployment's Caddy) on one
PostgreSQL, writers racing a browser, and servers killed mid-way. Browser tests use Debian's
Chromium with the flags of tests/e2e (never a downloaded browser) and are marked ``e2e``."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Chromium is missing ({CHROMIUM}): `make system-deps`", pytrace=False)
    args = list(CHROMIUM_ARGS)
    if browser_type_launch_args.get("headless") is False:  # pytest --headed
        args.remove("--headless")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": args}
