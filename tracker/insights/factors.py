"""What helps, what hurts: cramp episodes per day on days with a factor against days without.

The contract is ``insights --json``'s ``"factors"`` (``../shared/spec/files-and-cli.md``). For
*drinks below goal* and for each product, on the same day (lag 0) and on the next day (lag 1):

- rate_ratio = (episodes_with / days_with) / (episodes_without / days_without);
- its 95 % interval is the exact conditional one: given the n episodes of both sides, the
  episodes on days with the factor are Binomial(n, p) with p = RR·d_w / (RR·d_w + d_wo), so the
  Clopper–Pearson interval of p (``scipy.stats.binomtest(...).proportion_ci("exact")``) becomes
  RR = p / (1 − p) · d_wo / d_w at both ends;
- below ``MIN_DAYS`` days on either side there is not enough data (ratio and interval null);
- an interval that holds 1 is said to show "no clear difference" in the sentence.

A day counts for the drinks factor only when it (at lag 1: the day before it) has at least one
drink logged; at lag 1 the range's first day counts for nothing, its day before being outside
the range. A diary shows association, never cause, and every sentence says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from scipy.stats import binomtest

from tracker.insights.days import product_columns

MIN_DAYS = 3
"""Fewest days on each side for a comparison (issue 9: below 3, "not enough data")."""

CONFIDENCE = 0.95
"""The interval's level (the spec's ``ci95``)."""

DRINKS_BELOW_GOAL = "drinks_below_goal"
PRODUCT_FACTOR = "product:"
LAGS = (0, 1)

ASSOCIATION = "A diary shows association, not cause."
NO_CLEAR_DIFFERENCE = "no clear difference"
"""Said with an interval that holds 1, so that "1.3× as many" is not read as a finding."""


@dataclass(frozen=True)
class FactorResult:
    """One comparison, with the fields of the spec's ``factors`` item."""

    factor: str
    lag_days: int
    days_with: int
    days_without: int
    episodes_with: int
    episodes_without: int
    rate_ratio: float | None
    ci95: tuple[float, float] | None
    enough_data: bool
    sentence: str

    def to_json(self) -> dict[str, Any]:
        """The ``insights --json`` factors item: a contract, do not change its shape."""
        return {
            "factor": self.factor,
            "lag_days": self.lag_days,
            "days_with": self.days_with,
            "days_without": self.days_without,
            "episodes_with": self.episodes_with,
            "episodes_without": self.episodes_without,
            "rate_ratio": self.rate_ratio,
            "ci95": None if self.ci95 is None else [self.ci95[0], self.ci95[1]],
            "enough_data": self.enough_data,
            "sentence": self.sentence,
        }


def rate_ratio_interval(
    *,
    episodes_with: int,
    days_with: int,
    episodes_without: int,
    days_without: int,
    confidence: float = CONFIDENCE,
) -> tuple[float | None, tuple[float, float] | None]:
    """The Poisson rate ratio (with / without) and its exact conditional interval.

    ``(None, None)`` when there is no episode at all (nothing to compare) or none on days
    without (the ratio is infinite); ``0`` with an interval ``[0, upper]`` when none on days
    with. Days must be positive on both sides."""
    if days_with <= 0 or days_without <= 0:
        raise ValueError("both sides need at least one day")
    total = episodes_with + episodes_without
    if total == 0 or episodes_without == 0:
        return None, None
    ratio = (episodes_with / days_with) / (episodes_without / days_without)
    low_p, high_p = binomtest(episodes_with, total).proportion_ci(
        confidence_level=confidence, method="exact"
    )
    scale = days_without / days_with
    return ratio, (low_p / (1 - low_p) * scale, high_p / (1 - high_p) * scale)


def ratio_text(value: float) -> str:
    """A ratio or its bound in a sentence: whole above 10, one decimal above 1, else two."""
    if value >= 10:
        return f"{value:.0f}"
    if value >= 1:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def _episodes(count: int) -> str:
    return f"{count} cramp episode{'' if count == 1 else 's'}"


