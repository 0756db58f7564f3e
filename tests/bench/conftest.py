"""Benchmarks run only with ``make bench`` (marker ``bench``); they print their figures."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_ms(action: Callable[[], object], *, repeat: int = 10, warmup: int = 1) -> float:
    """Median wall time of ``action`` in milliseconds over ``repeat`` runs."""
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)
