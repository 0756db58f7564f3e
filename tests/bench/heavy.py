"""A heavy diary, built in seconds, for the page bench of issue 9 ("Speed and scale").

The issue's heavy user logs, per local day in Europe/London, about 2.35 cramp or pain episodes,
6.5 drinks and 2.1 intakes (ten years: ~8.6k episodes, ~24k drinks, ~7.7k intakes). The typical
demo (``tracker.files.demo``) logs a fraction of that, so the bench builds its own diary here.

Every row is validated by its ``…Create`` model (as a form or an import would), then stored in
batched ``INSERT … VALUES`` through ``db.bulk.insert_rows``: ten years build in a few seconds.
The same ``seed``, ``years`` and ``now`` give the same diary.

Besides the daily entries, the last year holds one pregnancy's practice contractions (an evening
every week or two) and two calm pregnancy events; the profile has no due date (the baby is born),
so the pages behave as for a person who is not pregnant.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Final

from sqlmodel import SQLModel

from db.bulk import INSERT_BATCH_ROWS, insert_rows
from db.crud import transaction
from db.migrate import open_database
from tracker.core.kinds import EntryKind
from tracker.core.models import (
    ContractionCreate,
    CrampCreate,
    DrinkCreate,
    EventCreate,
    IntakeCreate,
)
from tracker.core.timeutil import combine_local, local_date
from tracker.entries.journal import add_product
from tracker.entries.profile import ensure_profile, update_profile

TIMEZONE: Final = "Europe/London"
HYDRATION_GOAL_ML: Final = 2000
"""The heavy user's drinks goal (so the goal's figures have something to compare)."""

DAYS_PER_YEAR: Final = 365.25

CABINET: Final = (
    {"name": "Magnesium citrate 100 mg", "kind": "supplement", "contents": {"magnesium": 100}},
    {"name": "Vitamin D3 25 µg", "kind": "supplement", "contents": {"vitamin_d": 25}},
    {
        "name": "Paracetamol 500 mg",
        "kind": "medicine",
        "medicine_class": "other",
        "contents": {"other": 500},
    },
)
"""The heavy user's cabinet: vitamin D most mornings, magnesium most evenings, paracetamol on
some days of back pain (2.1 intakes a day in all)."""

INTAKE_CHANCE: Final = {"magnesium": 0.9, "vitamin_d": 0.95, "paracetamol": 0.25}

BEVERAGES: Final = (
    ("water", 45, (250, 330, 500)),
    ("tea", 20, (200, 250)),
    ("coffee", 12, (150, 200, 250)),
    ("milk", 8, (200, 250)),
    ("juice", 7, (150, 200)),
    ("soup", 4, (250, 300)),
    ("electrolyte", 2, (500,)),
    ("other", 2, (250, 330)),
)
"""Beverage, weight and usual volumes (ml) of a logged drink (as the demo's)."""

NOTES: Final = ("", "", "", "", "", "Woke me up", "Had to stand on it", "Sore for an hour after")

MILD_SYMPTOMS: Final = (
    ("night_pain", 0.03),
    ("leg_numbness_tingling", 0.02),
    ("pain_below_knee", 0.01),
)
"""Symptoms a chronic cramp sufferer notes now and then (never an emergency one, which would
put a red banner on every page), with the chance per episode."""


@dataclass(frozen=True)
class HeavyCounts:
    """How many rows of each kind ``fill_heavy`` stored."""

    days: int
    cramps: int
    drinks: int
    intakes: int
    products: int
    contractions: int
    events: int


def fill_heavy(url: str, *, years: int, now: datetime, seed: int = 7) -> HeavyCounts:
    """Store ``years`` of a heavy user's diary, ending at ``now``, in the database at ``url``
    (schema upgraded first), in the default profile, time zone Europe/London."""
    engine = open_database(url)
    try:
        profile = ensure_profile(engine=engine, now=now, timezone=TIMEZONE)
        profile = update_profile(
            engine=engine,
            profile=profile,
            changes={"hydration_goal_ml": HYDRATION_GOAL_ML},
            now=now,
        )
        product_ids = {
            key: add_product(engine=engine, profile_id=profile.id, values=values, now=now).id
            for key, values in zip(("magnesium", "vitamin_d", "paracetamol"), CABINET, strict=True)
        }
        diary = _Heavy(years=years, now=now, seed=seed, product_ids=product_ids).run()
        with transaction(engine) as session:
            for kind, entries in diary.items():
                rows = [entry.model_dump() for entry in entries]
                for start in range(0, len(rows), INSERT_BATCH_ROWS):
                    insert_rows(
                        session,
                        kind=kind,
                        profile_id=profile.id,
                        rows=rows[start : start + INSERT_BATCH_ROWS],
                        now=now,
                    )
    finally:
        engine.dispose()
    return HeavyCounts(
        days=_days(years),
        cramps=len(diary[EntryKind.CRAMPS]),
        drinks=len(diary[EntryKind.HYDRATION]),
        intakes=len(diary[EntryKind.SUPPLEMENTS]),
        products=len(product_ids),
        contractions=len(diary[EntryKind.CONTRACTIONS]),
        events=len(diary[EntryKind.EVENTS]),
    )


def _days(years: int) -> int:
    return round(years * DAYS_PER_YEAR)


class _Heavy:
    """Generates the validated entries, day by day, oldest first."""

    def __init__(
        self, *, years: int, now: datetime, seed: int, product_ids: Mapping[str, int]
    ) -> None:
        self.rng = random.Random(seed)
        self.now = now
        self.today = local_date(now, TIMEZONE)
        self.first = self.today - timedelta(days=_days(years) - 1)
        self.product_ids = product_ids
        self.entries: dict[EntryKind, list[SQLModel]] = {kind: [] for kind in EntryKind}

    def run(self) -> dict[EntryKind, list[SQLModel]]:
        day = self.first
        while day <= self.today:
            self.cramps_on(day)
            self.drinks_on(day)
            self.intakes_on(day)
            day += timedelta(days=1)
        self.past_pregnancy()
        return self.entries

    def at(self, day: date, minute_of_day: int) -> datetime:
        hour, minute = divmod(min(max(minute_of_day, 0), 24 * 60 - 1), 60)
        return combine_local(day, time(hour, minute, self.rng.randint(0, 59)), TIMEZONE)

    def add(self, kind: EntryKind, model: type[SQLModel], values: dict[str, Any]) -> None:
        moment: datetime = values[kind.time_field]
        if moment <= self.now:
            self.entries[kind].append(model.model_validate(values))

    def cramps_on(self, day: date) -> None:
        """1–3 episodes a day, a fourth one day in three: night calf cramps, cramps after
        exercise and bouts of back pain."""
        rng = self.rng
        for _ in range(rng.randint(1, 3) + int(rng.random() < 0.35)):
            style = rng.random()
            if style < 0.5:
                values = {
                    "started_at": self.at(day, rng.randint(60, 330)),
                    "region": rng.choice(("calf", "calf", "calf", "foot", "thigh")),
                    "quality": "cramp",
                    "intensity": rng.randint(4, 9),
                    "duration_min": rng.choice((0.5, 1, 1, 2, 3, 5)),
                    "triggers": {"night_sleep"},
                    "relief": rng.choice(({"stretching"}, {"stretching", "massage"}, {"walking"})),
                }
            elif style < 0.8:
                values = {
                    "started_at": self.at(day, rng.randint(16 * 60, 21 * 60)),
                    "region": rng.choice(("calf", "thigh", "foot", "hand")),
                    "quality": rng.choice(("cramp", "cramp", "spasm", "tingling")),
                    "intensity": rng.randint(2, 8),
                    "duration_min": rng.choice((0.5, 1, 2, 3, 10)),
                    "triggers": rng.choice(
                        ({"exercise"}, {"exercise", "heat_sweating"}, {"walking"}, set())
                    ),
                    "relief": rng.choice(({"stretching", "fluids"}, {"rest"}, {"massage"})),
                }
            else:
                values = {
                    "started_at": self.at(day, rng.randint(8 * 60, 22 * 60)),
                    "region": rng.choice(("lower_back", "lower_back", "upper_back", "neck")),
                    "quality": rng.choice(("dull_ache", "dull_ache", "sharp", "throbbing")),
                    "intensity": rng.randint(2, 7),
                    "duration_min": rng.choice((20, 30, 45, 60, 90, 120, 240)),
                    "triggers": rng.choice(
                        ({"prolonged_sitting"}, {"bending"}, {"lifting"}, {"unknown"})
                    ),
                    "relief": rng.choice(({"rest"}, {"heat"}, {"heat", "pain_reliever"})),
                    "eased_by_rest": rng.choice(("yes", "yes", "no", "unknown")),
                }
            values["side"] = (
                "center"
                if values["region"] in ("lower_back", "upper_back", "neck")
                else rng.choice(("left", "right", "right", "both"))
            )
            values["symptoms"] = {code for code, p in MILD_SYMPTOMS if rng.random() < p}
            values["note"] = rng.choice(NOTES)
            self.add(EntryKind.CRAMPS, CrampCreate, values)

    def drinks_on(self, day: date) -> None:
        """5–8 drinks between 07:00 and 22:00."""
        rng = self.rng
        names = [b[0] for b in BEVERAGES]
        weights = [b[1] for b in BEVERAGES]
        volumes = {b[0]: b[2] for b in BEVERAGES}
        for minute in sorted(rng.sample(range(7 * 60, 22 * 60), rng.randint(5, 8))):
            beverage = rng.choices(names, weights)[0]
            self.add(
                EntryKind.HYDRATION,
                DrinkCreate,
                {
                    "taken_at": self.at(day, minute),
                    "volume_ml": rng.choice(volumes[beverage]),
                    "beverage": beverage,
                },
            )

    def intakes_on(self, day: date) -> None:
        rng = self.rng
        for key, minute, units in (
            ("vitamin_d", 7 * 60 + 30, 1),
            ("paracetamol", 13 * 60, 2),
            ("magnesium", 21 * 60, 1),
        ):
            if rng.random() < INTAKE_CHANCE[key]:
                self.add(
                    EntryKind.SUPPLEMENTS,
                    IntakeCreate,
                    {
                        "taken_at": self.at(day, minute + rng.randint(0, 90)),
                        "product_id": self.product_ids[key],
                        "units": units,
                    },
                )

    def past_pregnancy(self) -> None:
        """Practice contractions in the last year (an evening every 7–14 days from 300 to 120
        days ago, 3–5 tightenings 12–20 minutes apart), a show and a quieter-baby evening."""
        rng = self.rng
        day = self.today - timedelta(days=300)
        while day <= self.today - timedelta(days=120) and day >= self.first:
            moment = self.at(day, rng.randint(19 * 60, 21 * 60))
            for _ in range(rng.randint(3, 5)):
                self.add(
                    EntryKind.CONTRACTIONS,
                    ContractionCreate,
                    {
                        "started_at": moment,
                        "ended_at": moment + timedelta(seconds=rng.randint(25, 45)),
                        "intensity": "mild",
                        "location": rng.choice(("front", "front", "wrapping")),
                    },
                )
                moment += timedelta(minutes=rng.uniform(12, 20))
            day += timedelta(days=rng.randint(7, 14))
        for days_ago, kind in ((130, "reduced_movement"), (122, "mucus_plug")):
            occurred = self.today - timedelta(days=days_ago)
            if occurred >= self.first:
                self.add(
                    EntryKind.EVENTS,
                    EventCreate,
                    {"occurred_at": self.at(occurred, 20 * 60), "kind": kind},
                )


def total_rows(counts: HeavyCounts) -> int:
    """All entries stored (products not counted)."""
    return counts.cramps + counts.drinks + counts.intakes + counts.contractions + counts.events
