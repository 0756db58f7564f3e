"""Drawing a cached figure: the Insights views cache each figure as its ``to_dict()``."""

from __future__ import annotations

import json
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from tracker.ui.insights import charts


def _figure() -> go.Figure:
    fig = go.Figure()
    fig.add_bar(x=["Mon", "Tue"], y=[2, 3], name="Episodes", marker_color=charts.BAR)
    fig.update_layout(height=240)
    return fig


def test_a_cached_figure_is_handed_to_streamlit_as_a_figure_equal_to_the_original(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A dict handed to ``st.plotly_chart`` is validated by plotly again, property by property
    (~125 ms for Cramp patterns' five charts at every render); the dict came from a validated
    figure, so ``show`` rebuilds the figure without that second validation."""
    drawn: list[Any] = []
    monkeypatch.setattr(charts.st, "plotly_chart", lambda fig, **_: drawn.append(fig))
    cached = _figure().to_dict()

    charts.show(cached)

    (fig,) = drawn
    assert isinstance(fig, go.Figure)
    assert json.loads(pio.to_json(fig, validate=False)) == json.loads(
        pio.to_json(go.Figure(**cached), validate=False)
    )


def test_a_figure_is_handed_over_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[Any] = []
    monkeypatch.setattr(charts.st, "plotly_chart", lambda fig, **_: drawn.append(fig))
    fig = _figure()

    charts.show(fig)

    assert drawn == [fig]
