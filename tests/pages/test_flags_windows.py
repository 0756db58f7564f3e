"""The Flags page's windows end at the service's longest listing (``MAX_LISTING_DAYS``)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from tracker.core.models import ProfileRead
from tracker.flags import service


def test_the_longest_window_offered_is_the_services_longest_listing(
    open_page: Callable[..., AppTest], app_profile: ProfileRead, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_page("pages/flags.py")
    assert not at.exception
    assert at.selectbox(key="flags_days").options[-1] == f"{service.MAX_LISTING_DAYS} days"

    monkeypatch.setattr(service, "MAX_LISTING_DAYS", 120)
    at = open_page("pages/flags.py")
    assert not at.exception
    assert at.selectbox(key="flags_days").options[-1] == "120 days"
