"""Realistic synthetic diaries, for trying the app and for benchmarks (``demo`` command).

``generate`` builds validated ``…Create`` values for ``days`` local days ending today, the same
for the same seed and ``now``: night and exercise cramps, bouts of back pain, drinks on most
days, a small cabinet taken daily at ordinary doses (nothing near an upper level), and for a
pregnancy a due date 10 days ahead (38+4 today) with practice contractions from 28 weeks, two
pregnancy events, evenings of irregular tightenings at term and a labour-like session ending
shortly before ``now``. ``fill`` stores it in an empty profile, all in one transaction;
``as_diary`` turns it into an in-memory ``Diary`` (no database) for benchmarks.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Final, cast

from sqlalchemy.engine import Engine

from db import bulk, crud
from tracker.core.errors import Conflict, InvalidEntry
from tracker.core.kinds import EntryKind
from tracker.core.models import (
    ContractionCreate,
    ContractionRead,
    CrampCreate,
    CrampRead,
    DrinkCreate,
    DrinkRead,
    EventCreate,
    EventRead,
    IntakeCreate,
    IntakeRead,
    ProductCreate,
    ProductRead,
    ProfileRead,
)
from tracker.core.thresholds import TERM_GA_DAYS
from tracker.core.timeutil import combine_local, gestational_age_days, local_date
from tracker.entries.profile import checked_profile_values
from tracker.flags.diary import Diary

DEMO_MAX_DAYS: Final = 20 * 366
"""Longest demo diary (20 years): a typo guard, not a limit of the app."""

DUE_IN_DAYS: Final = 10
"""A pregnant demo's due date is this many days after today (38+4 weeks today)."""

PRACTICE_FROM_GA_DAYS: Final = 28 * 7
"""Practice (Braxton Hicks) tightenings are logged from 28 weeks."""

FOLIC_ACID_UNTIL_GA_DAYS: Final = 13 * 7
"""Folic acid is taken from before conception until 12+6 weeks (NHS advice)."""

LABOUR_SESSION_MIN: Final = 100
LABOUR_SESSION_ENDS_BEFORE_NOW_MIN: Final = 20
"""The labour-like session: about 100 minutes, its last contraction ending 20+ minutes ago."""


def _product(**values: Any) -> ProductCreate:
    return ProductCreate.model_validate(values)


BEVERAGES: Final[tuple[tuple[str, float, tuple[int, ...]], ...]] = (
    ("water", 45, (250, 330, 500)),
    ("tea", 20, (200, 250)),
    ("coffee", 12, (150, 200, 250)),
    ("milk", 8, (200, 250)),
    ("juice", 7, (150, 200)),
    ("soup", 4, (250, 300)),
    ("electrolyte", 2, (500,)),
    ("other", 2, (250, 330)),
)
"""Beverage, weight and usual volumes (ml) of a logged drink."""

PARACETAMOL = _product(
    name="Paracetamol 500 mg", kind="medicine", medicine_class="other", contents={"other": 500}
)
MAGNESIUM = _product(
    name="Magnesium citrate 100 mg", kind="supplement", contents={"magnesium": 100}
)
VITAMIN_D_25 = _product(
    name="Vitamin D3 25 µg (1,000 IU)", kind="supplement", contents={"vitamin_d": 25}
)
VITAMIN_D_10 = _product(
    name="Vitamin D 10 µg (400 IU)", kind="supplement", contents={"vitamin_d": 10}
)
FOLIC_ACID = _product(name="Folic acid 400 µg", kind="supplement", contents={"folic_acid": 400})
CABINET: Final = (MAGNESIUM, VITAMIN_D_25, PARACETAMOL)
PREGNANCY_CABINET: Final = (FOLIC_ACID, VITAMIN_D_10, PARACETAMOL)
"""Ordinary products at ordinary doses. No magnesium in pregnancy: it is not advised for
pregnancy leg cramps (Cochrane CD010655), and a demo should not look like a suggestion."""

CRAMP_NOTES: Final = ("", "", "", "Woke me up", "Had to stand on it", "Sore for an hour after")


@dataclass
class Demo:
    """What ``generate`` made: profile changes, cabinet and entries (intakes name a product)."""

    days: int
    seed: int
    due_date: date | None
    profile_changes: dict[str, Any] = field(default_factory=dict)
    products: list[ProductCreate] = field(default_factory=list)
    cramps: list[CrampCreate] = field(default_factory=list)
    drinks: list[DrinkCreate] = field(default_factory=list)
    intakes: list[tuple[str, IntakeCreate]] = field(default_factory=list)
    contractions: list[ContractionCreate] = field(default_factory=list)
    events: list[EventCreate] = field(default_factory=list)

    def counts(self) -> dict[EntryKind, int]:
        return {kind: len(getattr(self, kind.spec.plural)) for kind in EntryKind}


