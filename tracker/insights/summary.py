"""The whole Insights of a range as one plain object: what ``insights --json`` prints.

Only numbers, strings, booleans, null and lists/objects of them; ``"factors"`` follows
``../shared/spec/files-and-cli.md`` exactly (``FactorResult.to_json``). The other keys:

- ``from``, ``to`` (ISO dates), ``days`` (local days in the range), ``timezone``, ``goal_ml``;
- ``dashboard``: the range's figures (``DashboardWindow`` without the daily frame);
- ``patterns``: ``by_week`` and ``by_month`` (``period_start``, ``days``, ``episodes``,
  ``mean_intensity``), ``regions`` (``region``, ``side``, ``count``; non-zero only),
  ``triggers`` and ``relief`` (``code``, ``count``, ``share``), ``relief_durations``,
  ``symptom_pairs`` (``first``, ``second``, ``count``) and ``hour_weekday`` (24 lists of 7
  counts, hour 0 first, Monday first);
- ``intake``: ``adherence`` (``product``, ``days_taken``, ``days``, ``share``) and
  ``over_upper_level`` (``day``, ``ingredient``, ``rule``, ``total``, ``limit``).
"""

from __future__ import annotations

import math
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

import pandas as pd
from sqlalchemy.engine import Engine

from tracker.core.models import ProfileRead
from tracker.core.timeutil import local_day_bounds
from tracker.insights.dashboard import open_flag_counts, window
from tracker.insights.days import day_table
from tracker.insights.factors import factor_results
from tracker.insights.frames import DiaryFrames, load_frames
from tracker.insights.intake import adherence, upper_level_days
from tracker.insights.patterns import (
    body_counts,
    frequency,
    hour_weekday,
    ranked,
    relief_durations,
    symptom_pairs,
)


def _plain(value: Any) -> Any:
    """A JSON-ready value: NaN/NA → None, numpy numbers → Python, timestamps → ISO dates."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    return [
        {column: _plain(value) for column, value in zip(columns, row, strict=True)}
        for row in frame[columns].itertuples(index=False)
    ]


def _patterns(frames: DiaryFrames) -> dict[str, Any]:
    periods = ["period_start", "days", "episodes", "mean_intensity"]
    body = body_counts(frames).drop(columns="total").reset_index()
    body = body.melt(id_vars="region", var_name="side", value_name="count")
    body = body[body["count"] > 0]
    return {
        "by_week": _records(frequency(frames, "week"), periods),
        "by_month": _records(frequency(frames, "month"), periods),
        "regions": _records(body, ["region", "side", "count"]),
        "triggers": _records(ranked(frames, "triggers"), ["code", "count", "share"]),
        "relief": _records(ranked(frames, "relief"), ["code", "count", "share"]),
        "relief_durations": [
            {key: _plain(value) for key, value in asdict(result).items()}
            for result in relief_durations(frames)
        ],
        "symptom_pairs": _records(symptom_pairs(frames), ["first", "second", "count"]),
        "hour_weekday": hour_weekday(frames).to_numpy().tolist(),
    }


def summary(
    frames: DiaryFrames, *, open_flags: dict[str, int] | None = None, birth_year: int | None = None
) -> dict[str, Any]:
    """The ``insights --json`` object of ``frames``' range (``open_flags``: by severity)."""
    table = day_table(frames)
    days = len(table)
    figures = window(frames, last=frames.last, days=days, table=table, open_flags=open_flags)
    over = upper_level_days(frames, birth_year)
    if not over.empty:
        over = over[over["over"]]
    return {
        "from": frames.first.isoformat(),
        "to": frames.last.isoformat(),
        "days": days,
        "timezone": frames.timezone,
        "goal_ml": frames.goal_ml,
        "dashboard": {
            "episodes": figures.episodes,
            "episodes_per_day": figures.episodes_per_day,
            "frequency_trend": {
                "half_days": figures.frequency.half_days,
                "episodes_early": figures.frequency.episodes_early,
                "episodes_late": figures.frequency.episodes_late,
                "rate_ratio": None
                if figures.frequency.rate_ratio is None
                else float(figures.frequency.rate_ratio),
                "ci95": None
                if figures.frequency.ci95 is None
                else [float(bound) for bound in figures.frequency.ci95],
                "enough_data": figures.frequency.enough_data,
                "change": figures.frequency.change,
                "sentence": figures.frequency.sentence,
            },
            "mean_intensity": _plain(figures.mean_intensity),
            "intensity_trend_per_week": _plain(figures.trend.slope_per_week),
            "intensity_trend": figures.trend.sentence,
            "days_with_drinks": figures.days_with_drinks,
            "days_at_goal": figures.days_at_goal,
            "supplement_days": figures.supplement_days,
            "open_flags": figures.open_flags,
        },
        "factors": [result.to_json() for result in factor_results(table)],
        "patterns": _patterns(frames),
        "intake": {
            "adherence": _records(adherence(frames), ["product", "days_taken", "days", "share"]),
            "over_upper_level": _records(
                over.rename(columns={"local_day": "day"}),
                ["day", "ingredient", "rule", "total", "limit"],
            ),
        },
    }


def insights(
    *, engine: Engine, profile: ProfileRead, first: date, last: date, now: datetime
) -> dict[str, Any]:
    """Load the range and summarise it; open flags are those first met in the range's days up
    to ``now`` (or the end of ``last``, if earlier), not acknowledged."""
    frames = load_frames(engine=engine, profile=profile, first=first, last=last)
    at = min(now, local_day_bounds(last, profile.timezone)[1])
    days = (last - first).days + 1
    flags = open_flag_counts(engine=engine, profile=profile, now=at, windows=[days])[days]
    return summary(frames, open_flags=flags, birth_year=profile.birth_year)
