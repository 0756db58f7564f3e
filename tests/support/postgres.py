"""A throwaway PostgreSQL cluster on loopback for the database tests (see testing.md).

Used when ``TRACKER_TEST_POSTGRES_URL`` is not set. Runs initdb/pg_ctl from Debian's
postgresql package, as the ``postgres`` user when we are root (initdb refuses root).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Cluster:
    root: Path
    port: int
    bin_dir: Path

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/tracker"

    def stop(self) -> None:
        _run_as_postgres(
            [str(self.bin_dir / "pg_ctl"), "-D", str(self.root / "data"), "stop", "-m", "fast"]
        )
        shutil.rmtree(self.root, ignore_errors=True)


def find_bin_dir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run_as_postgres(args: list[str]) -> None:
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    subprocess.run(args, check=True, capture_output=True, text=True)


def start() -> Cluster:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise RuntimeError(
            "PostgreSQL is not installed (no initdb): apt-get install postgresql, "
            "or set TRACKER_TEST_POSTGRES_URL"
        )
    root = Path(tempfile.mkdtemp(prefix="tracker-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    port = free_port()
    _run_as_postgres(
        [
            str(bin_dir / "initdb"),
            "-D",
            str(root / "data"),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ]
    )
    _run_as_postgres(
        [
            str(bin_dir / "pg_ctl"),
            "-D",
            str(root / "data"),
            "-l",
            str(root / "log"),
            "-w",
            "-o",
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        ]
    )
    _run_as_postgres(
        [str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "tracker"]
    )
    return Cluster(root=root, port=port, bin_dir=bin_dir)
