"""One form per entity: the log page and History's editor draw the same fields (labels, controls,
options, order), and an edit saved without changes stores every field as it was."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, Node

from db.crud import list_entries
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead
from tracker.core.vocabulary import EventKind
from tracker.entries.journal import add_product, log_entry

OpenPage = Callable[..., AppTest]
HISTORY = "pages/history.py"
Field = tuple[str, ...]


def now() -> datetime:
    return datetime.now(UTC)


def log(db: Engine, profile: ProfileRead, entry_kind: EntryKind, **values: Any) -> Any:
    return log_entry(engine=db, kind=entry_kind, profile_id=profile.id, values=values, now=now())


def _describe(node: Node) -> Field:
    """What a person sees of one widget or expander: its control, label and options."""
    kind = node.type
    style = getattr(getattr(node, "proto", None), "style", None)
    if kind == "button_group" and style is not None:
        kind = f"button_group:{style}"  # pills or segmented control
    options = getattr(node, "options", None)
    shown = tuple(str(getattr(o, "content", o)) for o in options) if options else ()
    return (kind, str(getattr(node, "label", "")), *shown)


def fields(at: AppTest, prefix: str, *, rename: dict[str, str] | None = None) -> list[Field]:
    """The widgets whose key starts with ``prefix`` (key suffix included) and the expanders
    holding them, in the order drawn; buttons left out (each page keeps its own)."""
    rename = rename or {}

    def walk(node: Node) -> list[Field]:
        key = rename.get(str(getattr(node, "key", None)), getattr(node, "key", None))
        found: list[Field] = []
        if (
            isinstance(key, str)
            and key.startswith(prefix)
            and not isinstance(node, Block)  # the st.form itself
            and node.type != "button"
        ):
            found.append((key.removeprefix(prefix), *_describe(node)))
        if isinstance(node, Block):
            inside = [field for child in node.children.values() for field in walk(child)]
            if node.type == "expander" and inside:  # not the page's own (History's filters)
                found.append(_describe(node))
            found += inside
        return found

    return walk(at.main)


def edit_form(open_page: OpenPage, kind: EntryKind, entry_id: int) -> AppTest:
    at = open_page(HISTORY)
    at.button(key=f"history_open_{kind.value}_{entry_id}").click().run()  # tap its row
    assert not at.exception, at.exception
    return at


def without_expanders(found: list[Field]) -> list[Field]:
    return [f for f in found if f[0] != "expander"]


def test_a_cramp_is_logged_and_edited_in_the_same_form(open_page, db, app_profile) -> None:
    logged = open_page("pages/cramps.py")
    cramp = log(
        db,
        app_profile,
        EntryKind.CRAMPS,
        started_at=now() - timedelta(hours=1),
        region="calf",
        side="left",
        intensity=6,
        quality="cramp",
    )
    edited = edit_form(open_page, EntryKind.CRAMPS, cramp.id)

    expected = fields(logged, "cramp")
    by_key = {f[0]: f for f in expected}
    assert by_key["_quality"][2] == "What it felt like"
    assert by_key["_side"][1].startswith("button_group")  # the segmented control
    assert fields(edited, f"edit_cramps_{cramp.id}") == expected
    labels = [f[1] for f in expected if f[0] == "expander"]
    assert labels and labels[0].startswith(":red[")  # the serious symptoms first, marked


def test_a_drink_is_logged_and_edited_in_the_same_form(open_page, db, app_profile) -> None:
    logged = open_page("pages/drinks.py")
    drink = log(db, app_profile, EntryKind.HYDRATION, taken_at=now(), volume_ml=250)
    edited = edit_form(open_page, EntryKind.HYDRATION, drink.id)
    expected = fields(logged, "drinks_form")
    assert [f[0] for f in expected][:2] == ["_amount", "_beverage"]
    assert fields(edited, f"edit_hydration_{drink.id}") == expected


def test_an_intake_is_logged_and_edited_in_the_same_form(open_page, db, app_profile) -> None:
    product = add_product(
        engine=db,
        profile_id=app_profile.id,
        values={"name": "Magnesium", "kind": "supplement"},
        now=now(),
    )
    logged = open_page("pages/supplements.py")
    intake = log(db, app_profile, EntryKind.SUPPLEMENTS, taken_at=now(), product_id=product.id)
    edited = edit_form(open_page, EntryKind.SUPPLEMENTS, intake.id)
    expected = without_expanders(fields(logged, "intake"))
    assert [f[0] for f in expected][:2] == ["_product", "_units"]
    assert without_expanders(fields(edited, f"edit_supplements_{intake.id}")) == expected


def test_an_event_is_logged_and_edited_in_the_same_form(open_page, db, app_profile) -> None:
    logged = open_page("pages/pregnancy.py")
    logged.radio(key="event_kind").set_value(EventKind.BLEEDING).run()
    event = log(
        db, app_profile, EntryKind.EVENTS, occurred_at=now(), kind="bleeding", detail="spotting"
    )
    edited = edit_form(open_page, EntryKind.EVENTS, event.id)
    expected = fields(logged, "event_form", rename={"event_kind": "event_form_kind"})
    assert [f[0] for f in expected][:2] == ["_kind", "_detail_bleeding"]
    assert fields(edited, f"edit_events_{event.id}") == expected


def test_a_contraction_is_added_detailed_and_edited_in_the_same_form(
    open_page, db, app_profile
) -> None:
    timed = open_page("pages/contractions.py")
    timed.button(key="timer_start").click().run()
    timed.button(key="timer_stop").click().run()
    details = [f for f in fields(timed, "timer") if f[0] in {"_intensity", "_where", "_note"}]
    assert [f[0] for f in details] == ["_intensity", "_where", "_note"]

    start = now() - timedelta(hours=1)
    contraction = log(
        db,
        app_profile,
        EntryKind.CONTRACTIONS,
        started_at=start,
        ended_at=start + timedelta(seconds=50),
    )
    at = edit_form(open_page, EntryKind.CONTRACTIONS, contraction.id)
    edited = fields(at, f"edit_contractions_{contraction.id}")
    missed = without_expanders(
        fields(timed, "missed")
    )  # a contraction that was not timed: start and length
    assert [f[0] for f in missed] == ["_when_date", "_when_time", "_length"]
    assert edited == missed + details


def test_a_cramp_saved_unchanged_in_history_keeps_every_field(open_page, db, app_profile) -> None:
    cramp = log(
        db,
        app_profile,
        EntryKind.CRAMPS,
        started_at=now() - timedelta(hours=3, seconds=17),
        region="foot",
        side="right",
        intensity=8,
        quality="burning",
        triggers={"night_sleep", "exercise"},
        symptoms={"leg_swelling_redness", "nausea"},
        relief={"stretching"},
        eased_by_rest="no",
        duration_min=12.5,
        note="woke me *twice*\nthen again",
    )
    at = edit_form(open_page, EntryKind.CRAMPS, cramp.id)
    at.button(key=f"edit_cramps_{cramp.id}_save").click().run()

    assert not at.exception
    assert not at.error
    (saved,) = list_entries(engine=db, kind=EntryKind.CRAMPS, profile_id=app_profile.id)
    assert saved.model_dump(exclude={"updated_at"}) == cramp.model_dump(exclude={"updated_at"})
