"""Issue 11, items 7 and 8: one measure (the median of the last 6 intervals or durations of the
session), the go-in rule as a checklist of its three parts, and the share text a midwife reads.

Every expected value below is worked out by hand in the comment beside it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.tracker.flags.builders import contraction, event, local, utc
from tracker.core.models import ContractionRead
from tracker.entries.profile import LabourRule
from tracker.labour.sessions import (
    TYPICAL_OF_LAST,
    rule_checklist,
    typical_duration,
    typical_interval,
)
from tracker.labour.summary import EVENTS_BEFORE_SESSION, share_text

T0 = utc(2026, 3, 1, 21, 40)  # Europe/London is on GMT on 1 March: 21:40 local
S = timedelta(seconds=1)
M = timedelta(minutes=1)
LONDON = "Europe/London"
FIRST_BABY = LabourRule(5, 60, 60, from_profile=False)
OWN_411 = LabourRule(4, 60, 60, from_profile=True)


def series(
    start: datetime, gaps_s: list[float], lengths_s: list[float | None] | float | None = 60
) -> list[ContractionRead]:
    starts = [start]
    for gap in gaps_s:
        starts.append(starts[-1] + timedelta(seconds=gap))
    lengths = lengths_s if isinstance(lengths_s, list) else [lengths_s] * len(starts)
    return [contraction(at, length) for at, length in zip(starts, lengths, strict=True)]


def every(gap_s: float, count: int, start: datetime = T0, length_s: float | None = 60) -> list:
    return series(start, [gap_s] * (count - 1), length_s)


# --- the single measure --------------------------------------------------------------------------


def test_the_measure_is_the_median_of_the_last_six_intervals_of_the_latest_session() -> None:
    assert TYPICAL_OF_LAST == 6
    # Eight gaps; the last six are 240 250 260 900 270 280 → sorted 240 250 260 270 280 900,
    # median (260 + 270) / 2 = 265 s. (Their mean, 366.7 s, is what one long gap drags up.)
    made = series(T0, [600, 600, 240, 250, 260, 900, 270, 280], 60)
    earlier = every(200, 5, start=T0 - 5 * 60 * M)  # an earlier session: never counted
    found = typical_interval([*earlier, *made])
    assert (found.seconds, found.of) == (265, 6)
    assert found.label("interval") == "Typical interval (median of last 6)"
    assert found.words == "4 min 25 s"


def test_fewer_than_six_say_how_many_and_running_ones_have_no_duration() -> None:
    made = series(T0, [300, 280], [50, 55, None])  # finished: 50, 55 → median 52.5
    lengths = typical_duration(made)
    assert (lengths.seconds, lengths.of) == (52.5, 2)
    assert lengths.label("length") == "Typical length (median of last 2)"
    gaps = typical_interval(made)  # 300, 280 → 290
    assert (gaps.seconds, gaps.of) == (290, 2)
    one = typical_interval(made[:1])
    assert (one.seconds, one.of, one.words) == (None, 0, "–")
    assert one.label("interval") == "Typical interval (none yet)"
    assert typical_interval(made[:2]).label("interval") == "Typical interval (the last one)"


# --- the checklist -------------------------------------------------------------------------------


def test_checklist_of_a_pattern_that_has_held_38_of_60_minutes() -> None:
    # Nine starts 250 s apart, 65 s each: typical 250 s ≤ 300 ✓, 65 ≥ 60 ✓. The stretch spans
    # 8 × 250 s = 33 min 20 s; P1 allows one more interval (5 min): 38 min 20 s of 60.
    made = every(250, 9, length_s=65)
    check = rule_checklist(made, FIRST_BABY, made[-1].started_at + 2 * M)
    assert [p.ok for p in check.parts] == [True, True, False]
    assert check.line == "every ≤ 5 min ✓ · lasting ≥ 60 s ✓ · for 60 min: 38 of 60 ✗"
    assert not check.met
    assert check.interval.seconds == 250 and check.duration.seconds == 65


def test_checklist_fails_on_the_parts_that_fail_with_the_persons_own_rule() -> None:
    # 4-1-1 set by the person: 270 s apart is not ≤ 240 s; 70 s long is ≥ 60 s; nothing held.
    made = every(270, 8, length_s=70)
    check = rule_checklist(made, OWN_411, made[-1].started_at + M)
    assert check.line == "every ≤ 4 min ✗ · lasting ≥ 60 s ✓ · for 60 min: 0 of 60 ✗"
    assert str(check.rule) == "4-1-1"


def test_checklist_short_contractions_and_nothing_timed() -> None:
    made = every(240, 6, length_s=45)  # close enough together, too short: nothing holds
    check = rule_checklist(made, FIRST_BABY, made[-1].started_at + M)
    assert check.line == "every ≤ 5 min ✓ · lasting ≥ 60 s ✗ · for 60 min: 0 of 60 ✗"
    empty = rule_checklist([], FIRST_BABY, T0)
    assert empty.line == (
        "every ≤ 5 min (not known yet) · lasting ≥ 60 s (not known yet) · for 60 min: 0 of 60 ✗"
    )
    assert [p.ok for p in empty.parts] == [None, None, False]


def test_checklist_across_the_autumn_clock_change_keeps_four_minute_intervals() -> None:
    # Europe/London, 25 Oct 2026: 01:00–02:00 happens twice. 25 starts 240 s apart from 00:52
    # BST end at 01:28 GMT, 96 real minutes later: every interval is 4 minutes, never 64 or −56.
    made = every(240, 25, start=local("2026-10-25T00:52"), length_s=70)
    assert made[-1].started_at == local("2026-10-25T01:28", fold=1)
    check = rule_checklist(made, FIRST_BABY, made[-1].started_at + 2 * M)
    assert check.interval.seconds == 240 and check.interval.words == "4 min"
    assert check.line == "every ≤ 5 min ✓ · lasting ≥ 60 s ✓ · for 60 min: 60 of 60 ✓"
    assert check.met


def test_the_checklist_is_met_exactly_when_the_rule_is() -> None:
    # 12 starts 300 s apart (55 min): P1 met (S − I reached); 11 starts: 50 + 5 = 55 of 60.
    twelve = every(300, 12)
    assert rule_checklist(twelve, FIRST_BABY, twelve[-1].started_at).met
    eleven = every(300, 11)
    check = rule_checklist(eleven, FIRST_BABY, eleven[-1].started_at)
    assert not check.met and check.sustained.text == "for 60 min: 55 of 60 ✗"


# --- the share text ------------------------------------------------------------------------------


def with_note(item: ContractionRead, note: str) -> ContractionRead:
    return item.model_copy(update={"note": note})


def labour_evening() -> tuple[list[ContractionRead], list, datetime]:
    """14 finished contractions 250 s apart from 21:40 (68 s each), then one running since
    22:38:20 (13 × 250 s = 54 min 10 s after 21:40); now is 40 s later."""
    made = every(250, 14, length_s=68)
    made[3] = with_note(made[3], "strong in my back")
    running = contraction(made[-1].started_at + 250 * S)
    now = running.started_at + 40 * S
    waters = event(T0 - 3 * 60 * M, "waters_broke", "clear")  # 18:40, before the first
    waters = waters.model_copy(update={"note": "a gush, then a trickle"})
    bleeding = event(T0 + 30 * M, "bleeding", "spotting")  # 22:10
    long_ago = event(T0 - EVENTS_BEFORE_SESSION - M, "reduced_movement")
    later = event(now + M, "bleeding", "heavy")  # after now: not known yet
    return [*made, running], [later, bleeding, long_ago, waters], now


def test_share_text_is_written_for_the_midwife_with_one_measure() -> None:
    contractions, events, now = labour_evening()
    text = share_text(
        contractions, now=now, tz_name=LONDON, rule=FIRST_BABY, events=events, name="Anna"
    )
    lines = text.splitlines()
    assert lines[0] == "Contraction timings from Anna, Sun 1 Mar 2026 (local times, Europe/London)"
    assert lines[1] == (
        "Since 21:40: 15 contractions, typically 4 min 10 s apart and lasting 68 s "
        "(medians of the last 6)."
    )
    assert "The latest started at 22:38 and is still going (0:40 so far)." in lines
    assert (
        "Go-in rule 5-1-1 (the app's default: every 5 minutes or less, each lasting 60 seconds "
        "or more, for 60 minutes): every ≤ 5 min ✓ · lasting ≥ 60 s ✓ · for 60 min: 60 of 60 ✓"
    ) in lines
    assert "The 5-1-1 pattern is met: it has held for 60 minutes." in lines
    events_at = lines.index("Events:")
    assert lines[events_at + 1 : events_at + 3] == [
        "- 18:40 Waters broke: clear or pale. Note: a gush, then a trickle",
        "- 22:10 Bleeding: spotting",
    ]
    notes_at = lines.index("Notes on contractions:")
    assert lines[notes_at + 1] == "- 21:52 strong in my back"  # 3 × 250 s = 12 min 30 s
    assert "heavy" not in text.lower() and "moving less" not in text.lower()
    # Addressed to the reader: never "you"/"your"; never a diagnosis.
    words = text.lower().replace(",", " ").replace(".", " ").split()
    assert "you" not in words and "your" not in words
    assert "in labour" not in text.lower() and "diagnos" not in lines[-1].lower().replace(
        "not a diagnosis", ""
    )
    assert lines[-1] == (
        "Timed with Cramp Tracker, a timer and diary: the person's own timings, not a diagnosis."
    )


def test_share_text_names_the_persons_own_rule_and_says_when_it_is_not_met() -> None:
    made = every(270, 8, length_s=70)
    now = made[-1].started_at + 2 * M
    text = share_text(made, now=now, tz_name=LONDON, rule=OWN_411)
    assert (
        text.splitlines()[0] == "Contraction timings, Sun 1 Mar 2026 (local times, Europe/London)"
    )
    assert "Go-in rule 4-1-1 (their own, set in the app: every 4 minutes or less" in text
    assert "every ≤ 4 min ✗ · lasting ≥ 60 s ✓ · for 60 min: 0 of 60 ✗" in text
    assert "The 4-1-1 pattern is not met yet." in text
    assert "Events:" not in text and "Notes on contractions:" not in text
    assert "The latest started at 22:11 and lasted 70 s." in text  # 7 × 270 s = 31 min 30 s


def test_share_text_across_the_clock_change_names_the_repeated_hour() -> None:
    made = every(240, 25, start=local("2026-10-25T00:52"), length_s=70)
    now = made[-1].started_at + 2 * M
    waters = event(local("2026-10-25T01:10", fold=1), "waters_broke", "unsure")
    text = share_text(made, now=now, tz_name=LONDON, rule=FIRST_BABY, events=[waters])
    assert (
        text.splitlines()[0] == "Contraction timings, Sun 25 Oct 2026 (local times, Europe/London)"
    )
    assert "Since 00:52: 25 contractions, typically 4 min apart and lasting 70 s" in text
    assert "- 01:10 GMT Waters broke: not sure" in text
    assert "The latest started at 01:28 GMT and lasted 70 s." in text


@pytest.mark.parametrize("rule", [None, FIRST_BABY])
def test_nothing_timed(rule: LabourRule | None) -> None:
    assert share_text([], now=T0, tz_name=LONDON, rule=rule) == "No contractions timed."


def test_the_share_text_says_how_many_values_the_medians_are_of() -> None:
    # Four starts 5 s apart, the last still running: 3 intervals, 3 finished lengths; then a
    # fifth: 4 intervals, but the running one has no length yet (4 lengths once it ends).
    made = series(T0, [5, 5, 5], [2, 3, 2, None])
    text = share_text(made, now=T0 + 20 * S, tz_name=LONDON)
    assert "typically 5 s apart and lasting 2 s (medians of the last 3)." in text
    made = series(T0, [5, 5, 5, 6], [2, 3, 2, 4, None])
    text = share_text(made, now=T0 + 30 * S, tz_name=LONDON)
    assert "(medians of the last 4 intervals and 4 lengths)" not in text
    assert "typically 5 s apart and lasting 2 s (medians of the last 4)." in text
    made = series(T0, [5, 5], [2, 3, 2])
    text = share_text(made, now=T0 + 30 * S, tz_name=LONDON)
    # 2 intervals (5, 5 → 5 s), 3 lengths (2, 3, 2 → 2 s).
    assert "typically 5 s apart and lasting 2 s (medians of the last 2 intervals and 3 " in text
    one = share_text(made[:1], now=T0 + 30 * S, tz_name=LONDON)
    assert "Since 21:40: 1 contraction, typically lasting 2 s (the last one)." in one
