"""Whether the pregnancy pages belong in a person's menu."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from db import crud
from tracker.core.kinds import EntryKind
from tracker.core.models import ProfileRead

PREGNANCY_KINDS = (EntryKind.CONTRACTIONS, EntryKind.EVENTS)


def shows_pregnancy(engine: Engine, profile: ProfileRead) -> bool:
    """A due date is set (the app's switch for "pregnant"), or contractions or pregnancy events
    are stored (so a past labour stays reachable after the due date is cleared)."""
    if profile.due_date is not None:
        return True
    return any(
        crud.list_entries(engine=engine, kind=kind, profile_id=profile.id, limit=1)
        for kind in PREGNANCY_KINDS
    )
