"""A real server keeps the diary on this computer (issue 7, items 10 and 14).

Read from the kernel's socket table, not from what the server says: a server started with the
project's config (and ``cramp-tracker serve``) listens on 127.0.0.1 only, and one told to listen
on every interface serves the refusal instead of the diary.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support import server
from tests.support.postgres import free_port
from tests.support.server import StreamlitServer

pytestmark = pytest.mark.e2e

LISTEN = "0A"
"""The LISTEN state in /proc/net/tcp."""


def listening_addresses(port: int) -> set[str]:
    """Local addresses listening on TCP ``port`` (IPv4 and IPv6), from /proc/net/tcp*."""
    found: set[str] = set()
    for table, family in (("/proc/net/tcp", socket.AF_INET), ("/proc/net/tcp6", socket.AF_INET6)):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            local, state = fields[1], fields[3]
            address_hex, port_hex = local.split(":")
            if state != LISTEN or int(port_hex, 16) != port:
                continue
            raw = bytes.fromhex(address_hex)
            # The kernel prints each 32-bit word in host (little-endian) order.
            words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
            found.add(socket.inet_ntop(family, words))
    return found


def assert_loopback_only(port: int) -> None:
    addresses = listening_addresses(port)
    assert addresses, f"nothing listens on port {port}"
    assert addresses <= {"127.0.0.1", "::1"}, addresses


@pytest.fixture
def config_address_server(tmp_path: Path) -> Iterator[StreamlitServer]:
    """``streamlit run app.py`` with no ``--server.address``: the project's config decides."""
    running = server.start(db_url=f"sqlite:///{tmp_path / 'tracker.db'}", address=None)
    yield running
    running.stop()


def test_streamlit_run_without_an_address_listens_on_loopback_only(
    config_address_server: StreamlitServer,
) -> None:
    assert_loopback_only(config_address_server.port)
    output = config_address_server.output()
    # browser.serverAddress is set: no "External URL", so no request to checkip.amazonaws.com.
    assert "External URL" not in output
    assert "Network URL" not in output


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
            return bool(r.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def test_the_serve_command_listens_on_loopback_only(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    command = [sys.executable, "-m", "tracker", "--db", f"sqlite:///{tmp_path / 't.db'}"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, "serve", "--port", str(port)],
            cwd=tmp_path,  # serve finds the project (and its config) by itself
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + server.STARTUP_TIMEOUT_S
        while not _healthy(port):
            assert time.monotonic() < deadline, log.read_text()
            with contextlib.suppress(subprocess.TimeoutExpired):  # the poll interval
                process.wait(timeout=server.POLL_INTERVAL_S)
            assert process.returncode is None, log.read_text()
        assert_loopback_only(port)
        assert "External URL" not in log.read_text()
    finally:
        process.terminate()
        try:
            process.wait(timeout=server.STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def open_server(tmp_path: Path) -> Iterator[StreamlitServer]:
    """Told to listen on every interface, as the README once suggested for phones."""
    running = server.start(db_url=f"sqlite:///{tmp_path / 'tracker.db'}", address="0.0.0.0")
    yield running
    running.stop()


@pytest.mark.parametrize("device_profile", ["desktop"], indirect=True)
def test_an_open_address_serves_the_refusal_not_the_diary(
    open_server: StreamlitServer, page: Page
) -> None:
    page.goto(open_server.base_url + "/drinks")
    refusal = page.get_by_text("will not serve your diary on 0.0.0.0")
    expect(refusal).to_be_visible(timeout=30_000)
    expect(page.get_by_text("ssh -N -L 8501:127.0.0.1:8501")).to_be_visible()
    expect(page.get_by_role("heading", name="Drinks")).to_have_count(0)
    expect(page.get_by_role("button", name="+250 ml")).to_have_count(0)
    assert "refused to serve the diary" in open_server.output()


def test_a_page_loads_nothing_from_outside_this_computer(page: Page, base_url: str) -> None:
    """No fonts, scripts, images or beacons from other hosts: the README says nothing leaves."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base_url + "/")
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible(timeout=30_000)
    page.goto(base_url + "/contractions")
    expect(page.get_by_role("heading", name="Contraction timer")).to_be_visible(timeout=30_000)
    elsewhere = [
        url
        for url in requested
        if not url.startswith((base_url, "data:", "blob:", "ws://127.0.0.1", "about:"))
    ]
    assert requested
    assert elsewhere == []
