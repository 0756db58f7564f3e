"""``python -m tracker …``: the command line of ``tracker.cli``."""

from tracker.cli import main

raise SystemExit(main())
