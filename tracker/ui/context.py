"""What every page body and ui part is handed (``frame.page`` makes it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine

from tracker.core.models import ProfileRead


@dataclass(frozen=True)
class PageContext:
    """What a page needs: where to store, whose diary, the moment of this rerun, and the page's
    title (which names the page for the flags raised by entries saved on it)."""

    engine: Engine
    profile: ProfileRead
    now: datetime
    title: str = ""
    data_version: int = 0
    """The profile's data version when this rerun began (``tracker.ui.cached`` keys on it)."""

    @property
    def tz(self) -> str:
        return self.profile.timezone
