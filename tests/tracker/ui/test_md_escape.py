"""``md_escape``: what a person typed reaches Streamlit's Markdown as text, never as formatting.

The escaped forms pinned here are the ones tests/e2e/test_markdown_names.py renders in Chromium
(Streamlit 1.67) and finds shown exactly as typed, in every kind of label and message."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.ui.widgets import md_escape

J = "\u2060"  # WORD JOINER: splits a pattern Streamlit looks for after parsing; not seen


@pytest.mark.parametrize(
    ("typed", "escaped"),
    [
        (
            "**bold** [link](https://example.com) :red[x] <b>x</b> $x$",
            rf"\*\*bold\*\* \[link\](https:{J}//example.com) \:red\[x\] \<b\>x\</b\> \$x\$",
        ),
        ("# heading", r"\# heading"),
        ("1. item", r"1\. item"),
        ("2) item", r"2\) item"),
        ("- dash", r"\- dash"),
        ("+ plus", r"\+ plus"),
        ("---", r"\---"),
        ("> quote", r"\> quote"),
        ("`code` ~~strike~~ _em_", r"\`code\` \~\~strike\~\~ \_em\_"),
        ("| a | b |", r"\| a \| b \|"),
        ("&amp; &#65; fish & chips", r"\&amp; \&\#65; fish & chips"),
        ("back\\slash", r"back\\slash"),
        ("www.example.com", f"www{J}.example.com"),
        ("x@y.co", f"x@{J}y.co"),
        (":smile: :material/home: :streamlit:", f":{J}smile: :{J}material/home: :{J}streamlit:"),
        (":+1: :100: :8ball:", f":{J}+1: :{J}100: :{J}8ball:"),
        (":small note", r"\:small note"),
        ("a -> b >= c -- d", rf"a -{J}\> b \>{J}= c -{J}- d"),
        ("line one\n\n# two\r\n- three", r"line one \# two - three"),
        ("    indented", "indented"),
    ],
)
def test_each_markdown_construct_is_neutralised(typed: str, escaped: str) -> None:
    assert md_escape(typed) == escaped


@pytest.mark.parametrize(
    "plain",
    [
        "Magnesium citrate 200",
        "Sat 10:30 · 5/10 (left)",
        "started at 10:01:20",
        "2026-12-03",
        "Calf (left) · cramp",
    ],
)
def test_ordinary_text_is_left_alone(plain: str) -> None:
    """Times, dates and the diary's own summaries pass unchanged (messages stay readable in
    tests and in the page source)."""
    assert md_escape(plain) == plain


def _unescape(markdown: str) -> str:
    """What CommonMark shows for escaped text: ``\\x`` is ``x``; the joiner has no width."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(J, "")


@given(st.text(alphabet=st.characters(exclude_characters=J)))
def test_nothing_typed_is_lost(typed: str) -> None:
    """Only line breaks change (a label or a message is one line): every other character is
    shown, in order. (A typed word joiner is kept too, but has no width, so the check, which
    drops the joiners the escape adds, cannot see it: the alphabet leaves it out.)"""
    shown = _unescape(md_escape(typed))
    assert shown == " ".join(re.split(r"\s*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]\s*", typed)).lstrip()


@given(st.text())
def test_escaping_twice_is_visible(typed: str) -> None:
    """Why a value must be escaped exactly once: a second pass escapes the backslashes."""
    once = md_escape(typed)
    if "\\" in once:
        assert md_escape(once) != once
