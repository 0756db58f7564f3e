"""Every page, on an empty diary, ends with the frame's not-medical-advice line: a page's empty
state must not stop the script before the frame's footer (``st.stop`` would)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tracker.core.models import ProfileRead
from tracker.ui.frame import NOT_MEDICAL_ADVICE

PAGES = sorted(
    f"pages/{p.name}"
    for p in (Path(__file__).resolve().parents[2] / "pages").glob("*.py")
    if p.name != "__init__.py"
)


@pytest.mark.parametrize("path", ["app.py", *PAGES])
def test_the_page_ends_with_the_not_medical_advice_line(
    open_page: Callable[[str], AppTest], app_profile: ProfileRead, path: str
) -> None:
    at = open_page(path)

    assert not at.exception
    assert NOT_MEDICAL_ADVICE in [c.value for c in at.main.caption]
