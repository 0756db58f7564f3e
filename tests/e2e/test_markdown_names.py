"""Names render as typed (issue 7, item 12), in Chromium against a real server at 1280×800.

- Today with a product called ``**bold** [link](https://example.com) …`` and a display name
  with a Markdown link: no bold, link, HTML, maths or colour is made from them; the typed text is
  what a person sees, on the one-tap button, in the sidebar and in the message after a tap.
- Every Markdown construct Streamlit 1.67 knows, escaped with ``md_escape``, in every kind of
  widget that renders Markdown (``markdown_probe_app.py``): each shows exactly the typed text
  and no formatting; select box options are plain text and need no escaping.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Locator, Page, expect

from db.migrate import open_database
from tests.e2e.markdown_probe_app import CASES
from tests.e2e.test_deep_links import open_page
from tests.support import server
from tests.support.server import StreamlitServer
from tracker.core.kinds import EntryKind
from tracker.entries.journal import add_product, log_entry
from tracker.entries.profile import ensure_profile, update_profile

pytestmark = pytest.mark.e2e
WAIT_MS = 15_000
PRODUCT = "**bold** [link](https://example.com) :red[x] <b>x</b> $x$"
DISPLAY_NAME = "[Anna](https://example.com) **A**"
FORMATTING = (
    "strong, em, b, i, a[href], h1, h2, h3, h4, h5, h6, ol, ul, li, code, pre, del, sub, "
    "blockquote, hr, table, img, .katex, .stMarkdownColoredText, .stMarkdownColoredBackground, "
    "[role=img], [class*=Badge], .stMarkdownShimmer"
)
"""What Markdown would make; none of it may come from a typed text."""


def seen(locator: Locator) -> str:
    """The text a person sees: the word joiner has no width, white space runs are one."""
    text = locator.inner_text().replace("\u2060", "")
    return " ".join(text.split())


def made_from(container: Locator) -> list[str]:
    """The formatting elements inside ``container``, as ``tag: text``."""
    found: list[str] = container.evaluate(
        """(root, selector) => [...root.querySelectorAll(selector)]
            .map(e => `${e.tagName.toLowerCase()}: ${e.textContent}`)""",
        FORMATTING,
    )
    return found


@pytest.fixture
def diary(fresh_server: StreamlitServer) -> StreamlitServer:
    now = datetime.now(UTC)
    engine = open_database(fresh_server.db_url)
    profile = ensure_profile(engine=engine, now=now, timezone="Europe/London")
    update_profile(engine=engine, profile=profile, changes={"display_name": DISPLAY_NAME}, now=now)
    add_product(
        engine=engine,
        profile_id=profile.id,
        values={"name": PRODUCT, "kind": "supplement"},
        now=now,
    )
    log_entry(  # a diary with an entry: Today, not the first-run welcome
        engine=engine,
        kind=EntryKind.HYDRATION,
        profile_id=profile.id,
        values={"taken_at": now - timedelta(days=1), "volume_ml": 250, "beverage": "water"},
        now=now,
    )
    engine.dispose()
    return fresh_server


@pytest.mark.parametrize("device_profile", ["desktop"], indirect=True)
def test_today_shows_the_names_as_typed(diary: StreamlitServer, page: Page) -> None:
    open_page(page, "/")
    main = page.get_by_test_id("stMain")
    button = main.get_by_test_id("stButton").filter(has_text="**bold**")
    expect(button).to_be_visible(timeout=WAIT_MS)
    label = button.get_by_test_id("stMarkdownContainer")
    assert seen(label) == PRODUCT
    who = page.get_by_test_id("stSidebar").get_by_test_id("stCaptionContainer").first
    assert seen(who) == DISPLAY_NAME
    expect(main.get_by_text("**bold**", exact=False).first).to_be_visible()

    button.get_by_role("button").click()
    message = main.get_by_test_id("stAlertContentSuccess").get_by_test_id("stMarkdownContainer")
    expect(message).to_be_visible(timeout=WAIT_MS)
    assert seen(message).startswith(f"Logged 1 × {PRODUCT} at ")
    table = main.get_by_test_id("stDataFrame")  # cells are plain text: shown unescaped
    expect(table.get_by_text(f"{PRODUCT} × 1", exact=True)).to_be_attached(timeout=WAIT_MS)

    assert made_from(main.get_by_test_id("stButton").filter(has_text="**bold**")) == []
    assert made_from(message) == []
    assert made_from(who) == []
    html = page.content()
    assert 'href="https://example.com' not in html
    assert "<b>" not in html and "<strong>bold</strong>" not in html
    page.screenshot(path=str(server.PROJECT_DIR / "artifacts" / "markdown-names-today.png"))


@pytest.fixture
def probe(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('probe') / 'tracker.db'}"
    running = server.start(db_url=db_url, app="tests/e2e/markdown_probe_app.py")
    yield running
    running.stop()


WIDGETS = {
    "stMarkdown": None,
    "stCaptionContainer": None,
    "stButton": None,
    "stCheckbox": "[data-testid=stMarkdownContainer]",
    "stAlertContentSuccess": None,
    "stRadio": "[role=radiogroup] [data-testid=stMarkdownContainer]",
    "stButtonGroup": "button [data-testid=stMarkdownContainer]",
    "stExpander": "summary [data-testid=stMarkdownContainer]",
    "stTab": None,
    "stProgress": None,
    "stPageLink": "[data-testid=stMarkdownContainer]",  # inside its own link
}
"""Widget → where its typed text is (None: the whole widget)."""


@pytest.mark.parametrize("device_profile", ["desktop"], indirect=True)
def test_every_construct_in_every_widget_shows_as_typed(probe: StreamlitServer, page: Page) -> None:
    page.goto(probe.base_url)
    expect(page.get_by_text("All cases drawn.")).to_be_visible(timeout=WAIT_MS * 2)
    wrong = []
    for index, typed in enumerate(CASES):
        want = " ".join(typed.split())
        case = page.locator(f".st-key-case_{index}")
        for test_id, inner in WIDGETS.items():
            widgets = case.get_by_test_id(test_id)
            expect(widgets.first).to_be_visible(timeout=WAIT_MS)  # element code loads lazily
            for n in range(widgets.count()):
                widget = widgets.nth(n)
                text = widget.locator(inner).last if inner else widget
                shown, made = seen(text), made_from(text)
                if shown != want or made:
                    wrong.append(f"{test_id} {typed!r}: shows {shown!r}, made {made}")
        select = case.get_by_test_id("stSelectbox").locator("input").input_value()
        if select != re.sub(r"[\r\n]", "", typed):  # plain text, unescaped (an input has no \n)
            wrong.append(f"stSelectbox {typed!r}: shows {select!r}")
    assert wrong == []
