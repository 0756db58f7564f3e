"""What a person typed shows as typed (issue 7, item 12): a product called
``**bold** [link](https://example.com) …``, a display name with a Markdown link and a note with
``# heading`` reach every label and message escaped exactly once (``md_escape``), and the plain
text widgets (tables, select boxes) get them unescaped.

AppTest sees the Markdown source a widget is given; tests/e2e/test_markdown_names.py renders it
in Chromium, and tests/tracker/ui/test_md_escape.py pins the escaped form."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tracker.core.kinds import EntryKind
from tracker.core.models import ProductRead, ProfileRead
from tracker.entries.journal import add_product, log_entry
from tracker.entries.profile import update_profile
from tracker.ui.widgets import md_escape

OpenPage = Callable[..., AppTest]

PRODUCT = "**bold** [link](https://example.com) :red[x] <b>x</b> $x$"
DISPLAY_NAME = "[Anna](https://example.com) **A**"
NOTE = "# heading"
SHOWN = r"\*\*bold\*\* \[link\](https:" + "\u2060" + r"//example.com) \:red\[x\] \<b\>x\</b\> \$x\$"
"""The product's name as every label and message must carry it: shown literally in Chromium
(the e2e test); ``\u2060`` is the invisible word joiner that keeps the URL from becoming a
link."""


def now() -> datetime:
    return datetime.now(UTC)


def once(text: str) -> bool:
    """Escaped exactly once: none of the typed texts holds a backslash, so a doubled one would
    come from escaping an escaped text."""
    return "\\\\" not in text


@pytest.fixture
def named(db: Engine, app_profile: ProfileRead) -> ProfileRead:
    return update_profile(
        engine=db, profile=app_profile, changes={"display_name": DISPLAY_NAME}, now=now()
    )


@pytest.fixture
def product(db: Engine, named: ProfileRead) -> ProductRead:
    """A diuretic started two days ago under a hostile name (so L6 quotes it)."""
    return add_product(
        engine=db,
        profile_id=named.id,
        values={
            "name": PRODUCT,
            "kind": "medicine",
            "medicine_class": "diuretic",
            "started_on": date.today() - timedelta(days=2),
        },
        now=now(),
    )


def log(db: Engine, profile: ProfileRead, kind: EntryKind, **values: Any) -> Any:
    return log_entry(engine=db, kind=kind, profile_id=profile.id, values=values, now=now())


def sidebar_name(at: AppTest) -> str:
    return str(at.sidebar.caption[0].value)


def test_today_one_tap_button_sidebar_and_toast(open_page: OpenPage, product: ProductRead) -> None:
    at = open_page()
    assert sidebar_name(at) == md_escape(DISPLAY_NAME)
    button = at.button(key=f"quick_intake_{product.id}")
    assert button.label == SHOWN

    button.click().run()
    message = at.success[0].value
    assert message.startswith(f"Logged 1 × {SHOWN} at "), message
    assert once(message)
    assert list(at.dataframe[0].value["What"]) == [f"{PRODUCT} × 1"]  # a table cell: plain


def test_supplements_cabinet_forms_and_messages(
    open_page: OpenPage, db: Engine, product: ProductRead
) -> None:
    at = open_page("pages/supplements.py")
    assert sidebar_name(at) == md_escape(DISPLAY_NAME)
    assert f"**{SHOWN}**" in [m.value for m in at.markdown]
    assert at.selectbox(key="intake_product").options == [PRODUCT]  # plain text options

    at.button(key=f"took_{product.id}").click().run()
    assert at.success[0].value.startswith(f"Logged 1 × {SHOWN} at ")
    assert list(at.dataframe[0].value["Product"]) == [PRODUCT]

    at.selectbox(key="cabinet_pick").set_value(product.id).run()
    assert at.selectbox(key="cabinet_pick").options == [PRODUCT]
    renamed = "Furosemide _new_ :material/home:"
    at.text_input(key=f"product_{product.id}_name").set_value(renamed)
    at.button(key=f"product_{product.id}_save").click().run()
    message = at.success[0].value
    assert message.startswith(f"Saved {md_escape(renamed)}: name {SHOWN} → {md_escape(renamed)}")
    assert once(message)

    at.button(key=f"product_{product.id}_delete").click().run()
    assert at.warning[0].value.startswith(f"Remove {md_escape(renamed)} from your cabinet?")
    at.button(key=f"product_{product.id}_delete_yes").click().run()
    (refused,) = at.error  # the intake logged above keeps it; the refusal quotes the name
    assert refused.value.startswith(f"Not removed: {md_escape(renamed)} has 1 logged intake")
    assert once(refused.value)


def test_removing_a_product(open_page: OpenPage, product: ProductRead) -> None:
    at = open_page("pages/supplements.py")
    at.selectbox(key="cabinet_pick").set_value(product.id).run()
    ask = at.button(key=f"product_{product.id}_delete")
    assert ask.label == f"Remove {SHOWN}…"
    ask.click().run()
    at.button(key=f"product_{product.id}_delete_yes").click().run()
    assert at.success[0].value == f"Removed {SHOWN} from your cabinet."


def test_a_product_added_through_the_form(open_page: OpenPage, named: ProfileRead) -> None:
    at = open_page("pages/supplements.py")
    at.text_input(key="product_new_name").set_value(PRODUCT)
    at.button(key="product_new_save").click().run()
    assert at.success[0].value == f"Added {SHOWN} to your cabinet."
    assert f"**{SHOWN}**" in [m.value for m in at.markdown]


def test_history_row_edit_and_delete(
    open_page: OpenPage, db: Engine, named: ProfileRead, product: ProductRead
) -> None:
    intake = log(db, named, EntryKind.SUPPLEMENTS, taken_at=now(), product_id=product.id)
    at = open_page("pages/history.py")
    assert sidebar_name(at) == md_escape(DISPLAY_NAME)
    row = f"history_open_supplements_{intake.id}"
    label = at.button(key=row).label  # a Markdown label
    assert label.endswith(f" · {SHOWN} × 1")
    assert once(label)
    at = at.button(key=row).click().run()

    edit = f"edit_supplements_{intake.id}"
    at.text_area(key=f"{edit}_note").set_value(NOTE)
    at.button(key=f"{edit}_save").click().run()
    message = at.success[0].value
    assert f"({SHOWN} × 1)" in message
    assert "note (none) → “\\# heading”" in message
    assert once(message)
    details = [c.value for c in at.caption if c.value.startswith("Note: ")]
    assert details == [f"Note: {md_escape(NOTE)}"]

    at.button(key=row).click().run()
    at.button(key=f"{edit}_delete").click().run()
    question = at.warning[0].value
    assert f"({SHOWN} × 1)? This cannot be undone." in question
    assert once(question)
    at.button(key=f"{edit}_delete_yes").click().run()
    assert f"({SHOWN} × 1)." in at.success[0].value


def test_flags_page_quotes_the_medicine_escaped(
    open_page: OpenPage, db: Engine, named: ProfileRead, product: ProductRead
) -> None:
    log(
        db,
        named,
        EntryKind.CRAMPS,
        started_at=now() - timedelta(hours=1),
        region="calf",
        side="left",
        intensity=5,
        quality="cramp",
        note=NOTE,
    )
    at = open_page("pages/flags.py")
    assert not at.exception
    assert sidebar_name(at) == md_escape(DISPLAY_NAME)
    advice = [m.value for m in at.markdown if "you started" in m.value]
    assert advice, [m.value for m in at.markdown]
    assert f"you started {SHOWN}, a diuretic" in advice[0]
    assert once(advice[0])
    assert not any(NOTE in m.value for m in at.markdown)  # notes never reach a flag card


def test_an_error_quoting_what_was_typed_is_escaped(
    open_page: OpenPage, product: ProductRead
) -> None:
    """The same name twice is refused with a message that quotes it."""
    at = open_page("pages/supplements.py")
    at.text_input(key="product_new_name").set_value(PRODUCT)
    at.button(key="product_new_save").click().run()
    (error,) = at.error
    assert SHOWN in error.value
    assert once(error.value)
