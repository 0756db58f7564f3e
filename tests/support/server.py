"""Start and stop a real Streamlit server for the browser tests (see testing.md).

``start()`` runs ``python -m streamlit run app.py`` from the project folder on a free loopback
port against the database URL it is given, waits until the server answers
``/_stcore/health`` *and* has said that it listens on that very port (so a health answer from
some other program holding the port cannot count), and returns a ``StreamlitServer``.
A server that dies while starting fails with its own output; a port taken between choosing
and binding it is retried on another port.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.postgres import free_port

PROJECT_DIR = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0
POLL_INTERVAL_S = 0.1
PORT_ATTEMPTS = 3
OUTPUT_TAIL_CHARS = 4000


class ServerError(RuntimeError):
    """The Streamlit server did not come up (its output is in the message)."""


@dataclass
class StreamlitServer:
    process: subprocess.Popen[bytes]
    port: int
    db_url: str
    log_dir: Path
    started_in_s: float
    _stopped: bool = field(default=False, repr=False)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        """The tail of what the server wrote to stdout and stderr."""
        return _read_output(self.log_dir)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it has not exited after ``STOP_TIMEOUT_S``."""
        if self._stopped:
            return
        self._stopped = True
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.log_dir, ignore_errors=True)


def start(
    *,
    db_url: str,
    app: str = "app.py",
    timeout_s: float = STARTUP_TIMEOUT_S,
    address: str | None = "127.0.0.1",
    env_for_port: Callable[[int], dict[str, str]] | None = None,
) -> StreamlitServer:
    """A running server for ``app`` (relative to the project folder) using ``db_url``;
    ``address=None`` leaves ``server.address`` to ``.streamlit/config.toml``.
    ``env_for_port`` is called with each port tried, before the server starts on it, for what
    depends on the port (a login's ``redirect_uri``); it returns more environment."""
    last_error: ServerError | None = None
    for _attempt in range(PORT_ATTEMPTS):
        port = free_port()
        env = env_for_port(port) if env_for_port else {}
        try:
            return _start_once(
                db_url=db_url, app=app, env=env, timeout_s=timeout_s, address=address, port=port
            )
        except _PortTaken as taken:
            last_error = taken
    assert last_error is not None
    raise last_error


class _PortTaken(ServerError):
    pass


def _start_once(
    *,
    db_url: str,
    app: str,
    env: dict[str, str],
    timeout_s: float,
    address: str | None,
    port: int,
) -> StreamlitServer:
    log_dir = Path(tempfile.mkdtemp(prefix="tracker-streamlit-"))
    env = {
        # The real clock: a TRACKER_NOW left in a developer's shell must not pin the server.
        **{k: v for k, v in os.environ.items() if k != "TRACKER_NOW"},
        "TRACKER_DATABASE_URL": db_url,
        "PYTHONUNBUFFERED": "1",
        **env,
    }
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        app,
        "--server.headless",
        "true",
        *(["--server.address", address] if address is not None else []),
        "--server.port",
        str(port),
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    began = time.monotonic()
    with (log_dir / "stdout").open("wb") as out, (log_dir / "stderr").open("wb") as err:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
    server = StreamlitServer(
        process=process, port=port, db_url=db_url, log_dir=log_dir, started_in_s=0.0
    )
    deadline = began + timeout_s
    while True:
        if _says_listening(log_dir, port) and _healthy(server.base_url):
            server.started_in_s = time.monotonic() - began
            return server
        # Waiting on the process doubles as the poll interval and notices a crash at once.
        try:
            code = process.wait(timeout=POLL_INTERVAL_S)
        except subprocess.TimeoutExpired:
            code = None
        if code is not None:
            output = _read_output(log_dir)
            error_type = _PortTaken if f"Port {port} is not available" in output else ServerError
            raise error_type(
                f"Streamlit exited with status {code} while starting on port {port}:\n{output}"
            )
        if time.monotonic() > deadline:
            server.stop()
            raise ServerError(
                f"Streamlit did not answer {server.base_url}/_stcore/health within "
                f"{timeout_s:.0f} s:\n{_read_output(log_dir)}"
            )


def _die_with_parent() -> None:
    """Linux: the server gets SIGTERM if pytest dies without tearing down (no orphan servers)."""
    pr_set_pdeathsig = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _says_listening(log_dir: Path, port: int) -> bool:
    stdout = (log_dir / "stdout").read_text(errors="replace")
    return f":{port}" in stdout


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=1) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _read_output(log_dir: Path) -> str:
    parts = []
    for name in ("stderr", "stdout"):
        path = log_dir / name
        # A failure report must not fail itself when the server's folder is already gone.
        text = path.read_text(errors="replace")[-OUTPUT_TAIL_CHARS:] if path.exists() else "(gone)"
        parts.append(f"--- {name} ---\n{text}")
    return "\n".join(parts)
