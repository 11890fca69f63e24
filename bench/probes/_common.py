"""What every probe shares: the project on ``sys.path``, peak memory, and the report line.

A probe is a script run in a fresh interpreter by ``bench.harness.run_probe``; it
prints one JSON object as its last line. Times are ``time.monotonic()`` values,
which on Linux share one clock across processes, so the parent can subtract the
moment it spawned the probe.
"""

from __future__ import annotations

import faulthandler
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

STARTED = time.monotonic()
#: A crash in Qt or PDFium then leaves the Python stacks of every thread on stderr.
faulthandler.enable()
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def peak_rss_mb() -> float:
    """Peak resident set size of this process (VmHWM), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def report(data: dict[str, Any]) -> None:
    """Print the report and leave at once (no teardown: nothing after this is measured)."""
    data.setdefault("started", STARTED)
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


class FirstPaint:
    """Notes the first paint of a top-level window, then the end of that paint cycle.

    An application-wide event filter sees the first ``Paint`` event of any widget
    inside a ``QMainWindow``; a zero-timer started then fires once the whole window
    has been painted and flushed, which is the moment recorded as "shown".
    """

    def __init__(self, app: Any, on_done: Any) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer
        from PySide6.QtWidgets import QMainWindow, QWidget

        outer = self

        class Filter(QObject):
            def eventFilter(self, obj: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
                if (outer.first_paint is None and event.type() == QEvent.Type.Paint and isinstance(obj, QWidget)
                        and isinstance(obj.window(), QMainWindow)):
                    outer.first_paint = time.monotonic()
                    QTimer.singleShot(0, outer._finish)
                return False

        self.first_paint: float | None = None
        self.painted: float | None = None
        self._on_done = on_done
        self._filter = Filter()
        app.installEventFilter(self._filter)

    def _finish(self) -> None:
        self.painted = time.monotonic()
        self._on_done()


def install_watchdog(seconds: float = 90.0) -> None:
    """Report and leave if the probe is still running after ``seconds``.

    A modal message box (an error shown by the application) blocks a probe forever
    offscreen; the timer still fires inside the dialog's event loop, so the report
    names the windows that were open and their text instead of a silent timeout.
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def expired() -> None:
        windows = []
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible():
                text = widget.text() if isinstance(widget, QMessageBox) else ""
                windows.append(f"{type(widget).__name__} {widget.windowTitle()!r} {text}".strip())
        report({"error": f"probe still running after {seconds:g} s; open windows: {windows}"})

    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(expired)
    timer.start(int(seconds * 1000))
    _keep.append(timer)


_keep: list[Any] = []
