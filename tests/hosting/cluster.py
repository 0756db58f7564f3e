"""Two app servers on one database, and the deployment's Caddy in front of them.

``start_servers`` starts Streamlit servers side by side (each ``tests.support.server``, on a free
loopback port, against the same database URL). ``Proxy`` runs ``caddy run`` on deploy/Caddyfile
with the upstreams, ports and sticky-cookie key of a test, on 127.0.0.1 with a certificate from
Caddy's local authority. ``sessions_connected`` reads a server's ``/_stcore/metrics``: how many
browser sessions (WebSockets) it has accepted, which tells which replica served a browser.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import ssl
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import Page, expect

from db.migrate import open_database
from tests.e2e.test_deep_links import FIRST_RUN_TIMEOUT_MS
from tests.hosting.deploy_files import CADDYFILE, caddy, caddy_env
from tests.support import server
from tests.support.postgres import free_port
from tests.support.server import StreamlitServer
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.entries import journal
from tracker.entries.profile import ensure_profile
from tracker.ui.frame import NOT_MEDICAL_ADVICE

TIMEZONE = "Europe/London"
LB_COOKIE = "tracker_lb"
"""The sticky-session cookie's name in deploy/Caddyfile."""
LB_SECRET = "test-sticky-key"
PROXY_START_TIMEOUT_S = 20.0
CONNECTS = re.compile(r'^session_events_total\{type="connect"\} (\d+)', re.MULTILINE)


def seed(db_url: str) -> ProfileRead:
    """A migrated database with the default profile (London) and one cramp of two days ago, so
    that Today opens on the day's page rather than the first-run welcome."""
    engine = open_database(db_url)
    try:
        now = datetime.now(UTC)
        profile = ensure_profile(engine=engine, now=now, timezone=TIMEZONE)
        journal.log_entry(
            engine=engine,
            kind=EntryKind.CRAMPS,
            profile_id=profile.id,
            values={
                "started_at": now - timedelta(days=2),
                "region": "calf",
                "side": "left",
                "intensity": 4,
                "quality": "cramp",
            },
            now=now,
        )
        return profile
    finally:
        engine.dispose()


def start_servers(db_url: str, count: int = 2) -> list[StreamlitServer]:
    """``count`` app servers on ``db_url``, one after the other (a server started from a
    helper thread would be stopped when that thread ends: it dies with its parent thread)."""
    started: list[StreamlitServer] = []
    try:
        for _ in range(count):
            started.append(server.start(db_url=db_url))
    except BaseException:
        for running in started:
            running.stop()
        raise
    return started


def stop_all(apps: list[StreamlitServer]) -> None:
    """Stop the servers together (each takes a second or two to exit after SIGTERM)."""
    for app in apps:
        if app.process.poll() is None:
            app.process.terminate()
    for app in apps:
        app.stop()


def open_pages(pages: list[Page], path: str) -> None:
    """Open ``path`` in every page at once, then wait for each to have run to its footer."""
    for page in pages:
        page.goto(path)
    for page in pages:
        wait_for_page(page)


def wait_for_page(page: Page) -> None:
    """Wait until the page's script has run to the frame's footer; fail on a crash."""
    footer = page.get_by_test_id("stMain").get_by_text(NOT_MEDICAL_ADVICE)
    crash = page.get_by_test_id("stException")
    expect(footer.or_(crash).first).to_be_visible(timeout=FIRST_RUN_TIMEOUT_MS)
    assert crash.count() == 0, crash.first.inner_text()


def sessions_connected(app: StreamlitServer) -> int:
    """Browser sessions this server has accepted since it started (its metrics)."""
    with urllib.request.urlopen(f"{app.base_url}/_stcore/metrics", timeout=5) as response:
        text = response.read().decode("utf-8")
    found = CONNECTS.search(text)
    assert found is not None, text
    return int(found.group(1))


def sticky_cookie(app: StreamlitServer) -> str:
    """The value Caddy's ``lb_policy cookie`` gives a browser it sends to ``app``: the HMAC-SHA256
    of the upstream's address under the policy's secret, in hex."""
    dial = f"127.0.0.1:{app.port}"
    return hmac.new(LB_SECRET.encode(), dial.encode(), hashlib.sha256).hexdigest()


@dataclass
class Proxy:
    process: subprocess.Popen[bytes]
    port: int
    log: Path
    _stopped: bool = field(default=False, repr=False)

    @property
    def base_url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_proxy(apps: list[StreamlitServer]) -> Proxy:
    """deploy/Caddyfile in front of ``apps``, serving https://127.0.0.1:<free port>."""
    for _attempt in range(3):
        https_port, http_port = free_port(), free_port()
        log = Path(tempfile.mkdtemp(prefix="tracker-caddy-log-")) / "caddy.log"
        env = caddy_env(
            {
                "TRACKER_SITE": "127.0.0.1",
                "TRACKER_UPSTREAMS": " ".join(f"127.0.0.1:{app.port}" for app in apps),
                "TRACKER_LB_SECRET": LB_SECRET,
                "TRACKER_HTTP_PORT": str(http_port),
                "TRACKER_HTTPS_PORT": str(https_port),
            }
        )
        with log.open("wb") as out:
            process = subprocess.Popen(
                [caddy(), "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        proxy = Proxy(process, https_port, log)
        deadline = time.monotonic() + PROXY_START_TIMEOUT_S
        while process.poll() is None and time.monotonic() < deadline:
            if _answers(f"{proxy.base_url}/_stcore/health"):
                return proxy
            time.sleep(0.1)
        proxy.stop()
        if "address already in use" not in proxy.output():
            raise RuntimeError(f"Caddy did not start:\n{proxy.output()}")
    raise RuntimeError(f"Caddy found no free port:\n{proxy.output()}")


def _answers(url: str) -> bool:
    unverified = ssl.create_default_context()
    unverified.check_hostname = False
    unverified.verify_mode = ssl.CERT_NONE  # Caddy's local authority: trusted by nobody here
    try:
        with urllib.request.urlopen(url, timeout=1, context=unverified) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError, ssl.SSLError):
        return False
