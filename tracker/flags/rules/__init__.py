"""Rule families; importing this package registers every rule in ``tracker.flags.engine``."""

from tracker.flags.rules import back, intake, legs, pregnancy

__all__ = ["back", "intake", "legs", "pregnancy"]
