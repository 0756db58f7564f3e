"""Sentences every surface shows in the same words: the pages' footer, the doctor report."""

from __future__ import annotations

NOT_MEDICAL_ADVICE = (
    "Cramp Tracker is a diary, not a doctor: it does not diagnose or advise on doses, and it "
    "is not a substitute for care. If you feel very unwell, call your local emergency number "
    "(999 / 112 / 911)."
)
"""The not-medical-advice line (the frame's footer and sidebar, every page of the report)."""
