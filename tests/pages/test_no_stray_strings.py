"""Streamlit "magic" writes every bare expression of a page script onto the page: a docstring
under a module-level constant (as modules elsewhere document constants) would appear as text at
the top of the page. Only the script's own docstring may stand alone."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_no_bare_expression_but_the_docstring(script: Path) -> None:
    tree = ast.parse(script.read_text(encoding="utf-8"))
    body = tree.body[1:] if ast.get_docstring(tree) is not None else tree.body
    stray = [
        f"line {node.lineno}"
        for node in body
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    ]
    assert not stray, f"{script.name}: a bare string Streamlit would show: {', '.join(stray)}"
