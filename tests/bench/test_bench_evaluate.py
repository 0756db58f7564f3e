"""The red-flag engine over 10 years of demo data, in memory (issue 3: ``evaluate`` ≤ 1 s).

The diary is ``tracker.files.demo``'s (the same as ``demo --days 3650``), turned into
``…Read`` values without a database, so the figure is the engine's alone. Every registered rule
runs; the slowest rules are printed (median of 3, each including the cut at ``at``) so a
regression points at its rule.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.bench.conftest import median_ms
from tests.tracker.flags.builders import profile
from tracker.files import demo
from tracker.flags import RULES, evaluate

pytestmark = pytest.mark.bench
DAYS = 3650
TARGET_MS = 1000
"""Issue 3: evaluating 10 years of demo data takes at most 1 s."""
NOW = datetime(2026, 3, 1, 21, 40, tzinfo=UTC)


@pytest.mark.parametrize("pregnant", [False, True], ids=["not pregnant", "pregnant"])
def test_evaluate_ten_years_of_demo_data(pregnant: bool) -> None:
    made = demo.generate(days=DAYS, seed=1, pregnant=pregnant, now=NOW, timezone="Europe/London")
    diary = demo.as_diary(made, profile(sex="female"), now=NOW)
    flags = evaluate(diary, NOW)
    total_ms = median_ms(lambda: evaluate(diary, NOW), repeat=5)

    per_rule = {
        rule_id: median_ms(lambda r=rule_id: evaluate(diary, NOW, rules=[r]), repeat=3, warmup=0)
        for rule_id in RULES
    }
    slowest = sorted(per_rule.items(), key=lambda item: item[1], reverse=True)[:6]
    counts = ", ".join(f"{n} {kind.value}" for kind, n in made.counts().items())
    print(
        f"\nevaluate, {DAYS} days of demo data ({'pregnant' if pregnant else 'not pregnant'}; "
        f"{counts}), {len(RULES)} rules, {len(flags)} flags: median {total_ms:.0f} ms "
        f"(target {TARGET_MS} ms); slowest rules: "
        + ", ".join(f"{rule_id} {ms:.0f} ms" for rule_id, ms in slowest)
    )
    assert total_ms <= TARGET_MS
