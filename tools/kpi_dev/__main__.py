"""``python -m tools.kpi_dev``: check the Python version, then run the command."""

import sys

if sys.version_info < (3, 10):  # noqa: UP036 - a clear message on old interpreters
    sys.exit(f"tools.kpi_dev needs Python 3.10 or newer, not {sys.version.split()[0]}")

from .cli import main  # noqa: E402 - only on a Python new enough for it

sys.exit(main())
