"""Log a cramp again: the patterns a person repeats, "same as last time", and favourites.

A *pattern* is what a repeat of yesterday's night calf cramp shares with it: where (region and
side), what it felt like, and how bad it usually is. "Log again now" stores a new episode, now,
with exactly those four fields and nothing else:

- triggers, relief, duration, "eased by rest" and the note describe that one episode (what set it
  off that night, what helped then); copying them would put words in the person's mouth;
- symptoms are never copied. Ticking a serious symptom (saddle numbness, loss of bladder
  control…) raises an emergency flag; a repeated tick would raise it again without the person
  having said so this time, and a harmless-looking repeat would hide that it was copied.

"Same as last time" prefills the form with the same four fields, for the same reasons: the rest
of the form is left empty for the person to fill (or not).

Favourites are patterns pinned to Today, kept on the profile (``ProfileBase.favourites``:
``pattern_key`` → usual intensity), so the full backup carries them with the other settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from db import crud
from tracker.core.errors import InvalidEntry
from tracker.core.kinds import EntryKind
from tracker.core.models import (
    MAX_FAVOURITES,
    CrampRead,
    ProfileRead,
    pattern_key,
    split_pattern_key,
)
from tracker.core.vocabulary import Quality, Region, Side
from tracker.entries.profile import update_profile

RECENT_DAYS = 30
"""How far back "Log again now" looks for patterns to offer."""
RECENT_PATTERNS = 3
"""How many recent patterns (besides the favourites) are offered: a phone screen's worth."""
_SCANNED_EPISODES = 200
"""Newest episodes read to find the recent patterns: ~2 months of a heavy user's diary, and a
bounded read (one indexed query) however long the diary is."""


@dataclass(frozen=True)
class Pattern:
    """Where, which side, what it felt like, and how bad: what a repeat episode shares."""

    region: Region
    side: Side
    quality: Quality
    intensity: int

    @property
    def key(self) -> str:
        """The pattern without its intensity: ``calf/left/cramp``."""
        return pattern_key(self.region, self.side, self.quality)

    @property
    def place(self) -> str:
        """``Calf (left) · cramp``, as the timeline starts an episode."""
        return f"{self.region.label} ({self.side.label.lower()}) · {self.quality.label.lower()}"

    @property
    def label(self) -> str:
        """``Calf (left) · cramp · 6/10``."""
        return f"{self.place} · {self.intensity}/10"

    def with_intensity(self, intensity: int | None) -> Pattern:
        """This pattern at another intensity (``None``: the same)."""
        if intensity is None:
            return self
        return Pattern(self.region, self.side, self.quality, intensity)

    def values(self, started_at: datetime) -> dict[str, Any]:
        """A new episode's values: the four repeated fields, started at ``started_at``."""
        return {
            "started_at": started_at,
            "region": self.region,
            "side": self.side,
            "quality": self.quality,
            "intensity": self.intensity,
        }


def pattern_of(episode: CrampRead) -> Pattern:
    return Pattern(
        Region(episode.region), Side(episode.side), Quality(episode.quality), episode.intensity
    )


def latest_episode(*, engine: Engine, profile: ProfileRead) -> CrampRead | None:
    """The episode that started last (the newest ``started_at``), or ``None``."""
    found = crud.list_entries(
        engine=engine, kind=EntryKind.CRAMPS, profile_id=profile.id, newest_first=True, limit=1
    )
    return found[0] if found else None  # type: ignore[return-value]


def recent_patterns(
    *,
    engine: Engine,
    profile: ProfileRead,
    now: datetime,
    days: int = RECENT_DAYS,
    limit: int = RECENT_PATTERNS,
    leave_out: frozenset[str] = frozenset(),
) -> list[Pattern]:
    """The last ``limit`` different patterns of the last ``days`` days, newest first, each at
    the intensity it was last logged with; patterns whose key is in ``leave_out`` (the
    favourites, shown on their own) are skipped."""
    episodes = crud.list_entries(
        engine=engine,
        kind=EntryKind.CRAMPS,
        profile_id=profile.id,
        start=now - timedelta(days=days),
        end=now + timedelta(seconds=1),
        newest_first=True,
        limit=_SCANNED_EPISODES,
    )
    found: dict[str, Pattern] = {}
    for episode in episodes:
        pattern = pattern_of(episode)  # type: ignore[arg-type]
        if pattern.key not in leave_out and pattern.key not in found:
            found[pattern.key] = pattern
            if len(found) == limit:
                break
    return list(found.values())


def favourites(profile: ProfileRead) -> list[Pattern]:
    """The profile's pinned patterns at their usual intensity, in the order of their labels."""
    pinned = [
        Pattern(*split_pattern_key(key), int(intensity))
        for key, intensity in profile.favourites.items()
    ]
    return sorted(pinned, key=lambda pattern: pattern.label)


def pin(*, engine: Engine, profile: ProfileRead, pattern: Pattern, now: datetime) -> ProfileRead:
    """Pin ``pattern`` to Today at its intensity (pinned already: its usual intensity is
    updated). More than ``MAX_FAVOURITES`` is refused with ``InvalidEntry``; nothing is stored."""
    if pattern.key not in profile.favourites and len(profile.favourites) >= MAX_FAVOURITES:
        raise InvalidEntry.single(
            "Favourites",
            f"{MAX_FAVOURITES} are pinned already; unpin one on Today first",
            name="favourites",
        )
    changes = {"favourites": {**profile.favourites, pattern.key: pattern.intensity}}
    return update_profile(engine=engine, profile=profile, changes=changes, now=now)


def unpin(*, engine: Engine, profile: ProfileRead, key: str, now: datetime) -> ProfileRead:
    """Take the pattern ``key`` off Today (not pinned: nothing changes)."""
    if key not in profile.favourites:
        return profile
    kept = {name: value for name, value in profile.favourites.items() if name != key}
    return update_profile(engine=engine, profile=profile, changes={"favourites": kept}, now=now)
