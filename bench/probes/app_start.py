"""Fresh process: start to main window shown.

``app WORKSPACE``: the product's own start, its console entry point as
``reviewer --workspace WORKSPACE gui`` runs it (``ui.launch.main``) -- the command
line, the GUI's imports, QApplication set-up, bundled font, language, logging,
the main window with the overview (which loads the round's dossiers) -- up to the
end of the window's first paint. It also reports, for the record, when the
workspace is open and every desk is there (``ready``): on a workspace that needs
nothing first the window is painted before that (see ``ui.app.quick_start``). The QApplication
is created here first (``ui.app.create_application`` reuses an existing one, as
it does under pytest-qt) only so that a paint watcher can be installed before the
window exists.

``bare``: a bare PySide6 ``QMainWindow`` of the same size, shown, to the end of its first paint.

Both report monotonic times; the parent subtracts the moment it spawned the process,
so the whole process (interpreter start, imports, everything) counts for both.
"""

from __future__ import annotations

import sys
import time

from _common import STARTED, FirstPaint, install_watchdog, peak_rss_mb, report  # noqa: I001 - sets sys.path first


def bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    imported = time.monotonic()
    app = QApplication(sys.argv[:1])
    watcher = FirstPaint(app, app.quit)
    window = QMainWindow()
    window.resize(1280, 800)
    window.show()
    app.exec()
    report({"imported": imported, "first_paint": watcher.first_paint, "painted": watcher.painted,
            "peak_rss_mb": peak_rss_mb()})


def app(workspace: str) -> None:
    from PySide6.QtWidgets import QApplication

    import ui.launch

    imported = time.monotonic()  # PySide6 and the entry point; the product imports the rest itself
    qapp = QApplication(sys.argv[:1])
    install_watchdog()
    found: dict[str, object] = {}

    def done() -> None:
        from ui.qt_mainwindow import MainWindow

        for widget in qapp.topLevelWidgets():
            if isinstance(widget, MainWindow):
                found["desks"] = [d.key() for d in widget.desks()]
                overview = widget.desk("overview")
                model = getattr(overview, "model", None)
                found["overview_rows"] = model.rowCount() if model is not None else None
                found["round_id"] = widget.ctx.round_id
                wait_until_ready(widget)
                return
        qapp.quit()

    def wait_until_ready(window: object) -> None:
        """For the record, not the ratio: when the workspace is open and every desk is there
        (a quick start paints the window first and opens the workspace behind it)."""
        from PySide6.QtCore import QTimer

        ctx = window.ctx  # type: ignore[attr-defined]
        if ctx.workspace is None or ctx.opening is not None:
            QTimer.singleShot(5, lambda: wait_until_ready(window))
            return
        found["ready"] = time.monotonic()
        found["desks_when_ready"] = [d.key() for d in window.desks()]  # type: ignore[attr-defined]
        qapp.quit()

    watcher = FirstPaint(qapp, done)
    code = ui.launch.main(["--workspace", workspace, "gui"])
    report({"imported": imported, "first_paint": watcher.first_paint, "painted": watcher.painted,
            "exit": code, "peak_rss_mb": peak_rss_mb(), **found})


if __name__ == "__main__":
    assert STARTED
    if sys.argv[1] == "bare":
        bare()
    else:
        app(sys.argv[2])