def _sentence(
    when: str,
    days_with: int,
    days_without: int,
    episodes_with: int,
    episodes_without: int,
    ratio: float | None,
    ci95: tuple[float, float] | None,
    enough: bool,
) -> str:
    if not enough:
        return (
            f"Not enough data to compare days {when} with other days: {_days(days_with)} with "
            f"and {_days(days_without)} without; at least {MIN_DAYS} of each are needed."
        )
    if episodes_with + episodes_without == 0:
        return (
            f"No cramp episodes were logged on the {_days(days_with)} {when} or on the "
            f"{_days(days_without)} without, so there is nothing to compare."
        )
    if ratio is None or ci95 is None:
        return (
            f"All {_episodes(episodes_with)} were on days {when} ({_days(days_with)}), none on "
            f"the {_days(days_without)} without, so no ratio can be given. {ASSOCIATION}"
        )
    interval = f"95 % interval {ratio_text(ci95[0])}–{ratio_text(ci95[1])}"
    if ci95[0] <= 1 <= ci95[1]:  # a ratio of 1 (no difference) is as likely as this one
        interval += f": {NO_CLEAR_DIFFERENCE}"
    if episodes_with == 0:
        return (
            f"On the {_days(days_with)} {when} you logged no cramp episodes, against "
            f"{_episodes(episodes_without)} on {_days(days_without)} without (ratio 0, "
            f"{interval}). {ASSOCIATION}"
        )
    return (
        f"On days {when} you logged {ratio_text(ratio)}× as many cramp episodes as on other days "
        f"({interval}), from {days_with} and {days_without} days. {ASSOCIATION}"
    )


def compare_days(
    *, factor: str, lag_days: int, when: str, has: pd.Series, episodes: pd.Series
) -> FactorResult:
    """Compare episodes on the days where ``has`` is true with those where it is false.

    ``has`` is a (nullable) boolean per day, already lagged; NA = the day does not count.
    ``when`` completes "days …" in the sentence ("after you drank under your goal")."""
    counted = has.notna()
    with_factor = has.fillna(False).astype(bool) & counted
    without_factor = ~has.fillna(True).astype(bool) & counted
    days_with, days_without = int(with_factor.sum()), int(without_factor.sum())
    episodes_with = int(episodes[with_factor].sum())
    episodes_without = int(episodes[without_factor].sum())
    enough = days_with >= MIN_DAYS and days_without >= MIN_DAYS
    ratio, ci95 = (None, None)
    if enough:
        ratio, ci95 = rate_ratio_interval(
            episodes_with=episodes_with,
            days_with=days_with,
            episodes_without=episodes_without,
            days_without=days_without,
        )
    return FactorResult(
        factor=factor,
        lag_days=lag_days,
        days_with=days_with,
        days_without=days_without,
        episodes_with=episodes_with,
        episodes_without=episodes_without,
        rate_ratio=ratio,
        ci95=ci95,
        enough_data=enough,
        sentence=_sentence(
            when, days_with, days_without, episodes_with, episodes_without, ratio, ci95, enough
        ),
    )


def _lagged(has: pd.Series, lag_days: int) -> pd.Series:
    """The factor of the day ``lag_days`` before; NA where that day is outside the range."""
    return has.astype("boolean").shift(lag_days) if lag_days else has.astype("boolean")


def factor_results(table: pd.DataFrame) -> list[FactorResult]:
    """Every factor of a day table (``days.day_table``) at lag 0 and 1: drinks below goal
    first, then each product in the table's order."""
    episodes = table["episodes"]
    results = []
    for lag in LAGS:
        when = "after you drank under your goal" if lag else "when you drank under your goal"
        results.append(
            compare_days(
                factor=DRINKS_BELOW_GOAL,
                lag_days=lag,
                when=when,
                has=_lagged(table["below_goal"], lag),
                episodes=episodes,
            )
        )
    for name, column in product_columns(table).items():
        for lag in LAGS:
            results.append(
                compare_days(
                    factor=f"{PRODUCT_FACTOR}{name}",
                    lag_days=lag,
                    when=f"{'after' if lag else 'when'} you took {name}",
                    has=_lagged(table[column] > 0, lag),
                    episodes=episodes,
                )
            )
    return results
