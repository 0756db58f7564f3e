"""The rule registry: a flag is built from its rule's spec, so a rule's id, severity set and
sources are written once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from tests.tracker.flags import builders as b
from tests.tracker.flags.test_import_graph import spec_ids
from tracker.core.kinds import EntryKind
from tracker.flags import EntryRef, Flag, Severity
from tracker.flags.registry import RULES, RuleSpec

AT = b.utc(2026, 3, 1, 12)
EVIDENCE = (EntryRef(EntryKind.CRAMPS, 2), EntryRef(EntryKind.CRAMPS, 1))


def no_flags(diary: object, at: datetime) -> Iterator[Flag]:
    yield from ()


def spec(*severities: Severity) -> RuleSpec:
    return RuleSpec("X1", "Test rule", severities, ("a source", "another"), no_flags)


# --- spec.flag ---------------------------------------------------------------------------------


def test_a_flag_takes_its_rule_id_its_only_severity_and_the_sources_from_the_spec() -> None:
    flag = spec(Severity.URGENT).flag(at=AT, evidence=EVIDENCE, title="Title", advice="Advice.")

    assert flag == Flag(
        rule="X1",
        severity=Severity.URGENT,
        title="Title",
        advice="Advice.",
        at=AT,
        evidence=EVIDENCE,
        sources=("a source", "another"),
    )


def test_a_rule_with_several_severities_names_one_of_them() -> None:
    several = spec(Severity.URGENT, Severity.EMERGENCY)

    flag = several.flag(at=AT, evidence=(), title="T", advice="A", severity=Severity.EMERGENCY)

    assert flag.severity is Severity.EMERGENCY
    with pytest.raises(ValueError, match="X1 can give urgent or emergency: name the severity"):
        several.flag(at=AT, evidence=(), title="T", advice="A")


def test_a_severity_outside_the_declared_set_is_an_error() -> None:
    several = spec(Severity.URGENT, Severity.EMERGENCY)

    with pytest.raises(ValueError, match="X1 cannot give routine"):
        several.flag(at=AT, evidence=(), title="T", advice="A", severity=Severity.ROUTINE)


def test_a_rule_with_one_severity_does_not_repeat_it() -> None:
    with pytest.raises(ValueError, match="X1 gives only urgent: leave severity out"):
        spec(Severity.URGENT).flag(
            at=AT, evidence=(), title="T", advice="A", severity=Severity.URGENT
        )


def test_a_spec_without_severities_or_sources_is_refused() -> None:
    with pytest.raises(ValueError, match="X1 declares no severity"):
        spec()
    with pytest.raises(ValueError, match="X1 cites no source"):
        RuleSpec("X1", "Test rule", (Severity.INFO,), (), no_flags)


def test_the_registry_holds_every_rule_of_the_spec_each_under_its_own_id() -> None:
    assert set(RULES) == set(spec_ids())
    for rule_id, registered in RULES.items():
        assert registered.id == rule_id
        assert registered.severities and registered.sources