def check_days(days: int) -> None:
    if not 1 <= days <= DEMO_MAX_DAYS:
        raise InvalidEntry.single("--days", f"must be 1 to {DEMO_MAX_DAYS} (got {days})")


def generate(*, days: int, seed: int, pregnant: bool, now: datetime, timezone: str) -> Demo:
    """A demo diary of ``days`` local days in ``timezone`` ending on ``now``'s day."""
    check_days(days)
    return _Generator(days=days, seed=seed, pregnant=pregnant, now=now, tz=timezone).run()


class _Generator:
    def __init__(self, *, days: int, seed: int, pregnant: bool, now: datetime, tz: str) -> None:
        self.rng = random.Random(seed)
        self.now, self.tz = now, tz
        self.today = local_date(now, tz)
        self.first = self.today - timedelta(days=days - 1)
        self.start = combine_local(self.first, time(0), tz)
        due = self.today + timedelta(days=DUE_IN_DAYS) if pregnant else None
        self.demo = Demo(days=days, seed=seed, due_date=due)
        if due is not None:
            self.demo.profile_changes = {"due_date": due}
        self.demo.products = list(PREGNANCY_CABINET if pregnant else CABINET)
        self.back_bout_left = 0

    # --- helpers ------------------------------------------------------------------------------

    def at(self, day: date, hour: float, minute_spread: int = 0) -> datetime:
        """Local ``hour`` (fractional) on ``day``, plus up to ``minute_spread`` random minutes."""
        spread = self.rng.randint(0, minute_spread) if minute_spread else 0
        return self.at_minute(day, round(hour * 60) + spread)

    def at_minute(self, day: date, minute_of_day: int) -> datetime:
        """``minute_of_day`` (0–1439, local wall clock) on ``day``, at a random second."""
        hour, minute = divmod(min(minute_of_day, 24 * 60 - 1), 60)
        return combine_local(day, time(hour, minute, self.rng.randint(0, 59)), self.tz)

    def ga(self, day: date) -> int | None:
        due = self.demo.due_date
        return None if due is None else gestational_age_days(due, day)

    def past(self, moment: datetime) -> bool:
        return self.start <= moment <= self.now

    # --- the diary ----------------------------------------------------------------------------

    def run(self) -> Demo:
        day = self.first
        while day <= self.today:
            ga = self.ga(day)
            self.cramps_on(day, ga)
            self.drinks_on(day, ga)
            self.intakes_on(day, ga)
            if ga is not None:
                self.pregnancy_on(day, ga)
            day += timedelta(days=1)
        if self.demo.due_date is not None:
            self.labour_like_session()
        return self.demo

    def cramp_rate(self, ga: int | None) -> float:
        if ga is None or ga < 0:
            return 0.2
        return 0.15 if ga < 14 * 7 else 0.35 if ga < 28 * 7 else 0.6

    def cramps_on(self, day: date, ga: int | None) -> None:
        rng = self.rng
        rate = self.cramp_rate(ga)
        count = int(rng.random() < rate) + int(rng.random() < rate * 0.2)
        for _ in range(count):
            if rng.random() < 0.7:
                self.add_cramp(
                    self.at(day, 1, 270),  # 01:00–05:30: a night cramp
                    region=rng.choice(("calf", "calf", "calf", "calf", "foot")),
                    quality="cramp",
                    intensity=rng.randint(4, 8),
                    duration_min=rng.choice((0.5, 1, 1, 2, 3, 4)),
                    triggers={"night_sleep"},
                    relief=rng.choice(({"stretching"}, {"stretching", "massage"}, {"walking"})),
                )
            else:
                self.add_cramp(
                    self.at(day, 17, 180),
                    region=rng.choice(("calf", "thigh", "foot")),
                    quality=rng.choice(("cramp", "cramp", "spasm")),
                    intensity=rng.randint(3, 7),
                    duration_min=rng.choice((0.5, 1, 2, 3)),
                    triggers=rng.choice(({"exercise"}, {"exercise", "heat_sweating"})),
                    relief={"stretching", "fluids"},
                )
        self.back_pain_on(day, ga)

    def back_pain_on(self, day: date, ga: int | None) -> None:
        """Back pain comes in bouts of 3–10 days, about every two months."""
        rng = self.rng
        if self.back_bout_left == 0 and rng.random() < 1 / 60:
            self.back_bout_left = rng.randint(3, 10)
        if self.back_bout_left == 0:
            return
        self.back_bout_left -= 1
        if rng.random() > 0.6:
            return
        pregnant = ga is not None and ga >= 0
        # In pregnancy: upper back ache or pelvic girdle pain (a lower-back ache before 37 weeks
        # is a preterm warning sign, P4, and would not be a calm demo).
        region, quality = (
            rng.choice((("upper_back", "dull_ache"), ("buttock_hip", "sharp")))
            if pregnant
            else ("lower_back", rng.choice(("dull_ache", "dull_ache", "sharp")))
        )
        started = self.at(day, 9, 600)
        pain = self.add_cramp(
            started,
            region=region,
            quality=quality,
            intensity=rng.randint(2, 5),
            duration_min=rng.choice((20, 30, 45, 60, 90, 120)),
            triggers=rng.choice(({"prolonged_sitting"}, {"bending"}, {"lifting"})),
            relief=rng.choice(({"rest"}, {"heat"}, {"heat", "pain_reliever"})),
            side=rng.choice(("center", "left", "right")),
        )
        if pain is not None and "pain_reliever" in pain.relief:
            self.add_intake(PARACETAMOL, started + timedelta(minutes=10), units=2)

    def add_cramp(self, started: datetime, **values: Any) -> CrampCreate | None:
        if not self.past(started):
            return None
        values.setdefault("side", self.rng.choice(("left", "right")))
        values.setdefault("eased_by_rest", "unknown")
        values |= {"started_at": started, "note": self.rng.choice(CRAMP_NOTES)}
        cramp = CrampCreate.model_validate(values)
        self.demo.cramps.append(cramp)
        return cramp

    def drinks_on(self, day: date, ga: int | None) -> None:
        rng = self.rng
        if rng.random() < 0.1:  # nothing logged that day
            return
        count = rng.randint(6, 9) + (1 if ga is not None and ga >= 14 * 7 else 0)
        names = [b[0] for b in BEVERAGES]
        weights = [b[1] for b in BEVERAGES]
        volumes = {b[0]: b[2] for b in BEVERAGES}
        for minute in sorted(rng.sample(range(7 * 60, 22 * 60), count)):
            beverage = rng.choices(names, weights)[0]
            if beverage == "coffee" and ga is not None and ga >= 0 and rng.random() < 0.7:
                beverage = "water"
            taken = self.at_minute(day, minute)
            if self.past(taken):
                volume = rng.choice(volumes[beverage])
                self.demo.drinks.append(
                    DrinkCreate.model_validate(
                        {"taken_at": taken, "volume_ml": volume, "beverage": beverage}
                    )
                )

    def intakes_on(self, day: date, ga: int | None) -> None:
        rng = self.rng
        if self.demo.due_date is None:
            if rng.random() < 0.85:
                self.add_intake(VITAMIN_D_25, self.at(day, 7.5, 90))
            if rng.random() < 0.75:
                self.add_intake(
                    MAGNESIUM, self.at(day, 21, 90), units=1 if rng.random() < 0.85 else 2
                )
            return
        assert ga is not None
        if -90 <= ga < FOLIC_ACID_UNTIL_GA_DAYS and rng.random() < 0.9:
            self.add_intake(FOLIC_ACID, self.at(day, 7.5, 90))
        if rng.random() < 0.85:
            self.add_intake(VITAMIN_D_10, self.at(day, 8, 90))

    def add_intake(self, product: ProductCreate, taken: datetime, units: float = 1) -> None:
        if self.past(taken):
            intake = IntakeCreate(taken_at=taken, product_id=0, units=units)  # id set on insert
            self.demo.intakes.append((product.name, intake))

    # --- pregnancy ----------------------------------------------------------------------------

    def pregnancy_on(self, day: date, ga: int) -> None:
        rng = self.rng
        if ga == 32 * 7 + 3:
            self.add_event(
                self.at(day, 20, 90),
                "reduced_movement",
                note="Baby quieter than usual this evening; called the maternity unit and went "
                "in for monitoring: all fine.",
            )
        if ga == 38 * 7 + 1:
            self.add_event(self.at(day, 7, 120), "mucus_plug")
        before_last_days = day <= self.today - timedelta(days=2)
        if PRACTICE_FROM_GA_DAYS <= ga < TERM_GA_DAYS and rng.random() < 1 / 8:
            # Practice tightenings: 3–5, 12–20 minutes apart (never the 4-in-20 / 6-in-60 of P3).
            self.session(self.at(day, 19, 150), rng.randint(3, 5), (12, 20), (25, 45), "mild")
        elif ga >= TERM_GA_DAYS and before_last_days and rng.random() < 1 / 4:
            # An evening of irregular tightenings at term, 7–15 minutes apart, that fades.
            self.session(self.at(day, 19, 150), rng.randint(6, 10), (7, 15), (35, 55), "moderate")

    def add_event(self, occurred: datetime, kind: str, note: str = "") -> None:
        if self.past(occurred):
            self.demo.events.append(
                EventCreate.model_validate({"occurred_at": occurred, "kind": kind, "note": note})
            )

    def session(
        self,
        start: datetime,
        count: int,
        gap_min: tuple[float, float],
        length_s: tuple[int, int],
        intensity: str,
    ) -> None:
        moment = start
        for _ in range(count):
            self.add_contraction(moment, self.rng.randint(*length_s), intensity)
            moment += timedelta(minutes=self.rng.uniform(*gap_min))

    def labour_like_session(self) -> None:
        """Contractions 3–5 minutes apart lasting mostly 60–85 s for about 100 minutes, the last
        ending at least 20 minutes before now: the pattern of P1 at term."""
        rng = self.rng
        last_start = self.now - timedelta(minutes=LABOUR_SESSION_ENDS_BEFORE_NOW_MIN + 2)
        moment = last_start - timedelta(minutes=LABOUR_SESSION_MIN)
        while moment <= last_start:
            strong = moment > last_start - timedelta(minutes=40)
            length_s = rng.randint(60, 85) if rng.random() < 0.95 else rng.randint(50, 59)
            self.add_contraction(moment, length_s, "strong" if strong else "moderate")
            moment += timedelta(minutes=rng.uniform(3, 5))

    def add_contraction(self, started: datetime, length_s: int, intensity: str) -> None:
        ended = started + timedelta(seconds=length_s)
        if self.past(started) and ended <= self.now:
            location = self.rng.choice(("front", "front", "wrapping", "back"))
            self.demo.contractions.append(
                ContractionCreate.model_validate(
                    {
                        "started_at": started,
                        "ended_at": ended,
                        "intensity": intensity,
                        "location": location,
                    }
                )
            )


