"""Rule families, each registering its rules in ``tracker.flags.registry`` as it is imported.

``RULES`` here is the registry once every family is imported: read it from this package (or
``tracker.flags``), never half-filled from the registry while the families load.
"""

from tracker.flags.registry import RULES
from tracker.flags.rules import back, intake, legs, pregnancy

__all__ = ["RULES", "back", "intake", "legs", "pregnancy"]
