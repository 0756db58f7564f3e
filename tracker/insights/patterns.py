"""Cramp patterns: frequency and intensity over time, when in the week and day, where in the
body, triggers and relief ranked, and which symptoms occur together.

Each function takes ``DiaryFrames`` and returns plain data a page can chart. Nothing here says
why: a relief "followed by a shorter episode" is an association in the diary, not an effect.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from tracker.core.vocabulary import Code, Region, Relief, Side, Symptom, Trigger
from tracker.insights.frames import DiaryFrames

Period = Literal["day", "week", "month"]

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
"""Column labels of the hour × weekday matrix (ISO order, Monday first)."""

MIN_RELIEF_EPISODES = 3
"""Fewest timed episodes on each side (with a relief, without it) to compare durations."""
CHANCE_SHARE = 0.5
"""Of episodes with a relief, the share shorter than the median of those without it when the
relief makes no difference (about half of such episodes would lie under that median)."""

SET_CODES: dict[str, type[Code]] = {"triggers": Trigger, "relief": Relief, "symptoms": Symptom}


def _period_start(days: pd.Series, period: Period) -> pd.Series:
    if period == "day":
        return days
    if period == "week":
        return days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    return days.dt.to_period("M").dt.start_time


def frequency(frames: DiaryFrames, period: Period = "day") -> pd.DataFrame:
    """Episodes per day, ISO week (from Monday) or calendar month of the range.

    Columns: ``period_start`` (local day), ``days`` (days of the range in the period: the first
    and last week or month may be partial), ``episodes``, ``episodes_per_day`` and
    ``mean_intensity`` (NaN without episodes). Periods without episodes are rows."""
    days = pd.Series(frames.day_index)
    calendar = pd.DataFrame({"period_start": _period_start(days, period)})
    table = calendar.groupby("period_start").size().rename("days").to_frame()
    cramps = frames.cramps.assign(period_start=_period_start(frames.cramps["local_day"], period))
    by_period = cramps.groupby("period_start")["intensity"]
    table["episodes"] = by_period.size().reindex(table.index).fillna(0).astype("int64")
    table["episodes_per_day"] = table["episodes"] / table["days"]
    table["mean_intensity"] = by_period.mean().astype("float64").reindex(table.index)
    return table.reset_index()


def hour_weekday(frames: DiaryFrames) -> pd.DataFrame:
    """Episodes by local start hour (index 0–23) and weekday (columns ``WEEKDAYS``).

    Counted with numpy (as ``body_counts`` and ``one_hot``): ``pd.crosstab`` cost ~20 ms a call
    on 90 heavy days, most of a first render's statistics."""
    matrix = np.zeros((24, 7), dtype="int64")
    np.add.at(
        matrix,
        (
            frames.cramps["local_hour"].to_numpy(dtype="int64"),
            frames.cramps["local_weekday"].to_numpy(dtype="int64"),
        ),
        1,
    )
    return pd.DataFrame(matrix, index=pd.RangeIndex(24, name="hour"), columns=list(WEEKDAYS))


def body_counts(frames: DiaryFrames) -> pd.DataFrame:
    """Episodes per body region (index: every region code, vocabulary order) and side
    (columns: every side code), with a ``total`` column: the body diagram's shading."""
    regions, sides = [r.value for r in Region], [s.value for s in Side]
    matrix = np.zeros((len(regions), len(sides)), dtype="int64")
    row = {code: i for i, code in enumerate(regions)}
    column = {code: j for j, code in enumerate(sides)}
    for region, side in zip(frames.cramps["region"], frames.cramps["side"], strict=True):
        if region in row and side in column:  # codes outside the vocabulary are left out
            matrix[row[region], column[side]] += 1
    counts = pd.DataFrame(
        matrix,
        index=pd.Index(regions, name="region"),
        columns=pd.Index(sides, name="side"),
    )
    counts["total"] = counts.sum(axis=1)
    return counts


def one_hot(frames: DiaryFrames, column: str) -> pd.DataFrame:
    """Episodes (index: the cramps frame's index) × codes of a set column (bool); codes outside
    the vocabulary are left out.

    Filled in one pass over the episodes' few codes (``pd.crosstab`` of the exploded column
    took ~25 ms a call for 90 heavy days, and a page calls this five times)."""
    codes = [c.value for c in SET_CODES[column]]
    position = {code: j for j, code in enumerate(codes)}
    matrix = np.zeros((len(frames.cramps), len(codes)), dtype=bool)
    for i, noted in enumerate(frames.cramps[column]):
        for code in noted if isinstance(noted, tuple | list | set | frozenset) else ():
            j = position.get(code)
            if j is not None:
                matrix[i, j] = True
    return pd.DataFrame(matrix, index=frames.cramps.index, columns=codes)