# --- storing and in-memory use -----------------------------------------------------------------


def has_entries(*, engine: Engine, profile: ProfileRead) -> bool:
    """Any entry of any kind, or any product in the cabinet."""
    return any(
        crud.count_entries(engine=engine, kind=kind, profile_id=profile.id) for kind in EntryKind
    ) or bool(crud.list_products(engine=engine, profile_id=profile.id))


def fill(
    *,
    engine: Engine,
    profile: ProfileRead,
    days: int,
    seed: int = 0,
    pregnant: bool = False,
    now: datetime,
) -> Demo:
    """Generate a demo diary and store it in ``profile``, all or nothing.

    Refused (``Conflict``) when the profile already has entries or products: a demo never
    mixes with a real diary.
    """
    check_days(days)
    if has_entries(engine=engine, profile=profile):
        raise Conflict(
            f"profile {profile.name!r} already has entries; the demo fills only an empty "
            "profile (use --profile NAME for a new one)"
        )
    demo = generate(days=days, seed=seed, pregnant=pregnant, now=now, timezone=profile.timezone)
    changes = dict(demo.profile_changes)
    if changes and pregnant and profile.sex is None:
        changes["sex"] = "female"
    bulk.store_diary(
        engine=engine,
        profile_id=profile.id,
        profile_values=checked_profile_values(profile, changes, now=now) if changes else None,
        entries={
            kind: getattr(demo, kind.spec.plural)
            for kind in EntryKind
            if kind != EntryKind.SUPPLEMENTS  # intakes name their product: ``intakes=``
        },
        new_products=demo.products,
        intakes=demo.intakes,
        now=now,
    )
    return demo


