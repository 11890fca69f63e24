"""The ``reviewer`` console entry point.

The command line lives in the core (:mod:`reviewer.cli`), which must not import
the GUI; this function hands it a launcher that imports Qt only when the GUI is
actually opened, so ``reviewer round list`` never loads PySide6.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path


def _launch_gui(workspace: Path, demo: bool) -> int:
    from reviewer.gcpause import collector_paused

    with collector_paused():  # some 300 modules, all kept: see ui.app.run
        from ui.app import run

    return run(workspace, demo)


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command, or open the GUI when there is none (``reviewer [--workspace DIR] [gui] [--demo]``)."""
    from reviewer.cli import main as cli_main

    return cli_main(argv, gui_launcher=_launch_gui)


if __name__ == "__main__":
    sys.exit(main())
