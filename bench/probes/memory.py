"""Fresh process: peak memory with the full round open and the long dossier being read.

``WORKSPACE SHA256 PAGES``: the product's start (``ui.app.run``) on the round's
workspace; once the main window is shown, a ``DossierViewer`` window (as the
expert's reading window uses it) opens the long dossier from the workspace store
and the reader pages through it -- ``PAGES`` pages spread over the whole document,
waiting for each to be rendered, which fills the viewer's page cache and lets the
thumbnail strip work -- then the peak resident set size (VmHWM) is reported.
"""

from __future__ import annotations

import sys
import time

from _common import STARTED, FirstPaint, install_watchdog, peak_rss_mb, report, rss_mb  # noqa: I001 - sets sys.path first


def main(workspace: str, sha256: str, pages: int) -> None:
    from pathlib import Path

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    import ui.app
    from reviewer.reading import ReadingStore
    from reviewer.workspace import Workspace
    from ui.qt_mainwindow import MainWindow
    from ui.qt_pdf_pageview import PdfPageView
    from ui.qt_pdfviewer import DossierViewer, ViewerFile

    qapp = QApplication(sys.argv[:1])
    install_watchdog(480)
    facts: dict[str, object] = {}
    state: dict[str, object] = {}

    def window_shown() -> None:
        for widget in qapp.topLevelWidgets():
            if isinstance(widget, MainWindow):
                overview = widget.desk("overview")
                model = getattr(overview, "model", None)
                facts["overview_rows"] = model.rowCount() if model is not None else None
        facts["rss_after_start_mb"] = rss_mb()
        ws = Workspace.open(workspace)
        viewer = DossierViewer()
        viewer.resize(1280, 800)
        viewer.show()
        state["ws"], state["viewer"] = ws, viewer
        viewer.firstPagePainted.connect(lambda _sha: QTimer.singleShot(0, start_paging))
        viewer.documentError.connect(lambda text: (facts.setdefault("error", text), qapp.quit()))  # type: ignore[func-returns-value]
        viewer.set_files([ViewerFile("申报书", ws.file_path(sha256), sha256, verified=True)], ReadingStore(ws))

    targets: list[int] = []

    def start_paging() -> None:
        viewer = state["viewer"]
        assert isinstance(viewer, DossierViewer)
        count = viewer.page_count()
        facts["pages"] = count
        facts["rss_after_first_page_mb"] = rss_mb()
        step = max(1, count // max(1, pages))
        targets.extend(range(step, count, step)[:pages])
        view = viewer.findChild(PdfPageView)
        assert view is not None
        view.pageRendered.connect(lambda page: page_ready(page))
        state["view"] = view
        next_page()

    def next_page() -> None:
        if not targets:
            facts["paged"] = pages
            QTimer.singleShot(500, qapp.quit)  # let the thumbnails and late renders land
            return
        page = targets.pop(0)
        state["waiting"] = page
        state["deadline"] = time.monotonic() + 5.0
        viewer = state["viewer"]
        assert isinstance(viewer, DossierViewer)
        viewer.go_to(page)
        QTimer.singleShot(20, poll)

    def page_ready(page: int) -> None:
        if state.get("waiting") == page:
            state["waiting"] = None

    def poll() -> None:
        waiting = state.get("waiting")
        if waiting is None or time.monotonic() > float(state["deadline"]):  # type: ignore[arg-type]
            if waiting is not None:
                facts["timeouts"] = int(facts.get("timeouts", 0)) + 1  # type: ignore[call-overload]
            next_page()
        else:
            QTimer.singleShot(20, poll)

    FirstPaint(qapp, window_shown)
    code = ui.app.run(Path(workspace), False)
    report({"exit": code, "peak_rss_mb": peak_rss_mb(), "rss_end_mb": rss_mb(), **facts})


if __name__ == "__main__":
    assert STARTED
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
