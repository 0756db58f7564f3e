"""Everything the rules read, as plain sorted values, with the helpers every rule family needs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, NoReturn, TypeVar

from sqlalchemy.engine import Engine

from db import crud
from tracker.core.kinds import EntryKind
from tracker.core.models import (
    ContractionRead,
    CrampRead,
    DrinkRead,
    EventRead,
    IntakeRead,
    ProductRead,
    ProfileRead,
)
from tracker.core.timeutil import gestational_age_days, local_date, local_day_bounds, zone
from tracker.core.vocabulary import BACK_REGIONS, LEG_REGIONS


class NotRead(tuple[Any, ...]):
    """The entries of a kind that a bounded read left out, because none of the rules it was
    read for declares that kind (``RuleSpec.reads``). Reading them fails loudly instead of
    looking like an empty diary, so a rule that reads what it did not declare is caught by the
    first test that runs it on a bounded diary."""

    def _refuse(self) -> NoReturn:
        raise LookupError(
            "these entries were not read: the rule reads a kind its @rule(reads=...) does not name"
        )

    def __iter__(self) -> NoReturn:
        self._refuse()

    def __len__(self) -> NoReturn:
        self._refuse()

    def __bool__(self) -> NoReturn:
        self._refuse()

    def __getitem__(self, index: Any) -> NoReturn:
        self._refuse()

    def __repr__(self) -> str:
        return "NOT_READ"


NOT_READ = NotRead()
"""The one ``NotRead``: what a bounded diary holds for a kind no rule in question reads."""

E = TypeVar("E")


def _kept(entries: tuple[E, ...], keep: Callable[[E], bool]) -> tuple[E, ...]:
    """``entries`` that ``keep`` accepts; ``NOT_READ`` stays as it is."""
    return entries if isinstance(entries, NotRead) else tuple(e for e in entries if keep(e))


def _sorted(entries: Sequence[E], key: Callable[[E], Any]) -> tuple[E, ...]:
    return entries if isinstance(entries, NotRead) else tuple(sorted(entries, key=key))


def listed_since(
    cramps: Iterable[CrampRead], since: datetime, symptoms: frozenset[str]
) -> frozenset[str]:
    """Those of ``symptoms`` listed by an episode of ``cramps`` from ``since`` on: the ones
    whose earlier episodes a bounded read needs (``ReadBounds.cramps_with``). A rule reading
    every episode with a symptom (B7) begins a run only at such an episode and names only such
    episodes up to it, so with none from ``since`` on it gives no flag first met from the
    window's start (which is not before ``since``) and none naming an entry of the window."""
    wanted = set(symptoms)
    found: set[str] = set()
    for episode in cramps:
        if wanted and episode.started_at >= since:
            listed = {str(s) for s in episode.symptoms} & wanted
            found |= listed
            wanted -= listed
    return frozenset(found)


