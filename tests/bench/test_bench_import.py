"""A large CLI import: 20,000 and 200,000 drinks, each in its own ``python -m tracker`` process.

Issue 7, item 9: 200,000 drinks took ~1 GB and 17-30 s while the file and a model per row were
held whole. The import now reads the file and inserts a batch at a time, so its peak memory must
not grow with the number of rows: the 200,000-row import may not peak at 3 times the 20,000-row
one, nor above 200 MB. The figures (wall time, rows a second, peak RSS) are printed.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

pytestmark = pytest.mark.bench
ROOT = Path(__file__).resolve().parents[2]
SMALL, LARGE = 20_000, 200_000
YEARS_S = 5 * 365 * 24 * 3600
PEAK_LIMIT_KB = 200 * 1024


def write_drinks(path: Path, count: int, now: datetime) -> None:
    """``count`` drinks spread over the five years before ``now``, as a person's file would be."""
    rng = random.Random(count)
    beverages = ["water", "tea", "coffee", "juice", "milk"]
    notes = ["", "", "after a run", "with lunch", '"quoted, with a comma"']
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("taken_at,volume_ml,beverage,note\r\n")
        for _ in range(count):
            when = (now - timedelta(seconds=rng.randrange(60, YEARS_S))).replace(microsecond=0)
            volume = rng.choice([150, 250, 330, 500])
            out.write(
                f"{when.isoformat()},{volume},{rng.choice(beverages)},{rng.choice(notes)}\r\n"
            )


PEAK_PROBE = """
import atexit, runpy, sys
from pathlib import Path

OUT = Path(sys.argv[1])

def _peak():
    status = Path("/proc/self/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    OUT.write_text(line.split()[1])

atexit.register(_peak)
sys.argv = ["tracker", *sys.argv[2:]]
runpy.run_module("tracker", run_name="__main__", alter_sys=True)
"""
"""Runs ``python -m tracker`` and writes its own peak resident memory (KiB) on exit. The
kernel's ``ru_maxrss`` of a child cannot be used: it starts from the parent's high-water mark
at the fork, so in a bench run whose pytest process has grown to 330 MB every command would
seem to take 330 MB. ``VmHWM`` belongs to the process's own address space since its exec."""


def run_cli(tmp_path: Path, *args: str) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of one ``python -m tracker`` process."""
    out, err, peak = tmp_path / "stdout", tmp_path / "stderr", tmp_path / "peak"
    peak.unlink(missing_ok=True)
    start = time.perf_counter()
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-c", PEAK_PROBE, str(peak), *args],
            cwd=ROOT,
            stdout=stdout,
            stderr=stderr,
        )
        process.wait()
    seconds = time.perf_counter() - start
    assert process.returncode == 0, err.read_text()
    return seconds, int(peak.read_text())


def test_a_large_import_streams_in_bounded_memory(any_url: str, tmp_path: Path) -> None:
    now = datetime.now(UTC)
    run_cli(tmp_path, "--db", any_url, "migrate")
    figures = {}
    for count in (SMALL, LARGE):
        path = tmp_path / f"drinks-{count}.csv"
        write_drinks(path, count, now)
        figures[count] = run_cli(
            tmp_path, "--db", any_url, "--profile", f"p{count}", "import", "hydration", str(path)
        )
        assert (tmp_path / "stdout").read_text() == f"imported {count} drinks from {path}\n"
    backend = any_url.split(":", 1)[0]
    shown = [
        f"{count:,} rows {s:.1f} s ({count / s:,.0f} rows/s), peak {kb / 1024:.0f} MB"
        for count, (s, kb) in figures.items()
    ]
    small_kb, large_kb = figures[SMALL][1], figures[LARGE][1]
    print(
        f"\nCLI import of drinks on {backend}: {'; '.join(shown)}; "
        f"peak ratio {large_kb / small_kb:.2f} for {LARGE // SMALL}x the rows"
    )
    assert large_kb < 3 * small_kb
    assert large_kb < PEAK_LIMIT_KB
