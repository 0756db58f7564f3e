"""What the pages ask of the red-flag engine: flags now, the emergency banner, new flags after a
save, the Flags page's listing, and acknowledgements. Pure Python (no Streamlit).

A flag is named by ``(rule, time first met)``; an acknowledgement stores that pair with the
time the person acknowledged it (``db.acks``), so it holds however often the rules run again.
Editing an entry's time moves its flag, which then counts as a new flag.

Speed: the frame asks for ``unacknowledged_emergencies`` on every page render, so that reads
only the last ``BANNER_DAYS`` (plus the longest look-back of an emergency rule) and runs only
the rules that can give an emergency. Today's urgent callouts and the check after a save run
only urgent and emergency rules over a bounded read (``alert_bounds``): each rule declares how
far back it reads (``@rule(lookback=…)``), so cramp episodes, drinks and intakes are read from
twice the longest look-back before the window, plus B7's every episode with leg numbness (its
look-back has no limit), and contractions and events whole. The Flags page reads the whole
diary.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from db import acks, crud
from tracker.core.errors import InvalidEntry, NotFound
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.entries.journal import validate
from tracker.entries.timeline import entry_time, summarize
from tracker.flags.diary import NOT_READ, Diary, listed_since, load_diary, nth_day_start
from tracker.flags.engine import RULES, evaluate, in_window
from tracker.flags.model import EntryRef, Flag, Severity
from tracker.flags.registry import ReadBounds, read_bounds

LISTING_DAYS = 14
"""Flags listed by default: those first met in the last 14 days (red-flags.md, Evaluation)."""

MAX_LISTING_DAYS = 90
"""The longest window the Flags page offers."""

BANNER_DAYS = 14
"""An emergency flag stays on the banner until acknowledged, or until it is this many days old
(it is then still listed on the Flags page). Same window as the listing."""

EMERGENCY_LOOKBACK = timedelta(hours=24)
"""The longest look-back of any emergency rule (P6: 2 h; P7 and L2: 24 h either side)."""

URGENT_NOW = frozenset({Severity.EMERGENCY, Severity.URGENT})
"""The severities a person is told about at once (banner, callouts)."""

PREVIEW_ID = -1
"""Id of an entry not stored yet (``flags_if_logged``); real ids start at 1."""

FlagKey = tuple[str, datetime]


def flag_key(flag: Flag) -> FlagKey:
    """What names a flag in the acknowledgements: its rule and the time it was first met."""
    return (flag.rule, flag.at)


def rules_giving(severities: Collection[Severity]) -> list[str]:
    """Ids of the registered rules that can give one of ``severities`` (``RuleSpec``)."""
    return [spec.id for spec in RULES.values() if set(spec.severities) & set(severities)]


def _evaluate(diary: Diary, now: datetime, severities: Collection[Severity] | None) -> list[Flag]:
    if severities is None:
        return evaluate(diary, now)
    flags = evaluate(diary, now, rules=rules_giving(severities))
    return [f for f in flags if f.severity in severities]


BOUNDED_KINDS = frozenset({EntryKind.CRAMPS, EntryKind.HYDRATION, EntryKind.SUPPLEMENTS})
"""The large tables a bounded read cuts (``ReadBounds``); contractions and events are few."""


def load_bounded(engine: Engine, profile: ProfileRead, bounds: ReadBounds) -> Diary:
    """The diary as ``bounds`` says (``Diary.bounded`` in memory, here in SQL): of the kinds
    ``bounds.kinds`` only (the others ``NOT_READ``), cramp episodes, drinks and intakes from
    ``bounds.since``, earlier episodes listing a symptom of ``bounds.cramps_with`` when an
    episode from ``bounds.since`` lists it too (``diary.listed_since``: B7's every episode with
    leg numbness, ~200 rows at ten heavy years, is read only when one is recent),
    contractions and events whole."""
    starts: dict[EntryKind, datetime | None] = {}
    if bounds.since is not None:
        starts = {kind: bounds.since for kind in BOUNDED_KINDS}
        if bounds.drink_days and EntryKind.HYDRATION in bounds.kinds:
            starts[EntryKind.HYDRATION] = nth_day_start(
                _drink_times_before(engine, profile, bounds.since),
                bounds.drink_days,
                profile.timezone,
            )

    def rows(kind: EntryKind) -> Sequence[Any]:
        if kind not in bounds.kinds:
            return NOT_READ
        since = starts.get(kind)
        return crud.list_entries(engine=engine, kind=kind, profile_id=profile.id, start=since)

    parts = {kind.spec.plural: rows(kind) for kind in EntryKind}
    if bounds.since is not None and EntryKind.CRAMPS in bounds.kinds:
        older: dict[int, Any] = {}
        for symptom in sorted(listed_since(parts["cramps"], bounds.since, bounds.cramps_with)):
            for episode in crud.list_entries(
                engine=engine,
                kind=EntryKind.CRAMPS,
                profile_id=profile.id,
                end=bounds.since,
                with_symptom=symptom,
            ):
                older[int(getattr(episode, "id"))] = episode  # noqa: B009
        parts["cramps"] = [*older.values(), *parts["cramps"]]
    products = crud.list_products(engine=engine, profile_id=profile.id)
    return Diary.of(profile, products=products, **parts)


DRINK_PAGE = 200
"""Drinks read at a time while looking for the start of the last days with drinks."""


def _drink_times_before(
    engine: Engine, profile: ProfileRead, before: datetime
) -> Iterator[datetime]:
    """The times of the drinks before ``before``, newest first, read a page at a time (a few
    pages find the last week of days with drinks)."""
    end = before
    while True:
        page = crud.list_entries(
            engine=engine,
            kind=EntryKind.HYDRATION,
            profile_id=profile.id,
            end=end,
            newest_first=True,
            limit=DRINK_PAGE,
        )
        yield from (entry_time(EntryKind.HYDRATION, d) for d in page)
        if len(page) < DRINK_PAGE:
            return
        # The next page ends before the oldest time read: drinks sharing that instant and not
        # read yet are skipped, but only their local day matters here, and it is counted.
        end = entry_time(EntryKind.HYDRATION, page[-1])


def alert_bounds(now: datetime, start: datetime | None = None) -> ReadBounds:
    """What the urgent and emergency rules need for flags first met from ``start`` (default:
    the banner's ``BANNER_DAYS``) until ``now``."""
    first = now - timedelta(days=BANNER_DAYS) if start is None else start
    return read_bounds((RULES[r] for r in rules_giving(URGENT_NOW)), first)


def _alert_diary(
    engine: Engine, profile: ProfileRead, now: datetime, start: datetime | None = None
) -> Diary:
    """What the urgent and emergency rules read (``alert_bounds``)."""
    return load_bounded(engine, profile, alert_bounds(now, start))


def alert_flags(
    engine: Engine, profile: ProfileRead, now: datetime, start: datetime | None = None
) -> list[Flag]:
    """The urgent and emergency flags, newest first, from a bounded read (``alert_bounds``):
    complete for every flag first met from ``start`` (default: the last ``BANNER_DAYS``) and
    for every flag whose evidence includes an entry stamped from ``start`` on (a property test
    holds this against the whole diary). One evaluation from which Today's callouts and the
    flags of a saved entry are both taken (``urgent_recent``, ``involving``), so a page can
    compute it once per data version."""
    return _evaluate(_alert_diary(engine, profile, now, start), now, URGENT_NOW)


def involving(flags: Iterable[Flag], entries: Iterable[EntryRef]) -> list[Flag]:
    """The ``flags`` whose evidence includes one of ``entries``."""
    wanted = set(entries)
    return [f for f in flags if wanted & set(f.evidence)]


def urgent_recent(flags: Iterable[Flag], now: datetime, days: float = LISTING_DAYS) -> list[Flag]:
    """The urgent ``flags`` first met in the last ``days`` (at most ``BANNER_DAYS``)."""
    urgent = [f for f in flags if f.severity == Severity.URGENT]
    return in_window(urgent, now, min(days, BANNER_DAYS))


def current_flags(
    engine: Engine,
    profile: ProfileRead,
    now: datetime,
    days: float = LISTING_DAYS,
    *,
    severities: Collection[Severity] | None = None,
) -> list[Flag]:
    """Flags first met in ``[now − days, now]``, newest first (only ``severities``, if given),
    from a bounded read (``diary_from``)."""
    rules = None if severities is None else rules_giving(severities)
    diary = diary_from(engine, profile, now - timedelta(days=days), rules)
    return in_window(_evaluate(diary, now, severities), now, days)


def diary_from(
    engine: Engine, profile: ProfileRead, start: datetime, rules: Iterable[str] | None = None
) -> Diary:
    """What ``rules`` (default: all) read to find every flag first met from ``start`` on, and
    every flag naming an entry stamped from then: about twice the longest look-back before
    ``start`` (``read_bounds``), not the whole diary."""
    chosen = RULES.values() if rules is None else [RULES[r] for r in rules]
    return load_bounded(engine, profile, read_bounds(chosen, start))


def acknowledgements(
    engine: Engine, profile: ProfileRead, *, since: datetime | None = None
) -> dict[FlagKey, acks.Acknowledgement]:
    """The profile's acknowledgements by flag key (flags first met from ``since`` on)."""
    found = acks.list_acknowledgements(engine=engine, profile_id=profile.id, since=since)
    return {ack.key: ack for ack in found}


def unacknowledged(
    engine: Engine, profile: ProfileRead, flags: Iterable[Flag], *, since: datetime | None = None
) -> list[Flag]:
    """``flags`` without those acknowledged (``since``: the oldest flag time worth reading)."""
    done = acknowledgements(engine, profile, since=since)
    return [f for f in flags if flag_key(f) not in done]


def unacknowledged_emergencies(engine: Engine, profile: ProfileRead, now: datetime) -> list[Flag]:
    """Emergency flags of the last ``BANNER_DAYS`` not acknowledged yet, newest first.

    Fast enough for every page render: reads ``BANNER_DAYS`` + ``EMERGENCY_LOOKBACK`` of diary
    and runs only the rules that can give an emergency."""
    start = now - timedelta(days=BANNER_DAYS)
    rules = rules_giving({Severity.EMERGENCY})
    kinds = frozenset(k for r in rules for k in RULES[r].reads)
    diary = load_diary(
        engine=engine, profile=profile, since=start - EMERGENCY_LOOKBACK, kinds=kinds
    )
    flags = in_window(_evaluate(diary, now, {Severity.EMERGENCY}), now, BANNER_DAYS)
    return unacknowledged(engine, profile, flags, since=start) if flags else []


def pregnancy_rules_giving(severities: Collection[Severity]) -> list[str]:
    """The pregnancy rules (red-flags.md's P1–P10) that can give one of ``severities``."""
    return [r for r in rules_giving(severities) if r.startswith("P")]


def unacknowledged_pregnancy_urgent(
    engine: Engine, profile: ProfileRead, now: datetime
) -> list[Flag]:
    """Urgent pregnancy flags of the last ``BANNER_DAYS`` not acknowledged yet, newest first:
    shown on every page, as emergencies are (waters broken, bleeding, baby moving less: they
    cannot wait for the person to open Today). None without a due date.

    The contraction patterns (P1–P3) are left to the timer page, where contractions are timed
    and its go-in guidance says the same at once, and to Today's callouts: evaluating them over
    a labour's contractions on every tap of the big button cost ~50 ms (make bench)."""
    if profile.due_date is None:
        return []
    start = now - timedelta(days=BANNER_DAYS)
    rules = [
        r
        for r in pregnancy_rules_giving({Severity.URGENT})
        if EntryKind.CONTRACTIONS not in RULES[r].reads
    ]
    diary = diary_from(engine, profile, start, rules)
    found = [f for f in evaluate(diary, now, rules=rules) if f.severity == Severity.URGENT]
    flags = in_window(found, now, BANNER_DAYS)
    return unacknowledged(engine, profile, flags, since=start) if flags else []


def unacknowledged_urgent(
    engine: Engine, profile: ProfileRead, now: datetime, days: float = LISTING_DAYS
) -> list[Flag]:
    """Urgent flags of the last ``days`` (at most ``BANNER_DAYS``) not acknowledged yet, newest
    first (Today's callouts)."""
    days = min(days, BANNER_DAYS)
    flags = urgent_recent(alert_flags(engine, profile, now), now, days)
    return unacknowledged(engine, profile, flags, since=now - timedelta(days=days)) if flags else []


def _stamped_at(engine: Engine, profile: ProfileRead, ref: EntryRef) -> datetime | None:
    """The time of the entry ``ref`` names (None when it no longer exists)."""
    kind = EntryKind(ref.kind)
    try:
        entry = crud.get_entry(engine=engine, kind=kind, profile_id=profile.id, entry_id=ref.id)
    except NotFound:
        return None
    return entry_time(kind, entry)


def flags_for_entries(
    engine: Engine,
    profile: ProfileRead,
    now: datetime,
    entries: Iterable[EntryRef],
    *,
    severities: Collection[Severity] = URGENT_NOW,
) -> list[Flag]:
    """Flags of ``severities`` whose evidence includes one of ``entries`` (e.g. the entry just
    saved), newest first."""
    wanted = list(entries)
    if set(severities) <= URGENT_NOW:
        times = [_stamped_at(engine, profile, ref) for ref in wanted]
        start = min([now - timedelta(days=BANNER_DAYS), *(m for m in times if m is not None)])
        alert = alert_flags(engine, profile, now, start)
        return involving((f for f in alert if f.severity in severities), wanted)
    diary = load_diary(engine=engine, profile=profile)
    return involving(_evaluate(diary, now, severities), wanted)


def flags_if_logged(
    engine: Engine,
    profile: ProfileRead,
    now: datetime,
    kind: EntryKind,
    values: Mapping[str, Any],
    *,
    severities: Collection[Severity] = frozenset({Severity.EMERGENCY}),
) -> list[Flag]:
    """The flags of ``severities`` that logging ``values`` now would raise, with the recent
    diary (``EMERGENCY_LOOKBACK`` of it) taken into account. Nothing is stored; values that
    would not validate raise no flag."""
    try:
        entry = validate(kind.spec.create, values)
    except InvalidEntry:
        return []
    read = kind.spec.read.model_validate(
        entry, update={"id": PREVIEW_ID, "created_at": now, "updated_at": now}
    )
    diary = load_diary(engine=engine, profile=profile, since=now - EMERGENCY_LOOKBACK)
    field = kind.spec.plural
    parts = {k.spec.plural: getattr(diary, k.spec.plural) for k in EntryKind}
    parts[field] = (*parts[field], read)
    with_entry = Diary.of(profile, products=diary.products, **parts)
    ref = EntryRef(kind, PREVIEW_ID)
    return [f for f in _evaluate(with_entry, now, severities) if ref in f.evidence]


def acknowledge(
    engine: Engine, profile: ProfileRead, flag: Flag, now: datetime
) -> acks.Acknowledgement:
    """Store that the person acknowledged ``flag`` at ``now`` (a second time keeps the first)."""
    return acks.acknowledge(
        engine=engine, profile_id=profile.id, rule=flag.rule, flag_at=flag.at, now=now
    )


# --- the Flags page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """An entry that met a rule, as a person reads it."""

    ref: EntryRef
    at: datetime
    summary: str


@dataclass(frozen=True)
class FlagGroup:
    """Every listed flag of one rule, newest first, with the evidence of the latest."""

    flags: tuple[Flag, ...]
    evidence: tuple[Evidence, ...]
    acknowledged: Mapping[FlagKey, acks.Acknowledgement]

    @property
    def latest(self) -> Flag:
        return self.flags[0]

    @property
    def rule(self) -> str:
        return self.latest.rule

    @property
    def count(self) -> int:
        return len(self.flags)

    @property
    def severity(self) -> Severity:
        """The most serious severity among the group's flags."""
        return min((f.severity for f in self.flags), key=lambda s: s.rank)

    def acknowledgement(self, flag: Flag) -> acks.Acknowledgement | None:
        return self.acknowledged.get(flag_key(flag))


def _evidence(diary: Diary, flag: Flag) -> tuple[Evidence, ...]:
    found = []
    for ref in flag.evidence:
        entry = next((e for e in diary.entries(ref.kind) if e.id == ref.id), None)
        if entry is not None:
            summary = summarize(ref.kind, entry, diary.profile.units)
            found.append(Evidence(ref, entry_time(ref.kind, entry), summary))
    return tuple(sorted(found, key=lambda e: (e.at, e.ref)))


def flag_groups(
    engine: Engine,
    profile: ProfileRead,
    now: datetime,
    days: float = LISTING_DAYS,
    *,
    severities: Collection[Severity] = tuple(Severity),
) -> list[FlagGroup]:
    """The Flags page: flags first met in the last ``days``, grouped by rule, most serious and
    then most recent first. Emergencies are always listed, whatever ``severities`` says."""
    shown = {*severities, Severity.EMERGENCY}
    diary = diary_from(engine, profile, now - timedelta(days=days))
    flags = [f for f in in_window(evaluate(diary, now), now, days) if f.severity in shown]
    done = acknowledgements(engine, profile, since=now - timedelta(days=days)) if flags else {}
    by_rule: dict[str, list[Flag]] = {}
    for flag in flags:  # newest first already
        by_rule.setdefault(flag.rule, []).append(flag)
    groups = [
        FlagGroup(
            flags=tuple(group),
            evidence=_evidence(diary, group[0]),
            acknowledged={k: v for k, v in done.items() if k[0] == rule},
        )
        for rule, group in by_rule.items()
    ]
    return sorted(groups, key=lambda g: (g.severity.rank, -g.latest.at.timestamp(), g.rule))