@dataclass(frozen=True)
class Diary:
    """One profile's entries, each list sorted by time then id (rules may rely on it)."""

    profile: ProfileRead
    cramps: tuple[CrampRead, ...] = ()
    drinks: tuple[DrinkRead, ...] = ()
    intakes: tuple[IntakeRead, ...] = ()
    products: tuple[ProductRead, ...] = ()
    contractions: tuple[ContractionRead, ...] = ()
    events: tuple[EventRead, ...] = ()

    @classmethod
    def of(
        cls,
        profile: ProfileRead,
        *,
        cramps: Sequence[CrampRead] = (),
        drinks: Sequence[DrinkRead] = (),
        intakes: Sequence[IntakeRead] = (),
        products: Sequence[ProductRead] = (),
        contractions: Sequence[ContractionRead] = (),
        events: Sequence[EventRead] = (),
    ) -> Diary:
        """A diary from entries in any order (sorted here, so results never depend on it);
        a kind given as ``NOT_READ`` stays so."""
        return cls(
            profile=profile,
            cramps=_sorted(cramps, key=lambda e: (e.started_at, e.id)),
            drinks=_sorted(drinks, key=lambda e: (e.taken_at, e.id)),
            intakes=_sorted(intakes, key=lambda e: (e.taken_at, e.id)),
            products=_sorted(products, key=lambda p: p.id),
            contractions=_sorted(contractions, key=lambda e: (e.started_at, e.id)),
            events=_sorted(events, key=lambda e: (e.occurred_at, e.id)),
        )

    def until(self, at: datetime) -> Diary:
        """Only what is stamped at or before ``at`` (a contraction still running at ``at``
        is kept, without its end)."""
        contractions = _kept(self.contractions, lambda e: e.started_at <= at)
        return replace(
            self,
            cramps=_kept(self.cramps, lambda e: e.started_at <= at),
            drinks=_kept(self.drinks, lambda e: e.taken_at <= at),
            intakes=_kept(self.intakes, lambda e: e.taken_at <= at),
            contractions=contractions
            if isinstance(contractions, NotRead)
            else tuple(
                e
                if e.ended_at is None or e.ended_at <= at
                else e.model_copy(update={"ended_at": None})
                for e in contractions
            ),
            events=_kept(self.events, lambda e: e.occurred_at <= at),
        )

    def bounded(
        self,
        since: datetime | None,
        cramps_with: frozenset[str] = frozenset(),
        drink_days: int = 0,
        kinds: frozenset[EntryKind] = frozenset(EntryKind),
    ) -> Diary:
        """What a bounded read gives (``service.load_bounded``): cramp episodes, drinks and
        intakes from ``since`` on, plus earlier episodes listing one of ``cramps_with`` that an
        episode from ``since`` on lists too (``listed_since``), and
        the drinks of the last ``drink_days`` local days with drinks before ``since``;
        contractions, events and products whole; a kind not in ``kinds`` as ``NOT_READ``."""
        cut = self
        if since is not None:
            before = (d.taken_at for d in reversed(self.drinks) if d.taken_at < since)
            drinks_since = nth_day_start(before, drink_days, self.tz) if drink_days else since
            older_with = listed_since(self.cramps, since, cramps_with)
            cut = replace(
                self,
                cramps=tuple(
                    e
                    for e in self.cramps
                    if e.started_at >= since or {str(s) for s in e.symptoms} & older_with
                ),
                drinks=tuple(
                    e for e in self.drinks if drinks_since is None or e.taken_at >= drinks_since
                ),
                intakes=tuple(e for e in self.intakes if e.taken_at >= since),
            )
        unread: dict[str, Any] = {k.spec.plural: NOT_READ for k in EntryKind if k not in kinds}
        return replace(cut, **unread) if unread else cut

    # --- helpers shared by the rule families -------------------------------------------------

    @property
    def tz(self) -> str:
        return self.profile.timezone

    def local_day(self, moment: datetime) -> date:
        return local_date(moment, self.tz)

    def ga_days(self, moment: datetime) -> int | None:
        """Gestational age in days at ``moment`` (on its local day), None without a due date."""
        if self.profile.due_date is None:
            return None
        return gestational_age_days(self.profile.due_date, self.local_day(moment))

    def pregnant_at(self, moment: datetime) -> bool:
        """A due date is set and GA ≥ 0 at ``moment`` (when every P* rule applies)."""
        ga = self.ga_days(moment)
        return ga is not None and ga >= 0

    def age_in(self, year: int) -> int | None:
        """Age reached in ``year`` (from ``birth_year``), None when not given."""
        if self.profile.birth_year is None:
            return None
        return year - self.profile.birth_year

    def product(self, product_id: int) -> ProductRead | None:
        return next((p for p in self.products if p.id == product_id), None)

    def entries(self, kind: EntryKind) -> tuple[Any, ...]:
        entries: tuple[Any, ...] = getattr(self, kind.spec.plural)
        return entries


def nth_day_start(times_newest_first: Iterable[datetime], n: int, tz_name: str) -> datetime | None:
    """The start of the ``n``-th most recent local day among ``times`` (newest first), once a
    time of an older day shows that day is complete; None when the times span ``n`` days or
    fewer (then every one of them is needed)."""
    tz = zone(tz_name)
    seen: list[date] = []
    for moment in times_newest_first:
        day = moment.astimezone(tz).date()
        if not seen or day != seen[-1]:
            seen.append(day)
            if len(seen) > n:
                return local_day_bounds(seen[n - 1], tz_name)[0]
    return None


def is_back(cramp: CrampRead) -> bool:
    return cramp.region in BACK_REGIONS


def is_leg(cramp: CrampRead) -> bool:
    return cramp.region in LEG_REGIONS


def within(a: datetime, b: datetime, hours: float) -> bool:
    """``a`` and ``b`` at most ``hours`` apart, either way (inclusive, red-flags.md)."""
    return abs(a - b) <= timedelta(hours=hours)


def load_diary(
    *,
    engine: Engine,
    profile: ProfileRead,
    since: datetime | None = None,
    kinds: frozenset[EntryKind] = frozenset(EntryKind),
) -> Diary:
    """Read a profile's diary from the store (entries from ``since`` on, when given; only
    ``kinds``, the others ``NOT_READ``)."""

    def rows(kind: EntryKind) -> Sequence[Any]:
        if kind not in kinds:
            return NOT_READ
        return crud.list_entries(engine=engine, kind=kind, profile_id=profile.id, start=since)

    return Diary.of(
        profile,
        products=crud.list_products(engine=engine, profile_id=profile.id),
        **{kind.spec.plural: rows(kind) for kind in EntryKind},
    )