def as_diary(demo: Demo, profile: ProfileRead, *, now: datetime) -> Diary:
    """The demo as an in-memory ``Diary`` of ``…Read`` values with ids 1, 2, … per kind."""
    stamps = {"created_at": now, "updated_at": now}
    person = profile.model_copy(update=demo.profile_changes)
    products = [
        ProductRead.model_validate(p.model_dump() | stamps | {"id": i})
        for i, p in enumerate(demo.products, start=1)
    ]
    ids = {p.name: p.id for p in products}

    def read(model: Any, values: list[Any]) -> list[Any]:
        return [
            model.model_validate(v.model_dump() | stamps | {"id": i})
            for i, v in enumerate(values, start=1)
        ]

    intakes = [
        IntakeRead.model_validate(
            intake.model_dump() | stamps | {"id": i, "product_id": ids[name], "product_name": name}
        )
        for i, (name, intake) in enumerate(demo.intakes, start=1)
    ]
    return Diary.of(
        person,
        cramps=cast(list[CrampRead], read(CrampRead, demo.cramps)),
        drinks=cast(list[DrinkRead], read(DrinkRead, demo.drinks)),
        intakes=intakes,
        products=products,
        contractions=cast(list[ContractionRead], read(ContractionRead, demo.contractions)),
        events=cast(list[EventRead], read(EventRead, demo.events)),
    )