def ranked(frames: DiaryFrames, column: Literal["triggers", "relief", "symptoms"]) -> pd.DataFrame:
    """Codes of ``column`` noted at least once, most often first. Columns: ``code``, ``label``,
    ``count`` (episodes noting it) and ``share`` (of all episodes in the range)."""
    counts = one_hot(frames, column).sum().astype("int64")
    counts = counts[counts > 0].sort_values(ascending=False, kind="stable")
    codes = SET_CODES[column]
    total = len(frames.cramps)
    return pd.DataFrame(
        {
            "code": counts.index.astype(str),
            "label": [codes(code).label for code in counts.index],
            "count": counts.to_numpy(),
            "share": counts.to_numpy() / total if total else counts.to_numpy() * 0.0,
        }
    )


@dataclass(frozen=True)
class ReliefDurations:
    """How often an episode with a relief was shorter than the median of those without it."""

    relief: str
    label: str
    timed_with: int
    """Episodes noting this relief and a duration."""
    timed_without: int
    median_without_min: float | None
    shorter: int
    """Of ``timed_with``, how many lasted less than ``median_without_min``."""
    share_shorter: float | None
    enough_data: bool
    sentence: str


def _relief_reading(share: float) -> str:
    """What a share of shorter episodes may be read as: never that a relief works or fails."""
    if share > CHANCE_SHARE:
        return "This is an association in your diary, not proof that it helped."
    return "So far, episodes with it were not shorter than usual in your diary."


def relief_durations(frames: DiaryFrames) -> list[ReliefDurations]:
    """For each relief noted in the range, episodes with it against the median duration of
    timed episodes without it (most-used relief first). An association only: the person may
    reach for a relief when an episode is already easing."""
    hot = one_hot(frames, "relief")
    duration = frames.cramps["duration_min"].astype("float64")
    timed = duration.notna()
    results = []
    for code in ranked(frames, "relief")["code"]:
        label = Relief(code).label
        with_relief, without_relief = timed & hot[code], timed & ~hot[code]
        n_with, n_without = int(with_relief.sum()), int(without_relief.sum())
        median: float | None = None
        shorter, share = 0, None
        if n_with >= MIN_RELIEF_EPISODES and n_without >= MIN_RELIEF_EPISODES:
            median = float(duration[without_relief].median())
            shorter = int((duration[with_relief] < median).sum())
            share = shorter / n_with
            sentence = (
                f"{shorter} of {n_with} episodes where you noted “{label}” were shorter than "
                f"{median:g} min, the median of episodes without it ({share:.0%}; about half "
                f"would be if it made no difference). {_relief_reading(share)}"
            )
        else:
            sentence = (
                f"Not enough timed episodes to compare “{label}”: {n_with} with it and "
                f"{n_without} without; at least {MIN_RELIEF_EPISODES} of each are needed."
            )
        results.append(
            ReliefDurations(
                relief=code,
                label=label,
                timed_with=n_with,
                timed_without=n_without,
                median_without_min=median,
                shorter=shorter,
                share_shorter=share,
                enough_data=median is not None,
                sentence=sentence,
            )
        )
    return results


def symptom_pairs(frames: DiaryFrames) -> pd.DataFrame:
    """Pairs of associated symptoms noted in the same episode, most frequent first.
    Columns: ``first``, ``second`` (codes, vocabulary order), ``count`` (episodes with both)."""
    hot = one_hot(frames, "symptoms").to_numpy(dtype="int64")
    together = hot.T @ hot
    codes = [c.value for c in Symptom]
    first, second = np.triu_indices(len(codes), k=1)
    counts = together[first, second]
    keep = counts > 0
    out = pd.DataFrame(
        {
            "first": [codes[i] for i in first[keep]],
            "second": [codes[j] for j in second[keep]],
            "count": counts[keep].astype("int64"),
        }
    )
    return out.sort_values("count", ascending=False, kind="stable").reset_index(drop=True)
